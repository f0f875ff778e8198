import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createUser, login } from '../support/auth.ts';

/*
 * GET /api/hotspots on the fixture: municipality 99999 is the square lon 4.0–4.1, lat 50.0–50.1;
 * incidents T-INC-1 (4.01, 50.01) 2024-01-15, T-INC-2 (4.02, 50.02) 2024-06-01,
 * T-INC-3 (4.06, 50.06) 2024-12-31T23:30Z, T-INC-4 (4.07, 50.07) 2025-03-01T08:00Z and
 * T-INC-5 (4.09, 50.09) 2025-03-01T08:00Z (written 09:00+01:00).
 */

interface HotspotFeature {
  type: string;
  id: string;
  geometry: { type: string; coordinates: number[][][] };
  properties: { count: number; z: number | null; p: number | null; confidence: number };
}
interface HotspotCollection {
  type: string;
  layer: string;
  cell: number;
  period: { start: string; end: string };
  cells: number;
  total: number;
  mean: number | null;
  sd: number | null;
  correction: string;
  method: string;
  features: HotspotFeature[];
}

let app: FastifyInstance;
let planner: string;

beforeAll(async () => {
  app = await createTestApp();
  await createUser(app.db.pool, { username: 'hotspots-planner', role: 'planner', password: 'hotspots-planner-1' });
  planner = await login(app, 'hotspots-planner', 'hotspots-planner-1');
});
afterAll(async () => {
  await app.close();
});

