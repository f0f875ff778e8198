import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { requireRole } from '../../api/src/auth/guard.ts';
import { loadConfig } from '../../api/src/config.ts';
import { openDatabase } from '../../api/src/db/database.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login, OWN_ORIGIN, writeHeaders } from '../support/auth.ts';

// Usernames start with `auth-`: the database is shared by every test file of a run.
const PASSWORD = 'correct horse battery';
const ROOT = path.resolve(import.meta.dirname, '../..');

let app: FastifyInstance;
let pool: pg.Pool;
const ids: Record<string, number> = {};

beforeAll(async () => {
  app = await createTestApp();
  pool = app.db.pool;
  // A route only coordinators and admins may use, to test the guard on its own.
  app.post('/api/test-auth/coordinators-only', { preHandler: requireRole('coordinator', 'admin') }, async () => ({
    ok: true,
  }));
  for (const [username, role] of [
    ['auth-coordinator', 'coordinator'],
    ['auth-planner', 'planner'],
    ['auth-admin', 'admin'],
    ['auth-limited', 'planner'],
    ['auth-other', 'planner'],
    ['auth-logout', 'coordinator'],
    ['auth-expired', 'planner'],
    ['auth-idle', 'planner'],
    ['auth-disabled', 'planner'],
    ['auth-csrf', 'coordinator'],
    ['auth-audit', 'planner'],
  ] as const) {
    ids[username] = await createUser(pool, { username, role, password: PASSWORD });
  }
});
afterAll(async () => {
  await app.close();
});

const me = async (cookie?: string) => {
  const response = await app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie ? { cookie } : {} });
  expect(response.statusCode).toBe(200);
  return response.json<{ user: { username: string; role: string } | null }>().user;
};

const attempt = (username: string, password: string, headers: Record<string, string> = writeHeaders()) =>
  app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username, password } });

const sessionCount = async (userId: number) =>
  Number((await pool.query(`SELECT count(*) AS n FROM sessions WHERE user_id = $1`, [userId])).rows[0].n);

describe('POST /api/auth/login', () => {
  it('signs in: an HttpOnly SameSite=Strict session cookie, and /me returns the user', async () => {
    const response = await attempt('auth-coordinator', PASSWORD);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ user: { username: 'auth-coordinator', role: 'coordinator' } });
    expect(response.headers['cache-control']).toBe('no-store');
    const setCookie = String(response.headers['set-cookie']);
    // 32 random bytes in base64url = 43 characters; 7 days = 604800 s
    expect(setCookie).toMatch(/^lk_session=[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toMatch(/Secure/); // the request came over plain http
    const cookie = setCookie.split(';')[0]!;
    // Staff belong to no partner organisation (issue 10: a partner user's /me names its partner).
    expect(await me(cookie)).toEqual({ username: 'auth-coordinator', role: 'coordinator', partner: null });
    expect(await me()).toBeNull();
  });

  it('stores only the SHA-256 of the session token', async () => {
    const cookie = await login(app, 'auth-coordinator', PASSWORD);
    const token = cookie.split('=')[1]!;
    const { rows } = await pool.query(
      `SELECT encode(token_hash, 'hex') AS hash, encode(sha256(convert_to($2, 'UTF8')), 'hex') AS expected
       FROM sessions WHERE user_id = $1`,
      [ids['auth-coordinator'], token],
    );
    expect(rows.map((r) => r.hash)).toContain(rows[0].expected);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('accepts the username in any case and with spaces around it', async () => {
    expect((await attempt('  Auth-Planner ', PASSWORD)).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await attempt('auth-planner', 'not the password');
    const unknown = await attempt('auth-nobody', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ status: 401, detail: 'wrong username or password' });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a body without a username or password as 400 naming it', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: writeHeaders(),
      payload: { username: 'auth-planner' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ parameter: 'password' });
  });

  it('refuses the 6th failed attempt within 15 minutes with 429 and Retry-After; another username still works', async () => {
    for (let i = 1; i <= 5; i++) {
      expect((await attempt('auth-limited', `wrong ${i}`)).statusCode).toBe(401);
    }
    const sixth = await attempt('auth-limited', 'wrong 6');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The first failure was a moment ago and leaves the 15-minute window in 900 s, minus those moments.
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(880);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Even the right password is refused now, without a cookie.
    const right = await attempt('auth-limited', PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.headers['set-cookie']).toBeUndefined();
    // Another username from the same address is not affected.
    expect((await attempt('auth-other', PASSWORD)).statusCode).toBe(200);
  });

  it('a successful sign-in resets the failure count', async () => {
    for (let i = 0; i < 4; i++) expect((await attempt('auth-other', 'wrong')).statusCode).toBe(401);
    expect((await attempt('auth-other', PASSWORD)).statusCode).toBe(200);
    // 5 new failures are allowed again before the limit: 4 + 5 would have hit it without the reset
    for (let i = 0; i < 5; i++) expect((await attempt('auth-other', 'wrong')).statusCode).toBe(401);
    expect((await attempt('auth-other', 'wrong')).statusCode).toBe(429);
  });

  it('a disabled user cannot sign in, and their open sessions stop working', async () => {
    const cookie = await login(app, 'auth-disabled', PASSWORD);
    await pool.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [ids['auth-disabled']]);
    const response = await attempt('auth-disabled', PASSWORD);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ detail: 'wrong username or password' });
    expect(await me(cookie)).toBeNull();
  });
});

