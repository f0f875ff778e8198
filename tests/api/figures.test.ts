import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsBySector } from '../../api/src/indicators/compute.ts';
import { buildCountsQuery, type CountRow } from '../../api/src/indicators/figures-query.ts';
import { findIndicator } from '../../api/src/indicators/registry.ts';
import { createTestApp, writeAndWait } from '../support/app.ts';
import { signInPlanner } from '../support/staff.ts';

/*
 * Expected values are computed by hand from tests/fixtures/api-fixture.sql:
 *   WEST 99999A00-: 1000 residents, 400 dwellings, lon 4.00–4.05 (lat 50.0–50.1)
 *   OOST 99999A01-:   50 residents,  20 dwellings, lon 4.05–4.10
 *   incidents  T-INC-1 overlast      2024-01-15T22:00Z (4.01, 50.01) WEST
 *              T-INC-2 overlast      2024-06-01T12:00Z (4.02, 50.02) WEST
 *              T-INC-3 woninginbraak 2024-12-31T23:30Z (4.06, 50.06) OOST
 *              T-INC-4 diefstal      2025-03-01T08:00Z (4.07, 50.07) OOST
 *              T-INC-5 verkeer       2025-03-01T08:00Z (09:00+01:00) (4.09, 50.09) OOST
 *   vacancy    T-LEEG-A woning leegstaand           2020-01-01 – 2022-06-30 (4.01, 50.03) WEST
 *              T-LEEG-B gebouw verwaarloosd         2023-05-01 – open       (4.06, 50.04) OOST
 *              T-LEEG-C bedrijfsruimte onbewoonbaar 2024-02-01 – open       (4.08, 50.08) OOST
 *   facilities T-JEUGD-1 school    (4.03, 50.03) WEST
 *              T-JEUGD-2 skatepark (4.07, 50.02) OOST
 * OOST is below every minimum denominator (50 < 100 residents, 20 < 50 dwellings).
 */

const WEST = '99999A00-';
const OOST = '99999A01-';

interface Row {
  code: string;
  name: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  unstable: boolean;
}
interface Period {
  start: string | null;
  end: string | null;
}
interface Figures {
  indicator: string;
  period: Period | null;
  previousPeriod: Period | null;
  rows: Row[];
}
interface Series {
  code: string;
  name: string;
  indicator: string;
  interval: string;
  points: (Omit<Row, 'code' | 'name'> & { period: string; start: string; end: string })[];
}

// As a planner: the fixture's counts are all below k, which the public never sees
// (suppression: tests/api/privacy.test.ts).
let app: FastifyInstance;
let planner: string;
beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'figures-planner');
});
afterAll(async () => {
  await app.close();
});

