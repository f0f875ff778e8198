import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymiseClosedSignals } from '../../api/src/signals/retention.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';
import { createPartner } from '../support/partners.ts';

/*
 * The retention of signals' personal data (decision record 22) on the real database: with the
 * default 24 months, a signal closed 25 months ago loses its description, reporter and step
 * notes and gets anonymised_at; one closed 23 months ago and an open one keep theirs; no row is
 * removed; a second run finds nothing. Signals are written directly (a signal closed two years
 * ago cannot be made through the API) and removed afterwards.
 */

const PREFIX = 'retention.';

let app: FastifyInstance;
let partnerId: number;
let coordinatorId: number;
let cookie: string;
const ids: Record<'old' | 'recent' | 'open', number> = { old: 0, recent: 0, open: 0 };

/** A signal with personal data and a step with a note, closed `monthsAgo` months ago (null: still open). */
async function insertSignal(label: string, monthsAgo: number | null): Promise<number> {
  const pool = app.db.pool;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO signals (kind, description, reporter, reported_on, status, phase, partner_id, geom, closed_at, created_by)
     VALUES ('neighbour-dispute', $1, $2, '2022-05-01', $3, 'aftercare', $4, ST_SetSRID(ST_MakePoint(4.03, 50.04), 4326),
             now() - make_interval(months => $5::integer), $6)
     RETURNING id`,
    [
      `Beschrijving ${label}`,
      `Melder ${label}`,
      monthsAgo === null ? 'in-progress' : 'closed',
      partnerId,
      monthsAgo,
      coordinatorId,
    ],
  );
  const id = Number(rows[0]!.id);
  await pool.query(
    `INSERT INTO signal_steps (signal_id, from_status, to_status, partner_id, note, user_id)
     VALUES ($1, NULL, 'new', $2, NULL, $3), ($1, 'new', 'in-progress', $2, $4, $3)`,
    [id, partnerId, coordinatorId, `Notitie ${label}`],
  );
  return id;
}

interface Row {
  description: string | null;
  reporter: string | null;
  anonymised: boolean;
  notes: (string | null)[];
}

async function stateOf(id: number): Promise<Row> {
  const { rows } = await app.db.pool.query<Row>(
    `SELECT s.description, s.reporter, s.anonymised_at IS NOT NULL AS anonymised,
            array_agg(st.note ORDER BY st.id) AS notes
       FROM signals s JOIN signal_steps st ON st.signal_id = s.id
      WHERE s.id = $1 GROUP BY s.id`,
    [id],
  );
  return rows[0]!;
}

async function counts() {
  const { rows } = await app.db.pool.query<{ signals: number; steps: number }>(
    `SELECT (SELECT count(*) FROM signals)::integer AS signals, (SELECT count(*) FROM signal_steps)::integer AS steps`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  app = await createTestApp();
  partnerId = await createPartner(app.db.pool, `${PREFIX}Politie`, 'police');
  coordinatorId = await createUser(app.db.pool, {
    username: `${PREFIX}coordinator`,
    role: 'coordinator',
    password: `${PREFIX}coordinator-password`,
  });
  cookie = await login(app, `${PREFIX}coordinator`, `${PREFIX}coordinator-password`);
  ids.old = await insertSignal('oud', 25);
  ids.recent = await insertSignal('recent', 23);
  ids.open = await insertSignal('open', null);
});

afterAll(async () => {
  const pool = app.db.pool;
  await pool.query('DELETE FROM signals WHERE id = ANY ($1::bigint[])', [Object.values(ids)]); // steps cascade
  await pool.query('DELETE FROM audit_log WHERE user_id = $1', [coordinatorId]);
  await pool.query('DELETE FROM users WHERE id = $1', [coordinatorId]);
  await pool.query('DELETE FROM partners WHERE id = $1', [partnerId]);
  await app.close();
});

describe('anonymising closed signals after the retention period', () => {
  it('empties the personal data of the signal closed 25 months ago, and only that, keeping every row', async () => {
    const before = await counts();
    const { anonymised, closedBefore } = await anonymiseClosedSignals(app.db.pool, 24);
    expect(anonymised).toBe(1);
    // The cutoff is 24 months before now (a day's slack for the month arithmetic at either end).
    const expected = new Date();
    expected.setUTCMonth(expected.getUTCMonth() - 24);
    expect(Math.abs(closedBefore.getTime() - expected.getTime())).toBeLessThan(2 * 86_400_000);

    expect(await stateOf(ids.old)).toEqual({
      description: null,
      reporter: null,
      anonymised: true,
      notes: [null, null],
    });
    expect(await stateOf(ids.recent)).toEqual({
      description: 'Beschrijving recent',
      reporter: 'Melder recent',
      anonymised: false,
      notes: [null, 'Notitie recent'],
    });
    expect(await stateOf(ids.open)).toEqual({
      description: 'Beschrijving open',
      reporter: 'Melder open',
      anonymised: false,
      notes: [null, 'Notitie open'],
    });
    // Counts survive: the rows stay, with kind, phase, point, dates and partner.
    expect(await counts()).toEqual(before);
    const { rows } = await app.db.pool.query(
      `SELECT kind, phase, status, partner_id::integer AS partner, reported_on::text AS reported_on,
              closed_at IS NOT NULL AS closed, ST_AsText(geom) AS wkt
         FROM signals WHERE id = $1`,
      [ids.old],
    );
    expect(rows[0]).toEqual({
      kind: 'neighbour-dispute',
      phase: 'aftercare',
      status: 'closed',
      partner: partnerId,
      reported_on: '2022-05-01',
      closed: true,
      wkt: 'POINT(4.03 50.04)',
    });
  });

  it('anonymises nothing the second time', async () => {
    expect((await anonymiseClosedSignals(app.db.pool, 24)).anonymised).toBe(0);
    expect((await stateOf(ids.recent)).description).toBe('Beschrijving recent');
  });

  it('with a shorter period, takes the signal closed 23 months ago too', async () => {
    expect((await anonymiseClosedSignals(app.db.pool, 22)).anonymised).toBe(1);
    expect(await stateOf(ids.recent)).toMatchObject({ description: null, anonymised: true });
    expect((await stateOf(ids.open)).description).toBe('Beschrijving open');
  });

  it('shows an anonymised signal through the API with anonymisedAt, and refuses to edit, move or reopen it', async () => {
    const url = `/api/signals/${ids.old}`;
    const detail = await app.inject({ method: 'GET', url, headers: { cookie } });
    expect(detail.statusCode).toBe(200);
    const signal = detail.json<{ properties: Record<string, unknown> & { steps: { note: unknown }[] } }>();
    expect(signal.properties).toMatchObject({ description: null, reporter: null, anonymisedAt: expect.any(String) });
    expect(signal.properties.steps.map((step) => step.note)).toEqual([null, null]);

    const patch = await app.inject({
      method: 'PATCH',
      url,
      headers: writeHeaders(cookie),
      payload: { version: 1, description: 'Opnieuw ingevuld' },
    });
    expect(patch.statusCode, patch.body).toBe(409);
    expect(patch.json<{ detail: string }>().detail).toMatch(/anonymised/);
    const reopen = await app.inject({
      method: 'POST',
      url: `${url}/transitions`,
      headers: writeHeaders(cookie),
      payload: { to: 'assessed' },
    });
    expect(reopen.statusCode, reopen.body).toBe(409);
    expect(reopen.json<{ parameter: string }>().parameter).toBe('to');
    expect((await stateOf(ids.old)).description).toBeNull();
  });
});
