import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';

/*
 * Areas of focus against the real database. Users and areas are this file's own (usernames
 * prefixed `focus-areas.`) and removed afterwards; the fixture is only read (figures).
 * Geometries lie in the fixture's square (lon 4.0–4.1, lat 50.0–50.1, see api-fixture.sql).
 */

type Polygon = { type: 'Polygon'; coordinates: number[][][] };
const box = (west: number, south: number, east: number, north: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});
const asMulti = (p: Polygon) => ({ type: 'MultiPolygon', coordinates: [p.coordinates] });

const SMALL = box(4.01, 50.01, 4.02, 50.02);
const WIDER = box(4.01, 50.01, 4.03, 50.02); // SMALL plus lon 4.02–4.03 to the east
// A bow tie: the edges (4.01,50.01)-(4.02,50.02) and (4.02,50.01)-(4.01,50.02) cross at (4.015, 50.015).
const BOW_TIE = {
  type: 'Polygon',
  coordinates: [
    [
      [4.01, 50.01],
      [4.02, 50.02],
      [4.02, 50.01],
      [4.01, 50.02],
      [4.01, 50.01],
    ],
  ],
};

const ACTIONS = [
  { year: 2024, action: 'Bomen planten', partner: 'Groendienst', status: 'done' },
  { year: 2025, action: 'Buurtoverleg', partner: '', status: 'planned' },
];
/** An action as the API gives it back: phase and partner organisation always there, null when not set. */
const stored = (action: Record<string, unknown>) => ({ phase: null, partnerId: null, ...action });

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Stationsbuurt',
  theme: 'buurten',
  priority: 'high',
  status: 'proposed',
  description: 'Eerste versie',
  actions: ACTIONS,
  geometry: SMALL,
  ...overrides,
});

interface Feature {
  type: 'Feature';
  id: number;
  geometry: { type: string; coordinates: unknown };
  properties: {
    name: string;
    theme: string;
    priority: string;
    status: string;
    description: string;
    actions: typeof ACTIONS;
    version: number;
    updatedAt: string;
    updatedBy: string | null;
    deletedAt: string | null;
    figures?: Record<string, unknown>;
  };
}
interface Version {
  version: number;
  changedAt: string;
  changedBy: string | null;
  name: string;
  description: string;
  actions: typeof ACTIONS;
  deleted: boolean;
  geometry: unknown;
}

const PASSWORD = 'correct horse battery';
const USERS = {
  coordinator: 'focus-areas.coordinator',
  admin: 'focus-areas.admin',
  planner: 'focus-areas.planner',
} as const;

let app: FastifyInstance;
const cookies: Record<keyof typeof USERS, string> = { coordinator: '', admin: '', planner: '' };
const userIds: number[] = [];
const areaIds: number[] = [];

beforeAll(async () => {
  app = await createTestApp();
  for (const [role, username] of Object.entries(USERS) as [keyof typeof USERS, string][]) {
    userIds.push(await createUser(app.db.pool, { username, role, password: PASSWORD }));
    cookies[role] = await login(app, username, PASSWORD);
  }
});

afterAll(async () => {
  const pool = app.db.pool;
  const ids = areaIds.map(String);
  await pool.query(
    `DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[]) OR (entity = 'focus-area' AND entity_id = ANY ($2::text[]))`,
    [userIds, ids],
  );
  await pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = ANY ($1::bigint[])', [areaIds]);
  await pool.query('DELETE FROM focus_areas WHERE id = ANY ($1::bigint[])', [areaIds]);
  await pool.query('DELETE FROM users WHERE id = ANY ($1::bigint[])', [userIds]); // sessions cascade
  await app.close();
});

