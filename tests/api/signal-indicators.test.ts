import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { signInPlanner } from '../support/staff.ts';

/*
 * The two signal indicators (decision record 23), `open-signals` and `median-days-to-close`,
 * on the shared fixture's two sectors (tests/fixtures/api-fixture.sql):
 *   WEST 99999A00- lon 4.00–4.05, OOST 99999A01- lon 4.05–4.10, both lat 50.0–50.1.
 * Signals made here (SQL, removed afterwards); days = UTC date of closed_at − reported_on:
 *
 *   S1 WEST housing-care      prevention  2024-03-01 → closed 2024-03-11T10:00Z   10 days
 *   S2 WEST neglect           repression  2024-05-01 → closed 2024-06-01T08:00Z   31 days
 *   S3 WEST housing-care      aftercare   2024-11-20 → closed 2025-01-10T12:00Z   51 days
 *   S4 WEST youth-nuisance    repression  2024-12-01 → open (in-progress)
 *   S8 WEST housing-care      prevention  2024-01-10 → closed 2024-12-31T23:00Z  356 days
 *        (Jan 10 is day 10, Dec 31 day 366 of leap year 2024; Jan 1 in Brussels, Dec 31 in UTC)
 *   S5 OOST neighbour-dispute prevention  2023-06-01 → closed 2024-02-15T09:00Z  259 days, ANONYMISED
 *        (Jun 1 → Feb 15: 30+31+31+30+31+30+31+31+14 = 259)
 *   S6 OOST housing-care      prevention  2024-07-01 → closed 2024-07-04T23:30Z    3 days
 *   S7 OOST suspected-vacancy pro-action  2025-02-01 → open (new)
 *
 * Open at the end of 2023 (2023-12-31T23:59:59.999Z): WEST 0; OOST 1 (S5, anonymised since).
 * Open at the end of 2024: WEST 2 (S3 closed in 2025, S4); OOST 0 (S5, S6 closed; S7 not yet reported).
 * Open at the end of 2025 and now: WEST 1 (S4); OOST 1 (S7).
 * Closed in 2024: WEST S1 10, S2 31, S8 356 → median 31 of 3; OOST S5 259, S6 3 → median (3 + 259) / 2 = 131 of 2.
 * Closed in 2025: WEST S3 51 → 51 of 1; OOST none → null of 0.
 * housing-care closed in 2024: WEST S1 10, S8 356 → (10 + 356) / 2 = 183 of 2; OOST S6 → 3 of 1.
 * repression open at the end of 2024: WEST S4 → 1 (S3 is aftercare); OOST 0.
 */

const WEST = '99999A00-';
const OOST = '99999A01-';

const SIGNALS: [string, string, string, string, string, string | null, boolean, number][] = [
  // [label, kind, phase, reported_on, status, closed_at, anonymised, lon]
  ['S1', 'housing-care', 'prevention', '2024-03-01', 'closed', '2024-03-11T10:00:00Z', false, 4.01],
  ['S2', 'neglect', 'repression', '2024-05-01', 'closed', '2024-06-01T08:00:00Z', false, 4.02],
  ['S3', 'housing-care', 'aftercare', '2024-11-20', 'closed', '2025-01-10T12:00:00Z', false, 4.03],
  ['S4', 'youth-nuisance', 'repression', '2024-12-01', 'in-progress', null, false, 4.04],
  ['S8', 'housing-care', 'prevention', '2024-01-10', 'closed', '2024-12-31T23:00:00Z', false, 4.045],
  ['S5', 'neighbour-dispute', 'prevention', '2023-06-01', 'closed', '2024-02-15T09:00:00Z', true, 4.06],
  ['S6', 'housing-care', 'prevention', '2024-07-01', 'closed', '2024-07-04T23:30:00Z', false, 4.07],
  ['S7', 'suspected-vacancy', 'pro-action', '2025-02-01', 'new', null, false, 4.08],
];

interface Row {
  code: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  unstable: boolean;
}

