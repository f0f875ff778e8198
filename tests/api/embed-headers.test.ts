import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileAt } from '../../api/src/tiles/tile-grid.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login } from '../support/auth.ts';

/*
 * The embed's headers and the anonymous rate limit (issue 7): who may frame which page, that
 * /embed never sets a cookie, how tiles may be cached, and 429 after RATE_LIMIT_PER_MINUTE
 * anonymous requests. The front end is a stand-in (two small HTML files in a temporary
 * folder), so these tests do not depend on a build.
 */

const ALLOWED = 'https://www.halle.be http://127.0.0.1:8080';
const EMBED_HTML = '<!doctype html><title>embed stand-in</title>';
const INDEX_HTML = '<!doctype html><title>map stand-in</title>';
const PLANNER = { username: 'embed-headers-planner', role: 'planner' as const, password: 'embed-headers-planner-1' };

// HTML pages carry the page policy too (security-headers.ts): framing is its frame-ancestors directive.
const frameAncestors = (policy: unknown) =>
  String(policy)
    .split('; ')
    .filter((directive) => directive.startsWith('frame-ancestors'));

let webDistDir: string;
let app: FastifyInstance;
let staffCookie: string;
let userId: number;

beforeAll(async () => {
  webDistDir = await mkdtemp(path.join(tmpdir(), 'embed-headers-'));
  await writeFile(path.join(webDistDir, 'embed.html'), EMBED_HTML);
  await writeFile(path.join(webDistDir, 'index.html'), INDEX_HTML);
  app = await createTestApp({ EMBED_ALLOWED_ORIGINS: ALLOWED }, { webDistDir });
  userId = await createUser(app.db.pool, PLANNER);
  staffCookie = await login(app, PLANNER.username, PLANNER.password);
});

afterAll(async () => {
  // Signing in is audited; the account's sessions go with it (cascade).
  await app?.db.pool.query('DELETE FROM audit_log WHERE user_id = $1', [userId]);
  await app?.db.pool.query('DELETE FROM users WHERE id = $1', [userId]);
  await app?.close();
  await rm(webDistDir, { recursive: true, force: true });
});