async function get<T>(url: string): Promise<T> {
  const response = await app.inject({ url, headers: { cookie: planner } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

const figures = (query: string) => get<Figures>(`/api/neighbourhoods/figures?${query}`);
const series = (code: string, query: string) => get<Series>(`/api/neighbourhoods/${code}/series?${query}`);

/** [code, value, numerator, denominator, unstable] per row, for compact expectations. */
const table = ({ rows }: Figures) => rows.map((r) => [r.code, r.value, r.numerator, r.denominator, r.unstable]);
const pointsOf = ({ points }: Series) => points.map((p) => [p.period, p.value, p.numerator, p.denominator, p.unstable]);

async function problem(url: string, status: number, parameter?: string) {
  const response = await app.inject({ url, headers: { cookie: planner } });
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<{ status: number; detail: string; parameter?: string }>();
  expect(body.status).toBe(status);
  expect(body.parameter).toBe(parameter);
  return body;
}

describe('GET /api/indicators', () => {
  it('describes the indicators from the registry', async () => {
    const { indicators } = await get<{
      indicators: {
        id: string;
        title: { nl: string; en: string };
        unit: { nl: string; en: string };
        kind: string;
        temporal: boolean;
        filters: string[];
        layer: string;
        minimumDenominator: number | null;
        direction: string;
        themes: string[];
        source: { nl: string; en: string };
      }[];
    }>('/api/indicators');
    expect(indicators.map((i) => [i.id, i.kind, i.temporal, i.filters, i.layer, i.minimumDenominator])).toEqual([
      ['incidents-per-1000-residents', 'rate', true, ['category'], 'incidents', 100],
      ['vacant-buildings-per-1000-dwellings', 'rate', true, ['status', 'kind'], 'vacant-buildings', 50],
      ['long-term-vacant-per-1000-dwellings', 'rate', true, ['status', 'kind'], 'vacant-buildings', 50],
      ['burglaries-per-1000-dwellings', 'rate', true, [], 'incidents', 50],
      ['neighbour-disputes-per-1000-residents', 'rate', true, [], 'incidents', 100],
      ['nuisance-per-1000-residents', 'rate', true, ['category'], 'incidents', 100],
      ['nuisance-near-youth-facilities-per-1000-residents', 'rate', true, ['category'], 'incidents', 100],
      ['youth-facilities-within-500m', 'count-within', false, ['kind'], 'youth-facilities', null],
      ['illegal-dumping-per-1000-residents', 'rate', true, [], 'incidents', 100],
      ['incidents-change', 'change', true, ['category'], 'incidents', 5],
      // staff only (this caller is a planner): tests/api/signal-indicators.test.ts
      ['open-signals', 'count', true, ['kind', 'phase'], 'signals', null],
      ['median-days-to-close', 'median-duration', true, ['kind', 'phase'], 'signals', null],
    ]);
    expect(indicators.map((i) => [i.id, i.direction, i.themes])).toContainEqual([
      'youth-facilities-within-500m',
      'higher-is-better',
      ['jongeren'],
    ]);
    expect(indicators.find((i) => i.id === 'incidents-change')!.themes).toEqual([]);
    expect(indicators.every((i) => i.source.nl.length > 0 && i.source.en.length > 0)).toBe(true);
    expect(indicators[0]!.unit).toEqual({ nl: 'per 1.000 inwoners', en: 'per 1,000 residents' });
    const youth = indicators.find((i) => i.id === 'youth-facilities-within-500m')!;
    expect(youth.title.en).toMatch(/straight-line/);
    expect(youth.title.nl).toMatch(/hemelsbreed/);
    expect(JSON.stringify(indicators)).not.toMatch(/occurred_at|vacant_buildings|population/); // no SQL names
  });

  it('an indicator counting one category refuses a category outside it', async () => {
    const response = await app.inject({
      url: '/api/neighbourhoods/figures?indicator=nuisance-per-1000-residents&period=2024-01-01/2024-12-31&category=diefstal',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ parameter: 'category' });
    expect(response.json<{ detail: string }>().detail).toContain('counts only overlast, vandalisme; not: diefstal');
  });

  it('an indicator with a subset narrows a category filter to it', async () => {
    // Nuisance 2024 (overlast, vandalisme): T-INC-1 and T-INC-2 in WEST; overlast alone: the same two.
    const body = await figures('indicator=nuisance-per-1000-residents&period=2024-01-01/2024-12-31&category=overlast');
    expect(body.rows.map((r) => [r.code, r.numerator])).toEqual([
      [WEST, 2],
      [OOST, 0],
    ]);
    // Burglaries per 1,000 dwellings in 2024: T-INC-3 in OOST, 1000 · 1 / 20 = 50.
    const burglaries = await figures('indicator=burglaries-per-1000-dwellings&period=2024-01-01/2024-12-31');
    expect(burglaries.rows.map((r) => [r.code, r.numerator, r.value])).toEqual([
      [WEST, 0, 0],
      [OOST, 1, 50],
    ]);
  });
});

describe('unit=ward: figures per ward, its sectors summed', () => {
  it('counts a rate over the residents of the ward: Testwijk = WEST + OOST', async () => {
    // 2024: T-INC-1, T-INC-2 (WEST) and T-INC-3 (OOST) = 3 incidents; 1000 + 50 = 1050 residents
    // → 1000 · 3 / 1050 = 2.857143. The ward is not unstable: 1050 ≥ 100.
    const body = await figures('indicator=incidents-per-1000-residents&period=2024-01-01/2024-12-31&unit=ward');
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ code: '99999W01', name: 'Testwijk', numerator: 3, denominator: 1050 });
    expect(body.rows[0]!.value!).toBeCloseTo(2.857143, 6);
    expect(body.rows[0]!.unstable).toBe(false);
  });

  it('counts facilities inside the ward or within 500 m of its edge', async () => {
    // Both facilities lie inside the ward (the whole municipality square).
    const body = await figures('indicator=youth-facilities-within-500m&unit=ward');
    expect(body.rows.map((r) => [r.code, r.value])).toEqual([['99999W01', 2]]);
  });

  it('serves repeated figures from the cache, and new figures after a write to the counted table', async () => {
    const query = 'indicator=incidents-per-1000-residents&category=drugs';
    const cached = app.queryResults.size;
    expect(table(await figures(query))[0]).toEqual([WEST, 0, 0, 1000, false]);
    expect(app.queryResults.size).toBe(cached + 1);
    await figures(query);
    expect(app.queryResults.size).toBe(cached + 1); // the same rows, not counted again
    await writeAndWait(app, 'incidents', () =>
      app.db.pool.query(
        `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, geom)
         VALUES ('T-TMP-CACHE', 'drugs', '2024-03-01T10:00:00Z', 'politie', 'exact', ST_SetSRID(ST_MakePoint(4.01, 50.05), 4326))`,
      ),
    );
    try {
      // 1 × 1000 / 1000 residents = 1 per 1,000 in WEST.
      expect(table(await figures(query))[0]).toEqual([WEST, 1, 1, 1000, false]);
    } finally {
      await writeAndWait(app, 'incidents', () =>
        app.db.pool.query(`DELETE FROM incidents WHERE source_id = 'T-TMP-CACHE'`),
      );
    }
    expect(table(await figures(query))[0]).toEqual([WEST, 0, 0, 1000, false]);
  });

  it('refuses another unit', async () => {
    const response = await app.inject('/api/neighbourhoods/figures?indicator=incidents-per-1000-residents&unit=street');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ detail: string }>().detail).toMatch(/unit/);
  });
});

