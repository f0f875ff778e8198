import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priorities, PrioritySector } from '../../api/src/priorities/schema.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login } from '../support/auth.ts';

/*
 * Priority scores computed by hand. The shared fixture's WEST and OOST plus three sectors that
 * tests/fixtures/priorities-fixture.sql adds for this file (and removes afterwards):
 *
 *   sector   code        residents dwellings | 2023: burglaries vacant long-term nuisance facilities≤500m
 *   WEST     99999A00-   1000      400       |       4          1      0         0        1
 *   OOST     99999A01-     50       20       |       1          1      0         0        1
 *   NOORD    99999B00-   2000      800       |       4          6      1         1        0
 *   ZUID     99999B01-    500      200       |       4          1      0         0        0
 *   MIDDEN   99999B02-   1500      500       |       0          0      0         2 (1 near) 2
 *   2022: burglaries ZUID 1, MIDDEN 2; vacant WEST 1 (T-LEEG-A), NOORD 1; long-term the same two.
 *
 * OOST (50 residents) is below the minimum of 100 residents: listed, not ranked, and left out
 * of every mean and standard deviation. Σ dwellings = 1920, n̄ = 1920 / 5 = 384.
 *
 * Empirical Bayes (Marshall): m = ΣO/Σn; s² = Σ n(r − m)² / Σn − m/n̄ (0 if negative);
 * smoothed = m + s²/(s² + m/n) · (r − m); shown per 1,000.
 *
 * Burglaries per 1,000 dwellings, 2023: O = 4, 1, 4, 4, 0
 *   m = 13/1920 = 0.0067708333; r = 0.01, 0.05, 0.005, 0.02, 0
 *   Σ n(r − m)² = 400·0.0032292² + 20·0.0432292² + 800·0.0017708² + 200·0.0132292² + 500·0.0067708²
 *               = 0.0041710 + 0.0373753 + 0.0025087 + 0.0350022 + 0.0229221 = 0.1019793
 *   s² = 0.1019793/1920 − 0.0067708/384 = 5.311415e-5 − 1.763238e-5 = 3.548177e-5
 *   weight WEST = 3.548177e-5 / (3.548177e-5 + 0.0067708/400) = 0.6770186
 *     smoothed = 1000 · (0.0067708 + 0.6770186 · (0.01 − 0.0067708)) = 8.957039
 *   likewise OOST 10.871773 (weight 0.0948651: 50 per 1,000 raw), NOORD 5.341049, ZUID 13.540689,
 *   MIDDEN 1.870297
 *   ranked (WEST, NOORD, ZUID, MIDDEN): mean = 29.709080/4 = 7.427268,
 *   sd = √((1.529771² + 2.086219² + 6.113421² + 5.556972²)/4) = √(74.945834/4) = 4.328578
 *   z = 0.353412, OOST 0.795759, −0.481964, 1.412339, −1.283787
 *
 * Vacant buildings per 1,000 dwellings, 2023: O = 1, 1, 6, 1, 0
 *   m = 9/1920 = 0.0046875; s² = 3.141276e-5 − 1.220703e-5 = 1.920573e-5
 *   smoothed = WEST 3.328947, OOST 8.119384, NOORD 6.842532, ZUID 4.828244, MIDDEN 1.537585
 *   mean = 16.537309/4 = 4.134327, sd = 1.949846
 *   z = −0.413048, OOST 2.043780, 1.388933, 0.355883, −1.331768
 *
 * Long-term vacancy 2023 (O = 0, 0, 1, 0, 0): s² = 3.797743e-7 − 1.356337e-6 < 0 → 0: every
 * sector smoothed to the city rate 0.520833, sd 0, z 0. Neighbour disputes 2023: none at all,
 * m = 0, every rate 0, z 0.
 */

const WEST = '99999A00-';
const OOST = '99999A01-';
const NOORD = '99999B00-';
const ZUID = '99999B01-';
const MIDDEN = '99999B02-';

const BURGLARIES = 'burglaries-per-1000-dwellings';
const VACANT = 'vacant-buildings-per-1000-dwellings';
const LONG_TERM = 'long-term-vacant-per-1000-dwellings';
const DISPUTES = 'neighbour-disputes-per-1000-residents';
const YOUTH = 'youth-facilities-within-500m';
const NUISANCE = 'nuisance-per-1000-residents';
const NEAR_YOUTH = 'nuisance-near-youth-facilities-per-1000-residents';

