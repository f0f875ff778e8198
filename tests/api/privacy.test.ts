import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { tileAt, tilePosition } from '../../api/src/tiles/tile-grid.ts';
import { createTestApp, writeAndWait } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';
import { decodeTile } from '../support/mvt.ts';

/*
 * Privacy by construction (decision record 16): everything an anonymous client can ask for,
 * asked for, and checked for raw incident points, vacancy addresses and counts below k. Then
 * the same requests as a planner, who still gets everything.
 *
 * Data: the shared fixture (5 incidents, each alone far from the others; 3 vacant buildings in
 * municipality 99999, "Teststraat 1–3") plus, from this file, 7 incidents at SPOT_A in sector
 * WEST (a cell that reaches k = 5) and, for the tiles, 2 at SPOT_B, 950 km north of everything
 * else, so that their cell holds 2 at every zoom (even at zoom 0, whose cells are 819 km wide).
 */

const K = 5;
const SPOT_A: [number, number] = [4.03, 50.04];
const SPOT_B: [number, number] = [4.05, 58.5];
const ADDRESS = 'Teststraat';

let app: FastifyInstance;
let planner: string;
let coordinator: string;

async function get(url: string, cookie?: string, target = app): Promise<LightMyRequestResponse> {
  return target.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
}

/** A refusal that gives nothing away: a problem, and no coordinate, address or id in it. */
function expectRefused(response: LightMyRequestResponse, status: number, parameter?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).not.toContain(ADDRESS);
  expect(response.body).not.toContain('coordinates');
  if (parameter) expect(response.json<{ parameter: string }>().parameter).toBe(parameter);
}

async function insertIncidents(prefix: string, [lon, lat]: [number, number], categories: string[]) {
  for (const [i, category] of categories.entries()) {
    await app.db.pool.query(
      `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, geom)
       VALUES ($1, $2, $3, 'politie', 'exact', ST_SetSRID(ST_MakePoint($4, $5), 4326))`,
      [`${prefix}${i + 1}`, category, `2025-02-${String(i + 3).padStart(2, '0')}T10:00:00Z`, lon, lat],
    );
  }
}

beforeAll(async () => {
  app = await createTestApp();
  await createUser(app.db.pool, { username: 'privacy-planner', role: 'planner', password: 'privacy-planner-1' });
  await createUser(app.db.pool, { username: 'privacy-coord', role: 'coordinator', password: 'privacy-coord-1' });
  planner = await login(app, 'privacy-planner', 'privacy-planner-1');
  coordinator = await login(app, 'privacy-coord', 'privacy-coord-1');
  // 4 violence and 3 neighbour disputes at one spot in February 2025: one group, 7 in all.
  await insertIncidents('T-PRIV-A', SPOT_A, [
    'geweld',
    'geweld',
    'geweld',
    'geweld',
    'burenconflict',
    'burenconflict',
    'burenconflict',
  ]);
});
afterAll(async () => {
  await app.db.pool.query(`DELETE FROM incidents WHERE source_id LIKE 'T-PRIV-%'`);
  await app.close();
});

describe('features and exports of staff layers', () => {
  const requests = [
    '/api/layers/incidents/features',
    '/api/layers/incidents/features?limit=1',
    '/api/layers/incidents/features?bbox=4.0,50.0,4.1,50.1',
    '/api/layers/incidents/features?datetime=2025-01-01/2025-12-31',
    '/api/layers/incidents/features?category=overlast,vandalisme,drugs',
    '/api/layers/incidents/features?bbox=4,50,4.1,50.1&limit=10000&datetime=2024-01-01/..&category=geweld',
    '/api/layers/incidents/export?format=csv',
    '/api/layers/incidents/export?format=geojson',
    '/api/layers/incidents/export?format=csv&bbox=4.0,50.0,4.1,50.1&datetime=2025-02-01/2025-02-28',
    '/api/layers/vacant-buildings/features',
    '/api/layers/vacant-buildings/features?status=leegstaand&kind=woning&bbox=4,50,4.1,50.1',
    '/api/layers/vacant-buildings/export?format=csv',
    '/api/layers/vacant-buildings/export?format=geojson&status=onbewoonbaar',
  ];

  it.each(requests)('anonymous %s → 401, saying where the aggregates are', async (url) => {
    const response = await get(url);
    expectRefused(response, 401);
    const { detail } = response.json<{ detail: string }>();
    expect(detail).toMatch(/signed-in staff only/);
    expect(detail).toContain('/api/neighbourhoods/figures?indicator=');
    if (url.includes('/incidents/')) {
      expect(detail).toContain('/api/layers/incidents/hexagons');
      expect(detail).toContain('/tiles/incidents/{z}/{x}/{y}.mvt');
    } else {
      expect(detail).toMatch(/addresses/);
      expect(detail).not.toContain('/tiles/'); // the register has no public tiles or hexagons
    }
  });

  it.each(requests)('planner %s → 200 with every feature', async (url) => {
    const response = await get(url, planner);
    expect(response.statusCode, response.body).toBe(200);
    if (url.includes('vacant-buildings/features?') || url.endsWith('vacant-buildings/export?format=csv')) {
      expect(response.body).toContain(ADDRESS);
    }
  });

  it('gives a planner the raw incidents: the 5 of the fixture and the 7 of this file', async () => {
    const body = (await get('/api/layers/incidents/features?bbox=4.0,50.0,4.1,50.1', planner)).json<{
      numberMatched: number;
      features: { id: number; geometry: { coordinates: number[] } }[];
    }>();
    expect(body.numberMatched).toBe(12);
    expect(body.features.filter((f) => f.geometry.coordinates.join() === SPOT_A.join())).toHaveLength(7);
  });
});