describe('incidents-per-1000-residents', () => {
  it('counts all time without a period, every sector present and ordered by code', async () => {
    const body = await figures('indicator=incidents-per-1000-residents');
    expect(body.indicator).toBe('incidents-per-1000-residents');
    expect(body.period).toBeNull();
    expect(body.previousPeriod).toBeNull();
    expect(body.rows.map((r) => r.name)).toEqual(['WEST', 'OOST']);
    expect(table(body)).toEqual([
      [WEST, 2, 2, 1000, false], // T-INC-1, T-INC-2: 1000 * 2 / 1000 = 2
      [OOST, 60, 3, 50, true], // T-INC-3..5: 1000 * 3 / 50 = 60; 50 residents < 100 → unstable
    ]);
  });

  it('includes the whole UTC day of a bare end date', async () => {
    const body = await figures('indicator=incidents-per-1000-residents&period=2024-01-01/2024-12-31');
    expect(body.period).toEqual({ start: '2024-01-01T00:00:00.000Z', end: '2024-12-31T23:59:59.999Z' });
    expect(table(body)).toEqual([
      [WEST, 2, 2, 1000, false], // T-INC-1, T-INC-2
      [OOST, 20, 1, 50, true], // T-INC-3 at 2024-12-31T23:30Z: 1000 * 1 / 50 = 20
    ]);
    // Ending at 23:00 leaves T-INC-3 out: 0 incidents, value 0 (not null: 50 residents).
    const before = await figures(
      `indicator=incidents-per-1000-residents&period=${encodeURIComponent('2024-01-01/2024-12-31T23:00:00Z')}`,
    );
    expect(table(before)[1]).toEqual([OOST, 0, 0, 50, true]);
  });

  it('reads offsets: T-INC-5 (09:00+01:00) is at the instant 08:00Z', async () => {
    const body = await figures(
      `indicator=incidents-per-1000-residents&period=${encodeURIComponent('2025-03-01T08:00:00Z')}`,
    );
    expect(body.period).toEqual({ start: '2025-03-01T08:00:00.000Z', end: '2025-03-01T08:00:00.000Z' });
    expect(table(body)).toEqual([
      [WEST, 0, 0, 1000, false],
      [OOST, 40, 2, 50, true], // T-INC-4 and T-INC-5: 1000 * 2 / 50 = 40
    ]);
  });

  it('keeps open periods open', async () => {
    const body = await figures('indicator=incidents-per-1000-residents&period=2025-01-01/..');
    expect(body.period).toEqual({ start: '2025-01-01T00:00:00.000Z', end: null });
    expect(table(body)).toEqual([
      [WEST, 0, 0, 1000, false],
      [OOST, 40, 2, 50, true], // T-INC-4, T-INC-5
    ]);
  });

  it('filters by category', async () => {
    expect(table(await figures('indicator=incidents-per-1000-residents&category=overlast,woninginbraak'))).toEqual([
      [WEST, 2, 2, 1000, false], // T-INC-1, T-INC-2 (overlast)
      [OOST, 20, 1, 50, true], // T-INC-3 (woninginbraak): 1000 * 1 / 50
    ]);
    expect(table(await figures('indicator=incidents-per-1000-residents&category=diefstal'))).toEqual([
      [WEST, 0, 0, 1000, false],
      [OOST, 20, 1, 50, true], // T-INC-4
    ]);
  });
});