type Who = keyof typeof USERS | 'anonymous';
function call(who: Who, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const cookie = who === 'anonymous' ? undefined : cookies[who];
  const headers = method === 'GET' ? (cookie ? { cookie } : {}) : writeHeaders(cookie);
  return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function create(overrides: Record<string, unknown> = {}): Promise<Feature> {
  const response = await call('coordinator', 'POST', '/api/focus-areas', body(overrides));
  expect(response.statusCode, response.body).toBe(201);
  const feature = response.json<Feature>();
  areaIds.push(feature.id);
  return feature;
}

const versionsOf = async (id: number) =>
  (await call('planner', 'GET', `/api/focus-areas/${id}/versions`)).json<{ versions: Version[] }>().versions;

function expectProblem(response: LightMyRequestResponse, status: number, member?: Record<string, unknown>) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (member) expect(response.json()).toMatchObject(member);
}

describe('who may do what', () => {
  let id: number;
  beforeAll(async () => {
    id = (await create({ name: 'Rollen' })).id;
  });

  const reads = (areaId: () => number) => [
    ['GET', '/api/focus-areas'],
    ['GET', '/api/focus-areas/export?format=csv'],
    ['GET', `/api/focus-areas/${areaId()}`],
    ['GET', `/api/focus-areas/${areaId()}/versions`],
    ['GET', `/api/focus-areas/${areaId()}/versions/compare?from=1&to=1`],
  ];
  const writes = (areaId: () => number): [string, string, unknown][] => [
    ['POST', '/api/focus-areas', body()],
    ['PUT', `/api/focus-areas/${areaId()}`, { ...body(), version: 1 }],
    ['DELETE', `/api/focus-areas/${areaId()}?version=1`, undefined],
    ['POST', `/api/focus-areas/${areaId()}/restore`, { version: 1 }],
    ['GET', '/api/focus-areas?deleted=true', undefined],
  ];

  it('refuses anonymous requests to every route with 401, except the public list of active areas', async () => {
    // The list is public (decision record 16; tests/api/privacy.test.ts checks what it holds).
    const all = [
      ...reads(() => id)
        .filter(([, u]) => u !== '/api/focus-areas')
        .map(([m, u]) => [m, u, undefined] as const),
      ...writes(() => id),
    ];
    for (const [method, url, payload] of all) {
      const response = await call('anonymous', method as 'GET', url!, payload);
      expectProblem(response, 401);
    }
  });

  it('refuses planners every write (and the deleted list) with 403, writing nothing', async () => {
    for (const [method, url, payload] of writes(() => id)) {
      expectProblem(await call('planner', method as 'GET', url, payload), 403);
    }
    const versions = await versionsOf(id);
    expect(versions.map((v) => v.version)).toEqual([1]);
  });

  it('lets planners read: list, export, one area, its versions and a comparison', async () => {
    for (const [method, url] of reads(() => id)) {
      const response = await call('planner', method as 'GET', url!);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    }
  });

  it('lets admins write like coordinators', async () => {
    const response = await call('admin', 'PUT', `/api/focus-areas/${id}`, {
      ...body({ name: 'Rollen 2' }),
      version: 1,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Feature>().properties).toMatchObject({ version: 2, updatedBy: USERS.admin });
  });
});

describe('POST /api/focus-areas', () => {
  it('creates version 1 and answers 201 with the area, its figures and who saved it', async () => {
    const feature = await create();
    expect(feature.type).toBe('Feature');
    expect(feature.geometry).toEqual(asMulti(SMALL)); // stored as a MultiPolygon
    expect(feature.properties).toMatchObject({
      name: 'Stationsbuurt',
      theme: 'buurten',
      priority: 'high',
      status: 'proposed',
      description: 'Eerste versie',
      actions: ACTIONS,
      version: 1,
      updatedBy: USERS.coordinator,
      deletedAt: null,
    });
    expect(feature.properties.figures).toBeTypeOf('object');
    const versions = await versionsOf(feature.id);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, changedBy: USERS.coordinator, deleted: false });
  });

  it('refuses an invalid body with 400 naming the field, writing nothing', async () => {
    const before = await app.db.pool.query('SELECT count(*)::int AS n FROM focus_areas');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: undefined }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ theme: 'sport' }, 'theme'],
      [{ priority: 'urgent' }, 'priority'],
      [{ actions: [{ ...ACTIONS[0], year: 1999 }] }, 'actions'],
      [{ actions: [{ ...ACTIONS[0], status: 'maybe' }] }, 'actions'],
      [{ geometry: undefined }, 'geometry'],
    ];
    for (const [overrides, field] of cases) {
      const response = await call('coordinator', 'POST', '/api/focus-areas', body(overrides));
      expectProblem(response, 400, { parameter: field });
    }
    const after = await app.db.pool.query('SELECT count(*)::int AS n FROM focus_areas');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses a self-intersecting polygon with 422 from the geometry checks, saying where', async () => {
    const response = await call('coordinator', 'POST', '/api/focus-areas', body({ geometry: BOW_TIE }));
    expectProblem(response, 422, { field: 'geometry', reason: 'self-intersection', location: [4.015, 50.015] });
  });

  it('refuses a point, and a polygon outside Belgium, with 422', async () => {
    const point = await call(
      'coordinator',
      'POST',
      '/api/focus-areas',
      body({ geometry: { type: 'Point', coordinates: [4, 50] } }),
    );
    expectProblem(point, 422, { field: 'geometry', reason: 'not-polygon' });
    const paris = await call('coordinator', 'POST', '/api/focus-areas', body({ geometry: box(2.3, 48.8, 2.4, 48.9) }));
    expectProblem(paris, 422, { field: 'geometry', reason: 'outside-belgium' });
  });
});