describe('hexagons', () => {
  interface Hexagons {
    total: number;
    maxCount: number;
    features: { id: string; geometry: { coordinates: number[][][] }; properties: Record<string, unknown> }[];
  }
  const hexagons = async (query: string, cookie?: string) => {
    const response = await get(`/api/layers/incidents/hexagons${query}`, cookie);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Hexagons>();
  };

  it('gives the public only hexagons of k or more, totals of what is returned', async () => {
    // Each fixture incident is alone in its 250 m hexagon (they are 1 km and more apart);
    // SPOT_A's seven share one: the public sees that one only.
    for (const query of ['?size=250', '?size=200', '?size=250&datetime=2025-01-01/2025-12-31']) {
      const fc = await hexagons(query);
      expect(fc.features.map((f) => f.properties)).toEqual([{ count: 7 }]);
      expect([fc.total, fc.maxCount]).toEqual([7, 7]);
    }
    const staff = await hexagons('?size=250', planner);
    expect(staff.features.map((f) => f.properties.count).sort()).toEqual([1, 1, 1, 1, 1, 7]);
    expect(staff.total).toBe(12);
    // The group of SPOT_A's categories keeps it; the other groups hold single incidents only.
    expect((await hexagons('?size=250&category=geweld,burenconflict')).total).toBe(7);
    expect((await hexagons('?size=2000&category=woninginbraak,diefstal')).features).toEqual([]);
    // Earlier than SPOT_A's February: the fixture's 2024 incidents, all alone.
    expect((await hexagons('?size=250&datetime=2024-01-01/2024-12-31')).features).toEqual([]);
  });

  it('counts whole hexagons: a bbox picks hexagons, it never cuts their points', async () => {
    const [cell] = (await hexagons('?size=250')).features;
    // A box around one corner of the hexagon's outline: it meets the hexagon but not SPOT_A.
    const [lon, lat] = cell!.geometry.coordinates[0]![0]!;
    const bbox = [lon! - 0.0001, lat! - 0.0001, lon! + 0.0001, lat! + 0.0001].join(',');
    const open = await hexagons(`?size=250&bbox=${bbox}`);
    expect(open.features.map((f) => [f.id, f.properties.count])).toEqual([[cell!.id, 7]]);
    // The staff's bbox filters points, as it always did: none of the seven is in the box.
    expect((await hexagons(`?size=250&bbox=${bbox}`, planner)).features).toEqual([]);
  });

  it('lays the public grid near the bbox only: a far point does not make it too large', async () => {
    // One more act of violence in February 2025, 170 km away: a 200 m grid over it and SPOT_A
    // would be (170 km × 55 km) / 104,000 m² ≈ 90,000 hexagons, over the limit of 50,000.
    await writeAndWait(app, 'incidents', () => insertIncidents('T-PRIV-FAR', [6.4, 49.5], ['geweld']));
    try {
      expectRefused(await get('/api/layers/incidents/hexagons?size=200'), 400, 'size');
      const bbox = [SPOT_A[0] - 0.01, SPOT_A[1] - 0.01, SPOT_A[0] + 0.01, SPOT_A[1] + 0.01].join(',');
      const near = await hexagons(`?size=200&bbox=${bbox}`);
      expect(near.features.map((f) => f.properties.count)).toEqual([7]);
    } finally {
      await writeAndWait(app, 'incidents', () =>
        app.db.pool.query(`DELETE FROM incidents WHERE source_id LIKE 'T-PRIV-FAR%'`),
      );
    }
  });

  it.each([
    ['?size=100', 'size'],
    ['?size=199', 'size'],
    ['?size=250&datetime=2025-02-01/2025-02-14', 'datetime'],
    ['?size=250&datetime=2025-02-03T00:00:00Z/..', 'datetime'],
    ['?size=250&datetime=2025-02-03', 'datetime'],
    ['?size=250&category=geweld', 'category'],
    ['?size=250&category=woninginbraak,diefstal,geweld', 'category'],
    ['?size=250&source=politie', 'source'],
    ['?size=250&locationPrecision=exact', 'locationPrecision'],
  ])('refuses the public %s with 400 naming %s', async (query, parameter) => {
    expectRefused(await get(`/api/layers/incidents/hexagons${query}`), 400, parameter);
    // Staff may ask for all of these (except sizes under 200 and odd dates, which are fine too).
    expect((await get(`/api/layers/incidents/hexagons${query}`, planner)).statusCode).toBe(200);
  });

  it('refuses the vacancy register in hexagons to the public', async () => {
    expectRefused(await get('/api/layers/vacant-buildings/hexagons?size=2000'), 401);
    expectRefused(await get('/api/layers/vacant-buildings/hexagons?size=250&status=leegstaand'), 401);
    const staff = await get('/api/layers/vacant-buildings/hexagons?size=2000', planner);
    expect(staff.json<Hexagons>().total).toBe(3);
  });
});