describe('sessions', () => {
  it('logout deletes the session: the old cookie no longer works', async () => {
    const cookie = await login(app, 'auth-logout', PASSWORD);
    expect(await sessionCount(ids['auth-logout']!)).toBe(1);
    const response = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: writeHeaders(cookie) });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(String(response.headers['set-cookie'])).toMatch(
      /^lk_session=; Max-Age=0; Path=\/; .*HttpOnly; SameSite=Strict/,
    );
    expect(await sessionCount(ids['auth-logout']!)).toBe(0);
    expect(await me(cookie)).toBeNull();
    const write = await app.inject({
      method: 'POST',
      url: '/api/test-auth/coordinators-only',
      headers: writeHeaders(cookie),
    });
    expect(write.statusCode).toBe(401);
  });

  it('logout without a session is a harmless 204', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: writeHeaders() });
    expect(response.statusCode).toBe(204);
  });

  it('refuses a session past its absolute end (expires_at)', async () => {
    const cookie = await login(app, 'auth-expired', PASSWORD);
    expect(await me(cookie)).not.toBeNull();
    await pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      ids['auth-expired'],
    ]);
    expect(await me(cookie)).toBeNull();
  });

  it('refuses a session idle for more than 12 hours, and slides one used within them', async () => {
    const cookie = await login(app, 'auth-idle', PASSWORD);
    await pool.query(`UPDATE sessions SET last_seen_at = now() - interval '11 hours' WHERE user_id = $1`, [
      ids['auth-idle'],
    ]);
    expect(await me(cookie)).not.toBeNull(); // 11 h < 12 h; moves last_seen_at to now
    const { rows } = await pool.query(
      `SELECT last_seen_at > now() - interval '1 minute' AS touched FROM sessions WHERE user_id = $1`,
      [ids['auth-idle']],
    );
    expect(rows).toEqual([{ touched: true }]);
    await pool.query(`UPDATE sessions SET last_seen_at = now() - interval '12 hours 1 second' WHERE user_id = $1`, [
      ids['auth-idle'],
    ]);
    expect(await me(cookie)).toBeNull();
  });

  it('ignores a malformed or unknown session cookie (anonymous), and clears it', async () => {
    for (const cookie of ['lk_session=not-a-token', `lk_session=${'A'.repeat(43)}`]) {
      const response = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(response.json()).toEqual({ user: null });
      expect(String(response.headers['set-cookie'])).toMatch(/^lk_session=; Max-Age=0/);
    }
  });

  it('signing in again replaces the session the browser held', async () => {
    const first = await login(app, 'auth-admin', PASSWORD);
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: writeHeaders(first),
      payload: { username: 'auth-admin', password: PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    expect(await me(first)).toBeNull();
  });
});