describe('GET /api/focus-areas and /:id', () => {
  it('lists live areas as a FeatureCollection', async () => {
    const feature = await create({ name: 'In de lijst' });
    const response = await call('planner', 'GET', '/api/focus-areas');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = response.json<{ type: string; features: Feature[] }>();
    expect(fc.type).toBe('FeatureCollection');
    const listed = fc.features.find((f) => f.id === feature.id);
    expect(listed).toMatchObject({ geometry: asMulti(SMALL), properties: { name: 'In de lijst', version: 1 } });
    expect(listed!.properties.figures).toBeUndefined(); // figures come with a single area
  });

  it('gives one area with its figures for a period, computed by PostGIS', async () => {
    // The whole WEST sector (lon 4.00–4.05, lat 50.0–50.1): all of its 1000 residents;
    // incidents T-INC-1 (2024-01-15) and T-INC-2 (2024-06-01), both overlast, lie inside;
    // in the first quarter of 2024 only T-INC-1 does.
    const west = await create({ name: 'Heel WEST', geometry: box(4.0, 50.0, 4.05, 50.1) });
    const all = (await call('planner', 'GET', `/api/focus-areas/${west.id}`)).json<Feature>();
    expect(all.properties.figures).toMatchObject({
      residents: 1000,
      incidents: { total: 2, byCategory: { overlast: 2 } },
    });
    const q1 = await call('planner', 'GET', `/api/focus-areas/${west.id}?period=2024-01-01/2024-03-31`);
    expect(q1.statusCode, q1.body).toBe(200);
    expect(q1.json<Feature>().properties.figures).toMatchObject({
      incidents: { total: 1, byCategory: { overlast: 1 } },
    });
  });

  it('answers 404 for an unknown id and 400 for a bad id or period', async () => {
    expectProblem(await call('planner', 'GET', '/api/focus-areas/999999999'), 404, { parameter: 'id' });
    expectProblem(await call('planner', 'GET', '/api/focus-areas/abc'), 400, { parameter: 'id' });
    const id = areaIds[0]!;
    expectProblem(await call('planner', 'GET', `/api/focus-areas/${id}?period=yesterday`), 400, {
      parameter: 'period',
    });
  });
});