describe('the tiles: counts per cell at every zoom, k or more', () => {
  /*
   * Expected cells, worked out here: the points in Belgian Lambert 72 (PostGIS transforms them;
   * that is the one thing not done by hand), cell = floor(x / s), floor(y / s) with
   * s = 200 m from zoom 12 up and doubled for each zoom below (a z12 tile is 9,784 m wide at
   * the equator: 48.9 cells of 200 m; z11 would be 97.8, over 64, so 400 m, and so on down to
   * 200 · 2¹² = 819,200 m at z0). A cell is drawn at its centre, in the tile holding the centre.
   */
  const cellMetres = (z: number) => (z >= 12 ? 200 : 200 * 2 ** (12 - z));

  interface Drawn {
    tile: string;
    count: number;
    at: [number, number];
  }

  async function transform(points: [number, number][], from: number, to: number): Promise<[number, number][]> {
    const { rows } = await app.db.pool.query<{ x: number; y: number }>(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y
         FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(a, b, n),
              LATERAL ST_Transform(ST_SetSRID(ST_MakePoint(a, b), $3::integer), $4::integer) AS p
        ORDER BY n`,
      [points.map((p) => p[0]), points.map((p) => p[1]), from, to],
    );
    return rows.map((row) => [row.x, row.y]);
  }

  /** Incidents (WGS 84) passing a category filter, as every anonymous tile must count them. */
  async function incidentPoints(categories: string[] | null): Promise<[number, number][]> {
    const { rows } = await app.db.pool.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incidents WHERE $1::text[] IS NULL OR category = ANY($1)`,
      [categories],
    );
    return rows.map((row) => [row.lon, row.lat]);
  }

  const tileKey = (t: { z: number; x: number; y: number }) => `${t.z}/${t.x}/${t.y}`;
  const inTile = (lon: number, lat: number, z: number): [number, number] => {
    const t = tileAt(lon, lat, z);
    const [fx, fy] = tilePosition(lon, lat, z);
    return [Math.round((fx - t.x) * 4096), Math.round((fy - t.y) * 4096)];
  };

  /** The cells of k or more at zoom z, where they must be drawn, and every tile worth asking. */
  async function expectedAt(z: number, points: [number, number][], k: number) {
    const s = cellMetres(z);
    const counts = new Map<string, { cx: number; cy: number; count: number }>();
    for (const [x, y] of await transform(points, 4326, 31370)) {
      const [cx, cy] = [Math.floor(x / s), Math.floor(y / s)];
      const cell = counts.get(`${cx}:${cy}`) ?? { cx, cy, count: 0 };
      cell.count += 1;
      counts.set(`${cx}:${cy}`, cell);
    }
    const cells = [...counts.values()];
    const centres = await transform(
      cells.map(({ cx, cy }) => [(cx + 0.5) * s, (cy + 0.5) * s]),
      31370,
      4326,
    );
    const kept: Drawn[] = [];
    cells.forEach((cell, i) => {
      const [lon, lat] = centres[i]!;
      if (cell.count >= k)
        kept.push({ tile: tileKey(tileAt(lon, lat, z)), count: cell.count, at: inTile(lon, lat, z) });
    });
    const tiles = new Set([...points, ...centres].map(([lon, lat]) => tileKey(tileAt(lon, lat, z))));
    return { kept, tiles: [...tiles] };
  }

  /** Every feature of every tile asked for, after checking none is anything but a counted cell. */
  async function drawn(tiles: string[], query: string, k: number, target = app): Promise<Drawn[]> {
    const features: Drawn[] = [];
    for (const tile of tiles) {
      const response = await get(`/tiles/incidents/${tile}.mvt${query}`, undefined, target);
      if (response.statusCode === 204) continue;
      expect(response.statusCode, response.body).toBe(200);
      const layer = decodeTile(response.rawPayload).incidents!;
      for (const feature of layer.features) {
        expect(feature.id).toBeUndefined();
        expect(feature.type).toBe('Point');
        expect(Object.keys(feature.properties)).toEqual(['count']);
        expect(feature.properties.count).toBeGreaterThanOrEqual(k);
        expect(feature.geometry).toHaveLength(1);
        expect(feature.geometry[0]).toHaveLength(1);
        features.push({ tile, count: Number(feature.properties.count), at: feature.geometry[0]![0]! });
      }
    }
    return features;
  }

  /** The same cells in the same tiles, at the same place to the tile unit (rounding aside). */
  function expectSameCells(actual: Drawn[], expected: Drawn[]) {
    const order = (a: Drawn, b: Drawn) => a.tile.localeCompare(b.tile) || a.count - b.count || a.at[0] - b.at[0];
    const sortedActual = actual.toSorted(order);
    const sortedExpected = expected.toSorted(order);
    expect(sortedActual.map((d) => [d.tile, d.count])).toEqual(sortedExpected.map((d) => [d.tile, d.count]));
    sortedActual.forEach((d, i) => {
      expect(Math.abs(d.at[0] - sortedExpected[i]!.at[0])).toBeLessThanOrEqual(1);
      expect(Math.abs(d.at[1] - sortedExpected[i]!.at[1])).toBeLessThanOrEqual(1);
    });
  }

  beforeAll(async () => {
    const before = await app.dataVersions.version('incidents');
    await insertIncidents('T-PRIV-B', SPOT_B, ['sluikstort', 'verkeer']);
    // On a server the new data version arrives by NOTIFY: wait for it, so no tile is old.
    await vi.waitFor(
      async () => {
        if ((await app.dataVersions.version('incidents')) === before) throw new Error('no new data version yet');
      },
      { timeout: 3000, interval: 20 },
    );
  });

  const ZOOMS = Array.from({ length: 23 }, (_, z) => z);

  it.each(ZOOMS)('zoom %i: every cell of k or more where it belongs, nothing else', async (z) => {
    const points = await incidentPoints(null);
    expect(points).toHaveLength(14); // 5 + 7 + 2
    const { kept, tiles } = await expectedAt(z, points, K);
    const features = await drawn(tiles, '', K);
    expectSameCells(features, kept);
    // SPOT_A's cell (7, with the fixture's nearest incident too at the zooms whose cells reach
    // it) is drawn; SPOT_B's 2 are in no drawn cell: no count of 2 (or 3, 4) anywhere.
    expect(features.some((f) => f.count >= 7)).toBe(true);
    expect(features.reduce((sum, f) => sum + f.count, 0)).toBeLessThanOrEqual(12);
  });

  it.each(ZOOMS)('zoom %i: a cell of 7 is kept and a cell of 2 suppressed, by category group', async (z) => {
    // geweld+burenconflict: SPOT_A's 7 only. sluikstort+verkeer: SPOT_B's 2 and the fixture's
    // verkeer incident, 950 km apart, so in two cells (2 and 1) at every zoom.
    const a = await expectedAt(
      z,
      Array.from({ length: 7 }, () => SPOT_A),
      K,
    );
    expect(a.kept.map((d) => d.count)).toEqual([7]);
    expectSameCells(await drawn(a.tiles, '?category=geweld,burenconflict', K), a.kept);
    const b = await expectedAt(z, [SPOT_B, SPOT_B, [4.09, 50.09]], K);
    expect(b.kept).toEqual([]);
    expect(await drawn(b.tiles, '?category=verkeer,sluikstort', K)).toEqual([]);
    // A planner sees SPOT_B's two incidents in the same tile: raw points from zoom 14, else a cell of 2.
    const staffTile = await get(
      `/tiles/incidents/${tileKey(tileAt(...SPOT_B, z))}.mvt?category=sluikstort,verkeer`,
      planner,
    );
    const staff = decodeTile(staffTile.rawPayload).incidents!.features;
    if (z >= 14) {
      expect(staff).toHaveLength(2);
      expect(staff.every((f) => typeof f.id === 'number' && f.properties.category !== undefined)).toBe(true);
    } else {
      expect(staff.map((f) => f.properties.count)).toContain(2);
    }
  });

  it('never answers the public from a tile cached for staff (the key holds the viewer)', async () => {
    const url = `/tiles/incidents/${tileKey(tileAt(...SPOT_B, 16))}.mvt`;
    const staff = await get(url, planner);
    expect(decodeTile(staff.rawPayload).incidents!.features).toHaveLength(2);
    const anonymous = await get(url);
    expect(anonymous.statusCode).toBe(204);
    expect(anonymous.headers.etag).not.toBe(staff.headers.etag);
    // A made-up session cookie is no session: the public tile again.
    expect((await get(url, `lk_session=${'A'.repeat(43)}`)).statusCode).toBe(204);
  });

  it('keeps the bbox and other filters from cutting cells thinner', async () => {
    const tile = tileKey(tileAt(...SPOT_A, 16));
    // A bbox on a tile request is not a filter for the public: the cell stays whole.
    const [cell] = await drawn([tile], '?bbox=4.0,50.0,4.0001,50.0001', K);
    expect(cell?.count).toBe(7);
    for (const [query, parameter] of [
      ['?datetime=2025-02-03/2025-02-05', 'datetime'],
      ['?category=geweld', 'category'],
      ['?source=politie', 'source'],
    ]) {
      expectRefused(await get(`/tiles/incidents/${tile}.mvt${query}`), 400, parameter);
      expectRefused(await get(`/tiles/incidents.json${query}`), 400, parameter);
    }
  });

  it('refuses the vacancy register in tiles and TileJSON to the public, at every zoom', async () => {
    for (const z of ZOOMS) {
      expectRefused(await get(`/tiles/vacant-buildings/${tileKey(tileAt(4.06, 50.04, z))}.mvt`), 401);
    }
    expectRefused(await get('/tiles/vacant-buildings.json'), 401);
    expectRefused(await get('/tiles/vacant-buildings.json?status=leegstaand'), 401);
    const staff = await get(`/tiles/vacant-buildings/${tileKey(tileAt(4.06, 50.04, 16))}.mvt`, planner);
    expect(decodeTile(staff.rawPayload)['vacant-buildings']!.features[0]!.properties.address).toBe('Teststraat 2');
  });

  it('describes the public incidents tiles with their one field, count', async () => {
    const body = (await get('/tiles/incidents.json?category=geweld,burenconflict')).json<{
      tiles: string[];
      vector_layers: { fields: Record<string, string> }[];
    }>();
    expect(Object.keys(body.vector_layers[0]!.fields)).toEqual(['count']);
    expect(body.tiles[0]).toMatch(/\/tiles\/incidents\/\{z\}\/\{x\}\/\{y\}\.mvt\?category=geweld,burenconflict$/);
    const staff = (await get('/tiles/incidents.json', planner)).json<typeof body>();
    expect(Object.keys(staff.vector_layers[0]!.fields)).toContain('occurredAt');
  });

  it('honours another k: with PRIVACY_MIN_COUNT=8 the cell of 7 is gone at every zoom', async () => {
    const strict = await buildApp({
      config: loadConfig({ PRIVACY_MIN_COUNT: '8', RATE_LIMIT_PER_MINUTE: '0' }),
      db: app.db,
    });
    try {
      for (const z of ZOOMS) {
        const a = await expectedAt(z, [SPOT_A], 8);
        expect(await drawn(a.tiles, '?category=geweld,burenconflict', 8, strict), `zoom ${z}`).toEqual([]);
      }
      const layers = (await get('/api/layers', undefined, strict)).json<{
        layers: { id: string; precision: { minCount?: number } }[];
      }>();
      expect(layers.layers.find((l) => l.id === 'incidents')!.precision.minCount).toBe(8);
    } finally {
      await strict.close();
    }
  });
});

