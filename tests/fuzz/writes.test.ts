import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { removeUsers, writeHeaders } from '../support/auth.ts';
import { expectSane, hostileString, runs, signIn } from './support.ts';

/*
 * Every write's JSON body, fuzzed, as a coordinator: random JSON of the right shape (each field
 * valid or not) and of any shape; then GeoJSON geometries for the areas of focus, POST
 * /api/figures and the repair: open rings, non-finite and huge numbers, 3-point rings, deep
 * nesting, self-intersections, holes outside shells, a million vertices. No 5xx; a 4xx is
 * problem+json with a detail; a valid body gets a 2xx. Everything written is removed afterwards.
 */

const app = await createTestApp();
const coordinator = await signIn(app, 'fuzz-writes.coordinator', 'coordinator');
const headers = { ...writeHeaders(coordinator.cookie), 'content-type': 'application/json' };

// One area the PUT, DELETE and restore bodies are aimed at.
const BOX = {
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
const VALID_AREA = {
  name: 'Fuzzbuurt',
  theme: 'buurten',
  priority: 'high',
  status: 'proposed',
  description: 'fuzz',
  actions: [{ year: 2024, action: 'Overleg', partner: '', status: 'planned' }],
  geometry: BOX,
};
const created = await app.inject({ method: 'POST', url: '/api/focus-areas', headers, payload: VALID_AREA });
if (created.statusCode !== 201) throw new Error(`setup: ${created.statusCode} ${created.body}`);
const areaId = created.json<{ id: number }>().id;

afterAll(async () => {
  const pool = app.db.pool;
  const mine = `SELECT focus_area_id FROM focus_area_versions WHERE changed_by = $1
                UNION SELECT id FROM focus_areas WHERE updated_by = $1`;
  const { rows } = await pool.query<{ id: string }>(`SELECT focus_area_id AS id FROM (${mine}) m(focus_area_id)`, [
    coordinator.id,
  ]);
  const ids = rows.map((r) => r.id);
  await pool.query(`DELETE FROM audit_log WHERE user_id = $1 OR (entity = 'focus-area' AND entity_id = ANY ($2))`, [
    coordinator.id,
    ids,
  ]);
  await pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = ANY ($1::bigint[])', [ids]);
  await pool.query('DELETE FROM focus_areas WHERE id = ANY ($1::bigint[])', [ids]);
  await removeUsers(pool, [coordinator.id]);
  await app.close();
});

/** Any JSON value, including deep, wide and odd ones. */
const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, 0, -1, 1e308, -1e308, 2 ** 53 + 1, true, [], {}) },
);

/** The field's valid value or anything else. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyJson });

/** A random ring near Halle (maybe not closed, maybe crossing itself). */
const ring = fc
  .array(fc.tuple(fc.double({ min: 4.0, max: 4.1, noNaN: true }), fc.double({ min: 50.0, max: 50.1, noNaN: true })), {
    minLength: 0,
    maxLength: 12,
  })
  .chain((points) =>
    fc.boolean().map((close) => (close && points.length > 0 ? [...points, points[0]!] : points) as number[][]),
  );

const polygon = fc.array(ring, { minLength: 0, maxLength: 3 }).map((coordinates) => ({ type: 'Polygon', coordinates }));
const multiPolygon = fc
  .array(fc.array(ring, { minLength: 1, maxLength: 2 }), { minLength: 0, maxLength: 3 })
  .map((coordinates) => ({ type: 'MultiPolygon', coordinates }));

/** A geometry of the right type or nearly: random rings, wrong types, wrong nesting. */
const geometry = fc.oneof(
  { weight: 1, arbitrary: fc.constant(BOX) },
  { weight: 3, arbitrary: polygon },
  { weight: 2, arbitrary: multiPolygon },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom(
        'Polygon',
        'MultiPolygon',
        'Point',
        'LineString',
        'GeometryCollection',
        'Feature',
        'polygon',
      ),
      coordinates: anyJson,
    }),
  },
  { weight: 1, arbitrary: anyJson },
);

const action = fc.record(
  {
    year: field(fc.integer({ min: 1990, max: 2100 })),
    action: field(fc.string({ maxLength: 50 })),
    partner: field(fc.string({ maxLength: 20 })),
    status: field(fc.constantFrom('planned', 'ongoing', 'done')),
  },
  { requiredKeys: [] },
);

