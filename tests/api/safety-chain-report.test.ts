import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';

/*
 * The yearly report's safety chain (decision record 23) for 2019, on areas, partners and
 * signals made here and removed afterwards. The 2019 actions, 7 over 3 areas and 3 themes:
 *
 *   Keten Noord (wonen, high):     Huisbezoeken     prevention  OCMW     done
 *                                  Controles        repression  Politie  ongoing
 *                                  Uithuiszetting   repression  —        planned
 *                                  Inventaris       (no phase)  —        planned
 *                                  (+ 2018 Vorig jaar, aftercare: another year, left out)
 *   Keten Plein (jongeren, medium): Jeugdwerker     aftercare   "JOC"    done
 *                                  Politiepatrouille repression Politie  dropped
 *                                  (+ 2020 Later, prevention: left out)
 *   Keten Markt (buurten, low):    Buurtoverleg     pro-action  —        planned
 *   Keten Station (buurten, low):  no 2019 action (one in 2018)
 *
 * Matrix by hand:         pro  prev  prep  rep  after  none  total
 *   wonen                   0     1     0    2     0     1      4
 *   jongeren                0     0     0    1     1     0      2   (the dropped action is listed)
 *   buurten                 1     0     0    0     0     0      1
 *   total                   1     1     0    3     1     1      7
 *
 * Signals (counts only), linked by focus_area_id; "of 2019": open at some time in 2019:
 *   Noord   aftercare  2018-05-01 → closed 2018-12-01   not of 2019
 *   Noord   repression 2019-06-01 → open                of 2019, open at the end
 *   Plein   repression 2019-05-01 → closed 2020-01-15   of 2019, open at the end of 2019
 *   Markt   prevention 2019-02-01 → closed 2019-02-20   of 2019, anonymised
 *   Station prevention 2019-10-01 → open                of 2019, open at the end
 *   Station prevention 2020-01-05 → open                not of 2019 (reported after)
 *   (none)  repression 2019-03-01 → open                linked to no area
 * Gaps (dropped actions cover nothing):
 *   Noord:   prevention 1 action; repression 2 actions + 1 signal; no aftercare  → (a)
 *   Plein:   aftercare 1 action; repression 1 signal (the action was dropped)    → (b)
 *   Markt:   pro-action 1 action; prevention 1 signal                            → none
 *   Station: prevention 1 signal, open; no action in 2019                         → (c)
 */

const YEAR = 2019;
const PERSONAL = 'safety-chain-report: persoonlijke gegevens';

let app: FastifyInstance;
let planner: string;
let coordinator: string;
const userIds: number[] = [];
const areaIds: number[] = [];
const signalIds: number[] = [];
const partners: Record<'politie' | 'ocmw', { id: number; name: string }> = {
  politie: { id: 0, name: 'safety-chain-report: Politie' },
  ocmw: { id: 0, name: 'safety-chain-report: OCMW' },
};
const area: Record<'noord' | 'plein' | 'markt' | 'station', number> = { noord: 0, plein: 0, markt: 0, station: 0 };

const square = (lon: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, 50.02],
      [lon + 0.01, 50.02],
      [lon + 0.01, 50.03],
      [lon, 50.03],
      [lon, 50.02],
    ],
  ],
});

async function createArea(name: string, theme: string, priority: string, lon: number, actions: unknown[]) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/focus-areas',
    headers: writeHeaders(coordinator),
    payload: { name, theme, priority, status: 'active', description: '', actions, geometry: square(lon) },
  });
  expect(response.statusCode, response.body).toBe(201);
  const id = response.json<{ id: number }>().id;
  areaIds.push(id);
  return id;
}