describe('GET /embed', () => {
  it('serves the built embed page, frameable by our own pages and the configured origins only', async () => {
    const response = await app.inject('/embed?layers=neighbourhoods&theme=wonen&lang=en&legend=0');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toBe(EMBED_HTML);
    expect(frameAncestors(response.headers['content-security-policy'])).toEqual([
      "frame-ancestors 'self' https://www.halle.be http://127.0.0.1:8080",
    ]);
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('sets no cookie, also for a signed-in planner whose browser sends the session cookie', async () => {
    for (const headers of [{}, { cookie: staffCookie }]) {
      const response = await app.inject({ url: '/embed', headers });
      expect(response.statusCode).toBe(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('allows only our own pages to frame it when no origin is configured', async () => {
    const plain = await createTestApp({}, { webDistDir });
    try {
      const response = await plain.inject('/embed');
      expect(frameAncestors(response.headers['content-security-policy'])).toEqual(["frame-ancestors 'self'"]);
    } finally {
      await plain.close();
    }
  });

  it('is a 404 problem, framed nowhere else, when the front end is not built', async () => {
    const unbuilt = await createTestApp({}, { webDistDir: path.join(webDistDir, 'missing') });
    try {
      const response = await unbuilt.inject('/embed');
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.json().detail).toMatch(/npm run build/);
    } finally {
      await unbuilt.close();
    }
  });
});

describe('every other response refuses to be framed', () => {
  it.each([
    ['the planner map', '/'],
    ['its index file', '/index.html'],
    ['the embed file under its file name', '/embed.html'],
    ['an API answer', '/api/layers'],
    ['a problem', '/api/no-such-route'],
    ['a tile', `/tiles/neighbourhoods/9/${tileAt(4.05, 50.05, 9).x}/${tileAt(4.05, 50.05, 9).y}.mvt`],
  ])('%s (%s)', async (_what, url) => {
    const response = await app.inject(url);
    expect(frameAncestors(response.headers['content-security-policy'])).toEqual(["frame-ancestors 'none'"]);
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('the yearly report keeps its own policy, with framing refused', async () => {
    const response = await app.inject('/report?theme=wonen&year=2023');
    expect(response.statusCode).toBe(401); // anonymous: the sign-in page, under the same policy
    const policy = String(response.headers['content-security-policy']);
    const directives = policy.split('; ');
    expect(directives).toContain("default-src 'none'");
    expect(directives).toContain("base-uri 'none'");
    expect(directives).toContain("form-action 'none'");
    expect(directives.filter((d) => d.startsWith('style-src'))).toHaveLength(1);
    expect(directives.filter((d) => d.startsWith('frame-ancestors'))).toEqual(["frame-ancestors 'none'"]);
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});

describe('tile caching', () => {
  const t = tileAt(4.05, 50.05, 9);
  const url = (layer: string) => `/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`;

  it('a public layer may be kept a day by any cache, whoever asks', async () => {
    for (const headers of [{}, { cookie: staffCookie }]) {
      const response = await app.inject({ url: url('neighbourhoods'), headers });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=86400');
      expect(response.headers.vary).toBe('Accept-Encoding');
    }
  });

  it('what the public gets of a staff layer is cached a day, varying by cookie; what staff get is never stored', async () => {
    const anonymous = await app.inject(url('incidents'));
    expect(anonymous.headers['cache-control']).toBe('public, max-age=86400');
    expect(anonymous.headers.vary).toBe('Accept-Encoding, Cookie');
    const staff = await app.inject({ url: url('incidents'), headers: { cookie: staffCookie } });
    expect(staff.headers['cache-control']).toBe('private, no-store');
    expect(staff.headers.vary).toBe('Accept-Encoding, Cookie');
  });
});

describe('the anonymous rate limit (RATE_LIMIT_PER_MINUTE=3)', () => {
  let limited: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    limited = await createTestApp({ RATE_LIMIT_PER_MINUTE: '3' }, { webDistDir });
    // Signing in is itself an anonymous request: 1 of the 3.
    cookie = await login(limited, PLANNER.username, PLANNER.password);
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('answers the 4th anonymous request within the minute with a 429 problem and Retry-After', async () => {
    // Requests 2 and 3 of the minute: allowed, the headers count down (3 − 2 = 1, 3 − 3 = 0).
    const second = await limited.inject('/api/config');
    expect(second.statusCode).toBe(200);
    expect(second.headers['x-ratelimit-limit']).toBe('3');
    expect(second.headers['x-ratelimit-remaining']).toBe('1');
    const third = await limited.inject('/api/layers');
    expect(third.statusCode).toBe(200);
    expect(third.headers['x-ratelimit-remaining']).toBe('0');

    const fourth = await limited.inject('/api/config');
    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const retryAfter = Number(fourth.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const problem = fourth.json();
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Too Many Requests', status: 429 });
    expect(problem.detail).toMatch(/More than 3 requests a minute/);
    expect(problem.retryAfter).toBe(retryAfter);
    // A refusal is framed nowhere either.
    expect(fourth.headers['x-frame-options']).toBe('DENY');
  });

  it('counts per address: another client is not refused', async () => {
    const other = await limited.inject({ url: '/api/config', remoteAddress: '10.0.0.2' });
    expect(other.statusCode).toBe(200);
    expect(other.headers['x-ratelimit-remaining']).toBe('2');
  });

  it('does not limit signed-in staff on the same address, nor anyone on the front end’s files', async () => {
    for (let i = 0; i < 5; i++) {
      const staff = await limited.inject({ url: '/api/config', headers: { cookie } });
      expect(staff.statusCode).toBe(200);
      expect(staff.headers['x-ratelimit-limit']).toBeUndefined();
    }
    expect((await limited.inject('/')).statusCode).toBe(200);
    expect((await limited.inject('/embed')).statusCode).toBe(200);
    // …while the anonymous API is still refused.
    expect((await limited.inject('/api/config')).statusCode).toBe(429);
  });
});
