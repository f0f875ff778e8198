import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/src/config.ts';
import { loggerOptions } from '../../api/src/logging.ts';
import securityHeaders, { HSTS } from '../../api/src/plugins/security-headers.ts';
import { createTestApp } from '../support/app.ts';
import { writeHeaders } from '../support/auth.ts';
import { signInPlanner } from '../support/staff.ts';

/*
 * Hardening (issue 9): security headers on every response, body size limits (413 problem),
 * request ids and JSON logs that never carry a cookie or a password. The front end is a
 * stand-in (small HTML files in a temporary folder), so these tests need no build.
 */

const HTML = '<!doctype html><title>stand-in</title>';
let webDistDir: string;
let app: FastifyInstance;
const logLines: string[] = [];

/** The real app with a JSON logger writing into `logLines`, as server.ts configures it. */
async function appWithLog(env: NodeJS.ProcessEnv): Promise<FastifyInstance> {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  return createTestApp(env, { webDistDir }, { ...loggerOptions('info'), stream });
}

beforeAll(async () => {
  webDistDir = await mkdtemp(path.join(tmpdir(), 'hardening-'));
  for (const file of ['index.html', 'embed.html', 'import.html']) await writeFile(path.join(webDistDir, file), HTML);
  // A larger vertex limit: the geometry routes then take bodies larger than the global 1 MiB.
  app = await appWithLog({ FOCUS_AREA_MAX_VERTICES: '50000', BASEMAP: 'osm' });
});

afterAll(async () => {
  await app?.close();
  await rm(webDistDir, { recursive: true, force: true });
});

const directives = (policy: unknown) => String(policy).split('; ');

describe('security headers', () => {
  it.each(['/', '/embed', '/import', '/api/layers', '/api/no-such-route', '/api/health/live'])(
    'nosniff and the referrer policy on %s',
    async (url) => {
      const response = await app.inject(url);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers['strict-transport-security']).toBeUndefined(); // plain http
    },
  );

  it.each(['/', '/import', '/embed'])('%s has a policy MapLibre can live with, scripts only our own', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    const policy = directives(response.headers['content-security-policy']);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("worker-src 'self' blob:");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org");
    expect(policy).toContain("connect-src 'self' https://tile.openstreetmap.org");
    // Framing stays the frame-policy plugin's: exactly one frame-ancestors.
    const ancestors = policy.filter((d) => d.startsWith('frame-ancestors'));
    expect(ancestors).toEqual([url === '/embed' ? "frame-ancestors 'self'" : "frame-ancestors 'none'"]);
  });

  it('the staff pages are isolated from their opener (COOP); the embed, framed by others, is not', async () => {
    for (const url of ['/', '/import']) {
      expect((await app.inject(url)).headers['cross-origin-opener-policy'], url).toBe('same-origin');
    }
    expect((await app.inject('/embed')).headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('without a basemap the pages may fetch from nowhere but themselves', async () => {
    const plain = await createTestApp({}, { webDistDir });
    try {
      const policy = directives((await plain.inject('/')).headers['content-security-policy']);
      expect(policy).toContain("connect-src 'self'");
      expect(policy).toContain("img-src 'self' data: blob:");
    } finally {
      await plain.close();
    }
  });

  it('the yearly report keeps its own stricter policy', async () => {
    const response = await app.inject('/report?theme=wonen&year=2023');
    const policy = directives(response.headers['content-security-policy']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain("worker-src 'self' blob:");
  });

  it('Strict-Transport-Security is sent only over https', async () => {
    // A bare Fastify over TLS with the plugin: the app itself is served over http behind a proxy.
    const dir = await mkdtemp(path.join(tmpdir(), 'hardening-tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=127.0.0.1',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      {
        input: '',
        stdio: ['pipe', 'ignore', 'ignore'],
        env: { ...process.env, OPENSSL_CONF: '/dev/null' },
      },
    );
    const tls = Fastify({ https: { key: await readFile(key), cert: await readFile(cert) } });
    tls.decorate('config', loadConfig({}));
    await tls.register(securityHeaders);
    tls.get('/x', async () => ({ ok: true }));
    try {
      await tls.listen({ port: 0, host: '127.0.0.1' });
      const port = (tls.server.address() as { port: number }).port;
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port, path: '/x', rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.headers);
        });
        req.on('error', reject);
        req.end();
      });
      expect(headers['strict-transport-security']).toBe(HSTS);
      expect(headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await tls.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('body size limits', () => {
  const body = (bytes: number) => JSON.stringify({ username: 'x', password: 'y', padding: 'a'.repeat(bytes) });

  it('a JSON body over 1 MiB is a 413 problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { ...writeHeaders(), 'content-type': 'application/json' },
      payload: body(1024 * 1024 + 10),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toMatchObject({ status: 413, title: 'Payload Too Large', instance: '/api/auth/login' });
  });

  it('the geometry routes take more, in step with FOCUS_AREA_MAX_VERTICES (50,000 here: 3.3 MB)', async () => {
    const send = (url: string, bytes: number) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...writeHeaders(), 'content-type': 'application/json' },
        payload: body(bytes),
      });
    // 1.5 MiB passes the limit and reaches the body's schema (400: no such property) or the role check.
    for (const url of ['/api/figures', '/api/focus-areas']) {
      expect([400, 401], url).toContain((await send(url, 1.5 * 1024 * 1024)).statusCode);
      expect((await send(url, 4 * 1024 * 1024)).statusCode, url).toBe(413);
    }
  });
});