const areaContent = {
  name: field(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 })),
  theme: field(fc.constantFrom('wonen', 'jongeren', 'buurten')),
  priority: field(fc.constantFrom('low', 'medium', 'high')),
  status: field(fc.constantFrom('proposed', 'active', 'done')),
  description: field(fc.string({ unit: 'grapheme', maxLength: 200 })),
  actions: field(fc.array(action, { maxLength: 3 })),
  geometry,
};

const areaBody = fc.oneof(
  { weight: 4, arbitrary: fc.record(areaContent, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 5 }) },
  { weight: 1, arbitrary: anyJson },
);
const areaUpdate = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ ...areaContent, version: field(fc.integer({ min: 1, max: 3 })) }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: anyJson },
);
const mapping = fc.record(
  {
    fields: field(fc.dictionary(fc.string({ maxLength: 12 }), fc.record({ column: fc.string({ maxLength: 8 }) }))),
    geometry: field(
      fc.oneof(
        fc.constant({ kind: 'file' }),
        fc.record({ kind: fc.constant('xy'), x: fc.string(), y: fc.string() }),
        fc.record({ kind: fc.constant('wkt'), column: fc.string() }),
      ),
    ),
    crs: field(fc.oneof(fc.constant(null), fc.integer())),
    values: field(fc.dictionary(fc.string({ maxLength: 8 }), fc.dictionary(fc.string(), fc.string()))),
  },
  { requiredKeys: [] },
);

/** The write routes and the bodies they are sent. */
const WRITES: {
  name: string;
  method: 'POST' | 'PUT' | 'DELETE';
  url: fc.Arbitrary<string>;
  body: fc.Arbitrary<unknown>;
}[] = [
  { name: 'POST /api/focus-areas', method: 'POST', url: fc.constant('/api/focus-areas'), body: areaBody },
  {
    name: 'PUT /api/focus-areas/:id',
    method: 'PUT',
    url: fc.constantFrom(`/api/focus-areas/${areaId}`, '/api/focus-areas/999999999'),
    body: areaUpdate,
  },
  {
    name: 'POST /api/focus-areas/:id/restore',
    method: 'POST',
    url: fc.constant(`/api/focus-areas/${areaId}/restore`),
    body: fc.oneof(
      fc.record(
        { version: field(fc.integer({ min: 1, max: 5 })), baseVersion: field(fc.integer()) },
        { requiredKeys: [] },
      ),
      anyJson,
    ),
  },
  {
    name: 'DELETE /api/focus-areas/:id',
    method: 'DELETE',
    // Never the current version: the area stays for the other writes.
    url: fc
      .oneof(fc.constant('0'), fc.constant('99'), hostileString)
      .map((v) => `/api/focus-areas/${areaId}?version=${encodeURIComponent(v)}`),
    body: fc.constant(undefined),
  },
  {
    name: 'POST /api/figures',
    method: 'POST',
    url: fc.constant('/api/figures'),
    body: fc.oneof(
      fc.record(
        { geometry, period: field(fc.constantFrom('2024-01-01/2024-12-31', '../2024-06-01', '2024-03-01')) },
        { requiredKeys: [] },
      ),
      anyJson,
    ),
  },
  {
    name: 'POST /api/focus-areas/repair',
    method: 'POST',
    url: fc.constant('/api/focus-areas/repair'),
    body: fc.oneof(fc.record({ geometry }, { requiredKeys: [] }), anyJson),
  },
  {
    name: 'POST /api/imports',
    method: 'POST',
    url: fc.constant('/api/imports'),
    body: fc.oneof(
      fc.record(
        {
          uploadId: field(fc.oneof(fc.uuid(), fc.string({ maxLength: 70 }))),
          layer: field(fc.constantFrom('incidents', 'vacant-buildings', 'youth-facilities', 'neighbourhoods')),
          mapping: field(mapping),
          source: field(fc.oneof(fc.constant(null), fc.string({ maxLength: 210 }))),
          dryRun: field(fc.constant(true)),
        },
        { requiredKeys: [] },
      ),
      anyJson,
    ),
  },
  {
    name: 'POST /api/auth/login',
    method: 'POST',
    url: fc.constant('/api/auth/login'),
    body: fc.oneof(
      fc.record({ username: field(fc.string({ maxLength: 300 })), password: field(fc.string({ maxLength: 1100 })) }),
      anyJson,
    ),
  },
];

/** The body as sent: JSON mostly, sometimes broken JSON, an empty body or another content type. */
const encoding = fc.constantFrom('json', 'json', 'json', 'json', 'broken', 'empty', 'text');