describe('figures per sector', () => {
  interface Row {
    code: string;
    value: number | null;
    numerator: number | null;
    denominator: number | null;
    suppressed?: boolean;
  }
  const figures = async (query: string, cookie?: string, target = app) => {
    const response = await get(`/api/neighbourhoods/figures?${query}`, cookie, target);
    expect(response.statusCode, response.body).toBe(200);
    return Object.fromEntries(response.json<{ rows: Row[] }>().rows.map((row) => [row.code, row]));
  };
  const WEST = '99999A00-';
  const OOST = '99999A01-';
  const RATE = 'indicator=incidents-per-1000-residents';

  it('shows a count of k or more and suppresses one below k', async () => {
    // 2025: WEST holds SPOT_A's 7 → 7 / 1,000 residents · 1,000 = 7; OOST the fixture's
    // T-INC-4 and T-INC-5: 2 < 5, suppressed (for staff: 2 / 50 · 1,000 = 40).
    const open = await figures(`${RATE}&period=2025-01-01/2025-12-31`);
    expect(open[WEST]).toEqual({
      code: WEST,
      name: 'WEST',
      value: 7,
      numerator: 7,
      denominator: 1000,
      unstable: false,
      suppressed: false,
    });
    expect(open[OOST]).toEqual({
      code: OOST,
      name: 'OOST',
      value: null,
      numerator: null,
      denominator: 50,
      unstable: true,
      suppressed: true,
    });
    const staff = await figures(`${RATE}&period=2025-01-01/2025-12-31`, planner);
    expect(staff[OOST]).toMatchObject({ value: 40, numerator: 2 });
    expect(staff[OOST]).not.toHaveProperty('suppressed');
  });

  it('suppresses a change when either count is below k', async () => {
    // WEST: 7 in 2025 after 2 in 2024 (T-INC-1, T-INC-2): the 2 is below k.
    const open = await figures('indicator=incidents-change&period=2025-01-01/2025-12-31');
    expect(open[WEST]).toMatchObject({ value: null, numerator: null, denominator: null, suppressed: true });
    const staff = await figures('indicator=incidents-change&period=2025-01-01/2025-12-31', planner);
    expect(staff[WEST]).toMatchObject({ value: 250, numerator: 7, denominator: 2 }); // (7 − 2) / 2 = +250 %
  });

  it('suppresses the vacancy register per sector below k (1 and 2 buildings)', async () => {
    const open = await figures('indicator=vacant-buildings-per-1000-dwellings');
    expect([open[WEST]!.numerator, open[OOST]!.numerator]).toEqual([null, null]);
    const staff = await figures('indicator=vacant-buildings-per-1000-dwellings', planner);
    expect([staff[WEST]!.numerator, staff[OOST]!.numerator]).toEqual([1, 2]);
  });

  it('suppresses the points of a series below k', async () => {
    const response = await get(`/api/neighbourhoods/${WEST}/series?${RATE}&interval=year`);
    const points = response.json<{ points: (Row & { period: string })[] }>().points;
    // 2024: T-INC-1 and T-INC-2 (2, suppressed); 2025: SPOT_A's 7.
    expect(points.map((p) => [p.period, p.numerator, p.suppressed])).toEqual([
      ['2024', null, true],
      ['2025', 7, false],
    ]);
    const months = (await get(`/api/neighbourhoods/${WEST}/series?${RATE}&interval=month`)).json<{
      points: (Row & { period: string })[];
    }>().points;
    expect(months.filter((p) => !p.suppressed).map((p) => [p.period, p.numerator])).toEqual([['2025-02', 7]]);
  });

  it.each([
    [`${RATE}&period=2025-02-01/2025-02-14`, 'period'],
    [`${RATE}&period=2025-02-03/..`, 'period'],
    [`${RATE}&category=geweld`, 'category'],
    [`${RATE}&category=overlast,vandalisme`, 'category'],
  ])('refuses the public %s naming %s', async (query, parameter) => {
    expectRefused(await get(`/api/neighbourhoods/figures?${query}`), 400, parameter);
    expectRefused(await get(`/api/neighbourhoods/${WEST}/series?${query}`), 400, parameter);
    expect((await get(`/api/neighbourhoods/figures?${query}`, planner)).statusCode).toBe(200);
  });

  it('takes whole category groups from the public', async () => {
    const open = await figures(`${RATE}&category=geweld,burenconflict&period=2025-01-01/2025-12-31`);
    expect(open[WEST]!.numerator).toBe(7);
  });

  it('honours another k: with PRIVACY_MIN_COUNT=3 the 3 incidents of OOST are shown', async () => {
    // All time, OOST holds T-INC-3, T-INC-4, T-INC-5: 3, below 5, not below 3 (3 / 50 · 1,000 = 60).
    expect((await figures(RATE))[OOST]).toMatchObject({ numerator: null, suppressed: true });
    const lenient = await buildApp({
      config: loadConfig({ PRIVACY_MIN_COUNT: '3', RATE_LIMIT_PER_MINUTE: '0' }),
      db: app.db,
    });
    try {
      expect((await figures(RATE, undefined, lenient))[OOST]).toMatchObject({
        value: 60,
        numerator: 3,
        suppressed: false,
      });
      // and 2025's 2 is still below 3
      expect((await figures(`${RATE}&period=2025-01-01/2025-12-31`, undefined, lenient))[OOST]!.suppressed).toBe(true);
    } finally {
      await lenient.close();
    }
  });
});

