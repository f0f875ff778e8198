import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { signInPlanner } from '../support/staff.ts';

// As a planner: the features of staff layers are refused to anonymous callers before their
// parameters are read (tests/api/privacy.test.ts).
let app: FastifyInstance;
let planner: string;
beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'errors-planner');
});
afterAll(async () => {
  await app.close();
});

async function problem(url: string, status: number) {
  const response = await app.inject({ url, headers: { cookie: planner } });
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<{ status: number; title: string; detail: string; parameter?: string }>();
  expect(body.status).toBe(status);
  return body;
}

describe('bad input gets a clear problem+json answer, never a 500', () => {
  it('unknown layer → 404 naming it', async () => {
    const body = await problem('/api/layers/burglars/features', 404);
    expect(body.detail).toContain('"burglars"');
  });

  it('unknown route → 404', async () => {
    await problem('/api/nothing-here', 404);
  });

  it.each([
    ['malformed', '1,2,3'],
    ['non-numeric', '4.0,50.0,east,50.1'],
    ['empty part', '4.0,,4.1,50.1'],
    ['out of range', '4.0,50.0,200,50.1'],
    ['latitude out of range', '4.0,-91,4.1,50.1'],
    ['inverted', '4.1,50.0,4.0,50.1'],
    ['infinite', '4.0,50.0,Infinity,50.1'],
  ])('bbox %s → 400 naming bbox', async (_label, bbox) => {
    const body = await problem(`/api/layers/incidents/features?bbox=${bbox}`, 400);
    expect(body.parameter).toBe('bbox');
    expect(body.detail).toMatch(/bbox/);
  });

  it.each([['0'], ['10001'], ['-5'], ['abc'], ['1.5']])('limit=%s → 400 naming limit', async (limit) => {
    const body = await problem(`/api/layers/incidents/features?limit=${limit}`, 400);
    expect(body.parameter).toBe('limit');
  });

  it.each([
    ['yesterday'],
    ['2024-02-30'],
    ['2024-13-01'],
    ['2024-05-01T12:00:00'],
    ['2025-01-01/2024-01-01'],
    ['../..'],
    ['a/b/c'],
  ])('datetime=%s → 400 naming datetime', async (datetime) => {
    const body = await problem(`/api/layers/incidents/features?datetime=${encodeURIComponent(datetime)}`, 400);
    expect(body.parameter).toBe('datetime');
  });

  it('datetime on a layer without time → 400', async () => {
    const body = await problem('/api/layers/youth-facilities/features?datetime=2024-01-01', 400);
    expect(body.parameter).toBe('datetime');
  });

  it('unknown category → 400 naming the value and the allowed ones', async () => {
    const body = await problem('/api/layers/incidents/features?category=overlast,moord', 400);
    expect(body.parameter).toBe('category');
    expect(body.detail).toContain('"moord"');
    expect(body.detail).toContain('woninginbraak');
  });

  it('category on a layer without categories → 400', async () => {
    const body = await problem('/api/layers/neighbourhoods/features?category=x', 400);
    expect(body.parameter).toBe('category');
  });
});