async function createSignal(areaId: number | null, phase: string, reportedOn: string, closedAt: string | null) {
  const anonymised = closedAt !== null && reportedOn === '2019-02-01';
  const { rows } = await app.db.pool.query<{ id: string }>(
    `INSERT INTO signals (kind, phase, reported_on, status, closed_at, anonymised_at, description, reporter,
                          focus_area_id, geom)
     VALUES ('housing-care', $1, $2::date, $3, $4::timestamptz, CASE WHEN $5::boolean THEN now() END,
             CASE WHEN $5::boolean THEN NULL ELSE $6 END, CASE WHEN $5::boolean THEN NULL ELSE $6 END,
             $7, ST_SetSRID(ST_MakePoint(4.03, 50.05), 4326))
     RETURNING id`,
    [phase, reportedOn, closedAt === null ? 'new' : 'closed', closedAt, anonymised, PERSONAL, areaId],
  );
  signalIds.push(Number(rows[0]!.id));
}

beforeAll(async () => {
  app = await createTestApp();
  for (const role of ['planner', 'coordinator'] as const) {
    const username = `safety-chain-report.${role}`;
    userIds.push(await createUser(app.db.pool, { username, role, password: `${username}-pw` }));
  }
  planner = await login(app, 'safety-chain-report.planner', 'safety-chain-report.planner-pw');
  coordinator = await login(app, 'safety-chain-report.coordinator', 'safety-chain-report.coordinator-pw');
  for (const [key, kind] of [
    ['politie', 'police'],
    ['ocmw', 'social-welfare'],
  ] as const) {
    const { rows } = await app.db.pool.query<{ id: string }>(
      'INSERT INTO partners (name, kind) VALUES ($1, $2) RETURNING id',
      [partners[key].name, kind],
    );
    partners[key].id = Number(rows[0]!.id);
  }
  const act = (year: number, action: string, phase: string | null, status: string, extra = {}) => ({
    year,
    action,
    partner: '',
    status,
    phase,
    ...extra,
  });
  area.noord = await createArea('Keten Noord', 'wonen', 'high', 4.01, [
    act(YEAR, 'Huisbezoeken', 'prevention', 'done', { partnerId: partners.ocmw.id }),
    act(YEAR, 'Controles', 'repression', 'ongoing', { partnerId: partners.politie.id }),
    act(YEAR, 'Uithuiszetting', 'repression', 'planned'),
    act(YEAR, 'Inventaris', null, 'planned'),
    act(YEAR - 1, 'Vorig jaar', 'aftercare', 'done'),
  ]);
  area.plein = await createArea('Keten Plein', 'jongeren', 'medium', 4.03, [
    act(YEAR, 'Jeugdwerker', 'aftercare', 'done', { partner: 'JOC' }),
    act(YEAR, 'Politiepatrouille', 'repression', 'dropped', { partnerId: partners.politie.id }),
    act(YEAR + 1, 'Later', 'prevention', 'planned'),
  ]);
  area.markt = await createArea('Keten Markt', 'buurten', 'low', 4.05, [
    act(YEAR, 'Buurtoverleg', 'pro-action', 'planned'),
  ]);
  area.station = await createArea('Keten Station', 'buurten', 'low', 4.07, [
    act(YEAR - 1, 'Oud', 'prevention', 'done'),
  ]);

  await createSignal(area.noord, 'aftercare', '2018-05-01', '2018-12-01T10:00:00Z');
  await createSignal(area.noord, 'repression', '2019-06-01', null);
  await createSignal(area.plein, 'repression', '2019-05-01', '2020-01-15T10:00:00Z');
  await createSignal(area.markt, 'prevention', '2019-02-01', '2019-02-20T10:00:00Z');
  await createSignal(area.station, 'prevention', '2019-10-01', null);
  await createSignal(area.station, 'prevention', '2020-01-05', null);
  await createSignal(null, 'repression', '2019-03-01', null);
});

afterAll(async () => {
  const pool = app.db.pool;
  await pool.query('DELETE FROM signals WHERE id = ANY ($1::bigint[])', [signalIds]);
  await pool.query(
    `DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[]) OR (entity = 'focus-area' AND entity_id = ANY ($2::text[]))`,
    [userIds, areaIds.map(String)],
  );
  await pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = ANY ($1::bigint[])', [areaIds]);
  await pool.query('DELETE FROM focus_areas WHERE id = ANY ($1::bigint[])', [areaIds]);
  await pool.query('DELETE FROM partners WHERE id = ANY ($1::bigint[])', [[partners.politie.id, partners.ocmw.id]]);
  await pool.query('DELETE FROM users WHERE id = ANY ($1::bigint[])', [userIds]); // sessions cascade
  await app.close();
});