describe('search', () => {
  it('gives the public no streets from the vacancy register; staff get them', async () => {
    for (const q of ['teststraat', 'straat', 'test', 'st']) {
      const response = await get(`/api/search?q=${q}`);
      expect(response.statusCode).toBe(200);
      const results = response.json<{ results: { kind: string; name: string }[] }>().results;
      expect(results.filter((r) => r.kind === 'street')).toEqual([]);
      expect(response.body).not.toContain(ADDRESS);
    }
    const staff = (await get('/api/search?q=teststraat', planner)).json<{
      results: { kind: string; name: string }[];
    }>();
    expect(staff.results.map((r) => [r.kind, r.name])).toEqual([['street', ADDRESS]]);
  });
});

describe('areas of focus', () => {
  const year = new Date().getUTCFullYear();
  const ids: number[] = [];
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
  const action = (y: number, text: string) => ({ year: y, action: text, partner: 'Buurtwerk', status: 'planned' });

  async function create(name: string, status: string) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/focus-areas',
      headers: writeHeaders(coordinator),
      payload: {
        name,
        theme: 'buurten',
        priority: 'high',
        status,
        description: `${name}: beschrijving`,
        actions: [action(year - 1, 'vorig jaar'), action(year, 'dit jaar'), action(year + 1, 'volgend jaar')],
        geometry: SQUARE,
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json<{ id: number }>().id;
    ids.push(id);
    return id;
  }

  let active: number;
  let deleted: number;
  beforeAll(async () => {
    active = await create('privacy actief', 'active');
    await create('privacy voorgesteld', 'proposed');
    deleted = await create('privacy geschrapt', 'active');
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/focus-areas/${deleted}?version=1`,
      headers: writeHeaders(coordinator),
    });
    expect(removed.statusCode, removed.body).toBe(200);
  });
  afterAll(async () => {
    await app.db.pool.query(`DELETE FROM audit_log WHERE entity = 'focus-area' AND entity_id = ANY($1::text[])`, [
      ids.map(String),
    ]);
    await app.db.pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = ANY($1::bigint[])', [ids]);
    await app.db.pool.query('DELETE FROM focus_areas WHERE id = ANY($1::bigint[])', [ids]);
  });

  it('shows the public the active areas only: name, theme, priority, description, this and later years', async () => {
    const response = await get('/api/focus-areas');
    expect(response.statusCode, response.body).toBe(200);
    const { features } = response.json<{
      features: { id: number; properties: Record<string, unknown>; geometry: unknown }[];
    }>();
    const ours = features.filter((f) => ids.includes(f.id));
    expect(ours.map((f) => f.id)).toEqual([active]);
    expect(ours[0]!.properties).toEqual({
      name: 'privacy actief',
      theme: 'buurten',
      priority: 'high',
      description: 'privacy actief: beschrijving',
      // phase and partner organisation always present (null: not set), as for staff
      actions: [action(year, 'dit jaar'), action(year + 1, 'volgend jaar')].map((a) => ({
        ...a,
        phase: null,
        partnerId: null,
      })),
    });
    expect(ours[0]!.geometry).toMatchObject({ type: 'MultiPolygon' });
    // Whatever other test files left behind: only active, live areas, and no editor anywhere.
    const { rows } = await app.db.pool.query<{ id: string }>(
      `SELECT id FROM focus_areas WHERE status = 'active' AND deleted_at IS NULL ORDER BY id`,
    );
    expect(features.map((f) => f.id)).toEqual(rows.map((row) => Number(row.id)));
    for (const feature of features) {
      expect(Object.keys(feature.properties).sort()).toEqual(['actions', 'description', 'name', 'priority', 'theme']);
    }
    for (const word of ['updatedBy', 'updatedAt', 'deletedAt', 'privacy-coord']) {
      expect(response.body).not.toContain(word);
    }
  });

  it('refuses the public every other read: one area, versions, comparisons, export, deleted areas', async () => {
    for (const url of [
      `/api/focus-areas/${active}`,
      `/api/focus-areas/${active}/versions`,
      `/api/focus-areas/${active}/versions/compare?from=1&to=1`,
      '/api/focus-areas/export?format=geojson',
      '/api/focus-areas/export?format=csv',
      '/api/focus-areas?deleted=true',
      '/api/focus-areas?deleted=false',
    ]) {
      expectRefused(await get(url), 401);
    }
  });

  it('gives a planner the list as before, with versions and editors', async () => {
    const { features } = (await get('/api/focus-areas', planner)).json<{
      features: { id: number; properties: Record<string, unknown> }[];
    }>();
    const ours = features.filter((f) => ids.includes(f.id));
    expect(ours.map((f) => f.id).sort()).toEqual(ids.filter((id) => id !== deleted).sort());
    expect(ours[0]!.properties).toMatchObject({ version: 1, updatedBy: 'privacy-coord', status: 'active' });
    expect(ours[0]!.properties.actions).toHaveLength(3);
    expect((await get(`/api/focus-areas/${active}/versions`, planner)).statusCode).toBe(200);
  });
});

describe('GET /api/layers: the precision each caller gets', () => {
  interface Described {
    id: string;
    precision: Record<string, unknown>;
    extent: { temporal: [string, string] | null };
  }
  const described = async (cookie?: string) =>
    Object.fromEntries(
      (await get('/api/layers', cookie)).json<{ layers: Described[] }>().layers.map((layer) => [layer.id, layer]),
    );

  it('tells the public: incidents as aggregates, the register as sector counts, the rest in full', async () => {
    const layers = await described();
    expect(layers.incidents!.precision).toEqual({
      level: 'aggregate',
      cellMetres: 200,
      minCount: K,
      time: 'month',
      categoryGroups: [
        {
          id: 'overlast',
          title: { nl: 'Overlast, vandalisme en drugs', en: 'Nuisance, vandalism and drugs' },
          categories: ['overlast', 'vandalisme', 'drugs'],
        },
        {
          id: 'inbraak-diefstal',
          title: { nl: 'Woninginbraak en diefstal', en: 'Burglary and theft' },
          categories: ['woninginbraak', 'diefstal'],
        },
        {
          id: 'geweld-conflict',
          title: { nl: 'Geweld en burenconflicten', en: 'Violence and neighbour disputes' },
          categories: ['geweld', 'burenconflict'],
        },
        {
          id: 'sluikstort-verkeer',
          title: { nl: 'Sluikstort en verkeer', en: 'Illegal dumping and traffic' },
          categories: ['sluikstort', 'verkeer'],
        },
      ],
    });
    expect(layers['vacant-buildings']!.precision).toEqual({ level: 'sector-counts', minCount: K, time: 'month' });
    expect(layers.neighbourhoods!.precision).toEqual({ level: 'full' });
    expect(layers['youth-facilities']!.precision).toEqual({ level: 'full' });
    // The incidents run from 15 January 2024 to 1 March 2025: in whole months for the public.
    expect(layers.incidents!.extent.temporal).toEqual(['2024-01-01', '2025-03-31']);
  });

  it('tells staff: every layer in full, to the day', async () => {
    const layers = await described(planner);
    for (const layer of Object.values(layers)) expect(layer.precision).toEqual({ level: 'full' });
    expect(layers.incidents!.extent.temporal).toEqual(['2024-01-15', '2025-03-01']);
  });
});
