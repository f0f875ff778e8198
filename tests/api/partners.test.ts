import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountInputError, addAccount } from '../../api/src/auth/users.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';
import { createPartner, createPartnerUser } from '../support/partners.ts';

/*
 * Partners and the partner role against the real database (issue 10, decision record 22): the
 * partner organisations' API, a partner user's session (/api/auth/me), that a partner is the
 * public for everything that is not a signal, and the accounts `npm run user:add` makes.
 * Everything made here is prefixed `partners.` and removed afterwards.
 */

const PREFIX = 'partners.';

type Role = 'anonymous' | 'planner' | 'coordinator' | 'admin' | 'partner';

interface Partner {
  id: number;
  name: string;
  kind: string;
  contactRole: string;
}

let app: FastifyInstance;
let ownPartner: number;
const userIds: number[] = [];
const cookies: Partial<Record<Role, string>> = {};

function call(role: Role, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: writeHeaders(cookies[role]), ...(payload ? { payload } : {}) });
}

function expectProblem(response: LightMyRequestResponse, status: number, parameter?: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<{ detail: string; parameter?: string }>();
  if (parameter !== undefined) expect(problem.parameter).toBe(parameter);
  return problem;
}

beforeAll(async () => {
  app = await createTestApp();
  const pool = app.db.pool;
  ownPartner = await createPartner(pool, `${PREFIX}Jeugddienst`, 'youth');
  for (const role of ['planner', 'coordinator', 'admin'] as const) {
    const username = `${PREFIX}${role}`;
    userIds.push(await createUser(pool, { username, role, password: `${username}-password` }));
    cookies[role] = await login(app, username, `${username}-password`);
  }
  const username = `${PREFIX}partner`;
  userIds.push(await createPartnerUser(pool, { username, password: `${username}-password`, partnerId: ownPartner }));
  cookies.partner = await login(app, username, `${username}-password`);
});