describe('request ids and logs', () => {
  it('echoes a sane X-Request-Id and logs the request under it, as one JSON object a line', async () => {
    const id = 'lb-7f3a.9_c2';
    const response = await app.inject({ url: '/api/health/live', headers: { 'x-request-id': id } });
    expect(response.headers['x-request-id']).toBe(id);
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const mine = lines.filter((line) => line.reqId === id);
    expect(mine.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(mine[1]).toMatchObject({ level: 30, res: { statusCode: 200 } });
  });

  it.each([
    ['too long', 'a'.repeat(65)],
    ['spaces and quotes', 'x" injected="1'],
    ['a newline', 'a\nb'.replace('\n', '%0A')],
  ])('replaces an id with %s by a UUID', async (_what, given) => {
    const response = await app.inject({ url: '/api/health/live', headers: { 'x-request-id': given } });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('gives every response an id, problems and 413s included, a new one each time', async () => {
    const a = await app.inject('/api/no-such-route');
    const b = await app.inject('/api/no-such-route');
    expect(a.statusCode).toBe(404);
    expect(a.headers['x-request-id']).toBeTruthy();
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('never logs a cookie, a credential or a password', async () => {
    const secret = 'hunter2-do-not-log-me';
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { ...writeHeaders(`lk_session=${secret}`), authorization: `Basic ${secret}` },
      payload: { username: 'nobody-hardening', password: secret },
    });
    // And where code logs headers or a body itself, the redaction catches them.
    app.log.info({ headers: { cookie: secret, authorization: secret }, body: { password: secret } }, 'probe');
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
    const probe = logLines.map((line) => JSON.parse(line)).find((line) => line.msg === 'probe');
    expect(probe.headers).toEqual({ cookie: '[Redacted]', authorization: '[Redacted]' });
    expect(probe.body.password).toBe('[Redacted]');
  });
});

describe('numbers in the path and query', () => {
  it('"Infinity" and "1e999", which the validator coerces to a number, are a 400 naming the parameter', async () => {
    const cookie = await signInPlanner(app, 'hardening-planner');
    try {
      for (const id of ['Infinity', '-Infinity', '1e999']) {
        const response = await app.inject({ method: 'GET', url: `/api/focus-areas/${id}`, headers: { cookie } });
        expect(response.statusCode, id).toBe(400);
        expect(response.json()).toMatchObject({ status: 400, parameter: 'id', detail: 'id must be a finite number' });
      }
    } finally {
      const user = `(SELECT id FROM users WHERE username = 'hardening-planner')`;
      await app.db.pool.query(`DELETE FROM audit_log WHERE user_id = ${user}`);
      await app.db.pool.query(`DELETE FROM users WHERE username = 'hardening-planner'`); // sessions cascade
    }
  });
});