async function reportBody(query: string): Promise<string> {
  const response = await app.inject({ url: `/report?${query}`, headers: { cookie: planner } });
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

const text = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The matrix as [theme, pro-action, prevention, preparation, repression, aftercare, none, total] rows. */
function matrixRows(body: string): (string | number)[][] {
  const table = between(body, '<table class="chain-matrix">', '</table>');
  return [...table.matchAll(/<tr data-theme="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [
    row[1]!,
    ...[...row[2]!.matchAll(/<td class="num" data-phase="[^"]+">(\d+)<\/td>/g)].map((cell) => Number(cell[1])),
  ]);
}

/** One theme's actions as [phase, [action, area, partner, status]…] groups. */
function themeGroups(body: string, theme: string): [string, string[][]][] {
  const block = between(body, `<div class="chain-theme" data-theme="${theme}">`, '</div>');
  return [...block.matchAll(/<tbody data-phase="([^"]+)">([\s\S]*?)<\/tbody>/g)].map((group) => [
    group[1]!,
    [...group[2]!.matchAll(/<tr data-area="\d+">([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => text(cell[1]!)),
    ),
  ]);
}

/** Per area row of the gaps table: id → {phase: [actions, signals]}, open signals and the gaps flagged. */
function gapRows(body: string) {
  const table = between(body, '<table class="chain-gaps">', '</table>');
  return new Map(
    [...table.matchAll(/<tr data-id="(\d+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => {
      const cells = Object.fromEntries(
        [...row[2]!.matchAll(/data-phase="([^"]+)" data-actions="(\d+)" data-signals="(\d+)"/g)].map((c) => [
          c[1]!,
          [Number(c[2]), Number(c[3])],
        ]),
      );
      const open = Number(/data-open="(\d+)"/.exec(row[2]!)![1]);
      const gaps = [...row[2]!.matchAll(/data-gap="([^"]+)"/g)].map((g) => g[1]!);
      return [Number(row[1]), { cells, open, gaps }];
    }),
  );
}