function send(method: string, url: string, body: unknown, how: string) {
  if (body === undefined || how === 'empty') return app.inject({ method: method as 'POST', url, headers });
  if (how === 'broken') {
    return app.inject({
      method: method as 'POST',
      url,
      headers,
      payload: JSON.stringify(body ?? null).slice(0, -1) + '{',
    });
  }
  if (how === 'text') {
    return app.inject({
      method: method as 'POST',
      url,
      headers: { ...headers, 'content-type': 'text/plain' },
      payload: JSON.stringify(body),
    });
  }
  return app.inject({ method: method as 'POST', url, headers, payload: JSON.stringify(body) });
}

describe('write bodies, fuzzed, as a coordinator', () => {
  it.each(WRITES)('$name: no 5xx, 4xx as problem+json', async ({ method, url, body }) => {
    await fc.assert(
      fc.asyncProperty(url, body, encoding, async (target, payload, how) => {
        const response = await send(method, target, payload, how);
        expectSane(response, `${method} ${target} (${how}) ${JSON.stringify(payload)?.slice(0, 300)}`);
      }),
      runs(2),
    );
  });

  it('a valid area body is saved (2xx)', async () => {
    const valid = fc.record({
      name: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0),
      theme: fc.constantFrom('wonen', 'jongeren', 'buurten'),
      priority: fc.constantFrom('low', 'medium', 'high'),
      description: fc.string({ unit: 'grapheme', maxLength: 200 }),
      west: fc.double({ min: 4.0, max: 4.09, noNaN: true }),
      south: fc.double({ min: 50.0, max: 50.09, noNaN: true }),
      size: fc.double({ min: 0.0005, max: 0.01, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(valid, async ({ west, south, size, ...attributes }) => {
        const [e, n] = [west + size, south + size];
        const geometry = {
          type: 'Polygon',
          coordinates: [
            [
              [west, south],
              [e, south],
              [e, n],
              [west, n],
              [west, south],
            ],
          ],
        };
        const payload = { ...attributes, status: 'proposed', actions: [], geometry };
        const response = await send('POST', '/api/focus-areas', payload, 'json');
        expect(expectSane(response, `POST /api/focus-areas ${JSON.stringify(payload)}`), response.body).toBe(201);
      }),
      runs(0.5),
    );
  });
});

/** A ring of n points around (4.05, 50.05), closed. */
function circle(n: number, radius = 0.01): number[][] {
  const points: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    points.push([4.05 + radius * Math.cos(a), 50.05 + radius * Math.sin(a)]);
  }
  points.push(points[0]!);
  return points;
}

/** Coordinates nested `depth` arrays deep, as JSON text (JSON.stringify itself overflows the stack). */
const nested = (depth: number) => `${'['.repeat(depth)}4.05,50.05${']'.repeat(depth)}`;

const square = (w: number, s: number, e: number, n: number) => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

/**
 * Hostile geometries, each named, as JSON text: every one must be refused with a 4xx and a
 * reason. (A third number per position is an altitude, RFC 7946 §3.1.1: accepted, so not here.)
 */
const BAD_GEOMETRIES: Record<string, string> = Object.fromEntries(
  Object.entries({
    'open ring': { type: 'Polygon', coordinates: [square(4.01, 50.01, 4.02, 50.02).slice(0, 4)] },
    'ring of 3 points': {
      type: 'Polygon',
      coordinates: [
        [
          [4.01, 50.01],
          [4.02, 50.01],
          [4.01, 50.01],
        ],
      ],
    },
    'huge coordinate 1e308': { type: 'Polygon', coordinates: [square(4.01, 50.01, 1e308, 50.02)] },
    'negative huge coordinates': { type: 'Polygon', coordinates: [square(-1e308, -1e308, 1e308, 1e308)] },
    'coordinate out of range': { type: 'Polygon', coordinates: [square(4.01, 50.01, 200, 95)] },
    'coordinate as "NaN"': { type: 'Polygon', coordinates: [[['NaN', 50.01], ...square(4.01, 50.01, 4.02, 50.02)]] },
    'coordinate as "Infinity"': {
      type: 'Polygon',
      coordinates: [square(4.01, 50.01, 4.02, 50.02).map(([x, y]) => [x === 4.02 ? 'Infinity' : x, y])],
    },
    'coordinate null': { type: 'Polygon', coordinates: [[[null, null], ...square(4.01, 50.01, 4.02, 50.02)]] },
    'one number a position': { type: 'Polygon', coordinates: [square(4.01, 50.01, 4.02, 50.02).map((p) => [p[0]])] },
    'self-intersection (bow tie)': {
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
    },
    'hole outside the shell': {
      type: 'Polygon',
      coordinates: [square(4.01, 50.01, 4.02, 50.02), square(4.05, 50.05, 4.06, 50.06)],
    },
    'overlapping polygons of a multipolygon': {
      type: 'MultiPolygon',
      coordinates: [[square(4.01, 50.01, 4.03, 50.03)], [square(4.02, 50.02, 4.04, 50.04)]],
    },
    'zero area': { type: 'Polygon', coordinates: [square(4.01, 50.01, 4.01, 50.01)] },
    'no rings': { type: 'Polygon', coordinates: [] },
    'empty multipolygon': { type: 'MultiPolygon', coordinates: [] },
    'coordinates a string': { type: 'Polygon', coordinates: '4.01 50.01, 4.02 50.02' },
    'too many vertices (just over the limit)': {
      type: 'Polygon',
      coordinates: [circle(app.config.focusAreaMaxVertices + 1)],
    },
    'a point': { type: 'Point', coordinates: [4.05, 50.05] },
    'a feature': { type: 'Feature', geometry: BOX, properties: {} },
    'a geometry collection': { type: 'GeometryCollection', geometries: [BOX] },
  }).map(([name, geometry]) => [name, JSON.stringify(geometry)]),
);
BAD_GEOMETRIES['deep nesting (100,000 levels)'] = `{"type":"Polygon","coordinates":${nested(100_000)}}`;
BAD_GEOMETRIES['deep nesting (100 levels)'] = `{"type":"MultiPolygon","coordinates":${nested(100)}}`;

/** The JSON body of `body` with the geometry's JSON text in place of its `geometry`. */
function withGeometry(body: (g: unknown) => unknown, geometryJson: string): string {
  return JSON.stringify(body('__GEOMETRY__')).replace('"__GEOMETRY__"', geometryJson);
}

/** The bodies that carry a geometry, per route. */
const GEOMETRY_ROUTES: { name: string; method: 'POST'; url: string; body: (geometry: unknown) => unknown }[] = [
  {
    name: 'POST /api/focus-areas',
    method: 'POST',
    url: '/api/focus-areas',
    body: (g) => ({ ...VALID_AREA, geometry: g }),
  },
  { name: 'POST /api/figures', method: 'POST', url: '/api/figures', body: (g) => ({ geometry: g }) },
];

describe('hostile geometries', () => {
  const cases = GEOMETRY_ROUTES.flatMap((route) =>
    Object.keys(BAD_GEOMETRIES).map((geometryName) => ({ ...route, geometryName })),
  );

  it.each(cases)('$name: $geometryName → 4xx with a reason', async ({ url, body, geometryName }) => {
    const payload = withGeometry(body, BAD_GEOMETRIES[geometryName]!);
    const response = await app.inject({ method: 'POST', url, headers, payload });
    const status = expectSane(response, `POST ${url} with ${geometryName}`);
    expect(status, response.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  });

  it.each(Object.keys(BAD_GEOMETRIES))('POST /api/focus-areas/repair: %s → no 5xx', async (geometryName) => {
    // The repair may mend what it can (200 with a note) or refuse: never a 5xx.
    const payload = withGeometry((g) => ({ geometry: g }), BAD_GEOMETRIES[geometryName]!);
    const response = await app.inject({ method: 'POST', url: '/api/focus-areas/repair', headers, payload });
    expectSane(response, `POST /api/focus-areas/repair with ${geometryName}`);
  });

  it('a million vertices: a 4xx (413 over the body limit), never a 5xx', async () => {
    const payload = JSON.stringify({ geometry: { type: 'Polygon', coordinates: [circle(1_000_000)] } });
    for (const url of ['/api/figures', '/api/focus-areas/repair']) {
      const response = await app.inject({ method: 'POST', url, headers, payload });
      const status = expectSane(response, `POST ${url} with a million vertices (${payload.length} bytes)`);
      expect(status).toBeGreaterThanOrEqual(400);
    }
  });

  it('random polygons near Halle: 2xx or a 4xx with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(polygon, multiPolygon), async (g) => {
        const response = await send('POST', '/api/figures', { geometry: g }, 'json');
        expectSane(response, `POST /api/figures ${JSON.stringify(g)}`);
      }),
      runs(2),
    );
  });
});