afterAll(async () => {
  const pool = app.db.pool;
  const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM partners WHERE name ILIKE $1`, [
    `${PREFIX}%`,
  ]);
  const partnerIds = rows.map((row) => row.id);
  const accounts = await pool.query<{ id: string }>(`SELECT id::text FROM users WHERE username LIKE $1`, [
    `${PREFIX}%`,
  ]);
  const allUsers = [...userIds.map(String), ...accounts.rows.map((row) => row.id)];
  await pool.query(
    `DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[])
        OR (entity = 'partner' AND entity_id = ANY ($2::text[]))
        OR (entity = 'user' AND entity_id = ANY ($3::text[]))`,
    [allUsers, partnerIds, allUsers],
  );
  // Partners refer to the users who added them, partner users to their partner: untie, then remove.
  await pool.query('UPDATE partners SET updated_by = NULL WHERE id = ANY ($1::bigint[])', [partnerIds]);
  await pool.query('DELETE FROM users WHERE id = ANY ($1::bigint[])', [allUsers]); // sessions cascade
  await pool.query('DELETE FROM partners WHERE id = ANY ($1::bigint[])', [partnerIds]);
  await app.close();
});

describe('GET /api/partners', () => {
  it('401 for the public; every signed-in role, partners too, gets the partners by name', async () => {
    expectProblem(await call('anonymous', 'GET', '/api/partners'), 401);
    await createPartner(app.db.pool, `${PREFIX}Anders`, 'other');
    for (const role of ['planner', 'coordinator', 'admin', 'partner'] as const) {
      const response = await call(role, 'GET', '/api/partners');
      expect(response.statusCode, role).toBe(200);
      const { partners } = response.json<{ partners: Partner[] }>();
      const names = partners.map((p) => p.name);
      expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(partners.find((p) => p.id === ownPartner)).toEqual({
        id: ownPartner,
        name: `${PREFIX}Jeugddienst`,
        kind: 'youth',
        contactRole: 'Contactpersoon',
      });
    }
  });
});

describe('POST /api/partners', () => {
  const partner = (name: string) => ({ name, kind: 'housing', contactRole: ' Woonconsulent ' });

  it('401 for the public, 403 for planners and partners; coordinators and admins add one (audited)', async () => {
    expectProblem(await call('anonymous', 'POST', '/api/partners', partner(`${PREFIX}A`)), 401);
    expectProblem(await call('planner', 'POST', '/api/partners', partner(`${PREFIX}A`)), 403);
    expectProblem(await call('partner', 'POST', '/api/partners', partner(`${PREFIX}A`)), 403);
    const created = await call('coordinator', 'POST', '/api/partners', partner(`  ${PREFIX}Woonwinkel `));
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json<Partner>();
    expect(body).toEqual({
      id: expect.any(Number),
      name: `${PREFIX}Woonwinkel`,
      kind: 'housing',
      contactRole: 'Woonconsulent',
    });
    expect(
      (await call('admin', 'POST', '/api/partners', { name: `${PREFIX}Stad`, kind: 'city' })).json(),
    ).toMatchObject({ kind: 'city', contactRole: '' });
    const audit = await app.db.pool.query<{ action: string; details: unknown }>(
      `SELECT action, details FROM audit_log WHERE entity = 'partner' AND entity_id = $1`,
      [String(body.id)],
    );
    expect(audit.rows).toEqual([
      { action: 'partner.create', details: { name: `${PREFIX}Woonwinkel`, kind: 'housing' } },
    ]);
  });

  it('409 for a name that is taken, whatever its case', async () => {
    expect((await call('coordinator', 'POST', '/api/partners', partner(`${PREFIX}Buurtwerk`))).statusCode).toBe(201);
    const before = await app.db.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM partners');
    for (const name of [`${PREFIX}Buurtwerk`, `${PREFIX}BUURTWERK`, ` ${PREFIX}buurtwerk`]) {
      const problem = expectProblem(await call('coordinator', 'POST', '/api/partners', partner(name)), 409, 'name');
      expect(problem.detail).toMatch(/exists already/);
    }
    const after = await app.db.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM partners');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it.each([
    ['kind', { name: `${PREFIX}X`, kind: 'church' }],
    ['name', { name: '   ', kind: 'other' }],
    ['name', { name: 'x'.repeat(201), kind: 'other' }],
    ['name', { kind: 'other' }],
    ['contactRole', { name: `${PREFIX}X`, kind: 'other', contactRole: 'x'.repeat(201) }],
    ['phone', { name: `${PREFIX}X`, kind: 'other', phone: '0471 00 00 00' }],
  ])('400 naming %s', async (parameter, payload) => {
    expectProblem(await call('admin', 'POST', '/api/partners', payload), 400, parameter);
  });
});

describe('a partner user', () => {
  it('has its partner in /api/auth/me; staff have none', async () => {
    const me = await call('partner', 'GET', '/api/auth/me');
    expect(me.json()).toEqual({
      user: {
        username: `${PREFIX}partner`,
        role: 'partner',
        partner: { id: ownPartner, name: `${PREFIX}Jeugddienst` },
      },
    });
    expect((await call('coordinator', 'GET', '/api/auth/me')).json()).toEqual({
      user: { username: `${PREFIX}coordinator`, role: 'coordinator', partner: null },
    });
    expect((await call('anonymous', 'GET', '/api/auth/me')).json()).toEqual({ user: null });
  });

  it('is the public for the layers: public precision, and 401 on the incidents’ features', async () => {
    const precision = async (role: Role) =>
      Object.fromEntries(
        (await call(role, 'GET', '/api/layers'))
          .json<{ layers: { id: string; precision: { level: string } }[] }>()
          .layers.map((layer) => [layer.id, layer.precision.level]),
      );
    const partner = await precision('partner');
    expect(partner).toEqual(await precision('anonymous'));
    expect(partner.incidents).not.toBe('full');
    expect((await precision('planner')).incidents).toBe('full');
    expectProblem(await call('partner', 'GET', '/api/layers/incidents/features'), 401);
    expect((await call('planner', 'GET', '/api/layers/incidents/features')).statusCode).toBe(200);
  });

  it('is refused the staff’s routes: areas of focus in full, priorities, the report', async () => {
    expectProblem(await call('partner', 'GET', '/api/focus-areas/export?format=geojson'), 403);
    expectProblem(await call('partner', 'GET', '/api/priorities?theme=wonen&period=2024-01-01/2024-12-31'), 403);
    expect((await call('partner', 'GET', '/report?theme=wonen&year=2024')).statusCode).toBe(401);
  });
});

describe('accounts (npm run user:add)', () => {
  const account = (username: string, role: string, partner?: string) => ({
    username: `${PREFIX}${username}`,
    role,
    password: 'een-lang-wachtwoord',
    ...(partner === undefined ? {} : { partner }),
  });

  it('makes a partner user of an existing partner, found regardless of case', async () => {
    const { id, created } = await addAccount(app.db.pool, account('piet', 'partner', `${PREFIX}jeugddienst`));
    expect(created).toBe(true);
    const { rows } = await app.db.pool.query<{ role: string; partner_id: string }>(
      'SELECT role, partner_id::text FROM users WHERE id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ role: 'partner', partner_id: String(ownPartner) });
    // And it signs in as one.
    const cookie = await login(app, `${PREFIX}piet`, 'een-lang-wachtwoord');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { role: 'partner', partner: { id: ownPartner } } });
  });

  it('refuses a partner that does not exist, a partner user without one and staff with one, saying so', async () => {
    await expect(addAccount(app.db.pool, account('jan', 'partner', 'Brandweer'))).rejects.toThrow(
      /^there is no partner "Brandweer"; known: .*"partners\.Jeugddienst"/,
    );
    await expect(addAccount(app.db.pool, account('jan', 'partner'))).rejects.toThrow(
      /a partner user belongs to a partner organisation: add --partner/,
    );
    await expect(addAccount(app.db.pool, account('jan', 'planner', `${PREFIX}Jeugddienst`))).rejects.toThrow(
      AccountInputError,
    );
    const { rows } = await app.db.pool.query('SELECT 1 FROM users WHERE username = $1', [`${PREFIX}jan`]);
    expect(rows).toEqual([]);
  });
});