describe('the report’s safety chain, theme=all', () => {
  let body: string;
  beforeAll(async () => {
    body = await reportBody(`theme=all&year=${YEAR}`);
  });

  it('counts the year’s actions per theme and phase, as counted by hand', () => {
    expect(text(between(body, '<h2 id="chain-heading">', '</h2>'))).toBe(
      'Acties per thema en fase van de veiligheidsketen',
    );
    const header = text(between(body, '<table class="chain-matrix">', '</thead>'));
    expect(header).toBe('Thema Proactie Preventie Preparatie Repressie Nazorg Zonder fase Totaal');
    expect(matrixRows(body)).toEqual([
      ['wonen', 0, 1, 0, 2, 0, 1, 4],
      ['jongeren', 0, 0, 0, 1, 1, 0, 2],
      ['buurten', 1, 0, 0, 0, 0, 0, 1],
      ['total', 1, 1, 0, 3, 1, 1, 7],
    ]);
  });

  it('lists the actions under each theme and phase, with area, partner and status; other years left out', () => {
    const { politie, ocmw } = partners;
    expect(themeGroups(body, 'wonen')).toEqual([
      ['prevention', [['Huisbezoeken', 'Keten Noord', ocmw.name, 'uitgevoerd']]],
      [
        'repression',
        [
          ['Controles', 'Keten Noord', politie.name, 'lopend'],
          ['Uithuiszetting', 'Keten Noord', '—', 'gepland'],
        ],
      ],
      ['none', [['Inventaris', 'Keten Noord', '—', 'gepland']]],
    ]);
    expect(themeGroups(body, 'jongeren')).toEqual([
      ['repression', [['Politiepatrouille', 'Keten Plein', politie.name, 'geschrapt']]],
      ['aftercare', [['Jeugdwerker', 'Keten Plein', 'JOC', 'uitgevoerd']]],
    ]);
    expect(themeGroups(body, 'buurten')).toEqual([['pro-action', [['Buurtoverleg', 'Keten Markt', '—', 'gepland']]]]);
    const groupHeadings = text(between(body, '<div class="chain-theme" data-theme="wonen">', '</div>'));
    expect(groupHeadings).toContain('Veilig wonen: acties in 2019');
    expect(groupHeadings).toContain('Repressie (2)');
    expect(groupHeadings).toContain('Zonder fase (1)');
    const section = between(body, '<section class="safety-chain"', '</section>');
    for (const other of ['Vorig jaar', 'Later', 'Oud']) expect(section).not.toContain(other);
  });

  it('shows each area’s chain, counting its signals of the year, and flags the gaps by the rules', () => {
    const rows = gapRows(body);
    expect(rows.get(area.noord)).toEqual({
      cells: {
        'pro-action': [0, 0],
        prevention: [1, 0],
        preparation: [0, 0],
        repression: [2, 1],
        aftercare: [0, 0], // the 2018 aftercare signal is not of 2019
      },
      open: 1,
      gaps: ['repression-without-aftercare'],
    });
    expect(rows.get(area.plein)).toEqual({
      cells: {
        'pro-action': [0, 0],
        prevention: [0, 0],
        preparation: [0, 0],
        repression: [0, 1], // the dropped action covers nothing; the signal does
        aftercare: [1, 0],
      },
      open: 1, // closed in January 2020: open at the end of 2019
      gaps: ['repression-without-prevention'],
    });
    expect(rows.get(area.markt)).toMatchObject({
      cells: { 'pro-action': [1, 0], prevention: [0, 1] }, // the anonymised signal counts
      open: 0,
      gaps: [],
    });
    expect(rows.get(area.station)).toEqual({
      cells: {
        'pro-action': [0, 0],
        prevention: [0, 1], // the signal of 2020 is not of 2019
        preparation: [0, 0],
        repression: [0, 0],
        aftercare: [0, 0],
      },
      open: 1,
      gaps: ['open-signals-without-actions'],
    });
    const noord = text(between(body, `<tr data-id="${area.noord}"`, '</tr>'));
    expect(noord).toBe('Keten Noord — 1 actie — 2 acties 1 signaal — 1 (a) repressie zonder nazorg');
    expect(text(between(body, `<tr data-id="${area.markt}"`, '</tr>'))).toContain('geen gevonden');
  });

  it('never shows a signal’s text, and has the phase of each action in the areas’ own tables', () => {
    expect(body).not.toContain(PERSONAL);
    expect(body).not.toMatch(/persoonlijke/);
    const noord = between(body, `<article class="focus-area" data-id="${area.noord}"`, '</article>');
    expect(text(noord)).toContain(`Controles Repressie ${partners.politie.name} lopend`);
    expect(text(noord)).toContain('Inventaris — — gepland');
    expect(body).not.toMatch(/<script/i);
  });
});

describe('the report’s safety chain for one theme, and in English', () => {
  it('theme=wonen: one matrix row and only the housing areas in the gaps', async () => {
    const body = await reportBody(`theme=wonen&year=${YEAR}`);
    expect(matrixRows(body)).toEqual([['wonen', 0, 1, 0, 2, 0, 1, 4]]);
    expect([...gapRows(body).keys()]).toEqual([area.noord]);
  });

  it('lang=en gives the English headings, phases and gap rules', async () => {
    const body = await reportBody(`theme=all&year=${YEAR}&lang=en`);
    expect(body).toMatch(/<h2 id="chain-heading">Actions by theme and phase of the safety chain<\/h2>/);
    expect(body).toMatch(/<h2 id="gaps-heading">Gaps in the chain<\/h2>/);
    expect(text(between(body, '<table class="chain-matrix">', '</thead>'))).toBe(
      'Theme Pro-action Prevention Preparation Repression Aftercare No phase Total',
    );
    expect(text(between(body, `<tr data-id="${area.plein}"`, '</tr>'))).toContain(
      '(b) repression without prevention or pro-action',
    );
    expect(text(between(body, `<tr data-id="${area.station}"`, '</tr>'))).toContain(
      '(c) open signals, no action this year',
    );
  });
});
