import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_CATEGORIES } from '../../api/src/figures/area-figures.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';

/*
 * POST /api/figures against the fixture (tests/fixtures/api-fixture.sql): sectors WEST
 * (lon 4.0–4.05, lat 50.0–50.1, 1000 residents) and OOST (lon 4.05–4.1, 50 residents), plus
 * four youth facilities this file adds (source ids T-AF-…) and removes again.
 *
 * Areas are on the WGS 84 spheroid (PostGIS geography), and so are the residents' weights.
 * Hand computation: the area of a lon/lat box on the ellipsoid (a = 6378137 m,
 * f = 1/298.257223563, b = a(1 − f), e² = f(2 − f)) is
 *   A = b² · Δλ / 2 · [q(φ₂) − q(φ₁)],  q(φ) = sin φ / (1 − e² sin² φ) + ln((1 + e sin φ)/(1 − e sin φ)) / (2e)
 * (Δλ in radians). PostGIS measures the box's edges as geodesics, not parallels; for boxes
 * this small the difference is below 1e-7 of the area (checked: 2e-9 for the 0.01° box),
 * far below the rounding to 0.01 ha.
 */
const A = 6378137;
const F = 1 / 298.257223563;
const B = A * (1 - F);
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const rad = (deg: number) => (deg * Math.PI) / 180;
function q(lat: number): number {
  const s = Math.sin(rad(lat));
  return s / (1 - E2 * s * s) + Math.log((1 + E * s) / (1 - E * s)) / (2 * E);
}
/** Square metres of the box lon west–east, lat south–north on the ellipsoid. */
const boxArea = (west: number, south: number, east: number, north: number) =>
  ((B * B * rad(east - west)) / 2) * (q(north) - q(south));
const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

const box = (west: number, south: number, east: number, north: number) => ({
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

const WEST_AREA = boxArea(4.0, 50.0, 4.05, 50.1); // 39 832 229.2 m²

const noCategories = Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, 0]));
const noStatuses = { leegstaand: 0, verwaarloosd: 0, ongeschikt: 0, onbewoonbaar: 0 };

let app: FastifyInstance;
let cookie: string;

beforeAll(async () => {
  app = await createTestApp();
  await createUser(app.db.pool, { username: 'area-figures-planner', role: 'planner', password: 'planner-password-1' });
  cookie = await login(app, 'area-figures-planner', 'planner-password-1');
  // Meridian radius of curvature at 50.01°: M = a(1 − e²)/(1 − e² sin²φ)^1.5 = 6 372 967 m, so
  // 0.001° of latitude is 111.229 m there: 50.014 lies 0.004° = 444.9 m north of lat 50.01,
  // 50.015 lies 0.005° = 556.1 m north (PostGIS: 444.905 m and 556.135 m).
  await app.db.pool.query(`
    INSERT INTO youth_facilities (source_id, name, kind, is_public, geom) VALUES
      ('T-AF-IN', 'Binnen', 'speeltuin', true, ST_SetSRID(ST_MakePoint(4.005, 50.005), 4326)),
      ('T-AF-EDGE', 'Op de rand', 'speeltuin', true, ST_SetSRID(ST_MakePoint(4.01, 50.005), 4326)),
      ('T-AF-NEAR', 'Dichtbij', 'sportveld', true, ST_SetSRID(ST_MakePoint(4.005, 50.014), 4326)),
      ('T-AF-FAR', 'Verder', 'sportveld', true, ST_SetSRID(ST_MakePoint(4.005, 50.015), 4326))`);
});

afterAll(async () => {
  await app.db.pool.query(`DELETE FROM youth_facilities WHERE source_id LIKE 'T-AF-%'`);
  // The account stays: the audit log refers to its sign-in, and its name is unique to this file.
  await app.close();
});

