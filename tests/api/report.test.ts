import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priorities } from '../../api/src/priorities/schema.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';

/*
 * GET /report, the yearly report, on the shared fixture plus the three sectors of
 * tests/fixtures/priorities-fixture.sql (added here, removed afterwards), for 2023:
 *
 *   sector   code        ward          residents
 *   WEST     99999A00-   Testwijk      1000
 *   OOST     99999A01-   Testwijk        50   (under 100 residents: listed, not ranked)
 *   NOORD    99999B00-   —             2000
 *   ZUID     99999B01-   —              500
 *   MIDDEN   99999B02-   —             1500
 *
 * With weights vacancy 2, burglaries 1, long-term vacancy 0, neighbour disputes 0, the
 * priorities tests (tests/api/priorities.test.ts) compute by hand, from the z-scores
 * z_vacant = −0.413048, 1.388933, 0.355883, −1.331768 and
 * z_burglaries = 0.353412, −0.481964, 1.412339, −1.283787 (WEST, NOORD, ZUID, MIDDEN):
 *   score = (2·z_vacant + z_burglaries) / 3:
 *     NOORD 0.765300 → "+0,77", class 0.25…1 (#FDB366)
 *     ZUID  0.708035 → "+0,71", class 0.25…1 (#FDB366)
 *     WEST −0.157561 → "−0,16", class −0.25…0.25 (#EAECCC)
 *     MIDDEN −1.315774 → "−1,32", class < −1 (#4A7BB7)
 *   2022 with the same weights: MIDDEN 1 (0.405680), ZUID 2 (0.236095), WEST 3 (−0.225521),
 *   NOORD 4 (−0.416254), so NOORD climbs 4 → 1 (▲ 3, score +1.181554 → "+1,18") and MIDDEN
 *   falls 1 → 4 (▼ 3, −1.315774 − 0.405680 = −1.721454 → "−1,72").
 * Classes: Tol's sunset, colours 1, 3, 5, 7, 9 of 11 (#4A7BB7 #98CAE1 #EAECCC #FDB366 #DD3D2D).
 */

const WEST = '99999A00-';
const OOST = '99999A01-';
const NOORD = '99999B00-';
const ZUID = '99999B01-';
const MIDDEN = '99999B02-';

const VACANT = 'vacant-buildings-per-1000-dwellings';
const LONG_TERM = 'long-term-vacant-per-1000-dwellings';
const BURGLARIES = 'burglaries-per-1000-dwellings';
const DISPUTES = 'neighbour-disputes-per-1000-residents';
const WEIGHTS = `${VACANT}:2,${BURGLARIES}:1,${LONG_TERM}:0,${DISPUTES}:0`;
const REPORT_2023 = `/report?theme=wonen&year=2023&weights=${WEIGHTS}`;

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** A square of `side` degrees with its south-west corner at lon/lat. */
const square = (lon: number, lat: number, side: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + side, lat],
      [lon + side, lat + side],
      [lon, lat + side],
      [lon, lat],
    ],
  ],
});

const HOUSING_AREA = {
  name: 'Rapport Noord',
  theme: 'wonen',
  priority: 'high',
  status: 'active',
  description: 'Leegstand aanpakken rond het station.',
  actions: [
    { year: 2023, action: 'Huisbezoeken bij leegstaande panden', partner: 'Woonwinkel', status: 'done' },
    { year: 2022, action: 'Inventaris van 2022', partner: '', status: 'done' },
    { year: 2024, action: 'Heffing opvolgen in 2024', partner: 'Financiën', status: 'planned' },
  ],
  geometry: square(4.11, 50.02, 0.01),
};
const SCRIPT_NAME = '<script>alert(1)</script>';
const SCRIPT_AREA = {
  ...HOUSING_AREA,
  name: SCRIPT_NAME,
  priority: 'low',
  description: '',
  actions: [],
  geometry: square(4.16, 50.02, 0.01),
};
const YOUTH_AREA = {
  ...HOUSING_AREA,
  name: 'Rapport Jongeren',
  theme: 'jongeren',
  actions: [{ year: 2023, action: 'Jeugdwerker op het plein', partner: 'Jeugddienst', status: 'ongoing' }],
  geometry: square(4.21, 50.02, 0.01),
};

