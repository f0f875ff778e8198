import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createUser, login } from '../support/auth.ts';

/*
 * Shared pieces of the fuzz suite (`npm run test:fuzz`): run size and seed, hostile values,
 * and the one verdict every property gives a response.
 *
 * FUZZ_RUNS=N sets the runs per property (default small, for CI on two cores); FUZZ_SEED=n
 * replays a run: on failure fast-check prints the seed and the shrunk counterexample's path.
 */

const DEFAULT_RUNS = 25;

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

export const FUZZ_RUNS = positiveInteger('FUZZ_RUNS', process.env.FUZZ_RUNS, DEFAULT_RUNS);
const seedRaw = process.env.FUZZ_SEED;
const seed = seedRaw === undefined || seedRaw === '' ? undefined : Number(seedRaw);
if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got "${seedRaw}"`);

/** Parameters for fc.assert: `scale` runs a cheap property more (or a costly one less) than the base. */
export function runs(scale = 1): fc.Parameters<unknown> {
  return {
    numRuns: Math.max(1, Math.round(FUZZ_RUNS * scale)),
    ...(seed === undefined ? {} : { seed }),
  };
}

/** Pages that answer a bad request with an HTML page by design (decision record: the report). */
const HTML_ERROR_PATHS = [/^\/report(\?|$)/];

/**
 * The verdict on every fuzzed response: never a 5xx; a 4xx is application/problem+json with a
 * non-empty `detail` (HTML pages that show their own error page excepted). Returns the status.
 */
export function expectSane(response: LightMyRequestResponse, what: string): number {
  const status = response.statusCode;
  const context = `${what} → ${status} ${response.body.slice(0, 300)}`;
  expect(status, context).toBeLessThan(500);
  expect(status, context).toBeGreaterThanOrEqual(200);
  if (status >= 400) {
    const url = response.raw.req.url ?? '';
    const type = String(response.headers['content-type'] ?? '');
    if (HTML_ERROR_PATHS.some((p) => p.test(url)) && type.startsWith('text/html')) return status;
    expect(type, context).toMatch(/^application\/problem\+json/);
    const body = response.json<{ status?: number; detail?: unknown }>();
    expect(typeof body.detail, context).toBe('string');
    expect((body.detail as string).length, context).toBeGreaterThan(0);
    expect(body.status, context).toBe(status);
  }
  return status;
}

/** Values no parameter should take, in every way they can be odd. */
export const SPECIAL_VALUES = [
  '',
  ' ',
  ',',
  ',,,',
  '..',
  '../..',
  '/',
  '-',
  '-0',
  '0',
  '-1',
  '1.5',
  '1e308',
  '-1e308',
  '1e999',
  'NaN',
  'Infinity',
  '-Infinity',
  '9007199254740993',
  '9'.repeat(400),
  '0x1F',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '[object Object]',
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '$1',
  '%',
  '%00',
  '\u0000',
  '\u202e\u0301',
  'Zoë 🏠 Ḩ',
  '2024-13-45',
  '2024-02-30T25:61:61Z',
  '0000-01-01T00:00:00Z/9999-12-31T23:59:59Z',
  '../..',
  '2024/..',
  '99999-01-01',
  '181,91,-181,-91',
  '4,50,4,50',
  '4.1,50.1,4.0,50.0',
  '1,2,3',
  '1,2,3,4,5,6',
  'a,b,c,d',
  'NaN,NaN,NaN,NaN',
  '1e308,1e308,-1e308,-1e308',
  'x'.repeat(5000),
  '::,::',
  'incidents:11,incidents:-1',
  'a:b:c',
];

/** Any string an attacker might send as a value: special, arbitrary unicode, numeric, long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_VALUES) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 2000, maxLength: 20_000 }) },
);

/** A staff account made for one fuzz file (usernames unique per file: the database is shared). */
export async function signIn(
  app: FastifyInstance,
  username: string,
  role: 'planner' | 'coordinator' | 'admin',
): Promise<{ id: number; cookie: string }> {
  const password = `${username}-password`;
  const id = await createUser(app.db.pool, { username, role, password });
  return { id, cookie: await login(app, username, password) };
}