let app: FastifyInstance;
let planner: string;
const signalIds: number[] = [];

beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'signal-indicators-planner');
  for (const [label, kind, phase, reportedOn, status, closedAt, anonymised, lon] of SIGNALS) {
    const { rows } = await app.db.pool.query<{ id: string }>(
      `INSERT INTO signals (kind, phase, reported_on, status, closed_at, anonymised_at, description, geom)
       VALUES ($1, $2, $3::date, $4, $5::timestamptz,
               CASE WHEN $6::boolean THEN now() END,
               CASE WHEN $6::boolean THEN NULL ELSE $7 END,
               ST_SetSRID(ST_MakePoint($8, 50.05), 4326))
       RETURNING id`,
      [kind, phase, reportedOn, status, closedAt, anonymised, `signal-indicators ${label}: persoonlijke tekst`, lon],
    );
    signalIds.push(Number(rows[0]!.id));
  }
});

afterAll(async () => {
  await app.db.pool.query('DELETE FROM signals WHERE id = ANY ($1::bigint[])', [signalIds]);
  // The planner's sign-in is audited: its entries go first, then the account (sessions cascade).
  const user = `(SELECT id FROM users WHERE username = 'signal-indicators-planner')`;
  await app.db.pool.query(`DELETE FROM audit_log WHERE user_id = ${user}`);
  await app.db.pool.query(`DELETE FROM users WHERE username = 'signal-indicators-planner'`);
  await app.close();
});

