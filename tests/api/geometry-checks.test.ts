import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAreaFigures, queryAreaFigures } from '../../api/src/figures/area-figures.ts';
import { type AreaGeometry, GeometryError, validateAreaGeometry } from '../../api/src/geometry/validate.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';

/*
 * Geometry checks through the API, on both backends. The embedded PostGIS swallows GEOS
 * errors (a self-intersecting polygon in ST_Intersection gives no row, not an error), so a
 * bow-tie must be refused before any GEOS operation, and never answered with zero figures.
 */

// Edges (4.0, 50.0)→(4.02, 50.02) and (4.02, 50.0)→(4.0, 50.02) are the diagonals of the box
// 4.0–4.02 × 50.0–50.02 and cross at its centre (4.01, 50.01).
const BOW_TIE = {
  type: 'Polygon',
  coordinates: [
    [
      [4.0, 50.0],
      [4.02, 50.02],
      [4.02, 50.0],
      [4.0, 50.02],
      [4.0, 50.0],
    ],
  ],
};
const SQUARE = [
  [4.0, 50.0],
  [4.01, 50.0],
  [4.01, 50.01],
  [4.0, 50.01],
  [4.0, 50.0],
];
const asArea = (polygon: { coordinates: number[][][] }) =>
  ({ type: 'MultiPolygon', coordinates: [polygon.coordinates] }) as AreaGeometry;

let app: FastifyInstance;
let cookie: string;

beforeAll(async () => {
  app = await createTestApp();
  await createUser(app.db.pool, {
    username: 'geometry-checks-coord',
    role: 'coordinator',
    password: 'coordinator-pw-1',
  });
  cookie = await login(app, 'geometry-checks-coord', 'coordinator-pw-1');
});

afterAll(async () => {
  await app.close();
});

function post(url: string, payload: unknown) {
  return app.inject({ method: 'POST', url, headers: writeHeaders(cookie), payload: payload as object });
}

async function refused(url: string, payload: unknown, reason: string) {
  const response =
    typeof payload === 'string'
      ? await app.inject({
          method: 'POST',
          url,
          headers: { ...writeHeaders(cookie), 'content-type': 'application/json' },
          payload,
        })
      : await post(url, payload);
  expect(response.statusCode, response.body).toBe(422);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ status: 422, field: 'geometry', reason });
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('POST /api/figures refuses invalid geometries with 422, saying what and where', () => {
  it('a bow-tie: reason self-intersection at the crossing [4.01, 50.01], never 200 with zeros', async () => {
    const body = await refused('/api/figures', { geometry: BOW_TIE }, 'self-intersection');
    expect(body.location).toEqual([4.01, 50.01]);
    expect(body.detail).toContain('4.01, 50.01');
  });

  it('the figures guard: even unvalidated, a bow-tie never yields figures', async () => {
    const bowTie = asArea(BOW_TIE);
    // PostGIS's own check (ST_IsValidDetail) refuses it, with its crossing point.
    const error = await computeAreaFigures(app.db.pool, bowTie, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeometryError);
    expect((error as GeometryError).reason).toBe('self-intersection');
    expect((error as GeometryError).location).toEqual([4.01, 50.01]);
    // The figures statement alone: the server raises the GEOS error; the embedded backend
    // returns no row, which the one-row guard turns into an error. Either way: no figures.
    await expect(queryAreaFigures(app.db.pool, bowTie, null)).rejects.toThrow();
    // On the embedded backend that failure also leaves stray protocol messages on the
    // connection; that connection is dropped, not handed to the next request.
    for (let i = 0; i < 3; i++) {
      const next = await post('/api/figures', { geometry: { ...BOW_TIE, coordinates: [SQUARE] } });
      expect(next.statusCode, next.body).toBe(200);
      expect(next.json().areaHa).toBe(79.74);
    }
  });

  it('a ring touching the outer ring twice (interior cut in two): caught by PostGIS, located', async () => {
    // Shell 4.0–4.1 × 50.0–50.1; the hole runs from the west edge (4.0, 50.05) to the east
    // edge (4.1, 50.05): each touch alone is allowed, together they split the interior. The
    // TypeScript checks let it pass; ST_IsValidDetail ("Interior is disconnected") does not.
    const geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [4.0, 50.0],
          [4.1, 50.0],
          [4.1, 50.1],
          [4.0, 50.1],
          [4.0, 50.0],
        ],
        [
          [4.0, 50.05],
          [4.05, 50.04],
          [4.1, 50.05],
          [4.05, 50.06],
          [4.0, 50.05],
        ],
      ],
    };
    expect(() => validateAreaGeometry(geometry)).not.toThrow();
    const body = await refused('/api/figures', { geometry }, 'invalid-rings');
    expect(body.detail).toMatch(/Interior is disconnected/);
    expect(body.location).toHaveLength(2);
  });

  it('each reason of the checks', async () => {
    await refused('/api/figures', { geometry: { type: 'Point', coordinates: [4, 50] } }, 'not-polygon');
    await refused('/api/figures', { geometry: null }, 'not-polygon');
    await refused(
      '/api/figures',
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [4.0, 50.0],
              [4.01, 50.0],
              [4.0, 50.0],
            ],
          ],
        },
      },
      'too-few-points',
    );
    const open = await refused(
      '/api/figures',
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [4.0, 50.0],
              [4.01, 50.0],
              [4.01, 50.01],
              [4.0, 50.01],
            ],
          ],
        },
      },
      'unclosed-ring',
    );
    expect(open.location).toEqual([4.0, 50.01]);
    // JSON has no NaN or Infinity, but 1e999 parses as Infinity.
    await refused(
      '/api/figures',
      '{"geometry":{"type":"Polygon","coordinates":[[[4.0,50.0],[4.01,50.0],[4.01,1e999],[4.0,50.0]]]}}',
      'non-finite',
    );
    const outside = await refused(
      '/api/figures',
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [2.0, 50.0],
              [4.01, 50.0],
              [4.01, 50.01],
              [2.0, 50.0],
            ],
          ],
        },
      },
      'outside-belgium',
    );
    expect(outside.location).toEqual([2.0, 50.0]);
    // 2001 vertices on a circle of 0.01° round (4.05, 50.05): one more than the default 2000.
    const ring = Array.from({ length: 2001 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 2001;
      return [4.05 + 0.01 * Math.cos(angle), 50.05 + 0.01 * Math.sin(angle)];
    });
    const tooMany = await refused(
      '/api/figures',
      { geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } },
      'too-many-vertices',
    );
    expect(tooMany.detail).toContain('2001 vertices; at most 2000');
  });
});