async function hotspots(query: string, cookie = planner): Promise<HotspotCollection> {
  const response = await app.inject({ url: `/api/hotspots?${query}`, headers: { cookie } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
  return response.json<HotspotCollection>();
}

/**
 * The six ids that share an edge with column:row `id` in ST_HexagonGrid's numbering (odd
 * columns sit half a row higher): the rows above and below, and two rows of each side column.
 * Written out independently of the API, which finds neighbours by distance.
 */
function edgeNeighbourIds(id: string): string[] {
  const [i, j] = id.split(':').map(Number) as [number, number];
  const sideRows = Math.abs(i % 2) === 1 ? [j, j + 1] : [j - 1, j];
  return [`${i}:${j - 1}`, `${i}:${j + 1}`, ...sideRows.flatMap((r) => [`${i - 1}:${r}`, `${i + 1}:${r}`])];
}

/** W: the cell itself and its edge neighbours among the returned cells. */
function weightsOf(fc: HotspotCollection): Map<string, number> {
  const ids = new Set(fc.features.map((f) => f.id));
  return new Map([...ids].map((id) => [id, 1 + edgeNeighbourIds(id).filter((n) => ids.has(n)).length]));
}

/** The features whose polygon contains (lon, lat), by PostGIS. */
async function cellContaining(fc: HotspotCollection, lon: number, lat: number): Promise<HotspotFeature[]> {
  const { rows } = await app.db.pool.query<{ id: string }>(
    `SELECT f->>'id' AS id
       FROM json_array_elements($1::json) AS f
      WHERE ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326), ST_SetSRID(ST_MakePoint($2, $3), 4326))`,
    [JSON.stringify(fc.features), lon, lat],
  );
  return rows.map((row) => fc.features.find((f) => f.id === row.id)!);
}

describe('one incident in the period: Gi* by hand', () => {
  // 2024-06-01/2024-06-30 holds T-INC-2 only: x = 1 in its cell, 0 in the n − 1 others.
  // X̄ = 1/n, Σx²/n − X̄² = 1/n − 1/n² = (n − 1)/n², S = √(n − 1)/n. For a cell with W weights:
  //   the point is among them: (1 − W/n) / ((√(n−1)/n)·sqrt((nW − W²)/(n−1))) = (n − W)/sqrt(W(n − W)) = √((n − W)/W)
  //   it is not:               (0 − W/n) / (same)                              = −W/sqrt(W(n − W))     = −√(W/(n − W))
  // An interior cell has W = 7: √((n − 7)/7) for T-INC-2's cell and its six neighbours, −√(7/(n − 7)) elsewhere.
  const ONE = 'layer=incidents&period=2024-06-01/2024-06-30';

  it.each([250, 1000, 2000])('matches the closed form in every cell at %i m', async (cell) => {
    const fc = await hotspots(`${ONE}&cell=${cell}`);
    const n = fc.cells;
    expect(n).toBe(fc.features.length);
    expect(fc.total).toBe(1);
    expect(fc.mean).toBeCloseTo(1 / n, 12);
    expect(fc.sd).toBeCloseTo(Math.sqrt(n - 1) / n, 12);
    const [home] = fc.features.filter((f) => f.properties.count === 1);
    expect(fc.features.filter((f) => f.properties.count > 0)).toHaveLength(1);
    expect(await cellContaining(fc, 4.02, 50.02)).toEqual([home]);
    const touching = new Set([home!.id, ...edgeNeighbourIds(home!.id)]);
    const weights = weightsOf(fc);
    for (const feature of fc.features) {
      const w = weights.get(feature.id)!;
      const expected = touching.has(feature.id) ? Math.sqrt((n - w) / w) : -Math.sqrt(w / (n - w));
      expect(feature.properties.z, `${cell} m, ${feature.id} (W = ${w})`).toBeCloseTo(expected, 9);
    }
  });

  it('at 250 m: an interior cell, hot at 99 % with its six neighbours, nothing cold', async () => {
    const fc = await hotspots(ONE); // cell 250 and FDR by default
    expect(fc.cell).toBe(250);
    expect(fc.correction).toBe('fdr');
    const n = fc.cells;
    // The square is about 7.15 × 11.12 km = 79.5 km²; a 250 m hexagon is 3√3/2·250² = 162,380 m²: about 490.
    expect(n).toBeGreaterThan(470);
    expect(n).toBeLessThan(510);
    const home = fc.features.find((f) => f.properties.count === 1)!;
    const weights = weightsOf(fc);
    expect(weights.get(home.id)).toBe(7);
    const hot = new Set([home.id, ...edgeNeighbourIds(home.id)]);
    for (const id of hot) expect(weights.get(id), id).toBe(7);
    // z = √((n − 7)/7) ≈ 8.3 in the seven, p ≈ 10⁻¹⁶; FDR at α = 0.01 over n: k = 7 passes (7·0.01/n ≈ 1.4·10⁻⁴),
    // k = 8 needs p = 0.9 (z = −√(7/(n − 7)) ≈ −0.12) ≤ 8·0.01/n: no. So the seven are 99, the rest 0.
    for (const feature of fc.features) {
      expect(feature.properties.confidence, feature.id).toBe(hot.has(feature.id) ? 99 : 0);
    }
    const homeZ = Math.sqrt((n - 7) / 7);
    expect(home.properties.z).toBeCloseTo(homeZ, 9);
    expect(home.properties.p).toBeLessThan(1e-12);
    const far = fc.features.find((f) => !hot.has(f.id) && weights.get(f.id) === 7)!;
    expect(far.properties.z).toBeCloseTo(-Math.sqrt(7 / (n - 7)), 9);
    // p of z = −0.12: 2·Φ(−0.12) ≈ 0.90
    expect(far.properties.p).toBeGreaterThan(0.85);
    expect(far.properties.p).toBeLessThan(0.95);
  });

  it('gives the same bins without correction here (|z| ≥ 2.576 in the seven, ≈ 0.12 elsewhere)', async () => {
    const fdr = await hotspots(ONE);
    const plain = await hotspots(`${ONE}&correction=none`);
    expect(plain.correction).toBe('none');
    expect(plain.method).toMatch(/without correction/);
    expect(fdr.method).toMatch(/Benjamini-Hochberg/);
    expect(plain.features.map((f) => [f.id, f.properties.confidence])).toEqual(
      fdr.features.map((f) => [f.id, f.properties.confidence]),
    );
  });
});

describe('counts per cell', () => {
  const INCIDENTS: Record<string, [number, number]> = {
    'T-INC-1': [4.01, 50.01],
    'T-INC-2': [4.02, 50.02],
    'T-INC-3': [4.06, 50.06],
    'T-INC-4': [4.07, 50.07],
    'T-INC-5': [4.09, 50.09],
  };

  it('add up to the incidents in the period, filtered as the features API filters', async () => {
    const cases: [string, number][] = [
      ['period=2024-01-01/2024-12-31', 3], // T-INC-1..3
      ['period=2024-01-01/2025-12-31', 5],
      ['period=2025-01-01/2025-12-31', 2], // T-INC-4, 5
      ['period=2024-12-31/2024-12-31', 1], // T-INC-3 at 23:30Z: a bare end date holds the whole UTC day
      ['period=2024-06-01', 1], // one day is a closed period too: T-INC-2
      ['period=2025-03-01T08:00:00Z/2025-03-01T08:00:00Z', 2], // T-INC-4 and T-INC-5 (09:00+01:00)
      ['period=2024-01-01/2024-12-31&category=overlast', 2], // T-INC-1, 2
      ['period=2024-01-01/2025-12-31&category=woninginbraak,verkeer', 2], // T-INC-3, 5
      ['period=2024-01-01/2025-12-31&source=politie&category=overlast', 1], // T-INC-2
    ];
    for (const [query, expected] of cases) {
      const fc = await hotspots(`layer=incidents&${query}`);
      expect(fc.total, query).toBe(expected);
      expect(
        fc.features.reduce((sum, f) => sum + f.properties.count, 0),
        query,
      ).toBe(expected);
      const features = await app.inject({
        url: `/api/layers/incidents/features?${query.replace('period=', 'datetime=')}`,
        headers: { cookie: planner },
      });
      expect(features.json<{ numberMatched: number }>().numberMatched, query).toBe(expected);
    }
  });

  it('puts each incident in the cell whose polygon contains it', async () => {
    const fc = await hotspots('layer=incidents&period=2024-01-01/2025-12-31&cell=500');
    const expected = new Map<string, number>();
    for (const [name, [lon, lat]] of Object.entries(INCIDENTS)) {
      const cells = await cellContaining(fc, lon, lat);
      expect(cells, name).toHaveLength(1);
      expected.set(cells[0]!.id, (expected.get(cells[0]!.id) ?? 0) + 1);
    }
    const counted = new Map(fc.features.filter((f) => f.properties.count > 0).map((f) => [f.id, f.properties.count]));
    expect(counted).toEqual(expected);
  });

  it('counts vacant buildings on the register during the period', async () => {
    // 2024: T-LEEG-B (2023-05-01, open) and T-LEEG-C (2024-02-01, open); T-LEEG-A ended in 2022.
    const fc = await hotspots('layer=vacant-buildings&period=2024-01-01/2024-12-31&cell=1000');
    expect(fc.layer).toBe('vacant-buildings');
    expect(fc.total).toBe(2);
    expect((await cellContaining(fc, 4.06, 50.04))[0]!.properties.count).toBe(1);
    expect((await cellContaining(fc, 4.08, 50.08))[0]!.properties.count).toBe(1);
  });
});

describe('the study area', () => {
  /** Centre of hexagon column:row in EPSG:31370, as ST_HexagonGrid lays them, in WGS 84 by PostGIS. */
  async function centres(ids: string[], cell: number): Promise<Map<string, [number, number]>> {
    const xy = ids.map((id) => {
      const [i, j] = id.split(':').map(Number) as [number, number];
      return [1.5 * cell * i, Math.sqrt(3) * cell * (j + (Math.abs(i % 2) === 1 ? 0.5 : 0))];
    });
    const { rows } = await app.db.pool.query<{ lon: number; lat: number }>(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat
         FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(x, y, n),
              LATERAL ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 31370), 4326) AS p
        ORDER BY n`,
      [xy.map((p) => p[0]), xy.map((p) => p[1])],
    );
    return new Map(ids.map((id, k) => [id, [rows[k]!.lon, rows[k]!.lat]]));
  }
  const inSquare = ([lon, lat]: [number, number]) => lon >= 4.0 && lon <= 4.1 && lat >= 50.0 && lat <= 50.1;

  it.each([250, 2000])(
    'is every hexagon whose centre is inside the municipality, and no other (%i m)',
    async (cell) => {
      const fc = await hotspots(`layer=incidents&period=2024-01-01/2024-12-31&cell=${cell}`);
      const ids = new Set(fc.features.map((f) => f.id));
      expect(ids.size).toBe(fc.cells);
      const ring = [...new Set([...ids].flatMap(edgeNeighbourIds))].filter((id) => !ids.has(id));
      const located = await centres([...ids, ...ring], cell);
      for (const id of ids) expect(inSquare(located.get(id)!), `${id} inside`).toBe(true);
      // The square is convex: if the ring around the returned cells lies outside, nothing inside was left out.
      for (const id of ring) expect(inSquare(located.get(id)!), `${id} outside`).toBe(false);
      for (const feature of fc.features) {
        expect(feature.type).toBe('Feature');
        expect(feature.geometry.type).toBe('Polygon');
        expect(feature.geometry.coordinates[0]).toHaveLength(7);
      }
    },
  );

  it('keeps empty cells: with no incident in the period every z is undefined', async () => {
    const fc = await hotspots('layer=incidents&period=2023-01-01/2023-12-31&cell=1000');
    // 79.5 km² over 3√3/2 km² = 2.598 km² per hexagon: about 31 cells
    expect(fc.cells).toBeGreaterThan(25);
    expect(fc.cells).toBeLessThan(37);
    expect(fc.total).toBe(0);
    expect(fc.mean).toBe(0);
    expect(fc.sd).toBe(0);
    for (const feature of fc.features) {
      expect(feature.properties).toEqual({ count: 0, z: null, p: null, confidence: 0 });
    }
  });
});

describe('who may ask, and bad requests', () => {
  it('refuses anonymous visitors with 401 and serves coordinators and admins', async () => {
    const anonymous = await app.inject('/api/hotspots?layer=incidents&period=2024-01-01/2024-12-31');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.json()).toMatchObject({ status: 401, detail: expect.stringMatching(/sign in/i) });
    for (const role of ['coordinator', 'admin'] as const) {
      await createUser(app.db.pool, { username: `hotspots-${role}`, role, password: `hotspots-${role}-1` });
      const cookie = await login(app, `hotspots-${role}`, `hotspots-${role}-1`);
      expect((await hotspots('layer=incidents&period=2024-01-01/2024-12-31', cookie)).total).toBe(3);
    }
  });

  it.each([
    ['period=2024-01-01/2024-12-31', 'layer'], // missing
    ['layer=nope&period=2024-01-01/2024-12-31', 'layer'],
    ['layer=neighbourhoods&period=2024-01-01/2024-12-31', 'layer'], // polygons
    ['layer=youth-facilities&period=2024-01-01/2024-12-31', 'layer'], // points without time
    ['layer=incidents', 'period'], // missing
    ['layer=incidents&period=2024-01-01/..', 'period'], // open
    ['layer=incidents&period=yesterday', 'period'],
    ['layer=incidents&period=2024-12-31/2024-01-01', 'period'], // ends before it starts
    ['layer=incidents&period=2024-02-30/2024-12-31', 'period'],
    ['layer=incidents&period=2024-01-01/2024-12-31&cell=99', 'cell'],
    ['layer=incidents&period=2024-01-01/2024-12-31&cell=2001', 'cell'],
    ['layer=incidents&period=2024-01-01/2024-12-31&cell=250.5', 'cell'],
    ['layer=incidents&period=2024-01-01/2024-12-31&cell=big', 'cell'],
    ['layer=incidents&period=2024-01-01/2024-12-31&correction=bonferroni', 'correction'],
    ['layer=incidents&period=2024-01-01/2024-12-31&category=nope', 'category'],
    ['layer=incidents&period=2024-01-01/2024-12-31&source=nope', 'source'],
    ['layer=vacant-buildings&period=2024-01-01/2024-12-31&status=nope', 'status'],
  ])('%s -> 400 naming %s', async (query, parameter) => {
    const response = await app.inject({ url: `/api/hotspots?${query}`, headers: { cookie: planner } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, parameter });
  });

  it('refuses a grid of too many hexagons rather than build it', async () => {
    // A second municipality of 2° × 1° (about 143 × 111 km): at 100 m that is some 600,000 hexagons.
    await app.db.pool.query(
      `INSERT INTO municipalities (nis_code, name, geom)
       VALUES ('99998', 'Te groot', ST_Multi(ST_MakeEnvelope(3.0, 50.5, 5.0, 51.5, 4326)))`,
    );
    try {
      const response = await app.inject({
        url: '/api/hotspots?layer=incidents&period=2024-01-01/2024-12-31&cell=100',
        headers: { cookie: planner },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, parameter: 'cell' });
    } finally {
      await app.db.pool.query(`DELETE FROM municipalities WHERE nis_code = '99998'`);
    }
  });
});