let app: FastifyInstance;
let plannerCookie: string;
let coordinatorCookie: string;
const areaIds: number[] = [];

async function createArea(body: unknown): Promise<number> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/focus-areas',
    headers: writeHeaders(coordinatorCookie),
    payload: body as Record<string, unknown>,
  });
  expect(response.statusCode, response.body).toBe(201);
  const id = response.json<{ id: number }>().id;
  areaIds.push(id);
  return id;
}

beforeAll(async () => {
  app = await createTestApp();
  await app.db.pool.query(await fixture('priorities-fixture-cleanup.sql'));
  await app.db.pool.query(await fixture('priorities-fixture.sql'));
  await createUser(app.db.pool, { username: 'report-planner', role: 'planner', password: 'report-planner-1' });
  await createUser(app.db.pool, { username: 'report-coordinator', role: 'coordinator', password: 'report-coord-1' });
  plannerCookie = await login(app, 'report-planner', 'report-planner-1');
  coordinatorCookie = await login(app, 'report-coordinator', 'report-coord-1');
  await createArea(HOUSING_AREA);
  await createArea(SCRIPT_AREA);
  await createArea(YOUTH_AREA);
});

afterAll(async () => {
  const pool = app.db.pool;
  await pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = ANY ($1::bigint[])', [areaIds]);
  await pool.query('DELETE FROM focus_areas WHERE id = ANY ($1::bigint[])', [areaIds]);
  await pool.query(await fixture('priorities-fixture-cleanup.sql'));
  await app.close();
});

/** A request as the planner, or with another cookie, or with none (null). */
async function report(url: string, cookie: string | null = plannerCookie) {
  return app.inject({ url, headers: cookie === null ? {} : { cookie } });
}

async function reportBody(url: string): Promise<string> {
  const response = await report(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.body;
}

/** The part of the page from `start` to the first `end` after it. */
function between(body: string, start: string, end: string): string {
  const from = body.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  const to = body.indexOf(end, from);
  expect(to, end).toBeGreaterThan(from);
  return body.slice(from, to);
}

const rankingCodes = (body: string) =>
  [...between(body, '<table class="ranking">', '</table>').matchAll(/<tr data-code="([^"]+)"/g)].map((m) => m[1]!);

/** Markup as the reader sees it: without tags, white space collapsed. */
const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The text of one sector's row in the ranking table. */
const rankingRowText = (body: string, code: string) =>
  text(between(between(body, '<table class="ranking">', '</table>'), `<tr data-code="${code}"`, '</tr>'));

interface SectorPath {
  code: string;
  cls: string;
  fill: string;
  d: string;
}
const sectorPaths = (body: string): SectorPath[] =>
  [
    ...body.matchAll(
      /<path\s+class="sector"\s+data-code="([^"]+)"\s+data-class="([^"]+)"\s+fill="([^"]+)"\s+d="([^"]+)"/g,
    ),
  ].map((m) => ({ code: m[1]!, cls: m[2]!, fill: m[3]!, d: m[4]! }));

/** The vertices of SVG path data "M x y L x y … Z" as [x, y] pairs. */
const vertices = (d: string): [number, number][] => {
  const numbers = d.match(/-?\d+(\.\d+)?/g)!.map(Number);
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) pairs.push([numbers[i]!, numbers[i + 1]!]);
  return pairs;
};

