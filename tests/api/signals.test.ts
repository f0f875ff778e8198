import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';
import { createPartner, createPartnerUser } from '../support/partners.ts';

/*
 * Signals against the real database (contract of issue 10, decision record 22): who may do
 * what, partner A against partner B, the workflow and its trail, the checks on what is sent,
 * optimistic concurrency and the audit log. Partners, users and signals are this file's own
 * (names prefixed `signals.`) and removed afterwards. Points lie in the fixture's municipality,
 * the square lon 4.0–4.1, lat 50.0–50.1 (api-fixture.sql).
 */

const PREFIX = 'signals.';
// Text that must never reach the audit log: personal data.
const SECRET = 'Geheim-persoonsgegeven';

type Role = 'anonymous' | 'planner' | 'coordinator' | 'admin' | 'partnerA' | 'partnerB';

interface Step {
  at: string;
  fromStatus: string | null;
  toStatus: string;
  partnerId: number | null;
  partnerName: string | null;
  note: string | null;
  username: string | null;
}
interface Signal {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: number[] };
  properties: Record<string, unknown> & {
    id: number;
    status: string;
    version: number;
    partnerId: number | null;
    partnerName: string | null;
    closedAt: string | null;
    steps?: Step[];
  };
}
interface Problem {
  status: number;
  detail: string;
  parameter?: string;
  current?: Signal;
}

let app: FastifyInstance;
let partnerA: number;
let partnerB: number;
const userIds: number[] = [];
const cookies: Partial<Record<Role, string>> = {};

const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });

const body = (overrides: Record<string, unknown> = {}) => ({
  kind: 'housing-care',
  phase: 'prevention',
  reportedOn: '2025-03-14',
  geometry: { type: 'Point', coordinates: [4.02, 50.03] },
  description: `${SECRET}: vocht en schimmel in de slaapkamer`,
  reporter: `${SECRET} (buurvrouw)`,
  ...overrides,
});

