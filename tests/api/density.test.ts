import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, writeAndWait } from '../support/app.ts';
import { signInPlanner } from '../support/staff.ts';

interface HexagonCollection {
  type: string;
  size: number;
  maxCount: number;
  total: number;
  features: {
    type: string;
    id: string;
    geometry: { type: string; coordinates: number[][][] };
    properties: { count: number };
  }[];
}

// As a planner: the public gets hexagons of 200 m and more with k or more points only
// (tests/api/privacy.test.ts).
let app: FastifyInstance;
let planner: string;
beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'density-planner');
});
afterAll(async () => {
  await app.close();
});

async function hexagons(layer: string, query = ''): Promise<HexagonCollection> {
  const response = await app.inject({ url: `/api/layers/${layer}/hexagons${query}`, headers: { cookie: planner } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
  return response.json<HexagonCollection>();
}

const counts = (fc: HexagonCollection) => Object.fromEntries(fc.features.map((f) => [f.id, f.properties.count]));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Points in EPSG:31370, from PostGIS's own transform (the one thing not done by hand). */
async function lambert(points: [number, number][]): Promise<[number, number][]> {
  const { rows } = await app.db.pool.query<{ x: number; y: number }>(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, n),
            LATERAL ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 31370) AS p
      ORDER BY n`,
    [points.map((p) => p[0]), points.map((p) => p[1])],
  );
  return rows.map((row) => [row.x, row.y]);
}

/**
 * The hexagon of ST_HexagonGrid's tiling (edge s, flat top, origin 0,0) that holds (x, y):
 * column i is centred at x = 1.5·s·i, row j at y = √3·s·(j + ½ if i is odd). In a regular
 * hexagonal tiling the hexagon holding a point is the one whose centre is nearest.
 */
function hexagonOf([x, y]: [number, number], s: number): string {
  const h = (Math.sqrt(3) / 2) * s;
  let best = { id: '', distance: Infinity };
  const i0 = Math.round(x / (1.5 * s));
  for (let i = i0 - 1; i <= i0 + 1; i++) {
    const j0 = Math.round((y - (i % 2 !== 0 ? h : 0)) / (2 * h));
    for (let j = j0 - 1; j <= j0 + 1; j++) {
      const cx = 1.5 * s * i;
      const cy = 2 * h * j + (i % 2 !== 0 ? h : 0);
      const distance = Math.hypot(x - cx, y - cy);
      if (distance < best.distance) best = { id: `${i}:${j}`, distance };
    }
  }
  return best.id;
}

function tally(ids: string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const id of ids) result[id] = (result[id] ?? 0) + 1;
  return result;
}

// The fixture's incidents, lon/lat.
const INCIDENTS: [number, number][] = [
  [4.01, 50.01],
  [4.02, 50.02],
  [4.06, 50.06],
  [4.07, 50.07],
  [4.09, 50.09],
];

describe('GET /api/layers/:id/hexagons', () => {
  it('counts every point in exactly one hexagon: total is the number of matching points', async () => {
    const cases: [string, number][] = [
      ['', 5], // all five incidents
      ['?category=overlast', 2], // T-INC-1 and T-INC-2
      ['?datetime=2024-01-01/2024-12-31', 3], // T-INC-1..3
      ['?bbox=4.05,50.05,4.1,50.1&size=50', 3], // T-INC-3..5
      ['?source=politie&category=overlast,diefstal', 2], // T-INC-2 and T-INC-4
    ];
    for (const [query, expected] of cases) {
      const fc = await hexagons('incidents', query);
      expect(fc.total, query).toBe(expected);
      expect(sum(fc.features.map((f) => f.properties.count)), query).toBe(expected);
      expect(fc.maxCount, query).toBe(Math.max(...fc.features.map((f) => f.properties.count)));
    }
  });

  it('puts each point in the hexagon whose centre is nearest, with ids column:row', async () => {
    for (const size of [250, 2000]) {
      const fc = await hexagons('incidents', `?size=${size}`);
      const expected = tally((await lambert(INCIDENTS)).map((p) => hexagonOf(p, size)));
      expect(counts(fc), `size ${size}`).toEqual(expected);
      expect(fc.size).toBe(size);
      expect(fc.maxCount).toBe(Math.max(...Object.values(expected)));
    }
  });

  it('places the five incidents in 2 km hexagons as worked out by hand', async () => {
    // In EPSG:31370 the incidents lie at (124285.9, 77693.8), (125007.9, 78802.7),
    // (127892.9, 83239.0), (128613.4, 84348.4) and (130053.5, 86567.3); s = 2000, h = √3/2·s = 1732.05.
    // T-INC-1: column 41 (odd) is centred at x = 1.5·2000·41 = 123000, row 22 at y = 2h·22 + h = 77942.3,
    //   1309.7 m away; column 42, row 22 (126000, 76210.3) is 2267 m away -> 41:22.
    // T-INC-2: 42:23 centred at (126000, 79674.4) is 1320.6 m away; 41:22 is 2184 m away -> 42:23.
    // T-INC-3 -> 42:24 (126000, 83138.5), T-INC-4 -> 43:24 (129000, 84870.6), T-INC-5 -> 44:25 (132000, 86602.5).
    const fc = await hexagons('incidents', '?size=2000');
    expect(counts(fc)).toEqual({ '41:22': 1, '42:23': 1, '42:24': 1, '43:24': 1, '44:25': 1 });
    expect(fc.features.map((f) => f.id)).toEqual(['41:22', '42:23', '42:24', '43:24', '44:25']); // column, then row
    for (const feature of fc.features) {
      const { rows } = await app.db.pool.query<{ inside: number }>(
        `SELECT count(*)::integer AS inside FROM incidents
          WHERE ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), geom)`,
        [JSON.stringify(feature.geometry)],
      );
      expect(rows[0]!.inside, feature.id).toBe(feature.properties.count);
    }
  });

  it('returns regular hexagons of the requested edge: area 3√3/2·s² within 0.5 %', async () => {
    for (const size of [50, 250, 2000]) {
      const fc = await hexagons('incidents', `?size=${size}`);
      // 50 m: 6495.19 m²; 250 m: 162379.76 m²; 2000 m: 10392304.85 m²
      const expected = ((3 * Math.sqrt(3)) / 2) * size * size;
      for (const feature of fc.features) {
        expect(feature.geometry.type).toBe('Polygon');
        expect(feature.geometry.coordinates[0]).toHaveLength(7); // six corners, closed
        const { rows } = await app.db.pool.query<{ area: number }>(
          `SELECT ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 31370)) AS area`,
          [JSON.stringify(feature.geometry)],
        );
        expect(Math.abs(rows[0]!.area - expected) / expected, `${size} m, ${feature.id}`).toBeLessThan(0.005);
      }
    }
  });

  it('gives coordinates to 6 decimals', async () => {
    const fc = await hexagons('incidents');
    for (const [lon, lat] of fc.features.flatMap((f) => f.geometry.coordinates[0]!)) {
      expect(Math.round(lon! * 1e6) / 1e6).toBe(lon);
      expect(Math.round(lat! * 1e6) / 1e6).toBe(lat);
    }
  });

  it('defaults to 250 m and counts other point layers too', async () => {
    const fc = await hexagons('vacant-buildings', '?status=leegstaand,onbewoonbaar');
    expect(fc.size).toBe(250);
    // T-LEEG-A (4.01, 50.03) and T-LEEG-C (4.08, 50.08) are 7 km apart: a hexagon each
    expect(fc.total).toBe(2);
    expect(fc.maxCount).toBe(1);
    expect(fc.features).toHaveLength(2);
    const youth = await hexagons('youth-facilities', '?kind=school');
    expect(youth.total).toBe(1); // Testschool
  });

  it('is an empty collection when nothing matches', async () => {
    expect(await hexagons('incidents', '?category=drugs')).toEqual({
      type: 'FeatureCollection',
      size: 250,
      maxCount: 0,
      total: 0,
      features: [],
    });
  });
});

describe('hexagons holding several points, and a point on a corner', () => {
  // Two incidents within 20 m of T-INC-1, and one (geweld, the only one) exactly on the corner
  // that hexagons 41:22, 42:22 and 42:23 of the 2 km grid share: x = 123000 + 2000 = 125000,
  // y = 2h·22 + h = 77942.3.
  const CORNER = `ST_Transform(ST_SetSRID(ST_PointN(ST_ExteriorRing(ST_Hexagon(2000, 41, 22)), 4), 31370), 4326)`;
  // Written straight to the database after earlier reads: wait until the app has heard of it
  // (hexagon rows are cached per data version).
  beforeAll(async () => {
    await writeAndWait(app, 'incidents', () =>
      app.db.pool.query(
        `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, geom) VALUES
           ('T-INC-HEX-1', 'overlast', '2024-02-01T10:00:00Z', 'politie', 'exact', ST_SetSRID(ST_MakePoint(4.0101, 50.0101), 4326)),
           ('T-INC-HEX-2', 'overlast', '2024-02-02T10:00:00Z', 'politie', 'exact', ST_SetSRID(ST_MakePoint(4.0102, 50.0102), 4326)),
           ('T-INC-HEX-CORNER', 'geweld', '2024-02-03T10:00:00Z', 'politie', 'exact', ${CORNER})`,
      ),
    );
  });
  afterAll(async () => {
    await writeAndWait(app, 'incidents', () =>
      app.db.pool.query(`DELETE FROM incidents WHERE source_id LIKE 'T-INC-HEX-%'`),
    );
  });

  it('counts a point on a corner of three hexagons once', async () => {
    // The corner really is on all three hexagons' outlines, as the grid (in WGS 84) has them.
    const { rows } = await app.db.pool.query<{ hexagons: string[] }>(
      `SELECT array_agg(h.i || ':' || h.j ORDER BY h.i, h.j) AS hexagons
         FROM incidents AS t, ST_HexagonGrid(2000, ST_Expand(ST_Transform(t.geom, 31370), 1)) AS h
        WHERE t.source_id = 'T-INC-HEX-CORNER' AND ST_Intersects(t.geom, ST_Transform(h.geom, 4326))`,
    );
    expect(rows[0]!.hexagons).toEqual(['41:22', '42:22', '42:23']);
    const fc = await hexagons('incidents', '?size=2000&category=geweld');
    // the first of the three in column, row order keeps it
    expect(counts(fc)).toEqual({ '41:22': 1 });
    expect(fc.total).toBe(1);
  });

  it('adds up the points that share a hexagon', async () => {
    const fc = await hexagons('incidents', '?size=2000');
    // 41:22 holds T-INC-1, the two added beside it and the corner point: 4; the others as before
    expect(counts(fc)).toEqual({ '41:22': 4, '42:23': 1, '42:24': 1, '43:24': 1, '44:25': 1 });
    expect(fc.total).toBe(8); // 5 + 3
    expect(fc.maxCount).toBe(4);
    // At 50 m T-INC-1 and the two beside it (about 13 and 26 m off) fall in the hexagons of the
    // nearest centres; the bbox (lon 4.0-4.015, lat 50.0-50.015) leaves out T-INC-2 and the corner point.
    const small = await hexagons('incidents', '?size=50&category=overlast&bbox=4.0,50.0,4.015,50.015');
    const near: [number, number][] = [
      [4.01, 50.01],
      [4.0101, 50.0101],
      [4.0102, 50.0102],
    ];
    expect(counts(small)).toEqual(tally((await lambert(near)).map((p) => hexagonOf(p, 50))));
    expect(small.total).toBe(3);
  });
});

describe('bad hexagon requests', () => {
  it.each([
    ['/api/layers/neighbourhoods/hexagons', 'id'],
    ['/api/layers/incidents/hexagons?size=49', 'size'],
    ['/api/layers/incidents/hexagons?size=2001', 'size'],
    ['/api/layers/incidents/hexagons?size=100.5', 'size'],
    ['/api/layers/incidents/hexagons?size=big', 'size'],
    ['/api/layers/incidents/hexagons?category=nope', 'category'],
    ['/api/layers/incidents/hexagons?bbox=4,50', 'bbox'],
    ['/api/layers/incidents/hexagons?datetime=yesterday', 'datetime'],
  ])('%s -> 400 naming %s', async (url, parameter) => {
    const response = await app.inject({ url, headers: { cookie: planner } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, parameter });
  });

  it('404s an unknown layer', async () => {
    const response = await app.inject('/api/layers/nope/hexagons');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, parameter: 'id' });
  });

  it('refuses a grid of too many hexagons rather than build it', async () => {
    // A point 700 km from the others (Berlin's longitude is outside Lambert 72's area, but it
    // still projects): at 50 m the extent would need millions of hexagons.
    await writeAndWait(app, 'youth_facilities', () =>
      app.db.pool.query(
        `INSERT INTO youth_facilities (source_id, name, kind, is_public, geom)
         VALUES ('T-JEUGD-FAR', 'Ver weg', 'school', true, ST_SetSRID(ST_MakePoint(13.4, 52.5), 4326))`,
      ),
    );
    try {
      const response = await app.inject('/api/layers/youth-facilities/hexagons?size=50');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, parameter: 'size' });
    } finally {
      await writeAndWait(app, 'youth_facilities', () =>
        app.db.pool.query(`DELETE FROM youth_facilities WHERE source_id = 'T-JEUGD-FAR'`),
      );
    }
  });
});
