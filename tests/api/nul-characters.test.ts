import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { createUser, login, removeUsers, writeHeaders } from '../support/auth.ts';

/*
 * A NUL character cannot be stored in PostgreSQL text, so one in a path, query or JSON body
 * would reach the database and fail there as a 500 (the fuzz suite found `%00` as a text
 * feature id). Every route refuses it first, with a 400 naming where it was, and writes nothing.
 */

const USERNAME = 'nul.coordinator';
let app: FastifyInstance;
let userId: number;
let cookie: string;

beforeAll(async () => {
  app = await createTestApp();
  userId = await createUser(app.db.pool, { username: USERNAME, role: 'coordinator', password: `${USERNAME}-pw` });
  cookie = await login(app, USERNAME, `${USERNAME}-pw`);
});
afterAll(async () => {
  await app.db.pool.query('DELETE FROM audit_log WHERE user_id = $1', [userId]);
  await removeUsers(app.db.pool, [userId]);
  await app.close();
});

function expectRefused(response: LightMyRequestResponse, parameter: string) {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<{ detail: string; parameter?: string }>();
  expect(problem.parameter).toBe(parameter);
  expect(problem.detail).toContain('NUL');
}

describe('a NUL character is refused with a 400 naming where it was', () => {
  it.each([
    ['a text feature id', '/ogc/collections/neighbourhoods/items/%00', 'featureId'],
    ['a text feature id with more', '/ogc/collections/neighbourhoods/items/23027A00%00-', 'featureId'],
    ['a neighbourhood code', '/api/neighbourhoods/A%0000/series', 'code'],
    ['a search query', '/api/search?q=Halle%00', 'q'],
    ['a layer id', '/api/layers/inci%00dents/features', 'id'],
  ])('in a path or query: %s', async (_what, url, parameter) => {
    expectRefused(await app.inject({ url, headers: { cookie } }), parameter);
  });

  it('in a login body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: writeHeaders(),
      payload: { username: `${USERNAME}\u0000`, password: 'x' },
    });
    expectRefused(response, 'username');
  });

  it('in a nested body member: named by its path, and nothing written', async () => {
    const count = async () => Number((await app.db.pool.query('SELECT count(*) FROM partners')).rows[0].count);
    const before = await count();
    const response = await app.inject({
      method: 'POST',
      url: '/api/partners',
      headers: writeHeaders(cookie),
      payload: { name: 'Politie\u0000Halle', kind: 'police', contactRole: 'wijkinspecteur' },
    });
    expectRefused(response, 'name');
    const area = await app.inject({
      method: 'POST',
      url: '/api/figures',
      headers: writeHeaders(cookie),
      payload: { geometry: { type: 'Polygon', coordinates: [] }, period: 'x', extra: { deep: ['ok', 'b\u0000'] } },
    });
    expectRefused(area, 'extra/deep/1');
    expect(await count()).toBe(before);
  });
});