describe('GET /report for a planner', () => {
  it('is an HTML page with the title, the period, the method and the CSV link with the same parameters', async () => {
    const response = await report(REPORT_2023);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    const body = response.body;
    expect(body).toMatch(/^<!doctype html>/i);
    expect(body).toContain('<html lang="nl">');
    expect(body).toContain('<h1>Leefbaarheidsrapport Testgem 2023 — Veilig wonen</h1>');
    expect(body).toContain('1 januari 2023 – 31 december 2023');
    expect(body).toContain('empirisch-Bayesiaans');
    expect(body).toContain('minder dan 100 inwoners');
    expect(body).toContain('Burenconflicten per 1.000 inwoners: 0 (niet meegeteld)');
    const csv = `/api/priorities?theme=wonen&amp;period=2023-01-01%2F2023-12-31&amp;weights=${encodeURIComponent(WEIGHTS)}&amp;format=csv`;
    expect(body).toContain(`href="${csv}"`);
    // No script at all: the page needs none, and none can be injected.
    expect(body).not.toMatch(/<script/i);
  });

  it('ranks the sectors in the order GET /api/priorities gives for the same theme, year and weights', async () => {
    const api = await app.inject({
      url: `/api/priorities?theme=wonen&period=2023-01-01/2023-12-31&weights=${WEIGHTS}`,
      headers: { cookie: plannerCookie },
    });
    expect(api.statusCode, api.body).toBe(200);
    const expected = api.json<Priorities>().sectors.map((s) => s.code);
    expect(expected).toEqual([NOORD, ZUID, WEST, MIDDEN, OOST]);

    const body = await reportBody(REPORT_2023);
    expect(rankingCodes(body)).toEqual(expected);
    expect(rankingRowText(body, NOORD)).toBe('1 99999B00- NOORD — +0,77 ▲ 3 plaatsen hoger (4 → 1) score +1,18 2.000');
    expect(rankingRowText(body, ZUID)).toBe('2 99999B01- ZUID — +0,71 = zelfde plaats (2 → 2) score +0,47 500');
    expect(rankingRowText(body, WEST)).toBe(
      '3 99999A00- WEST Testwijk −0,16 = zelfde plaats (3 → 3) score +0,07 1.000',
    );
    expect(rankingRowText(body, MIDDEN)).toBe(
      '4 99999B02- MIDDEN — −1,32 ▼ 3 plaatsen lager (1 → 4) score −1,72 1.500',
    );
    expect(rankingRowText(body, OOST)).toBe(
      '— 99999A01- OOST Testwijk — — 50 niet gerangschikt: minder dan 100 inwoners',
    );
  });

  it('draws one SVG path per sector, in Lambert 72 to the metre, coloured by its score class', async () => {
    const body = await reportBody(REPORT_2023);
    const paths = sectorPaths(body);
    const { rows } = await app.db.pool.query<{ code: string }>('SELECT code FROM neighbourhoods ORDER BY code');
    expect(rows.map((r) => r.code)).toEqual([WEST, OOST, NOORD, ZUID, MIDDEN]);
    expect(paths.map((p) => p.code)).toEqual(rows.map((r) => r.code));

    const byCode = new Map(paths.map((p) => [p.code, p]));
    expect(byCode.get(NOORD)).toMatchObject({ cls: '3', fill: '#FDB366' });
    expect(byCode.get(ZUID)).toMatchObject({ cls: '3', fill: '#FDB366' });
    expect(byCode.get(WEST)).toMatchObject({ cls: '2', fill: '#EAECCC' });
    expect(byCode.get(MIDDEN)).toMatchObject({ cls: '0', fill: '#4A7BB7' });
    expect(byCode.get(OOST)).toMatchObject({ cls: 'unranked', fill: 'url(#unranked-hatch)' });

    /*
     * WEST is lon 4.00–4.05, lat 50.0–50.1. Whole metres, y negated (ST_AsSVG). On Hayford's
     * ellipsoid (a = 6378388, e² = 0.0067227) at 50° N: N = a / √(1 − e² sin² 50°) = 6391004 m,
     * so 0.05° of the parallel is N cos 50° · 0.05 · π/180 = 3584.9 m; M = a(1 − e²) /
     * (1 − e² sin² 50°)^1.5 = 6373204 m, so 0.1° of the meridian is 11123.3 m. Lambert 72's
     * scale there is within 0.01 % of 1, and rounding adds a metre: ±5 m.
     */
    const west = vertices(byCode.get(WEST)!.d);
    // The four corners: ST_AsSVG leaves the closing vertex out ("Z" closes the ring).
    expect(west).toHaveLength(4);
    for (const [x, y] of west) {
      expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
      expect(y).toBeLessThan(0);
    }
    const corners = west;
    const south = [...corners].sort((a, b) => b[1] - a[1]).slice(0, 2);
    const westEdge = [...corners].sort((a, b) => a[0] - b[0]).slice(0, 2);
    const length = ([a, b]: [number, number][]) => Math.hypot(a![0] - b![0], a![1] - b![1]);
    expect(Math.abs(length(south) - 3584.9)).toBeLessThan(5);
    expect(Math.abs(length(westEdge) - 11123.3)).toBeLessThan(5);

    // WEST and OOST share the meridian 4.05: the same two corners, to the metre.
    const key = ([x, y]: [number, number]) => `${x},${y}`;
    const oost = new Set(vertices(byCode.get(OOST)!.d).map(key));
    expect(new Set(corners.map(key).filter((k) => oost.has(k))).size).toBe(2);

    // The legend counts the sectors per class: 2 at 0.25…1, 1 at −0.25…0.25, 1 below −1, 1 unranked.
    const legend = between(body, '<div class="legend">', '</div>');
    const count = (cls: string) =>
      /<span class="count">\((\d+)\)<\/span>/.exec(between(legend, `data-class="${cls}"`, '</li>'))?.[1];
    expect(['4', '3', '2', '1', '0', 'unranked'].map(count)).toEqual(['0', '2', '1', '0', '1', '1']);
    expect(text(between(legend, '<li data-class="unranked">', '</li>'))).toBe(
      'Niet gerangschikt (minder dan 100 inwoners) (1) OOST',
    );
  });

  it('lists the indicators from the registry with the weights used and their figures', async () => {
    const body = await reportBody(REPORT_2023);
    const table = between(body, '<table class="indicators">', '</table>');
    expect([...table.matchAll(/<tr data-indicator="([^"]+)"/g)].map((m) => m[1])).toEqual([
      VACANT,
      LONG_TERM,
      BURGLARIES,
      DISPUTES,
    ]);
    const row = (id: string) => text(between(table, `<tr data-indicator="${id}"`, '</tr>'));
    // Burglaries 2023: city 1000 · 13 / 1920 = 6.770833; mean 7.427268, sd 4.328578 (priorities tests).
    expect(row(BURGLARIES)).toContain('Woninginbraken per 1.000 woningen');
    expect(row(BURGLARIES)).toContain('Woninginbraken in de sector tijdens de periode');
    expect(row(BURGLARIES)).toContain('Bron: Politie (synthetische demodata)');
    expect(row(BURGLARIES)).toMatch(/per 1\.000 woningen hoger is slechter 1 6,77 7,43 4,33$/);
    // Vacancy: city 1000 · 9 / 1920 = 4.6875; mean 4.134327, sd 1.949846; weight 2.
    expect(row(VACANT)).toMatch(/hoger is slechter 2 4,69 4,13 1,95$/);
    // Long-term vacancy: every sector smoothed to the city rate 0.520833, sd 0; weight 0.
    expect(row(LONG_TERM)).toMatch(/hoger is slechter 0 \(niet meegeteld\) 0,52 0,52 0,00$/);
  });

  it("shows the theme's areas of focus with only the report year's actions, and escapes their text", async () => {
    const body = await reportBody(REPORT_2023);
    const section = between(body, '<section class="focus-areas"', '</section>');
    expect(section).toContain('Aandachtsgebieden en acties in 2023');
    expect(section).toContain('<h3>Rapport Noord</h3>');
    expect(text(section)).toContain('Rapport Noord Prioriteit: hoog · Status: actief');
    // No phase and no partner organisation (an action as before issue 10): a dash, and the label.
    expect(text(section)).toContain(
      'Actie Fase Partner Status Huisbezoeken bij leegstaande panden — Woonwinkel uitgevoerd',
    );
    expect(section).not.toContain('Inventaris van 2022');
    expect(section).not.toContain('Heffing opvolgen in 2024');
    // Another theme's area is not in the housing report.
    expect(body).not.toContain('Rapport Jongeren');
    // The area named <script>…: escaped in the text and in the map's label, never markup.
    expect(section).toContain('<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>');
    expect(between(section, '&lt;script&gt;alert(1)&lt;/script&gt;', '</article>')).toContain('Geen acties in 2023.');
    const svg = between(body, '<svg\n', '</svg>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</text');
    expect(body).not.toContain(SCRIPT_NAME);
    // Both housing areas are outlined on the map, high priority first in the list.
    for (const id of areaIds.slice(0, 2)) expect(svg).toContain(`<g class="focus-area" data-id="${id}"`);
    expect(section.indexOf('Rapport Noord')).toBeLessThan(section.indexOf('&lt;script&gt;'));
  });

  it('theme=all lists every theme’s areas, and a deleted area is gone', async () => {
    const all = await reportBody('/report?theme=all&year=2023');
    expect(all).toContain('<h1>Leefbaarheidsrapport Testgem 2023 — Alle thema’s</h1>');
    expect(all).toContain('Rapport Jongeren');
    expect(all).toContain('Jeugdwerker op het plein');
    expect(text(all)).toContain('Thema: Kinderen en jongeren');

    const youthId = areaIds[2]!;
    const current = await app.inject({ url: `/api/focus-areas/${youthId}`, headers: { cookie: coordinatorCookie } });
    const version = current.json<{ properties: { version: number } }>().properties.version;
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/focus-areas/${youthId}?version=${version}`,
      headers: writeHeaders(coordinatorCookie),
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(await reportBody('/report?theme=all&year=2023')).not.toContain('Rapport Jongeren');
  });

  it('lang=en gives the English page, with the registries’ English titles', async () => {
    const response = await report(`${REPORT_2023}&lang=en`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-language']).toBe('en');
    const body = response.body;
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('<h1>Liveability report Testgem 2023 — Safe housing</h1>');
    for (const heading of ['Map', 'Ranking', 'Indicators', 'Areas of focus and actions in 2023']) {
      expect(body).toMatch(new RegExp(`<h2 id="[a-z-]+">${heading}</h2>`));
    }
    expect(body).toContain('Burglaries per 1,000 dwellings');
    expect(body).toContain('▲ 3 places up (4 → 1)');
    expect(body).toContain('1 January 2023 – 31 December 2023');
    expect(body).not.toContain('Rangschikking');
  });
});

describe('GET /report refusals', () => {
  const cases: [query: string, parameter: string][] = [
    ['theme=wijk&year=2023', 'theme'],
    ['year=2023', 'theme'],
    ['theme=wonen&theme=jongeren&year=2023', 'theme'],
    ['theme=wonen', 'year'],
    ['theme=wonen&year=23', 'year'],
    ['theme=wonen&year=2023.5', 'year'],
    ['theme=wonen&year=0000', 'year'],
    // 0001 compares with year 0, which PostgreSQL does not have
    ['theme=wonen&year=0001', 'year'],
    ['theme=wonen&year=2023&weights=nonsense', 'weights'],
    ['theme=wonen&year=2023&weights=youth-facilities-within-500m:1', 'weights'],
    [`theme=wonen&year=2023&weights=${VACANT}:11`, 'weights'],
    ['theme=wonen&year=2023&lang=fr', 'lang'],
  ];
  it.each(cases)('%s → 400 page naming %s', async (query, parameter) => {
    const response = await report(`/report?${query}`);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain(`data-parameter="${parameter}"`);
    expect(response.body).toContain(`De parameter „${parameter}” is niet geldig.`);
    expect(response.body).toContain('<strong>Toegestaan:</strong>');
  });

  it('says what is allowed, in English with lang=en', async () => {
    const response = await report('/report?theme=wijk&year=2023&lang=en');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The parameter “theme” is not valid.');
    expect(response.body).toContain('wonen, jongeren, buurten or all');
    expect(response.body).toContain('theme &quot;wijk&quot; is not one of wonen, jongeren, buurten, all');
  });

  it('is for signed-in staff: anonymous readers get a 401 page that sends them to the map to sign in', async () => {
    const nl = await report(REPORT_2023, null);
    expect(nl.statusCode).toBe(401);
    expect(nl.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(nl.body).toContain('Meld je aan op de kaart');
    expect(nl.body).toContain('<a href="/">');
    expect(nl.body).not.toContain('NOORD');

    const en = await report(`${REPORT_2023}&lang=en`, null);
    expect(en.statusCode).toBe(401);
    expect(en.body).toContain('Sign in on the map');

    // Bad parameters are not even looked at before the sign-in check.
    expect((await report('/report?theme=wijk', null)).statusCode).toBe(401);
    // A session cookie that is not a session is anonymous too.
    expect((await report(REPORT_2023, 'lk_session=' + 'x'.repeat(43))).statusCode).toBe(401);
  });
});