describe('vacant-buildings-per-1000-dwellings', () => {
  it('counts every registration over all time', async () => {
    expect(table(await figures('indicator=vacant-buildings-per-1000-dwellings'))).toEqual([
      [WEST, 2.5, 1, 400, false], // T-LEEG-A: 1000 * 1 / 400 = 2.5
      [OOST, 100, 2, 20, true], // T-LEEG-B, C: 1000 * 2 / 20 = 100; 20 dwellings < 50 → unstable
    ]);
  });

  it('counts a building when its register period intersects the requested one', async () => {
    // T-LEEG-A resolved 2022-06-30: still on the register on the period's first day.
    expect(table(await figures('indicator=vacant-buildings-per-1000-dwellings&period=2022-06-30/2022-12-31'))).toEqual([
      [WEST, 2.5, 1, 400, false],
      [OOST, 0, 0, 20, true],
    ]);
    // The day after A's resolution up to the day before B's registration (2023-05-01): nothing.
    expect(table(await figures('indicator=vacant-buildings-per-1000-dwellings&period=2022-07-01/2023-04-30'))).toEqual([
      [WEST, 0, 0, 400, false],
      [OOST, 0, 0, 20, true],
    ]);
    // A bare end date 2023-05-01 includes B's registration day: 1000 * 1 / 20 = 50.
    expect(table(await figures('indicator=vacant-buildings-per-1000-dwellings&period=2022-07-01/2023-05-01'))).toEqual([
      [WEST, 0, 0, 400, false],
      [OOST, 50, 1, 20, true],
    ]);
    // B and C are still open (ongoing), so a period long after their registration holds both.
    expect(table(await figures('indicator=vacant-buildings-per-1000-dwellings&period=2030-01-01/2030-12-31'))).toEqual([
      [WEST, 0, 0, 400, false],
      [OOST, 100, 2, 20, true],
    ]);
  });

  it('filters by status and kind', async () => {
    expect(table(await figures('indicator=vacant-buildings-per-1000-dwellings&status=onbewoonbaar'))).toEqual([
      [WEST, 0, 0, 400, false],
      [OOST, 50, 1, 20, true], // T-LEEG-C: 1000 * 1 / 20
    ]);
    expect(table(await figures('indicator=vacant-buildings-per-1000-dwellings&kind=woning'))).toEqual([
      [WEST, 2.5, 1, 400, false], // T-LEEG-A
      [OOST, 0, 0, 20, true],
    ]);
    const both = await figures(
      'indicator=vacant-buildings-per-1000-dwellings&status=verwaarloosd,onbewoonbaar&kind=gebouw',
    );
    expect(table(both)[1]).toEqual([OOST, 50, 1, 20, true]); // T-LEEG-B only
  });
});