async function figures(geometry: unknown, period?: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/figures',
    headers: writeHeaders(cookie),
    payload: period === undefined ? { geometry } : { geometry, period },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('POST /api/figures', () => {
  it('a 0.01° × 0.01° box at 50° N: area on the ellipsoid, the facility inside, on the edge and 444.9 m away', async () => {
    // boxArea(4.0, 50.0, 4.01, 50.01) = 797 383.14 m² = 79.74 ha (PostGIS: 797 383.136 m²).
    // On a sphere (R = 6 371 008.8 m) it would be 1111.95 m × 714.7 m ≈ 794 750 m²: 0.33 % less.
    expect(round(boxArea(4.0, 50.0, 4.01, 50.01) / 10_000, 2)).toBe(79.74);
    // Residents: the box is a part of WEST only: 1000 × 797 383.14 / 39 832 229.24 = 20.0184… → 20.0.
    const residents = round((1000 * boxArea(4.0, 50.0, 4.01, 50.01)) / WEST_AREA, 1);
    expect(residents).toBe(20);
    expect(await figures(box(4.0, 50.0, 4.01, 50.01))).toEqual({
      areaHa: 79.74,
      residents,
      vacantBuildings: { total: 0, byStatus: noStatuses },
      // T-INC-1 (4.01, 50.01) is the box's north-east corner: on the boundary counts as inside.
      incidents: { total: 1, byCategory: { ...noCategories, overlast: 1 } },
      // Inside: T-AF-IN and T-AF-EDGE (on the east edge). Within 500 m: those two and T-AF-NEAR
      // at 444.9 m; T-AF-FAR (556.1 m) and the fixture's facilities (≥ 2 km) are not.
      youthFacilities: { inside: 2, within500m: 3 },
      period: null,
    });
  });

  it('an area equal to sector WEST has its 1000 residents exactly; OOST, touching along an edge, adds 0', async () => {
    const answer = await figures(box(4.0, 50.0, 4.05, 50.1));
    // 39 832 229.24 m² = 3983.22 ha.
    expect(round(WEST_AREA / 10_000, 2)).toBe(3983.22);
    expect(answer).toEqual({
      areaHa: 3983.22,
      residents: 1000,
      // T-LEEG-A (4.01, 50.03), leegstaand 2020-01-01 → 2022-06-30.
      vacantBuildings: { total: 1, byStatus: { ...noStatuses, leegstaand: 1 } },
      // T-INC-1 and T-INC-2, both overlast.
      incidents: { total: 2, byCategory: { ...noCategories, overlast: 2 } },
      // T-JEUGD-1 (4.03, 50.03) and the four T-AF facilities; T-JEUGD-2 (4.07, 50.02) is
      // 0.02° of longitude ≈ 1430 m east of lon 4.05.
      youthFacilities: { inside: 5, within500m: 5 },
      period: null,
    });
  });

  it('a quarter of WEST (half its width, half its height) gets its area-weighted share', async () => {
    // Share = boxArea(4.0, 50.0, 4.025, 50.05) / boxArea(WEST) = 9 963 187.19 / 39 832 229.24
    // = 0.5 (width) × [q(50.05) − q(50.0)] / [q(50.1) − q(50.0)] = 0.2501288 (a little over ¼:
    // the southern half of WEST is the wider one) → 1000 × 0.2501288 = 250.1288 → 250.1.
    const share = boxArea(4.0, 50.0, 4.025, 50.05) / WEST_AREA;
    expect(share).toBeCloseTo(0.2501288, 7);
    const answer = await figures(box(4.0, 50.0, 4.025, 50.05));
    expect(answer.residents).toBe(round(1000 * share, 1));
    expect(answer.residents).toBe(250.1);
    expect(answer.areaHa).toBe(round(boxArea(4.0, 50.0, 4.025, 50.05) / 10_000, 2)); // 996.32
    expect(answer.incidents).toEqual({ total: 2, byCategory: { ...noCategories, overlast: 2 } });
    expect(answer.vacantBuildings).toEqual({ total: 1, byStatus: { ...noStatuses, leegstaand: 1 } });
    // Inside: the four T-AF facilities. T-JEUGD-1 (4.03, 50.03) lies 0.005° of longitude east
    // of the edge lon 4.025: N(50.03)·cos(50.03°)·0.005° = 358.3 m (PostGIS 358.26 m) → within.
    expect(answer.youthFacilities).toEqual({ inside: 4, within500m: 5 });
  });

  it('an area straddling WEST and OOST: a weighted sum of both sectors', async () => {
    // lon 4.04–4.06 × lat 50.0–50.1: 0.01° of WEST's 0.05° width and 0.01° of OOST's, the
    // full height: 1000 × 0.2 + 50 × 0.2 = 210.0. Area = boxArea(4.04, 50.0, 4.06, 50.1)
    // = 15 932 891.70 m² = 1593.29 ha.
    const answer = await figures(box(4.04, 50.0, 4.06, 50.1));
    expect(answer.residents).toBe(210);
    expect(answer.areaHa).toBe(round(boxArea(4.04, 50.0, 4.06, 50.1) / 10_000, 2));
    expect(answer.areaHa).toBe(1593.29);
    // On the east edge lon 4.06: T-INC-3 (woninginbraak) and T-LEEG-B (verwaarloosd).
    expect(answer.incidents).toEqual({ total: 1, byCategory: { ...noCategories, woninginbraak: 1 } });
    expect(answer.vacantBuildings).toEqual({ total: 1, byStatus: { ...noStatuses, verwaarloosd: 1 } });
    // T-JEUGD-1 (4.03) and T-JEUGD-2 (4.07) are 0.01° of longitude ≈ 716 m outside.
    expect(answer.youthFacilities).toEqual({ inside: 0, within500m: 0 });
  });

  it('counts a point on the boundary: box 4.01–4.02 × 50.01–50.02 has T-INC-1 and T-INC-2 at its corners', async () => {
    const answer = await figures(box(4.01, 50.01, 4.02, 50.02));
    expect(answer.incidents.total).toBe(2);
    // 1000 × boxArea(4.01, 50.01, 4.02, 50.02) / boxArea(WEST) = 1000 × 797 159.9 / 39 832 229.2 = 20.0 (19.9999…)
    expect(answer.residents).toBe(round((1000 * boxArea(4.01, 50.01, 4.02, 50.02)) / WEST_AREA, 1));
  });

  it('with a period: incidents that occurred in it, vacancies whose register period meets it', async () => {
    const quarter = box(4.0, 50.0, 4.025, 50.05);
    // 2024 Q1: T-INC-1 (2024-01-15) only; T-LEEG-A was resolved on 2022-06-30.
    const q1 = await figures(quarter, '2024-01-01/2024-03-31');
    expect(q1.incidents).toEqual({ total: 1, byCategory: { ...noCategories, overlast: 1 } });
    expect(q1.vacantBuildings.total).toBe(0);
    expect(q1.period).toEqual({ start: '2024-01-01T00:00:00.000Z', end: '2024-03-31T23:59:59.999Z' });
    // From the day T-LEEG-A was resolved: its register period [2020-01-01, 2022-06-30] still meets it.
    const from = await figures(quarter, '2022-06-30/..');
    expect(from.vacantBuildings).toEqual({ total: 1, byStatus: { ...noStatuses, leegstaand: 1 } });
    expect(from.incidents.total).toBe(2);
    expect(from.period).toEqual({ start: '2022-06-30T00:00:00.000Z', end: null });
    // The day after: no longer.
    expect((await figures(quarter, '2022-07-01/..')).vacantBuildings.total).toBe(0);
    // Residents, area and facilities do not depend on the period.
    expect(q1.residents).toBe(250.1);
    expect(q1.youthFacilities).toEqual({ inside: 4, within500m: 5 });
  });

  it('a MultiPolygon adds up its parts', async () => {
    // The small box (20.0 residents, 1 incident) plus the straddling box (210.0, 1 incident).
    const answer = await figures({
      type: 'MultiPolygon',
      coordinates: [box(4.0, 50.0, 4.01, 50.01).coordinates, box(4.04, 50.0, 4.06, 50.1).coordinates],
    });
    const expected = (1000 * boxArea(4.0, 50.0, 4.01, 50.01)) / WEST_AREA + 210;
    expect(answer.residents).toBe(round(expected, 1)); // 230.0
    expect(answer.areaHa).toBe(round((boxArea(4.0, 50.0, 4.01, 50.01) + boxArea(4.04, 50.0, 4.06, 50.1)) / 10_000, 2));
    expect(answer.incidents.total).toBe(2);
  });

  it('an area with a hole: the hole is not counted', async () => {
    // WEST with the small box 4.0–4.01 × 50.0–50.01 cut out would share edges with the shell;
    // cut 4.001–4.011 × 50.001–50.011 instead: T-INC-1 (4.01, 50.01) falls in the hole.
    const answer = await figures({
      type: 'Polygon',
      coordinates: [box(4.0, 50.0, 4.05, 50.1).coordinates[0], box(4.001, 50.001, 4.011, 50.011).coordinates[0]],
    });
    const hole = boxArea(4.001, 50.001, 4.011, 50.011);
    expect(answer.residents).toBe(round((1000 * (WEST_AREA - hole)) / WEST_AREA, 1)); // 980.0
    expect(answer.incidents).toEqual({ total: 1, byCategory: { ...noCategories, overlast: 1 } });
    // T-AF-IN (4.005, 50.005) and T-AF-EDGE (4.01, 50.005) are in the hole; within 500 m still.
    expect(answer.youthFacilities).toEqual({ inside: 3, within500m: 5 });
  });

  it('refuses a bad period with 400 naming it, and anonymous or cross-site requests', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/figures',
      headers: writeHeaders(cookie),
      payload: { geometry: box(4.0, 50.0, 4.01, 50.01), period: '2024-13-01/..' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().parameter).toBe('period');

    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/figures',
      headers: writeHeaders(),
      payload: { geometry: box(4.0, 50.0, 4.01, 50.01) },
    });
    expect(anonymous.statusCode).toBe(401);
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/figures',
      headers: { cookie, origin: 'https://evil.example' },
      payload: { geometry: box(4.0, 50.0, 4.01, 50.01) },
    });
    expect(crossSite.statusCode).toBe(403);
  });
});
