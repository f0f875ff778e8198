import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { isRole, type SessionUser } from './guard.ts';

/*
 * Sessions: the browser holds a random 32-byte token (base64url) in the `lk_session` cookie;
 * the database holds only its SHA-256. A session lives `idleMs` after it was last used
 * (sliding) and never longer than `maxMs` after sign-in (absolute).
 */

export const SESSION_COOKIE = 'lk_session';

export interface SessionLifetimes {
  idleMs: number;
  maxMs: number;
}

/** last_seen_at is written at most this often, not on every request (tiles ask many times a second). */
const TOUCH_INTERVAL_MS = 60_000;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes in base64url, no padding

export const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

export const isWellFormedToken = (token: string): boolean => TOKEN_PATTERN.test(token);

type Queryable = Pick<pg.Pool, 'query'>;

/** Starts a session for `userId`; returns the token for the cookie. Also clears sessions past their end. */
export async function createSession(pool: Queryable, userId: number, lifetimes: SessionLifetimes): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)`,
    [lifetimes.idleMs / 1000],
  );
  await pool.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
    [hashToken(token), userId, lifetimes.maxMs / 1000],
  );
  return token;
}

/**
 * The user a live session belongs to, or null (unknown token, past either end, user disabled).
 * Moves the session's last_seen_at forward (at most once a minute) in the same statement.
 */
export async function findSessionUser(
  pool: Queryable,
  token: string,
  lifetimes: SessionLifetimes,
): Promise<SessionUser | null> {
  if (!isWellFormedToken(token)) return null;
  const { rows } = await pool.query<{
    id: string | number;
    username: string;
    role: string;
    partner_id: string | number | null;
  }>(
    `WITH live AS (
       SELECT s.token_hash, s.last_seen_at, u.id, u.username, u.role, u.partner_id
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > now()
         AND s.last_seen_at > now() - make_interval(secs => $2) AND u.disabled_at IS NULL
     ), touched AS (
       UPDATE sessions SET last_seen_at = now() FROM live
       WHERE sessions.token_hash = live.token_hash AND live.last_seen_at < now() - make_interval(secs => $3)
     )
     SELECT id, username, role, partner_id FROM live`,
    [hashToken(token), lifetimes.idleMs / 1000, TOUCH_INTERVAL_MS / 1000],
  );
  const row = rows[0];
  if (!row || !isRole(row.role)) return null;
  return {
    id: Number(row.id),
    username: row.username,
    role: row.role,
    partnerId: row.partner_id === null ? null : Number(row.partner_id),
  };
}

/** Ends the session the token names (nothing happens for an unknown token). */
export async function deleteSession(pool: Queryable, token: string): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await pool.query(`DELETE FROM sessions WHERE token_hash = $1`, [hashToken(token)]);
}