describe('PUT /api/focus-areas/:id (optimistic concurrency)', () => {
  it('saves a new version and keeps the old one', async () => {
    const { id } = await create();
    const response = await call('coordinator', 'PUT', `/api/focus-areas/${id}`, {
      ...body({ name: 'Stationswijk', geometry: WIDER }),
      version: 1,
    });
    expect(response.statusCode, response.body).toBe(200);
    const feature = response.json<Feature>();
    expect(feature.properties).toMatchObject({ name: 'Stationswijk', version: 2 });
    expect(feature.geometry).toEqual(asMulti(WIDER));
    expect(feature.properties.figures).toBeTypeOf('object');
    const versions = await versionsOf(id);
    expect(versions.map((v) => [v.version, v.name])).toEqual([
      [2, 'Stationswijk'],
      [1, 'Stationsbuurt'],
    ]);
  });

  it('of two saves from the same base version, one wins and one gets 409 with the current area', async () => {
    const { id } = await create({ description: 'origineel' });
    const [a, b] = await Promise.all([
      call('coordinator', 'PUT', `/api/focus-areas/${id}`, { ...body({ description: 'van A' }), version: 1 }),
      call('admin', 'PUT', `/api/focus-areas/${id}`, { ...body({ description: 'van B' }), version: 1 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const [winner, loser] = a.statusCode === 200 ? [a, b] : [b, a];
    const winnerText = winner === a ? 'van A' : 'van B';
    const loserText = winner === a ? 'van B' : 'van A';

    expectProblem(loser, 409, { status: 409, title: 'Conflict' });
    const problem = loser.json<{ detail: string; current: Feature }>();
    expect(problem.current).toMatchObject({ id, properties: { version: 2, description: winnerText } });
    expect(problem.detail).toMatch(/version 2.*based on version 1.*nothing was saved/);

    // Nothing of the loser was written: version 1 is the original, version 2 the winner's.
    let versions = await versionsOf(id);
    expect(versions.map((v) => [v.version, v.description])).toEqual([
      [2, winnerText],
      [1, 'origineel'],
    ]);

    // The loser re-applies its change on top of the current version.
    const retry = await call(loser === a ? 'coordinator' : 'admin', 'PUT', `/api/focus-areas/${id}`, {
      ...body({ description: loserText }),
      version: problem.current.properties.version,
    });
    expect(retry.statusCode, retry.body).toBe(200);
    versions = await versionsOf(id);
    expect(versions.map((v) => [v.version, v.description])).toEqual([
      [3, loserText],
      [2, winnerText],
      [1, 'origineel'],
    ]);
  });

  it('answers a stale version with 409 and writes nothing', async () => {
    const { id } = await create();
    const response = await call('coordinator', 'PUT', `/api/focus-areas/${id}`, {
      ...body({ name: 'Te laat' }),
      version: 7,
    });
    expectProblem(response, 409);
    expect(response.json<{ current: Feature }>().current.properties).toMatchObject({
      name: 'Stationsbuurt',
      version: 1,
    });
    expect((await versionsOf(id)).map((v) => v.version)).toEqual([1]);
  });

  it('answers 404 for an unknown id, 400 without version, 422 for a bad geometry', async () => {
    expectProblem(await call('coordinator', 'PUT', '/api/focus-areas/999999999', { ...body(), version: 1 }), 404);
    const { id } = await create();
    expectProblem(await call('coordinator', 'PUT', `/api/focus-areas/${id}`, body()), 400, { parameter: 'version' });
    expectProblem(
      await call('coordinator', 'PUT', `/api/focus-areas/${id}`, { ...body({ geometry: BOW_TIE }), version: 1 }),
      422,
      {
        field: 'geometry',
        reason: 'self-intersection',
      },
    );
    expect((await versionsOf(id)).map((v) => v.version)).toEqual([1]);
  });
});

describe('DELETE and restore', () => {
  it('soft-deletes as a new version, hidden from planners, shown to coordinators on request', async () => {
    const { id } = await create({ name: 'Weg ermee' });
    expectProblem(await call('coordinator', 'DELETE', `/api/focus-areas/${id}`), 400, { parameter: 'version' });
    expectProblem(await call('coordinator', 'DELETE', `/api/focus-areas/${id}?version=2`), 409);

    const response = await call('coordinator', 'DELETE', `/api/focus-areas/${id}?version=1`);
    expect(response.statusCode, response.body).toBe(200);
    const deleted = response.json<Feature>();
    expect(deleted.properties.version).toBe(2);
    expect(deleted.properties.deletedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const live = (await call('planner', 'GET', '/api/focus-areas')).json<{ features: Feature[] }>();
    expect(live.features.some((f) => f.id === id)).toBe(false);
    const all = (await call('coordinator', 'GET', '/api/focus-areas?deleted=true')).json<{ features: Feature[] }>();
    expect(all.features.find((f) => f.id === id)?.properties.deletedAt).toBe(deleted.properties.deletedAt);
    expectProblem(await call('planner', 'GET', `/api/focus-areas/${id}`), 404);
    expect((await call('coordinator', 'GET', `/api/focus-areas/${id}`)).statusCode).toBe(200);

    // A deleted area is neither edited nor deleted again: 409, restore first.
    expectProblem(await call('coordinator', 'PUT', `/api/focus-areas/${id}`, { ...body(), version: 2 }), 409);
    expectProblem(await call('coordinator', 'DELETE', `/api/focus-areas/${id}?version=2`), 409);
    expectProblem(await call('coordinator', 'DELETE', '/api/focus-areas/999999999?version=1'), 404);

    const versions = (await call('coordinator', 'GET', `/api/focus-areas/${id}/versions`)).json<{
      versions: Version[];
    }>().versions;
    expect(versions.map((v) => [v.version, v.deleted, v.name])).toEqual([
      [2, true, 'Weg ermee'],
      [1, false, 'Weg ermee'],
    ]);
  });

  it('restores the content of an old version as a new version, and un-deletes', async () => {
    const { id } = await create({ name: 'Eerst', geometry: SMALL });
    await call('coordinator', 'PUT', `/api/focus-areas/${id}`, {
      ...body({ name: 'Dan', geometry: WIDER }),
      version: 1,
    });
    await call('coordinator', 'DELETE', `/api/focus-areas/${id}?version=2`);

    expectProblem(
      await call('coordinator', 'POST', `/api/focus-areas/${id}/restore`, { version: 1, baseVersion: 2 }),
      409,
      {
        current: { properties: { version: 3 } },
      },
    );
    expectProblem(await call('coordinator', 'POST', `/api/focus-areas/${id}/restore`, { version: 9 }), 404, {
      parameter: 'version',
    });
    expectProblem(await call('coordinator', 'POST', '/api/focus-areas/999999999/restore', { version: 1 }), 404);
    expectProblem(await call('coordinator', 'POST', `/api/focus-areas/${id}/restore`, {}), 400, {
      parameter: 'version',
    });

    const response = await call('coordinator', 'POST', `/api/focus-areas/${id}/restore`, {
      version: 1,
      baseVersion: 3,
    });
    expect(response.statusCode, response.body).toBe(200);
    const restored = response.json<Feature>();
    expect(restored.properties).toMatchObject({ name: 'Eerst', version: 4, deletedAt: null });
    expect(restored.geometry).toEqual(asMulti(SMALL));
    expect(restored.properties.figures).toBeTypeOf('object');
    expect((await versionsOf(id)).map((v) => [v.version, v.name, v.deleted])).toEqual([
      [4, 'Eerst', false],
      [3, 'Dan', true],
      [2, 'Dan', false],
      [1, 'Eerst', false],
    ]);
  });
});

describe('GET /api/focus-areas/:id/versions/compare', () => {
  it('lists attribute changes field by field and the geometry added and removed', async () => {
    const { id } = await create({ geometry: SMALL });
    const actions = [ACTIONS[0], { ...ACTIONS[1]!, status: 'done' }];
    await call('coordinator', 'PUT', `/api/focus-areas/${id}`, {
      ...body({ name: 'Stationswijk', priority: 'low', actions, geometry: WIDER }),
      version: 1,
    });
    const response = await call('planner', 'GET', `/api/focus-areas/${id}/versions/compare?from=1&to=2`);
    expect(response.statusCode, response.body).toBe(200);
    const diff = response.json();
    expect(diff.from).toBe(1);
    expect(diff.to).toBe(2);
    expect(diff.changes).toEqual([
      { field: 'name', before: 'Stationsbuurt', after: 'Stationswijk' },
      { field: 'priority', before: 'high', after: 'low' },
      { field: 'actions', before: ACTIONS.map(stored), after: actions.map((a) => stored(a!)) },
    ]);
    expect(diff.actionsByYear).toEqual([{ year: 2025, before: [stored(ACTIONS[1]!)], after: [stored(actions[1]!)] }]);
    // Added: lon 4.02–4.03 × lat 50.01–50.02, on the WGS 84 spheroid at φ ≈ 50.015°:
    //   east–west  N·cos φ·Δλ = 6 390 707 m · 0.642 587 · 1.745 329e-4 rad ≈ 716.7 m
    //   north–south M·Δφ     = 6 372 964 m · 1.745 329e-4 rad            ≈ 1112.3 m
    //   716.7 m × 1112.3 m ≈ 797 200 m² ≈ 79.72 ha. Nothing was removed.
    expect(diff.geometry.areaAddedHa).toBeCloseTo(79.72, 1);
    expect(diff.geometry.areaRemovedHa).toBe(0);
    expect(diff.geometry.removed).toBeNull();
    expect(diff.geometry.added.type).toMatch(/Polygon$/);

    // The other way round, what was added is removed.
    const back = (await call('planner', 'GET', `/api/focus-areas/${id}/versions/compare?from=2&to=1`)).json();
    expect(back.geometry.added).toBeNull();
    expect(back.geometry.areaRemovedHa).toBe(diff.geometry.areaAddedHa);
    expect(back.changes[0]).toEqual({ field: 'name', before: 'Stationswijk', after: 'Stationsbuurt' });
  });

  it('finds no change between a version and itself; 404 names a missing version; 400 a missing parameter', async () => {
    const { id } = await create();
    const same = (await call('planner', 'GET', `/api/focus-areas/${id}/versions/compare?from=1&to=1`)).json();
    expect(same.changes).toEqual([]);
    expect(same.geometry).toEqual({ added: null, removed: null, areaAddedHa: 0, areaRemovedHa: 0 });
    expectProblem(await call('planner', 'GET', `/api/focus-areas/${id}/versions/compare?from=1&to=5`), 404, {
      parameter: 'to',
    });
    expectProblem(await call('planner', 'GET', `/api/focus-areas/${id}/versions/compare?to=1`), 400, {
      parameter: 'from',
    });
    expectProblem(await call('planner', 'GET', '/api/focus-areas/999999999/versions'), 404);
  });
});

describe('actions in the safety chain (phase and partner organisation)', () => {
  const PARTNER = 'focus-areas: Politie';
  let partnerId: number;
  beforeAll(async () => {
    const { rows } = await app.db.pool.query<{ id: string }>(
      `INSERT INTO partners (name, kind) VALUES ($1, 'police') RETURNING id`,
      [PARTNER],
    );
    partnerId = Number(rows[0]!.id);
  });
  afterAll(async () => {
    // Actions hold the id in JSON (no foreign key), so the partner can go before the areas.
    await app.db.pool.query('DELETE FROM partners WHERE id = $1', [partnerId]);
  });

  it('keeps phase and partnerId as sent, and null where left out, in the answer, the list and the versions', async () => {
    const actions = [
      { ...ACTIONS[0], phase: 'repression', partnerId },
      { ...ACTIONS[1], phase: 'aftercare' },
      { year: 2025, action: 'Zonder fase', partner: 'label', status: 'ongoing', phase: null, partnerId: null },
    ];
    const expected = [
      { ...ACTIONS[0], phase: 'repression', partnerId },
      { ...ACTIONS[1], phase: 'aftercare', partnerId: null },
      { year: 2025, action: 'Zonder fase', partner: 'label', status: 'ongoing', phase: null, partnerId: null },
    ];
    const feature = await create({ name: 'Keten', actions });
    expect(feature.properties.actions).toEqual(expected);
    const listed = (await call('planner', 'GET', '/api/focus-areas')).json<{ features: Feature[] }>();
    expect(listed.features.find((f) => f.id === feature.id)!.properties.actions).toEqual(expected);
    expect((await versionsOf(feature.id))[0]!.actions).toEqual(expected);
    // As stored: both keys written out, so the column never mixes old and new shapes for new saves.
    const { rows } = await app.db.pool.query('SELECT actions FROM focus_areas WHERE id = $1', [feature.id]);
    expect(rows[0].actions).toEqual(expected);

    const updated = await call('coordinator', 'PUT', `/api/focus-areas/${feature.id}`, {
      ...body({ name: 'Keten', actions: [{ ...ACTIONS[0], phase: 'prevention', partnerId }] }),
      version: 1,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const compare = await call('planner', 'GET', `/api/focus-areas/${feature.id}/versions/compare?from=1&to=2`);
    expect(compare.json().actionsByYear).toEqual([
      { year: 2024, before: [expected[0]], after: [{ ...expected[0], phase: 'prevention' }] },
      { year: 2025, before: [expected[1], expected[2]], after: [] },
    ]);
  });

  it('refuses an unknown partnerId with 400 naming it, and a phase outside the chain, writing nothing', async () => {
    const before = await app.db.pool.query('SELECT count(*)::int AS n FROM focus_areas');
    const unknown = await call(
      'coordinator',
      'POST',
      '/api/focus-areas',
      body({ actions: [ACTIONS[0], { ...ACTIONS[1], partnerId: 999_999_999 }] }),
    );
    expectProblem(unknown, 400, { parameter: 'actions[1].partnerId' });
    expect(unknown.json().detail).toContain('no partner 999999999');
    expectProblem(
      await call('coordinator', 'POST', '/api/focus-areas', body({ actions: [{ ...ACTIONS[0], phase: 'nazorg' }] })),
      400,
      { parameter: 'actions' },
    );
    expectProblem(
      await call('coordinator', 'POST', '/api/focus-areas', body({ actions: [{ ...ACTIONS[0], partnerId: -1 }] })),
      400,
      { parameter: 'actions' },
    );
    // 0 is not "no partner": the validator's coercion must not turn it into null.
    expectProblem(
      await call('coordinator', 'POST', '/api/focus-areas', body({ actions: [{ ...ACTIONS[0], partnerId: 0 }] })),
      400,
      { parameter: 'actions' },
    );
    const after = await app.db.pool.query('SELECT count(*)::int AS n FROM focus_areas');
    expect(after.rows[0].n).toBe(before.rows[0].n);

    // The same check on a save: the area stays at version 1.
    const { id } = await create({ name: 'Keten PUT' });
    const put = await call('coordinator', 'PUT', `/api/focus-areas/${id}`, {
      ...body({ actions: [{ ...ACTIONS[0], partnerId: 999_999_999 }] }),
      version: 1,
    });
    expectProblem(put, 400, { parameter: 'actions[0].partnerId' });
    expect((await versionsOf(id)).map((v) => v.version)).toEqual([1]);
  });

  it('reads actions stored before the safety chain (no phase, no partnerId) as null', async () => {
    const { id } = await create({ name: 'Oud', status: 'active', actions: [{ ...ACTIONS[0], year: 2100 }] });
    // What issue 9 stored: the four members only.
    const old = [{ year: 2100, action: 'Bomen planten', partner: 'Groendienst', status: 'done' }];
    // A new version (the trigger copies it into focus_area_versions), as a save before issue 10 made it.
    await app.db.pool.query('UPDATE focus_areas SET actions = $2::jsonb, version = version + 1 WHERE id = $1', [
      id,
      JSON.stringify(old),
    ]);
    const expected = [{ ...old[0], phase: null, partnerId: null }];
    const one = (await call('planner', 'GET', `/api/focus-areas/${id}`)).json<Feature>();
    expect(one.properties.actions).toEqual(expected);
    // The public list (this year's actions and later: 2100 is later) carries them too.
    const anonymous = (await call('anonymous', 'GET', '/api/focus-areas')).json<{ features: Feature[] }>();
    expect(anonymous.features.find((f) => f.id === id)!.properties.actions).toEqual(expected);
    // The version row holds the four members as saved: read as null there too.
    const versions = await versionsOf(id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]!.actions).toEqual(expected);
    const compare = await call('planner', 'GET', `/api/focus-areas/${id}/versions/compare?from=1&to=2`);
    expect(compare.json().changes).toEqual([]); // null and missing are the same
    const csv = (await call('planner', 'GET', '/api/focus-areas/export?format=csv')).body;
    const record = (parse(csv.slice(1), { columns: true }) as Record<string, string>[]).find(
      (r) => r.id === String(id),
    )!;
    expect([record.actionPhase, record.actionPartnerId, record.actionPartnerName]).toEqual(['', '', '']);
  });
});

describe('audit log', () => {
  it('records create, update, delete and restore with the user and the version', async () => {
    const { id } = await create();
    await call('coordinator', 'PUT', `/api/focus-areas/${id}`, { ...body({ name: 'Twee' }), version: 1 });
    await call('admin', 'DELETE', `/api/focus-areas/${id}?version=2`);
    await call('coordinator', 'POST', `/api/focus-areas/${id}/restore`, { version: 1 });
    // a refused save (stale) leaves no entry
    await call('coordinator', 'PUT', `/api/focus-areas/${id}`, { ...body(), version: 1 });
    const { rows } = await app.db.pool.query(
      `SELECT a.action, u.username, a.details FROM audit_log a JOIN users u ON u.id = a.user_id
       WHERE a.entity = 'focus-area' AND a.entity_id = $1 ORDER BY a.id`,
      [String(id)],
    );
    expect(rows).toEqual([
      { action: 'focus-area.create', username: USERS.coordinator, details: { version: 1, name: 'Stationsbuurt' } },
      { action: 'focus-area.update', username: USERS.coordinator, details: { version: 2, baseVersion: 1 } },
      { action: 'focus-area.delete', username: USERS.admin, details: { version: 3, baseVersion: 2 } },
      {
        action: 'focus-area.restore',
        username: USERS.coordinator,
        details: { version: 4, restoredFrom: 1, baseVersion: null },
      },
    ]);
  });
});

describe('GET /api/focus-areas/export', () => {
  it('exports GeoJSON with the actions', async () => {
    const { id } = await create({ name: 'Export' });
    const response = await call('planner', 'GET', '/api/focus-areas/export?format=geojson');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="focus-areas-\d{4}-\d{2}-\d{2}\.geojson"$/,
    );
    const fc = response.json<{ type: string; features: Feature[] }>();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.find((f) => f.id === id)).toMatchObject({
      geometry: asMulti(SMALL),
      properties: { actions: ACTIONS.map(stored) },
    });
  });

  it('exports CSV with a byte-order mark, one row per action, area columns repeated, WKT', async () => {
    const { id } = await create({ name: 'Export CSV' });
    const response = await call('planner', 'GET', '/api/focus-areas/export?format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.body.startsWith('\uFEFFid,name,')).toBe(true);
    const records = (parse(response.body.slice(1), { columns: true }) as Record<string, string>[]).filter(
      (r) => r.id === String(id),
    );
    expect(records.map((r) => [r.name, r.actionYear, r.action, r.actionStatus])).toEqual([
      ['Export CSV', '2024', 'Bomen planten', 'done'],
      ['Export CSV', '2025', 'Buurtoverleg', 'planned'],
    ]);
    expect(records[0]!.wkt).toBe('MULTIPOLYGON(((4.01 50.01,4.02 50.01,4.02 50.02,4.01 50.02,4.01 50.01)))');
  });

  it('refuses an unknown format with 400', async () => {
    expectProblem(await call('planner', 'GET', '/api/focus-areas/export?format=xlsx'), 400, { parameter: 'format' });
  });
});