describe('CSRF', () => {
  const logout = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/auth/logout', headers });

  it('refuses a write from another origin with 403 and changes nothing', async () => {
    const cookie = await login(app, 'auth-csrf', PASSWORD);
    const response = await logout({ origin: 'https://evil.example', cookie });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().type).toMatch(/csrf$/);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await sessionCount(ids['auth-csrf']!)).toBe(1);
    expect(await me(cookie)).toEqual({ username: 'auth-csrf', role: 'coordinator', partner: null });
  });

  it('refuses a cross-site sign-in: no session, no cookie', async () => {
    const before = await sessionCount(ids['auth-csrf']!);
    const response = await attempt('auth-csrf', PASSWORD, { origin: 'http://localhost:8080' });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await sessionCount(ids['auth-csrf']!)).toBe(before);
  });

  it('decides before the body is read: a cross-site write with a broken body is 403, not 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(response.statusCode).toBe(403);
  });

  it('refuses a write with neither Origin nor Sec-Fetch-Site, or with Origin null, or cross-site', async () => {
    const cookie = await login(app, 'auth-csrf', PASSWORD);
    const cases: Record<string, string>[] = [
      { cookie },
      { cookie, origin: 'null' },
      { cookie, 'sec-fetch-site': 'cross-site' },
      { cookie, 'sec-fetch-site': 'same-site' },
      { cookie, origin: 'https://localhost:80' }, // another scheme is another origin
    ];
    for (const headers of cases) {
      const response = await logout(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
    }
    expect(await me(cookie)).not.toBeNull();
  });

  it('lets a write through with Sec-Fetch-Site: same-origin and no Origin', async () => {
    const cookie = await login(app, 'auth-csrf', PASSWORD);
    const response = await logout({ cookie, 'sec-fetch-site': 'same-origin' });
    expect(response.statusCode).toBe(204);
    expect(await me(cookie)).toBeNull();
  });

  it('checks every write method, whatever the route; reads need no Origin', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const response = await app.inject({
        method,
        url: '/api/focus-areas/1',
        headers: { origin: 'https://evil.example' },
      });
      expect(response.statusCode, method).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect(OWN_ORIGIN).toBe('http://localhost:80');
  });
});