describe('POST /api/focus-areas/repair offers ST_MakeValid’s result and saves nothing', () => {
  it('repairs a bow-tie into its two triangles, with a note and the fault located', async () => {
    const before = await app.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM focus_areas');
    const response = await post('/api/focus-areas/repair', { geometry: BOW_TIE });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.changed).toBe(true);
    expect(body.problem).toMatchObject({ reason: 'self-intersection', location: [4.01, 50.01] });
    expect(body.note).toContain('Nothing has been saved');
    expect(body.geometry.type).toBe('MultiPolygon');
    // Two triangles meeting at the crossing point, not empty: (4.0,50.0)-(4.01,50.01)-(4.0,50.02)
    // and (4.02,50.0)-(4.01,50.01)-(4.02,50.02).
    expect(body.geometry.coordinates).toHaveLength(2);
    for (const [shell] of body.geometry.coordinates) {
      expect(shell).toHaveLength(4);
      expect(shell).toContainEqual([4.01, 50.01]);
    }
    // Each triangle is half of a 0.01° (lon) × 0.02° (lat) box: together 0.02° × 0.02° / 2,
    // i.e. half of the box 4.0–4.02 × 50.0–50.02 = 3 189 354 m² / 2 ≈ 159.47 ha.
    expect(body.areaHa).toBeGreaterThan(159.4);
    expect(body.areaHa).toBeLessThan(159.55);
    // The repaired geometry passes the checks, and its figures can be computed.
    expect(() => validateAreaGeometry(body.geometry)).not.toThrow();
    const figures = await post('/api/figures', { geometry: body.geometry });
    expect(figures.statusCode, figures.body).toBe(200);
    expect(figures.json().areaHa).toBe(body.areaHa);
    // Nothing saved.
    const after = await app.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM focus_areas');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('a valid geometry comes back unchanged', async () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [4.0, 50.0],
          [4.01, 50.0],
          [4.01, 50.01],
          [4.0, 50.01],
          [4.0, 50.0],
        ],
      ],
    };
    const response = await post('/api/focus-areas/repair', { geometry: square });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      changed: false,
      problem: null,
      geometry: { type: 'MultiPolygon', coordinates: [square.coordinates] },
      areaHa: 79.74,
    });
  });

  it('refuses what no repair can fix (outside Belgium, unclosed) with the same 422', async () => {
    await refused(
      '/api/focus-areas/repair',
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [7.0, 50.0],
              [7.02, 50.02],
              [7.02, 50.0],
              [7.0, 50.02],
              [7.0, 50.0],
            ],
          ],
        },
      },
      'outside-belgium',
    );
    await refused(
      '/api/focus-areas/repair',
      {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [4.0, 50.0],
              [4.02, 50.02],
              [4.02, 50.0],
              [4.0, 50.02],
            ],
          ],
        },
      },
      'unclosed-ring',
    );
  });

  it('needs a signed-in user and a same-origin request', async () => {
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/focus-areas/repair',
      headers: writeHeaders(),
      payload: { geometry: BOW_TIE },
    });
    expect(anonymous.statusCode).toBe(401);
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/focus-areas/repair',
      headers: { cookie },
      payload: { geometry: BOW_TIE },
    });
    expect(crossSite.statusCode).toBe(403);
  });
});