async function figures(query: string): Promise<[string, number | null, number | null][]> {
  const response = await app.inject({ url: `/api/neighbourhoods/figures?${query}`, headers: { cookie: planner } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body).not.toContain('persoonlijke tekst');
  return response.json<{ rows: Row[] }>().rows.map((r) => [r.code, r.value, r.numerator]);
}

describe('open-signals', () => {
  it('counts per sector the signals open at the end of the period, anonymised ones included', async () => {
    expect(await figures('indicator=open-signals&period=2023-01-01/2023-12-31')).toEqual([
      [WEST, 0, 0],
      [OOST, 1, 1], // S5: open then, anonymised since
    ]);
    expect(await figures('indicator=open-signals&period=2024-01-01/2024-12-31')).toEqual([
      [WEST, 2, 2],
      [OOST, 0, 0],
    ]);
    expect(await figures('indicator=open-signals&period=2025-01-01/2025-12-31')).toEqual([
      [WEST, 1, 1],
      [OOST, 1, 1],
    ]);
  });

  it('without a period counts what is open now; a figure has no denominator and is never unstable', async () => {
    const response = await app.inject({
      url: '/api/neighbourhoods/figures?indicator=open-signals',
      headers: { cookie: planner },
    });
    expect(response.json()).toMatchObject({
      indicator: 'open-signals',
      period: null,
      rows: [
        { code: WEST, value: 1, numerator: 1, denominator: null, unstable: false },
        { code: OOST, value: 1, numerator: 1, denominator: null, unstable: false },
      ],
    });
  });

  it('filters by phase and kind', async () => {
    expect(await figures('indicator=open-signals&period=2024-01-01/2024-12-31&phase=repression')).toEqual([
      [WEST, 1, 1],
      [OOST, 0, 0],
    ]);
    expect(await figures('indicator=open-signals&period=2025-01-01/2025-12-31&kind=suspected-vacancy')).toEqual([
      [WEST, 0, 0],
      [OOST, 1, 1],
    ]);
  });

  it('gives a yearly series of what was open at the end of each year', async () => {
    const response = await app.inject({
      url: `/api/neighbourhoods/${WEST}/series?indicator=open-signals&period=2023-01-01/2025-12-31`,
      headers: { cookie: planner },
    });
    expect(response.statusCode, response.body).toBe(200);
    const points = response.json<{ points: (Row & { period: string })[] }>().points;
    expect(points.map((p) => [p.period, p.value])).toEqual([
      ['2023', 0],
      ['2024', 2],
      ['2025', 1],
    ]);
  });
});

describe('median-days-to-close', () => {
  it('gives the median of whole days from report to closing over the signals closed in the period', async () => {
    expect(await figures('indicator=median-days-to-close&period=2024-01-01/2024-12-31')).toEqual([
      [WEST, 31, 3], // 10, 31, 356
      [OOST, 131, 2], // (3 + 259) / 2, S5 anonymised and still counted
    ]);
    expect(await figures('indicator=median-days-to-close&period=2025-01-01/2025-12-31')).toEqual([
      [WEST, 51, 1],
      [OOST, null, 0],
    ]);
  });

  it('filters by kind, and gives a series per year', async () => {
    expect(await figures('indicator=median-days-to-close&period=2024-01-01/2024-12-31&kind=housing-care')).toEqual([
      [WEST, 183, 2], // (10 + 356) / 2
      [OOST, 3, 1],
    ]);
    const response = await app.inject({
      url: `/api/neighbourhoods/${OOST}/series?indicator=median-days-to-close&period=2023-01-01/2025-12-31`,
      headers: { cookie: planner },
    });
    expect(response.statusCode, response.body).toBe(200);
    const points = response.json<{ points: (Row & { period: string })[] }>().points;
    expect(points.map((p) => [p.period, p.value, p.numerator])).toEqual([
      ['2023', null, 0],
      ['2024', 131, 2],
      ['2025', null, 0],
    ]);
  });
});

describe('staff only', () => {
  const ids = ['open-signals', 'median-days-to-close'];

  it('lists the signal indicators to staff only; the public (and so the embed) never learns of them', async () => {
    const staff = await app.inject({ url: '/api/indicators', headers: { cookie: planner } });
    const staffIds = staff.json<{ indicators: { id: string; kind: string; themes: string[] }[] }>().indicators;
    expect(staffIds.filter((i) => ids.includes(i.id))).toEqual([
      expect.objectContaining({ id: 'open-signals', kind: 'count', themes: [] }),
      expect.objectContaining({ id: 'median-days-to-close', kind: 'median-duration', themes: [] }),
    ]);
    const anonymous = await app.inject({ url: '/api/indicators' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers.vary).toContain('Cookie');
    expect(anonymous.body).not.toContain('signal');
    expect(anonymous.json<{ indicators: unknown[] }>().indicators).toHaveLength(staffIds.length - 2);
    // Nor from the error that lists the indicators.
    const unknown = await app.inject({ url: '/api/neighbourhoods/figures?indicator=nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).not.toContain('open-signals');
  });

  it.each(ids)('refuses the public the figures and series of %s with a 401 problem', async (id) => {
    for (const url of [
      `/api/neighbourhoods/figures?indicator=${id}&period=2024-01-01/2024-12-31`,
      `/api/neighbourhoods/figures?indicator=${id}&unit=ward`,
      `/api/neighbourhoods/${WEST}/series?indicator=${id}`,
      // The 401 comes before any filter is read: a bad one does not turn it into a 400.
      `/api/neighbourhoods/figures?indicator=${id}&phase=nonsense`,
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 401, parameter: 'indicator' });
      expect(response.body).not.toMatch(/"value"|"numerator"/);
    }
  });

  it('is not part of any theme score: the priorities neither count nor accept them', async () => {
    const all = await app.inject({
      url: '/api/priorities?theme=all&period=2024-01-01/2024-12-31',
      headers: { cookie: planner },
    });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json<{ indicators: { id: string }[] }>().indicators.map((i) => i.id)).not.toContain('open-signals');
    const weighted = await app.inject({
      url: '/api/priorities?theme=all&period=2024-01-01/2024-12-31&weights=open-signals:1',
      headers: { cookie: planner },
    });
    expect(weighted.statusCode).toBe(400);
    expect(weighted.json()).toMatchObject({ parameter: 'weights' });
  });
});