async function call(
  role: Role,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const cookie = cookies[role];
  return app.inject({
    method,
    url,
    headers: writeHeaders(cookie),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** A signal made by the coordinator; `partnerId` A unless told otherwise. */
async function create(overrides: Record<string, unknown> = {}): Promise<Signal> {
  const response = await call('coordinator', 'POST', '/api/signals', body({ partnerId: partnerA, ...overrides }));
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Signal>();
}

async function move(role: Role, id: number, to: string, note?: string) {
  return call(role, 'POST', `/api/signals/${id}/transitions`, note === undefined ? { to } : { to, note });
}

function expectProblem(response: LightMyRequestResponse, status: number, parameter?: string): Problem {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<Problem>();
  if (parameter !== undefined) expect(problem.parameter, problem.detail).toBe(parameter);
  return problem;
}

beforeAll(async () => {
  app = await createTestApp();
  const pool = app.db.pool;
  partnerA = await createPartner(pool, `${PREFIX}Politie`, 'police');
  partnerB = await createPartner(pool, `${PREFIX}OCMW`, 'social-welfare');
  for (const role of ['planner', 'coordinator', 'admin'] as const) {
    const username = `${PREFIX}${role}`;
    userIds.push(await createUser(pool, { username, role, password: `${username}-password` }));
    cookies[role] = await login(app, username, `${username}-password`);
  }
  for (const [role, partnerId] of [
    ['partnerA', partnerA],
    ['partnerB', partnerB],
  ] as const) {
    const username = `${PREFIX}${role.toLowerCase()}`;
    userIds.push(await createPartnerUser(pool, { username, password: `${username}-password`, partnerId }));
    cookies[role] = await login(app, username, `${username}-password`);
  }
});

afterAll(async () => {
  const pool = app.db.pool;
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text FROM signals WHERE created_by = ANY ($1::bigint[]) OR partner_id = ANY ($2::bigint[])`,
    [userIds, [partnerA, partnerB]],
  );
  const signalIds = rows.map((row) => row.id);
  await pool.query('DELETE FROM signals WHERE id = ANY ($1::bigint[])', [signalIds]); // steps cascade
  await pool.query(
    `DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[]) OR (entity = 'signal' AND entity_id = ANY ($2::text[]))`,
    [userIds, signalIds],
  );
  await pool.query('DELETE FROM users WHERE id = ANY ($1::bigint[])', [userIds]); // sessions cascade
  await pool.query('DELETE FROM partners WHERE id = ANY ($1::bigint[])', [[partnerA, partnerB]]);
  await app.close();
});

describe('who may do what (the contract’s role table)', () => {
  let signal: Signal;
  beforeAll(async () => {
    signal = await create();
  });

  it('GET /api/signals: 401 anonymous, 403 planner, 200 for coordinator, admin and partners', async () => {
    expectProblem(await call('anonymous', 'GET', '/api/signals'), 401);
    expectProblem(await call('planner', 'GET', '/api/signals'), 403);
    for (const role of ['coordinator', 'admin', 'partnerA', 'partnerB'] as const) {
      expect((await call(role, 'GET', '/api/signals')).statusCode, role).toBe(200);
    }
  });

  it('POST /api/signals: 401 anonymous, 403 planner and partner, 201 coordinator and admin', async () => {
    expectProblem(await call('anonymous', 'POST', '/api/signals', body()), 401);
    expectProblem(await call('planner', 'POST', '/api/signals', body()), 403);
    expectProblem(await call('partnerA', 'POST', '/api/signals', body({ partnerId: partnerA })), 403);
    expect((await call('admin', 'POST', '/api/signals', body())).statusCode).toBe(201);
  });

  it('GET /api/signals/:id: the assigned partner 200, another partner 404 exactly as for no signal at all', async () => {
    const url = `/api/signals/${signal.id}`;
    expectProblem(await call('anonymous', 'GET', url), 401);
    expectProblem(await call('planner', 'GET', url), 403);
    for (const role of ['coordinator', 'admin', 'partnerA'] as const) {
      const response = await call(role, 'GET', url);
      expect(response.statusCode, role).toBe(200);
      expect(response.json<Signal>().properties.description).toBe(body().description);
    }
    const hidden = expectProblem(await call('partnerB', 'GET', url), 404, 'id');
    const absent = expectProblem(await call('coordinator', 'GET', '/api/signals/999999999'), 404, 'id');
    // The same words but for the id: a partner cannot tell another's signal from none.
    expect(hidden.detail.replace(String(signal.id), 'N')).toBe(absent.detail.replace('999999999', 'N'));
  });

  it('PATCH /api/signals/:id: coordinator and admin 200; the assigned partner 403, another partner 404', async () => {
    const url = `/api/signals/${signal.id}`;
    const current = async () => (await call('coordinator', 'GET', url)).json<Signal>().properties.version;
    expectProblem(await call('anonymous', 'PATCH', url, { version: await current(), phase: 'repression' }), 401);
    expectProblem(await call('planner', 'PATCH', url, { version: await current(), phase: 'repression' }), 403);
    expectProblem(await call('partnerA', 'PATCH', url, { version: await current(), phase: 'repression' }), 403);
    expectProblem(await call('partnerB', 'PATCH', url, { version: await current(), phase: 'repression' }), 404, 'id');
    for (const role of ['coordinator', 'admin'] as const) {
      const response = await call(role, 'PATCH', url, { version: await current(), phase: 'aftercare' });
      expect(response.statusCode, `${role}: ${response.body}`).toBe(200);
    }
    // The refused calls changed nothing: two saves, version 1 → 3.
    expect(await current()).toBe(3);
  });

  it('POST /api/signals/:id/transitions: the assigned partner 200, another partner 404, planner 403', async () => {
    const own = await create();
    const url = `/api/signals/${own.id}/transitions`;
    expectProblem(await call('anonymous', 'POST', url, { to: 'in-progress' }), 401);
    expectProblem(await call('planner', 'POST', url, { to: 'in-progress' }), 403);
    expectProblem(await call('partnerB', 'POST', url, { to: 'in-progress' }), 404, 'id');
    expect((await call('partnerA', 'POST', url, { to: 'in-progress' })).statusCode).toBe(200);
    expect((await call('admin', 'POST', url, { to: 'closed' })).statusCode).toBe(200);
  });

  it('partner B does not see partner A’s signal in the list, not even asking for partner A', async () => {
    const idsOf = async (role: Role, query = '') =>
      (await call(role, 'GET', `/api/signals${query}`)).json<{ features: Signal[] }>().features.map((f) => f.id);
    expect(await idsOf('partnerA')).toContain(signal.id);
    expect(await idsOf('coordinator')).toContain(signal.id);
    expect(await idsOf('partnerB')).not.toContain(signal.id);
    expect(await idsOf('partnerB', `?partner=${partnerA}`)).toEqual([]);
    // Every signal a partner lists is its own.
    const listed = (await call('partnerA', 'GET', '/api/signals')).json<{ features: Signal[] }>().features;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((f) => f.properties.partnerId === partnerA)).toBe(true);
  });

  it('a signal without a partner is the staff’s alone', async () => {
    const unassigned = await create({ partnerId: null });
    expectProblem(await call('partnerA', 'GET', `/api/signals/${unassigned.id}`), 404);
    expectProblem(await move('partnerA', unassigned.id, 'closed'), 404);
  });
});

describe('the workflow and its trail', () => {
  it('moves forward, a partner to in-progress and closed, staff reopen; every step dated, in order, by whom', async () => {
    const created = await create({ partnerId: partnerA });
    expect(created.properties).toMatchObject({ status: 'new', version: 1, partnerName: `${PREFIX}Politie` });
    const id = created.id;
    expect((await move('coordinator', id, 'assessed')).statusCode).toBe(200);
    expect((await move('coordinator', id, 'referred', 'Doorverwezen naar de wijkinspecteur')).statusCode).toBe(200);

    // A partner assesses and refers nothing: its moves are in-progress and closed.
    const refused = expectProblem(await move('partnerA', id, 'assessed'), 409, 'to');
    expect(refused.detail).toMatch(/cannot move from referred to assessed/);
    expect((await move('partnerA', id, 'in-progress', `${SECRET}: huisbezoek gepland`)).statusCode).toBe(200);
    const closed = await move('partnerA', id, 'closed', 'Opgelost');
    expect(closed.statusCode).toBe(200);
    expect(closed.json<Signal>().properties.closedAt).toEqual(expect.any(String));

    // Reopening is for coordinators and admins, back to assessed; it clears closedAt.
    expectProblem(await move('partnerA', id, 'assessed'), 409, 'to');
    expectProblem(await move('coordinator', id, 'new'), 409, 'to');
    const reopened = await move('coordinator', id, 'assessed', 'Opnieuw bekijken');
    expect(reopened.statusCode, reopened.body).toBe(200);
    const signal = reopened.json<Signal>();
    expect(signal.properties).toMatchObject({ status: 'assessed', closedAt: null, version: 6 });

    // Backwards and standing still are refused, naming `to`.
    expect(expectProblem(await move('coordinator', id, 'new'), 409, 'to').detail).toMatch(/forward only/);
    expect(expectProblem(await move('coordinator', id, 'assessed'), 409, 'to').detail).toMatch(/already/);

    const steps = signal.properties.steps!;
    expect(steps.map((s) => [s.fromStatus, s.toStatus, s.username, s.partnerName, s.note])).toEqual([
      [null, 'new', `${PREFIX}coordinator`, `${PREFIX}Politie`, null],
      ['new', 'assessed', `${PREFIX}coordinator`, `${PREFIX}Politie`, null],
      ['assessed', 'referred', `${PREFIX}coordinator`, `${PREFIX}Politie`, 'Doorverwezen naar de wijkinspecteur'],
      ['referred', 'in-progress', `${PREFIX}partnera`, `${PREFIX}Politie`, `${SECRET}: huisbezoek gepland`],
      ['in-progress', 'closed', `${PREFIX}partnera`, `${PREFIX}Politie`, 'Opgelost'],
      ['closed', 'assessed', `${PREFIX}coordinator`, `${PREFIX}Politie`, 'Opnieuw bekijken'],
    ]);
    const times = steps.map((s) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('skips steps forward: new straight to closed', async () => {
    const signal = await create();
    const response = await move('coordinator', signal.id, 'closed');
    expect(response.statusCode).toBe(200);
    expect(response.json<Signal>().properties.status).toBe('closed');
  });

  it('refuses an unknown status with a 400 naming to', async () => {
    const signal = await create();
    expectProblem(await move('coordinator', signal.id, 'solved'), 400, 'to');
  });
});

describe('edits', () => {
  it('a new partner responsible is a step (same status), with the note; the signal moves to the new partner', async () => {
    const signal = await create({ partnerId: partnerA });
    const response = await call('coordinator', 'PATCH', `/api/signals/${signal.id}`, {
      version: 1,
      partnerId: partnerB,
      note: 'Bemiddeling: naar het OCMW',
      description: 'Aangevuld',
    });
    expect(response.statusCode, response.body).toBe(200);
    const saved = response.json<Signal>();
    expect(saved.properties).toMatchObject({ version: 2, partnerId: partnerB, description: 'Aangevuld' });
    expect(saved.properties.steps!.map((s) => [s.fromStatus, s.toStatus, s.partnerId, s.note])).toEqual([
      [null, 'new', partnerA, null],
      ['new', 'new', partnerB, 'Bemiddeling: naar het OCMW'],
    ]);
    // It is B's now: A no longer sees it, B does.
    expectProblem(await call('partnerA', 'GET', `/api/signals/${signal.id}`), 404);
    expect((await call('partnerB', 'GET', `/api/signals/${signal.id}`)).statusCode).toBe(200);
  });

  it('refuses a stale version with a 409 holding the current signal, and saves nothing', async () => {
    const signal = await create();
    const url = `/api/signals/${signal.id}`;
    expect((await call('coordinator', 'PATCH', url, { version: 1, kind: 'neglect' })).statusCode).toBe(200);
    const stale = expectProblem(await call('admin', 'PATCH', url, { version: 1, kind: 'other' }), 409, 'version');
    expect(stale.detail).toMatch(/is at version 2, but this change was based on version 1/);
    expect(stale.current?.properties).toMatchObject({ kind: 'neglect', version: 2 });
    // A transition bumps the version too.
    expect((await move('coordinator', signal.id, 'assessed')).statusCode).toBe(200);
    expectProblem(await call('admin', 'PATCH', url, { version: 2, kind: 'other' }), 409, 'version');
    expect((await call('coordinator', 'GET', url)).json<Signal>().properties).toMatchObject({
      kind: 'neglect',
      version: 3,
    });
  });

  it('refuses a status in a PATCH (it moves through transitions) and any member it does not know', async () => {
    const signal = await create();
    const url = `/api/signals/${signal.id}`;
    const status = expectProblem(await call('coordinator', 'PATCH', url, { version: 1, status: 'closed' }), 400);
    expect(status.parameter).toBe('status');
    expect(status.detail).toMatch(/transitions/);
    expectProblem(await call('coordinator', 'PATCH', url, { version: 1, colour: 'red' }), 400, 'colour');
    expectProblem(await call('coordinator', 'PATCH', url, { kind: 'other' }), 400, 'version');
  });

  it('clears a link with null, and blank text becomes null', async () => {
    const incident = await app.db.pool.query<{ id: string }>(`SELECT id FROM incidents WHERE source_id = 'T-INC-1'`);
    const signal = await create({ incidentId: Number(incident.rows[0]!.id), reporter: '  ' });
    expect(signal.properties).toMatchObject({ incidentId: Number(incident.rows[0]!.id), reporter: null });
    const response = await call('coordinator', 'PATCH', `/api/signals/${signal.id}`, { version: 1, incidentId: null });
    expect(response.json<Signal>().properties.incidentId).toBeNull();
  });
});

describe('what is sent is checked: 400 naming the member', () => {
  it.each([
    ['kind', { kind: 'burenruzie' }],
    ['phase', { phase: 'aftermath' }],
    ['reportedOn', { reportedOn: '2024-02-31' }],
    ['reportedOn', { reportedOn: '14/03/2025' }],
    ['reportedOn', { reportedOn: '2999-01-01' }],
    ['geometry', { geometry: { type: 'Point', coordinates: [4.5, 50.05] } }],
    ['geometry', { geometry: { type: 'Polygon', coordinates: [[4.02, 50.03]] } }],
    ['geometry', { geometry: { type: 'Point', coordinates: [1e308, 1e308] } }],
    ['description', { description: 'x'.repeat(4001) }],
    ['description', { description: 'nul\u0000byte' }],
    ['reporter', { reporter: 'x'.repeat(201) }],
    ['partnerId', { partnerId: 999999999 }],
    ['reportingPartnerId', { reportingPartnerId: 999999999 }],
    ['vacantBuildingId', { vacantBuildingId: 999999999 }],
    ['incidentId', { incidentId: 999999999 }],
    ['focusAreaId', { focusAreaId: 999999999 }],
    ['partnerId', { partnerId: 0 }],
  ])('%s: %j', async (parameter, overrides) => {
    const before = await app.db.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM signals');
    expectProblem(await call('coordinator', 'POST', '/api/signals', body(overrides)), 400, parameter);
    const after = await app.db.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM signals');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('takes a point up to 100 m beyond the municipality, as the imports do', async () => {
    // The fixture's municipality ends at lon 4.1. At lat 50.05 a degree of longitude is
    // 111.32 km × cos(50.05°) ≈ 71.5 km: 4.1005 is ≈ 36 m beyond it, 4.1020 ≈ 143 m.
    expect(
      (await call('coordinator', 'POST', '/api/signals', body({ geometry: point(4.1005, 50.05) }))).statusCode,
    ).toBe(201);
    const far = expectProblem(
      await call('coordinator', 'POST', '/api/signals', body({ geometry: point(4.102, 50.05) })),
      400,
      'geometry',
    );
    expect(far.detail).toMatch(/outside the municipality, more than 100 m beyond its boundary/);
  });

  it('says what is wrong with a nullable member, not that it is not null', async () => {
    const long = expectProblem(
      await call('coordinator', 'POST', '/api/signals', body({ description: 'x'.repeat(4001) })),
      400,
    );
    expect(long.detail).toBe('body/description must NOT have more than 4000 characters');
    const zero = expectProblem(await call('coordinator', 'POST', '/api/signals', body({ partnerId: 0 })), 400);
    expect(zero.detail).toBe('body/partnerId must be >= 1');
  });

  it('takes a description of exactly 4000 characters', async () => {
    const signal = await create({ description: 'é'.repeat(4000) });
    expect((signal.properties.description as string).length).toBe(4000);
  });

  it('refuses an unknown filter value naming it', async () => {
    expectProblem(await call('coordinator', 'GET', '/api/signals?status=new,done'), 400, 'status');
    expectProblem(await call('coordinator', 'GET', '/api/signals?kind=x'), 400, 'kind');
    expectProblem(await call('coordinator', 'GET', '/api/signals?phase=x'), 400, 'phase');
    expectProblem(await call('coordinator', 'GET', '/api/signals?bbox=1,2,3'), 400, 'bbox');
    expectProblem(await call('coordinator', 'GET', '/api/signals?partner=abc'), 400, 'partner');
  });
});

describe('the list', () => {
  it('filters by status, kind, phase (comma lists), partner and bbox; newest reportedOn first', async () => {
    const a = await create({
      kind: 'neglect',
      phase: 'pro-action',
      reportedOn: '2020-01-02',
      geometry: point(4.01, 50.01),
    });
    const b = await create({
      kind: 'neglect',
      phase: 'repression',
      reportedOn: '2020-01-03',
      geometry: point(4.09, 50.09),
    });
    const c = await create({
      kind: 'youth-nuisance',
      phase: 'pro-action',
      reportedOn: '2020-01-01',
      partnerId: partnerB,
    });
    await move('coordinator', c.id, 'referred');
    const ids = async (query: string) => {
      const response = await call('coordinator', 'GET', `/api/signals?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
      const mine = new Set([a.id, b.id, c.id]);
      return response
        .json<{ features: Signal[] }>()
        .features.map((f) => f.id)
        .filter((id) => mine.has(id));
    };
    expect(await ids('')).toEqual([b.id, a.id, c.id]);
    expect(await ids('kind=neglect')).toEqual([b.id, a.id]);
    expect(await ids('kind=neglect,youth-nuisance&phase=pro-action')).toEqual([a.id, c.id]);
    expect(await ids('status=referred')).toEqual([c.id]);
    expect(await ids('status=new,referred')).toEqual([b.id, a.id, c.id]);
    expect(await ids(`partner=${partnerB}`)).toEqual([c.id]);
    // a (4.01, 50.01) and c (the default 4.02, 50.03) lie in the bbox, b (4.09, 50.09) does not.
    expect(await ids('bbox=4.0,50.0,4.05,50.05')).toEqual([a.id, c.id]);
  });

  it('is never cached', async () => {
    const response = await call('coordinator', 'GET', '/api/signals');
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('the audit log', () => {
  it('records every write of a signal, without its description, reporter or notes', async () => {
    const signal = await create();
    await move('coordinator', signal.id, 'assessed', `${SECRET} in een notitie`);
    await call('coordinator', 'PATCH', `/api/signals/${signal.id}`, {
      version: 2,
      description: `${SECRET} opnieuw`,
      partnerId: partnerB,
      note: `${SECRET} bij de overdracht`,
    });
    const { rows } = await app.db.pool.query<{ action: string; details: string }>(
      `SELECT action, details::text AS details FROM audit_log WHERE entity = 'signal' AND entity_id = $1 ORDER BY id`,
      [String(signal.id)],
    );
    expect(rows.map((row) => row.action)).toEqual(['signal.create', 'signal.transition', 'signal.update']);
    expect(JSON.parse(rows[2]!.details)).toEqual({ version: 3, baseVersion: 2, fields: ['description', 'partnerId'] });
    const all = await app.db.pool.query<{ details: string }>(
      `SELECT coalesce(details::text, '') AS details FROM audit_log WHERE entity = 'signal'`,
    );
    expect(all.rows.length).toBeGreaterThan(10);
    expect(all.rows.filter((row) => row.details.includes(SECRET))).toEqual([]);
  });
});