describe('youth-facilities-within-500m', () => {
  /*
   * Straight-line distances (1° of longitude at 50.0°N ≈ 71.7 km):
   *   T-JEUGD-1 (4.03, 50.03) lies in WEST; to OOST's edge at lon 4.05: 0.02 × 71.7 km ≈ 1,434 m > 500 m.
   *   T-JEUGD-2 (4.07, 50.02) lies in OOST; to WEST's edge at lon 4.05: 0.02 × 71.7 km ≈ 1,434 m > 500 m.
   * So each sector counts only its own facility (a radius of 1.5 km or more would give 2 and 2).
   */
  it('counts the facilities inside or within 500 m, never unstable, without a denominator', async () => {
    const body = await figures('indicator=youth-facilities-within-500m');
    expect(body.period).toBeNull();
    expect(table(body)).toEqual([
      [WEST, 1, 1, null, false],
      [OOST, 1, 1, null, false],
    ]);
  });

  it('filters by kind and ignores the period', async () => {
    const schools = await figures('indicator=youth-facilities-within-500m&kind=school&period=1990-01-01/1990-12-31');
    expect(schools.period).toBeNull();
    expect(table(schools)).toEqual([
      [WEST, 1, 1, null, false], // T-JEUGD-1
      [OOST, 0, 0, null, false], // T-JEUGD-1 is ~1.43 km from OOST
    ]);
    expect(table(await figures('indicator=youth-facilities-within-500m&kind=skatepark'))).toEqual([
      [WEST, 0, 0, null, false], // T-JEUGD-2 is ~1.43 km from WEST
      [OOST, 1, 1, null, false],
    ]);
  });
});

describe('incidents-change', () => {
  it('compares a calendar year with the year before', async () => {
    const body = await figures('indicator=incidents-change&period=2025-01-01/2025-12-31');
    expect(body.period).toEqual({ start: '2025-01-01T00:00:00.000Z', end: '2025-12-31T23:59:59.999Z' });
    expect(body.previousPeriod).toEqual({ start: '2024-01-01T00:00:00.000Z', end: '2024-12-31T23:59:59.999Z' });
    expect(table(body)).toEqual([
      [WEST, -100, 0, 2, true], // now 0, before T-INC-1, T-INC-2: 100 * (0 - 2) / 2 = -100; 2 < 5 → unstable
      [OOST, 100, 2, 1, true], // now T-INC-4, T-INC-5, before T-INC-3: 100 * (2 - 1) / 1 = 100
    ]);
  });

  it('includes both ends of both periods, and gives null for a previous count of 0', async () => {
    /*
     * period 2024-06-01T12:00:00.001Z … 2024-12-31T23:30:00.000Z, length 213 d 11 h 30 min − 1 ms.
     * previous: ends 1 ms before, at 2024-06-01T12:00:00.000Z (T-INC-2's instant), and starts
     * 213 d 11 h 30 min − 1 ms earlier: 2023-11-01T00:30:00.001Z.
     * WEST: now 0, before T-INC-1 and T-INC-2 → -100. OOST: now T-INC-3 (at the end), before 0 → null.
     */
    const period = encodeURIComponent('2024-06-01T12:00:00.001Z/2024-12-31T23:30:00Z');
    const body = await figures(`indicator=incidents-change&period=${period}`);
    expect(body.previousPeriod).toEqual({ start: '2023-11-01T00:30:00.001Z', end: '2024-06-01T12:00:00.000Z' });
    expect(table(body)).toEqual([
      [WEST, -100, 0, 2, true],
      [OOST, null, 1, 0, true],
    ]);
  });

  it('filters by category in both periods', async () => {
    // overlast only: now (2025) 0 in both sectors; before: WEST T-INC-1, T-INC-2 → -100; OOST 0 → null.
    const body = await figures('indicator=incidents-change&period=2025-01-01/2025-12-31&category=overlast');
    expect(table(body)).toEqual([
      [WEST, -100, 0, 2, true],
      [OOST, null, 0, 0, true],
    ]);
  });
});

