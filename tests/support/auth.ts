import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Role } from '../../api/src/auth/guard.ts';
import { hashPassword } from '../../api/src/auth/passwords.ts';
import { SESSION_COOKIE } from '../../api/src/auth/sessions.ts';

/** The app's own origin as `inject` addresses it (Host: localhost:80), for writes past the CSRF check. */
export const OWN_ORIGIN = 'http://localhost:80';

// The real cost (N = 2^15) takes ~0.1 s a hash; tests create many accounts.
const TEST_COST = { N: 1024, r: 8, p: 1 };

/**
 * Inserts an account directly (usernames must be unique per test file: the database is shared
 * by all files of a run). Returns its id.
 */
export async function createUser(
  pool: Pick<pg.Pool, 'query'>,
  { username, role, password }: { username: string; role: Role; password: string },
): Promise<number> {
  const { rows } = await pool.query<{ id: string | number }>(
    `INSERT INTO users (username, role, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [username, role, await hashPassword(password, TEST_COST)],
  );
  return Number(rows[0]!.id);
}

/** Signs in through POST /api/auth/login; returns the Cookie header value (`lk_session=…`). */
export async function login(app: FastifyInstance, username: string, password: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: writeHeaders(),
    payload: { username, password },
  });
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`login ${username}: no ${SESSION_COOKIE} cookie set`);
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/** Headers for an injected write: the app's own Origin, and the session cookie when given. */
export function writeHeaders(cookie?: string): { origin: string; cookie?: string } {
  return cookie === undefined ? { origin: OWN_ORIGIN } : { origin: OWN_ORIGIN, cookie };
}

/**
 * Removes test users with what is theirs alone: their import runs (rejections cascade), saved
 * mappings and audit entries; partners they added are untied from them; sessions cascade. Areas
 * of focus and signals they made have histories of their own: the caller removes those first.
 */
export async function removeUsers(pool: Pick<pg.Pool, 'query'>, ids: readonly number[]): Promise<void> {
  await pool.query('DELETE FROM import_runs WHERE user_id = ANY ($1::bigint[])', [ids]);
  await pool.query('DELETE FROM import_sources WHERE updated_by = ANY ($1::bigint[])', [ids]);
  await pool.query('DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[])', [ids]);
  await pool.query('UPDATE partners SET updated_by = NULL WHERE updated_by = ANY ($1::bigint[])', [ids]);
  await pool.query('DELETE FROM users WHERE id = ANY ($1::bigint[])', [ids]);
}