describe('requireRole', () => {
  const call = (cookie?: string) =>
    app.inject({ method: 'POST', url: '/api/test-auth/coordinators-only', headers: writeHeaders(cookie) });

  it('gives 401 to the public and 403 to a role not allowed', async () => {
    const anonymous = await call();
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    const planner = await call(await login(app, 'auth-planner', PASSWORD));
    expect(planner.statusCode).toBe(403);
    expect(planner.json()).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it('lets the roles named through', async () => {
    expect((await call(await login(app, 'auth-coordinator', PASSWORD))).json()).toEqual({ ok: true });
    expect((await call(await login(app, 'auth-admin', PASSWORD))).json()).toEqual({ ok: true });
  });
});

describe('audit and storage', () => {
  it('records sign-in, failed sign-in (without the password) and sign-out', async () => {
    const id = ids['auth-audit']!;
    const secretTry = 'my-secret-guess-8271';
    expect((await attempt('auth-audit', secretTry)).statusCode).toBe(401);
    const cookie = await login(app, 'auth-audit', PASSWORD);
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: writeHeaders(cookie) });
    const { rows } = await pool.query(
      `SELECT user_id, action, entity, entity_id, details FROM audit_log
       WHERE entity = 'user' AND entity_id = $1 ORDER BY id`,
      [String(id)],
    );
    expect(rows.map((r) => [r.action, r.user_id === null ? null : Number(r.user_id)])).toEqual([
      ['auth.login-failed', null],
      ['auth.login', id],
      ['auth.logout', id],
    ]);
    expect(rows[0].details).toMatchObject({ username: 'auth-audit', reason: 'wrong-password' });
    const all = await pool.query(`SELECT details::text AS details FROM audit_log`);
    const text = all.rows.map((r) => r.details).join('\n');
    expect(text).not.toContain(secretTry);
    expect(text).not.toContain(PASSWORD);
  });

  it('records failed sign-ins of unknown users with no user', async () => {
    await attempt('auth-ghost', 'whatever password');
    const { rows } = await pool.query(
      `SELECT user_id, entity_id, details FROM audit_log WHERE action = 'auth.login-failed' AND details->>'username' = 'auth-ghost'`,
    );
    expect(rows).toEqual([
      { user_id: null, entity_id: null, details: expect.objectContaining({ reason: 'unknown-user' }) },
    ]);
  });

  it('stores passwords as scrypt hashes, never plain', async () => {
    const { rows } = await pool.query<{ password_hash: string }>(
      `SELECT password_hash FROM users WHERE username LIKE 'auth-%'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(11);
    for (const { password_hash } of rows) {
      expect(password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(password_hash).not.toContain(PASSWORD);
    }
  });

  it('sets the Secure attribute when COOKIE_SECURE=true', async () => {
    const secureApp = await buildApp({ config: { ...loadConfig({}), cookieSecure: true }, db: app.db });
    try {
      const response = await secureApp.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: writeHeaders(),
        payload: { username: 'auth-admin', password: PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure; /);
    } finally {
      await secureApp.close();
    }
  });
});

/** Runs the user:add command line as a city's admin would, with `env` for its database. */
async function userAdd(args: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/cli/user-add.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin ?? '');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

describe('npm run user:add', () => {
  it(
    'creates an account that can sign in, refuses it twice, and resets its password from stdin',
    { timeout: 180_000 },
    async () => {
      const backend = inject('backend');
      const { DATABASE_URL: _ignored, ...baseEnv } = process.env;
      let env: NodeJS.ProcessEnv;
      let target: FastifyInstance;
      let cleanup: () => Promise<void>;
      if (backend === 'embedded') {
        // A fresh data folder, as on a city's first start; the app is then built on that folder.
        const dir = await mkdtemp(path.join(tmpdir(), 'liveability-user-add-'));
        env = { ...baseEnv, PGLITE_DATA_DIR: path.join(dir, 'pglite') };
        cleanup = () => rm(dir, { recursive: true, force: true });
      } else {
        env = { ...baseEnv, DATABASE_URL: inject('databaseUrl') };
        cleanup = async () => {};
      }
      try {
        const username = 'auth-cli-admin';
        const created = await userAdd(
          ['--username', username, '--role', 'admin', '--password', 'first long password'],
          env,
        );
        expect(created.code, created.output).toBe(0);
        expect(created.output).toMatch(/Created admin "auth-cli-admin"/);

        const again = await userAdd(['--username', username, '--role', 'admin', '--password', 'another password'], env);
        expect(again.code).toBe(1);
        expect(again.output).toMatch(/exists already; add --reset-password/);

        const tooShort = await userAdd(['--username', 'auth-cli-x', '--role', 'admin'], env, 'short\n');
        expect(tooShort.code).toBe(1);
        expect(tooShort.output).toMatch(/at least 10 characters/);

        const reset = await userAdd(
          ['--username', username, '--role', 'coordinator', '--reset-password'],
          env,
          'second long password\n',
        );
        expect(reset.code, reset.output).toBe(0);

        let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
        if (backend === 'embedded') {
          db = await openDatabase({ databaseUrl: undefined, pgliteDataDir: env.PGLITE_DATA_DIR! });
          target = await buildApp({ config: loadConfig({}), db });
        } else {
          target = app;
        }
        try {
          const { rows } = await target.db.pool.query(`SELECT password_hash FROM users WHERE username = $1`, [
            username,
          ]);
          expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
          const old = await target.inject({
            method: 'POST',
            url: '/api/auth/login',
            headers: writeHeaders(),
            payload: { username, password: 'first long password' },
          });
          expect(old.statusCode).toBe(401);
          const cookie = await login(target, username, 'second long password');
          const who = await target.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
          expect(who.json()).toEqual({ user: { username, role: 'coordinator', partner: null } });
        } finally {
          if (db) {
            await target.close();
            await db.close();
          }
        }
      } finally {
        await cleanup();
      }
    },
  );
});