describe('edge cases the fixture lacks, in a transaction that is rolled back', () => {
  /*
   * Rows are added on one connection inside a transaction and the counts query runs on that
   * same connection, then everything is rolled back: other test files never see the rows.
   */
  async function countsWith(insert: string, indicatorId: string, values: Record<string, string[]> = {}) {
    const client = await app.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(insert);
      const query = buildCountsQuery({
        indicator: findIndicator(indicatorId)!,
        values,
        periods: [{ start: null, end: null }],
      });
      const { rows } = await client.query<CountRow>(query.text, query.values);
      return countsBySector(rows).map((sector) => [sector.code, sector.counts]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  it('puts a point on the shared border in the lowest sector code only, and one outside in none', async () => {
    const counts = await countsWith(
      `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, geom) VALUES
         ('T-TMP-BORDER', 'drugs', '2024-03-01T10:00:00Z', 'politie', 'exact', ST_SetSRID(ST_MakePoint(4.05, 50.05), 4326)),
         ('T-TMP-OUTSIDE', 'drugs', '2024-03-01T10:00:00Z', 'politie', 'exact', ST_SetSRID(ST_MakePoint(4.2, 50.05), 4326))`,
      'incidents-per-1000-residents',
      { category: ['drugs'] },
    );
    // lon 4.05 is the edge of both sectors: WEST (99999A00- < 99999A01-) gets it; lon 4.2 is outside both.
    expect(counts).toEqual([
      [WEST, [1]],
      [OOST, [0]],
    ]);
  });

  it('counts a facility within 500 m of another sector for that sector too', async () => {
    /*
     * Both in WEST at lat 50.05, where 1° of longitude is 111.32 km × cos(50.05°) ≈ 71.47 km:
     *   T-TMP-NEAR at lon 4.0432: 0.0068° × 71.47 km ≈ 486 m from OOST's edge (lon 4.05) → WEST and OOST
     *   T-TMP-FAR  at lon 4.0425: 0.0075° × 71.47 km ≈ 536 m from OOST's edge          → WEST only
     * With T-JEUGD-1 (WEST) and T-JEUGD-2 (OOST): WEST 1 + 2 = 3, OOST 1 + 1 = 2.
     */
    const counts = await countsWith(
      `INSERT INTO youth_facilities (source_id, name, kind, is_public, geom) VALUES
         ('T-TMP-NEAR', 'Dichtbij', 'speeltuin', true, ST_SetSRID(ST_MakePoint(4.0432, 50.05), 4326)),
         ('T-TMP-FAR', 'Veraf', 'speeltuin', true, ST_SetSRID(ST_MakePoint(4.0425, 50.05), 4326))`,
      'youth-facilities-within-500m',
    );
    expect(counts).toEqual([
      [WEST, [3]],
      [OOST, [2]],
    ]);
  });
});

describe('GET /api/neighbourhoods/:code/series', () => {
  it('gives one point per calendar year from the first to the last year of the layer data', async () => {
    const west = await series(WEST, 'indicator=incidents-per-1000-residents');
    expect(west).toMatchObject({
      code: WEST,
      name: 'WEST',
      indicator: 'incidents-per-1000-residents',
      interval: 'year',
    });
    // Incidents run from 2024-01-15 to 2025-03-01: years 2024 and 2025.
    expect(west.points).toEqual([
      {
        period: '2024',
        start: '2024-01-01T00:00:00.000Z',
        end: '2024-12-31T23:59:59.999Z',
        value: 2, // T-INC-1, T-INC-2: 1000 * 2 / 1000
        numerator: 2,
        denominator: 1000,
        unstable: false,
      },
      {
        period: '2025',
        start: '2025-01-01T00:00:00.000Z',
        end: '2025-12-31T23:59:59.999Z',
        value: 0,
        numerator: 0,
        denominator: 1000,
        unstable: false,
      },
    ]);
    expect(pointsOf(await series(OOST, 'indicator=incidents-per-1000-residents&interval=year'))).toEqual([
      ['2024', 20, 1, 50, true], // T-INC-3 (2024-12-31T23:30Z is still 2024 in UTC): 1000 * 1 / 50
      ['2025', 40, 2, 50, true], // T-INC-4, T-INC-5
    ]);
  });

  it('gives months within a period, and filters', async () => {
    const months = await series(
      OOST,
      'indicator=incidents-per-1000-residents&interval=month&period=2024-12-01/2025-03-31',
    );
    expect(months.interval).toBe('month');
    expect(pointsOf(months)).toEqual([
      ['2024-12', 20, 1, 50, true], // T-INC-3
      ['2025-01', 0, 0, 50, true],
      ['2025-02', 0, 0, 50, true],
      ['2025-03', 40, 2, 50, true], // T-INC-4, T-INC-5
    ]);
    expect(months.points[2]).toMatchObject({ start: '2025-02-01T00:00:00.000Z', end: '2025-02-28T23:59:59.999Z' });
    expect(pointsOf(await series(OOST, 'indicator=incidents-per-1000-residents&category=verkeer'))).toEqual([
      ['2024', 0, 0, 50, true],
      ['2025', 20, 1, 50, true], // T-INC-5
    ]);
  });

  it('compares each year of a change series with the year before', async () => {
    expect(pointsOf(await series(OOST, 'indicator=incidents-change'))).toEqual([
      ['2024', null, 1, 0, true], // T-INC-3 against nothing in 2023
      ['2025', 100, 2, 1, true], // T-INC-4, T-INC-5 against T-INC-3: 100 * (2 - 1) / 1
    ]);
    expect(pointsOf(await series(WEST, 'indicator=incidents-change'))).toEqual([
      ['2024', null, 2, 0, true],
      ['2025', -100, 0, 2, true], // 100 * (0 - 2) / 2
    ]);
  });

  it('follows vacancy register periods across the years', async () => {
    // Register data run from 2020-01-01 (A registered) to 2024-02-01 (C registered): 2020–2024.
    expect(pointsOf(await series(WEST, 'indicator=vacant-buildings-per-1000-dwellings'))).toEqual([
      ['2020', 2.5, 1, 400, false], // T-LEEG-A, 2020-01-01 – 2022-06-30: 1000 * 1 / 400
      ['2021', 2.5, 1, 400, false],
      ['2022', 2.5, 1, 400, false],
      ['2023', 0, 0, 400, false],
      ['2024', 0, 0, 400, false],
    ]);
    expect(pointsOf(await series(OOST, 'indicator=vacant-buildings-per-1000-dwellings'))).toEqual([
      ['2020', 0, 0, 20, true],
      ['2021', 0, 0, 20, true],
      ['2022', 0, 0, 20, true],
      ['2023', 50, 1, 20, true], // T-LEEG-B from 2023-05-01: 1000 * 1 / 20
      ['2024', 100, 2, 20, true], // B and T-LEEG-C from 2024-02-01: 1000 * 2 / 20
    ]);
  });

  it('gives no points when the period holds no years after the data end', async () => {
    expect((await series(WEST, 'indicator=incidents-per-1000-residents&period=2030-01-01/..')).points).toEqual([]);
  });
});

describe('bad input → problem+json naming the parameter', () => {
  const FIGURES = '/api/neighbourhoods/figures';

  it('unknown indicator → 400 naming indicator and listing the valid ids', async () => {
    const body = await problem(`${FIGURES}?indicator=crime-rate`, 400, 'indicator');
    expect(body.detail).toContain('"crime-rate"');
    for (const id of [
      'incidents-per-1000-residents',
      'vacant-buildings-per-1000-dwellings',
      'youth-facilities-within-500m',
      'incidents-change',
    ]) {
      expect(body.detail).toContain(id);
    }
    await problem(`/api/neighbourhoods/${WEST}/series?indicator=crime-rate`, 400, 'indicator');
  });

  it('missing indicator → 400 naming indicator', async () => {
    await problem(FIGURES, 400, 'indicator');
  });

  it.each([
    ['incidents-per-1000-residents', 'kind=school', 'kind'],
    ['incidents-per-1000-residents', 'status=leegstaand', 'status'],
    ['incidents-per-1000-residents', 'source=politie', 'source'],
    ['vacant-buildings-per-1000-dwellings', 'category=leegstaand', 'category'],
    ['youth-facilities-within-500m', 'category=school', 'category'],
    ['incidents-change', 'kind=woning', 'kind'],
  ])('%s with a filter it does not take (%s) → 400 naming it', async (indicator, filter, parameter) => {
    const body = await problem(
      `${FIGURES}?indicator=${indicator}&period=2025-01-01/2025-12-31&${filter}`,
      400,
      parameter,
    );
    expect(body.detail).toContain(indicator);
  });

  it.each([
    ['incidents-per-1000-residents', 'category=Overlast', 'category'],
    ['incidents-per-1000-residents', 'category=', 'category'],
    ['vacant-buildings-per-1000-dwellings', 'status=woning', 'status'],
    ['vacant-buildings-per-1000-dwellings', 'kind=kasteel', 'kind'],
    ['youth-facilities-within-500m', 'kind=bioscoop', 'kind'],
  ])('%s with an unknown value (%s) → 400 naming it', async (indicator, filter, parameter) => {
    await problem(`${FIGURES}?indicator=${indicator}&${filter}`, 400, parameter);
  });

  it.each([
    ['2024-13-01'],
    ['2025-01-01/2024-01-01'],
    ['yesterday'],
    ['../..'],
    ['2024-05-01T12:00:00'],
    ['0000-06-01'],
  ])('period=%s → 400 naming period', async (period) => {
    const body = await problem(
      `${FIGURES}?indicator=incidents-per-1000-residents&period=${encodeURIComponent(period)}`,
      400,
      'period',
    );
    expect(body.detail).toMatch(/^period/);
  });

  it('incidents-change without a closed period → 400 naming period', async () => {
    await problem(`${FIGURES}?indicator=incidents-change`, 400, 'period');
    await problem(`${FIGURES}?indicator=incidents-change&period=2025-01-01/..`, 400, 'period');
    await problem(`${FIGURES}?indicator=incidents-change&period=../2025-01-01`, 400, 'period');
    // The previous period of year 1 would start before year 1.
    await problem(`${FIGURES}?indicator=incidents-change&period=0001-01-01/0001-12-31`, 400, 'period');
  });

  it('series of an indicator without time → 400 naming indicator', async () => {
    await problem(`/api/neighbourhoods/${WEST}/series?indicator=youth-facilities-within-500m`, 400, 'indicator');
  });

  it('series of an unknown sector → 404 naming code', async () => {
    const body = await problem(
      `/api/neighbourhoods/99999Z99-/series?indicator=incidents-per-1000-residents`,
      404,
      'code',
    );
    expect(body.detail).toContain('"99999Z99-"');
    await problem(
      `/api/neighbourhoods/${encodeURIComponent("x' OR 1=1 --")}/series?indicator=incidents-change`,
      404,
      'code',
    );
  });

  it('unknown interval → 400 naming interval', async () => {
    await problem(
      `/api/neighbourhoods/${WEST}/series?indicator=incidents-per-1000-residents&interval=week`,
      400,
      'interval',
    );
  });

  it('more than 240 points → 400 naming period', async () => {
    // 2000-01 … 2020-12 is 21 × 12 = 252 months; 2000–2240 is 241 years.
    const url = `/api/neighbourhoods/${WEST}/series?indicator=incidents-per-1000-residents`;
    await problem(`${url}&interval=month&period=2000-01-01/2020-12-31`, 400, 'period');
    await problem(`${url}&interval=year&period=2000-01-01/2240-12-31`, 400, 'period');
    // 2001-01 … 2020-12 is exactly 240 months: allowed.
    expect(
      (await series(WEST, 'indicator=incidents-per-1000-residents&interval=month&period=2001-01-01/2020-12-31')).points,
    ).toHaveLength(240);
  });
});
