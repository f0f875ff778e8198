import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';

/*
 * Who may call what, one test per route: anonymous visitors get 401 on every route of the
 * coordinator's work and on every individual feature of a staff layer (they get the public
 * aggregates and the list of active areas instead: decision record 16), planners get 403 on
 * every write and may read, coordinators may write. Nothing is written by a refused request.
 */

const SQUARE = {
  type: 'Polygon',
  coordinates: [
    [
      [4.01, 50.01],
      [4.02, 50.01],
      [4.02, 50.02],
      [4.01, 50.02],
      [4.01, 50.01],
    ],
  ],
};
const area = (name: string) => ({
  name,
  theme: 'buurten',
  priority: 'medium',
  status: 'proposed',
  description: '',
  actions: [],
  geometry: SQUARE,
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface Route {
  method: Method;
  url: string;
  body?: unknown;
  /** What a planner may do: read (200) or not write (403). */
  planner: 200 | 403;
  /** What an anonymous visitor gets: 401, unless the route has a public view (200). */
  anonymous?: 200;
  /** A page for people (the yearly report): its refusals are HTML pages, not problem+json. */
  page?: true;
}

/** `:id` is the area made in beforeAll. */
const ROUTES: Route[] = [
  { method: 'GET', url: '/api/focus-areas', planner: 200, anonymous: 200 },
  { method: 'GET', url: '/api/focus-areas?deleted=true', planner: 403 },
  { method: 'GET', url: '/api/focus-areas/export?format=geojson', planner: 200 },
  { method: 'GET', url: '/api/focus-areas/export?format=gpkg', planner: 200 },
  { method: 'GET', url: '/api/focus-areas/:id', planner: 200 },
  { method: 'GET', url: '/api/focus-areas/:id/versions', planner: 200 },
  { method: 'GET', url: '/api/focus-areas/:id/versions/compare?from=1&to=1', planner: 200 },
  { method: 'POST', url: '/api/focus-areas', body: area('authz nieuw'), planner: 403 },
  { method: 'PUT', url: '/api/focus-areas/:id', body: { ...area('authz gewijzigd'), version: 1 }, planner: 403 },
  { method: 'DELETE', url: '/api/focus-areas/:id?version=1', planner: 403 },
  { method: 'POST', url: '/api/focus-areas/:id/restore', body: { version: 1 }, planner: 403 },
  { method: 'POST', url: '/api/figures', body: { geometry: SQUARE }, planner: 200 },
  { method: 'POST', url: '/api/focus-areas/repair', body: { geometry: SQUARE }, planner: 200 },
  { method: 'GET', url: '/api/priorities?theme=wonen&period=2024-01-01/2024-12-31', planner: 200 },
  { method: 'GET', url: '/api/priorities?theme=all&period=2024-01-01/2024-12-31&format=csv', planner: 200 },
  { method: 'GET', url: '/api/hotspots?layer=incidents&period=2024-01-01/2024-12-31', planner: 200 },
  {
    method: 'GET',
    url: '/api/hotspots?layer=vacant-buildings&cell=1000&period=2024-01-01/2024-12-31&correction=none',
    planner: 200,
  },
  { method: 'GET', url: '/report?theme=wonen&year=2024', planner: 200, page: true },
  // Staff layers: individual features for staff only; the public's aggregates for everyone.
  { method: 'GET', url: '/api/layers/incidents/features', planner: 200 },
  { method: 'GET', url: '/api/layers/incidents/export?format=csv', planner: 200 },
  { method: 'GET', url: '/api/layers/incidents/export?format=geojson', planner: 200 },
  { method: 'GET', url: '/api/layers/incidents/hexagons?size=250', planner: 200, anonymous: 200 },
  { method: 'GET', url: '/tiles/incidents/9/261/173.mvt', planner: 200, anonymous: 200 },
  { method: 'GET', url: '/tiles/incidents.json', planner: 200, anonymous: 200 },
  { method: 'GET', url: '/api/layers/vacant-buildings/features', planner: 200 },
  { method: 'GET', url: '/api/layers/vacant-buildings/export?format=csv', planner: 200 },
  { method: 'GET', url: '/api/layers/vacant-buildings/export?format=geojson', planner: 200 },
  { method: 'GET', url: '/api/layers/vacant-buildings/hexagons?size=250', planner: 200 },
  { method: 'GET', url: '/tiles/vacant-buildings/9/261/173.mvt', planner: 200 },
  { method: 'GET', url: '/tiles/vacant-buildings.json', planner: 200 },
  // The OGC API (decision record 19): staff layers are collections for staff only.
  { method: 'GET', url: '/ogc/collections/incidents', planner: 200 },
  { method: 'GET', url: '/ogc/collections/incidents/items', planner: 200 },
  { method: 'GET', url: '/ogc/collections/vacant-buildings/items?limit=1', planner: 200 },
  { method: 'GET', url: '/ogc/collections/neighbourhoods/items', planner: 200, anonymous: 200 },
  { method: 'GET', url: '/ogc/collections', planner: 200, anonymous: 200 },
  { method: 'GET', url: '/ogc/api', planner: 200, anonymous: 200 },
  // Imports (decision record 18): coordinators and admins only.
  { method: 'POST', url: '/api/imports/uploads?layer=incidents', body: {}, planner: 403 },
  {
    method: 'POST',
    url: '/api/imports',
    body: {
      uploadId: '00000000-0000-4000-8000-000000000000',
      layer: 'incidents',
      mapping: { fields: {}, geometry: null, crs: null, values: {} },
      dryRun: true,
    },
    planner: 403,
  },
  { method: 'GET', url: '/api/imports?layer=incidents', planner: 403 },
  { method: 'GET', url: '/api/imports/1/report?format=csv', planner: 403 },
  { method: 'GET', url: '/api/import-sources', planner: 403 },
];

let app: FastifyInstance;
let plannerCookie: string;
let areaId: number;
const userIds: number[] = [];

beforeAll(async () => {
  app = await createTestApp();
  userIds.push(
    await createUser(app.db.pool, { username: 'authz-planner', role: 'planner', password: 'authz-planner-1' }),
    await createUser(app.db.pool, { username: 'authz-coordinator', role: 'coordinator', password: 'authz-coord-1' }),
  );
  plannerCookie = await login(app, 'authz-planner', 'authz-planner-1');
  const coordinatorCookie = await login(app, 'authz-coordinator', 'authz-coord-1');
  const created = await app.inject({
    method: 'POST',
    url: '/api/focus-areas',
    headers: writeHeaders(coordinatorCookie),
    payload: area('authz'),
  });
  expect(created.statusCode, created.body).toBe(201);
  areaId = created.json<{ id: number }>().id;
});
// Other files count the areas of focus and the users: leave none behind.
afterAll(async () => {
  const pool = app.db.pool;
  await pool.query(
    `DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[]) OR (entity = 'focus-area' AND entity_id = $2)`,
    [userIds, String(areaId)],
  );
  await pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = $1', [areaId]);
  await pool.query('DELETE FROM focus_areas WHERE id = $1', [areaId]);
  await pool.query('DELETE FROM users WHERE id = ANY ($1::bigint[])', [userIds]); // sessions cascade
  await app.close();
});

async function call(route: Route, cookie?: string) {
  return app.inject({
    method: route.method,
    url: route.url.replace(':id', String(areaId)),
    headers: writeHeaders(cookie),
    ...(route.body === undefined ? {} : { payload: route.body as Record<string, unknown> }),
  });
}

async function currentVersion(): Promise<number> {
  const { rows } = await app.db.pool.query<{ version: number }>('SELECT version FROM focus_areas WHERE id = $1', [
    areaId,
  ]);
  return rows[0]!.version;
}

describe('anonymous visitors', () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.url} → ${r.anonymous ?? 401}`, r] as const))('%s', async (_, route) => {
    const response = await call(route);
    // The public tile of the fixture's z9 is empty: each incident is alone in its cell.
    const expected = route.anonymous === 200 && route.url.endsWith('.mvt') ? 204 : (route.anonymous ?? 401);
    expect(response.statusCode, response.body).toBe(expected);
    if (expected === 401) {
      expect(response.headers['content-type']).toMatch(route.page ? /^text\/html/ : /^application\/problem\+json/);
    }
    expect(await currentVersion()).toBe(1);
  });
});

describe('planners', () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.url} → ${r.planner}`, r] as const))('%s', async (_, route) => {
    const response = await call(route, plannerCookie);
    expect(response.statusCode, response.body).toBe(route.planner);
    expect(await currentVersion()).toBe(1);
  });
});