const YEAR_2023 = '2023-01-01/2023-12-31';
const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

let app: FastifyInstance;
let cookie: string;

beforeAll(async () => {
  app = await createTestApp();
  await app.db.pool.query(await fixture('priorities-fixture-cleanup.sql'));
  await app.db.pool.query(await fixture('priorities-fixture.sql'));
  await createUser(app.db.pool, { username: 'priorities-planner', role: 'planner', password: 'priorities-pass' });
  cookie = await login(app, 'priorities-planner', 'priorities-pass');
});

afterAll(async () => {
  await app.db.pool.query(await fixture('priorities-fixture-cleanup.sql'));
  await app.close();
});

async function priorities(query: string): Promise<Priorities> {
  const response = await app.inject({ url: `/api/priorities?${query}`, headers: { cookie } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Priorities>();
}

const sector = (result: Priorities, code: string): PrioritySector => {
  const found = result.sectors.find((s) => s.code === code);
  if (!found) throw new Error(`no sector ${code}`);
  return found;
};
const indicatorOf = (s: PrioritySector, id: string) => s.indicators.find((i) => i.id === id)!;
const only = (weighted: string, others: string[]) => [`${weighted}:1`, ...others.map((id) => `${id}:0`)].join(',');

describe('GET /api/priorities, theme wonen, 2023', () => {
  it('smooths burglary rates by empirical Bayes and standardises them over the ranked sectors', async () => {
    const result = await priorities(
      `theme=wonen&period=${YEAR_2023}&weights=${only(BURGLARIES, [VACANT, LONG_TERM, DISPUTES])}`,
    );
    const expected: Record<string, { count: number; value: number; smoothed: number; z: number }> = {
      [WEST]: { count: 4, value: 10, smoothed: 8.957039, z: 0.353412 },
      [OOST]: { count: 1, value: 50, smoothed: 10.871773, z: 0.795759 },
      [NOORD]: { count: 4, value: 5, smoothed: 5.341049, z: -0.481964 },
      [ZUID]: { count: 4, value: 20, smoothed: 13.540689, z: 1.412339 },
      [MIDDEN]: { count: 0, value: 0, smoothed: 1.870297, z: -1.283787 },
    };
    for (const [code, want] of Object.entries(expected)) {
      const got = indicatorOf(sector(result, code), BURGLARIES);
      expect(got.count, code).toBe(want.count);
      expect(got.value!, code).toBeCloseTo(want.value, 6);
      expect(got.smoothed!, code).toBeCloseTo(want.smoothed, 5);
      expect(got.z!, code).toBeCloseTo(want.z, 5);
    }
    const summary = result.indicators.find((i) => i.id === BURGLARIES)!;
    expect(summary.cityValue!).toBeCloseTo(6.770833, 5); // 1000 · 13 / 1920
    expect(summary.mean!).toBeCloseTo(7.427268, 5);
    expect(summary.sd!).toBeCloseTo(4.328578, 5);
    expect(summary.weight).toBe(1);
    expect(summary.smoothed).toBe(true);

    // The score is the burglaries z alone (the other weights are 0); OOST is not ranked.
    expect(result.sectors.map((s) => [s.code, s.rank])).toEqual([
      [ZUID, 1],
      [WEST, 2],
      [NOORD, 3],
      [MIDDEN, 4],
      [OOST, null],
    ]);
    expect(sector(result, ZUID).score!).toBeCloseTo(1.412339, 5);
    expect(sector(result, OOST)).toMatchObject({ ranked: false, rank: null, score: null });
    expect(indicatorOf(sector(result, OOST), BURGLARIES).contribution).toBeNull();
  });

  it('weights: vacancy 2, burglaries 1 reorders the ranking; contributions add up to the score', async () => {
    const weights = `${VACANT}:2,${BURGLARIES}:1,${LONG_TERM}:0,${DISPUTES}:0`;
    const result = await priorities(`theme=wonen&period=${YEAR_2023}&weights=${weights}`);
    // score = (2 · z_vacant + 1 · z_burglaries) / 3
    //   WEST   (2 · −0.413048 + 0.353412) / 3 = −0.157561
    //   NOORD  (2 ·  1.388933 − 0.481964) / 3 =  0.765300
    //   ZUID   (2 ·  0.355883 + 1.412339) / 3 =  0.708035
    //   MIDDEN (2 · −1.331768 − 1.283787) / 3 = −1.315774
    const scores = { [NOORD]: 0.7653, [ZUID]: 0.708035, [WEST]: -0.157561, [MIDDEN]: -1.315774 };
    expect(result.sectors.map((s) => s.code)).toEqual([NOORD, ZUID, WEST, MIDDEN, OOST]);
    for (const [code, score] of Object.entries(scores)) {
      const s = sector(result, code);
      expect(s.score!, code).toBeCloseTo(score, 5);
      const sum = s.indicators.reduce((total, i) => total + (i.contribution ?? 0), 0);
      expect(sum, code).toBeCloseTo(s.score!, 10);
    }
    // NOORD: vacancy contributes 2 · 1.388933 / 3 = 0.925955, burglaries −0.481964 / 3 = −0.160655.
    expect(indicatorOf(sector(result, NOORD), VACANT).contribution!).toBeCloseTo(0.925955, 5);
    expect(indicatorOf(sector(result, NOORD), BURGLARIES).contribution!).toBeCloseTo(-0.160655, 5);
    expect(indicatorOf(sector(result, NOORD), LONG_TERM).contribution).toBe(0);

    /*
     * The previous period is 2022, with the same weights. Vacancy 2022 (O = 1, 0, 1, 0, 0):
     * s² = 8.680556e-7 − 2.712674e-6 < 0 → 0, all equal, z 0. Burglaries 2022 (O = 0, 0, 0, 1, 2):
     * m = 3/1920 = 0.0015625, s² = 4.329427e-6 − 4.069010e-6 = 2.604167e-7; smoothed WEST 1.464844,
     * NOORD 1.378676, ZUID 1.673387, MIDDEN 1.75; mean 1.566727, sd 0.150589;
     * z = −0.676562, −1.248763, 0.708286, 1.217040; score = z / 3.
     */
    const previous = { [MIDDEN]: [1, 0.40568], [ZUID]: [2, 0.236095], [WEST]: [3, -0.225521], [NOORD]: [4, -0.416254] };
    for (const [code, [rank, score]] of Object.entries(previous)) {
      expect(sector(result, code).previousRank, code).toBe(rank);
      expect(sector(result, code).previousScore!, code).toBeCloseTo(score!, 5);
    }
    expect(result.previousPeriod).toEqual({ start: '2022-01-01T00:00:00.000Z', end: '2022-12-31T23:59:59.999Z' });
  });

  it('default weights: every theme indicator weighs 1, an indicator without variation adds 0', async () => {
    const result = await priorities(`theme=wonen&period=${YEAR_2023}`);
    expect(result.indicators.map((i) => [i.id, i.weight])).toEqual([
      [VACANT, 1],
      [LONG_TERM, 1],
      [BURGLARIES, 1],
      [DISPUTES, 1],
    ]);
    // Long-term vacancy: only NOORD's building registered 2020-06-01 (3.6 years by the end of 2023).
    expect(result.sectors.map((s) => [s.code, indicatorOf(s, LONG_TERM).count])).toContainEqual([NOORD, 1]);
    for (const s of result.sectors) {
      expect(indicatorOf(s, LONG_TERM).smoothed!, s.code).toBeCloseTo(0.520833, 5); // 1000 · 1 / 1920
      expect(indicatorOf(s, LONG_TERM).z, s.code).toBe(0);
      expect(indicatorOf(s, DISPUTES)).toMatchObject({ count: 0, value: 0, smoothed: 0, z: 0 });
    }
    // score = (z_vacant + z_burglaries + 0 + 0) / 4
    //   ZUID (0.355883 + 1.412339) / 4 = 0.442056; NOORD (1.388933 − 0.481964) / 4 = 0.226742
    //   WEST (−0.413048 + 0.353412) / 4 = −0.014909; MIDDEN (−1.331768 − 1.283787) / 4 = −0.653889
    expect(result.sectors.map((s) => [s.code, Number(s.score?.toFixed(6) ?? NaN)])).toEqual([
      [ZUID, 0.442056],
      [NOORD, 0.226742],
      [WEST, -0.014909],
      [MIDDEN, -0.653889],
      [OOST, NaN],
    ]);
  });
});

describe('GET /api/priorities, theme jongeren, 2023', () => {
  it('turns an indicator where higher is better: fewer youth facilities nearby means more attention', async () => {
    const result = await priorities(
      `theme=jongeren&period=${YEAR_2023}&weights=${only(YOUTH, [NUISANCE, NEAR_YOUTH])}`,
    );
    /*
     * Facilities within 500 m (counts, not smoothed): WEST 1, OOST 1, NOORD 0, ZUID 0, MIDDEN 2.
     * Ranked: mean = 3/4 = 0.75, sd = √((0.25² + 0.75² + 0.75² + 1.25²)/4) = √0.6875 = 0.829156.
     * z = −(value − 0.75)/0.829156: WEST −0.301511, NOORD 0.904534, ZUID 0.904534, MIDDEN −1.507557.
     * NOORD and ZUID tie: the lower code ranks first.
     */
    const youth = result.indicators.find((i) => i.id === YOUTH)!;
    expect(youth).toMatchObject({ direction: 'higher-is-better', smoothed: false });
    expect(youth.mean!).toBeCloseTo(0.75, 10);
    expect(youth.sd!).toBeCloseTo(0.829156, 5);
    expect(youth.cityValue!).toBeCloseTo(0.8, 10); // (1 + 1 + 0 + 0 + 2) / 5 sectors
    expect(result.sectors.map((s) => [s.code, s.rank, Number(s.score?.toFixed(6) ?? NaN)])).toEqual([
      [NOORD, 1, 0.904534],
      [ZUID, 2, 0.904534],
      [WEST, 3, -0.301511],
      [MIDDEN, 4, -1.507557],
      [OOST, null, NaN],
    ]);
    expect(indicatorOf(sector(result, OOST), YOUTH).z!).toBeCloseTo(-0.301511, 5);
  });

  it('counts nuisance in the sector, and nuisance within 100 m of a youth facility', async () => {
    const result = await priorities(`theme=jongeren&period=${YEAR_2023}`);
    const counts = (id: string) => result.sectors.map((s) => [s.code, indicatorOf(s, id).count]).sort();
    // Nuisance and vandalism: NOORD 1, MIDDEN 2; near a facility: only MIDDEN's incident 14 m
    // from Jeugdhuis Midden (0.0002° of longitude at 50.05° N ≈ 14.3 m).
    expect(counts(NUISANCE)).toEqual([
      [WEST, 0],
      [OOST, 0],
      [NOORD, 1],
      [ZUID, 0],
      [MIDDEN, 2],
    ]);
    expect(counts(NEAR_YOUTH)).toEqual([
      [WEST, 0],
      [OOST, 0],
      [NOORD, 0],
      [ZUID, 0],
      [MIDDEN, 1],
    ]);
    expect(indicatorOf(sector(result, MIDDEN), NEAR_YOUTH).value!).toBeCloseTo(1000 / 1500, 10);
  });
});

describe('GET /api/priorities, all themes and CSV', () => {
  it('theme all scores every indicator that belongs to a theme, and only those', async () => {
    const result = await priorities(`theme=all&period=${YEAR_2023}`);
    expect(result.indicators.map((i) => i.id).sort()).toEqual(
      [
        VACANT,
        LONG_TERM,
        BURGLARIES,
        DISPUTES,
        NUISANCE,
        NEAR_YOUTH,
        YOUTH,
        'incidents-per-1000-residents',
        'illegal-dumping-per-1000-residents',
      ].sort(),
    );
    expect(result.indicators.map((i) => i.id)).not.toContain('incidents-change');
  });

  it('format=csv gives the ranking in the same order, with a byte-order mark', async () => {
    const weights = `${VACANT}:2,${BURGLARIES}:1,${LONG_TERM}:0,${DISPUTES}:0`;
    const response = await app.inject({
      url: `/api/priorities?theme=wonen&period=${YEAR_2023}&weights=${weights}&format=csv`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="prioriteiten-wonen-2023.csv"');
    expect(response.body.startsWith('\uFEFFrank,code,name,ward,population,ranked,score,')).toBe(true);
    const lines = response.body.trimEnd().split('\r\n').slice(1);
    expect(lines.map((line) => line.split(',').slice(0, 2))).toEqual([
      ['1', NOORD],
      ['2', ZUID],
      ['3', WEST],
      ['4', MIDDEN],
      ['', OOST],
    ]);
    expect(lines[0]!.split(',')[6]).toBe('0.7653');
  });
});

describe('the counts cache', () => {
  it('re-scores cached counts when only the weights change, and counts again after a write', async () => {
    const half = 'theme=wonen&period=2023-01-01/2023-06-30';
    const before = app.priorityCounts.size;
    const first = await priorities(half);
    expect(app.priorityCounts.size).toBe(before + 4); // the four wonen indicators
    await priorities(`${half}&weights=${VACANT}:3`);
    expect(app.priorityCounts.size).toBe(before + 4);

    // A burglary in ZUID: the two indicators counting incidents are counted again, the two
    // counting vacant buildings come from the cache.
    await app.db.pool.query(
      `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, geom)
       VALUES ('PRIO-INC-99', 'woninginbraak', '2023-02-02T10:00Z', 'politie', 'exact', ST_SetSRID(ST_MakePoint(4.17, 50.02), 4326))`,
    );
    try {
      const burglaries = (r: Priorities) => indicatorOf(sector(r, ZUID), BURGLARIES).count;
      // On a server the new version arrives by NOTIFY, a moment after the insert.
      await expect.poll(async () => burglaries(await priorities(half))).toBe(burglaries(first) + 1);
      expect(app.priorityCounts.size).toBe(before + 6);
    } finally {
      await app.db.pool.query(`DELETE FROM incidents WHERE source_id = 'PRIO-INC-99'`);
    }
  });
});

describe('GET /api/priorities?unit=ward', () => {
  it('ranks wards on their summed sectors; the new sectors belong to no ward', async () => {
    const result = await priorities(`theme=wonen&period=${YEAR_2023}&unit=ward`);
    expect(result.unit).toBe('ward');
    // One ward, Testwijk = WEST + OOST: 1050 residents, 420 dwellings; burglaries 2023: 4 + 1 = 5.
    // A single ranked unit has sd 0, so every z is 0 and its score 0.
    expect(result.sectors).toHaveLength(1);
    const [ward] = result.sectors;
    expect(ward).toMatchObject({ code: '99999W01', name: 'Testwijk', population: 1050, dwellings: 420, rank: 1 });
    expect(ward!.score).toBe(0);
    expect(indicatorOf(ward!, BURGLARIES)).toMatchObject({ count: 5, denominator: 420 });
    expect(indicatorOf(ward!, BURGLARIES).value!).toBeCloseTo((1000 * 5) / 420, 10);
  });
});

describe('GET /api/priorities, refusals', () => {
  const cases: [string, string, string][] = [
    ['theme=wijk&period=2023-01-01/2023-12-31', 'theme', ''],
    ['theme=wonen', 'period', ''],
    ['theme=wonen&period=2023-01-01/..', 'period', 'closed'],
    ['theme=wonen&period=2023-13-01/2023-12-31', 'period', ''],
    ['theme=wonen&period=2023-01-01/2023-12-31&weights=nonsense', 'weights', 'ID:WEIGHT'],
    [
      'theme=wonen&period=2023-01-01/2023-12-31&weights=youth-facilities-within-500m:1',
      'weights',
      'not an indicator of theme "wonen"',
    ],
    [`theme=wonen&period=2023-01-01/2023-12-31&weights=${VACANT}:11`, 'weights', 'from 0 to 10'],
    [`theme=wonen&period=2023-01-01/2023-12-31&weights=${VACANT}:1,${VACANT}:2`, 'weights', 'twice'],
    [
      `theme=wonen&period=2023-01-01/2023-12-31&weights=${VACANT}:0,${LONG_TERM}:0,${BURGLARIES}:0,${DISPUTES}:0`,
      'weights',
      'every weight is 0',
    ],
    ['theme=wonen&period=2023-01-01/2023-12-31&format=pdf', 'format', ''],
    ['theme=wonen&period=2023-01-01/2023-12-31&unit=street', 'unit', ''],
  ];
  it.each(cases)('%s → 400 naming %s', async (query, parameter, detail) => {
    const response = await app.inject({ url: `/api/priorities?${query}`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(400);
    const problem = response.json<{ parameter?: string; detail: string }>();
    expect(problem.detail).toContain(detail);
    expect(`${problem.parameter ?? ''} ${problem.detail}`).toContain(parameter);
  });

  it('is for signed-in staff only', async () => {
    const response = await app.inject({ url: `/api/priorities?theme=wonen&period=${YEAR_2023}` });
    expect(response.statusCode).toBe(401);
  });
});
