import type pg from 'pg';
import { recordAudit } from '../audit/audit.ts';
import { isRole, type Role } from './guard.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';

/** Same rule as the CHECK on users.username. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

type Queryable = Pick<pg.Pool, 'query'>;

export class AccountInputError extends Error {}

export interface LoginCandidate {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
}

/** The account a sign-in names (usernames are lower case), or null. */
export async function findLoginCandidate(pool: Queryable, username: string): Promise<LoginCandidate | null> {
  const { rows } = await pool.query<{
    id: string | number;
    username: string;
    role: string;
    password_hash: string;
    disabled: boolean;
  }>(`SELECT id, username, role, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE username = $1`, [
    username,
  ]);
  const row = rows[0];
  if (!row || !isRole(row.role)) return null;
  return {
    id: Number(row.id),
    username: row.username,
    role: row.role,
    passwordHash: row.password_hash,
    disabled: row.disabled,
  };
}

export interface NewAccount {
  username: string;
  role: string;
  password: string;
  /** Replace the password (and role) of an existing account instead of refusing it. */
  resetPassword?: boolean;
}

/** Checks the fields an account is made of; throws AccountInputError saying what is wrong. */
export function validateAccount({ username, role, password }: NewAccount): { username: string; role: Role } {
  if (!USERNAME_PATTERN.test(username)) {
    throw new AccountInputError('username must be 3 to 64 characters: lower-case letters, digits, ".", "_" or "-"');
  }
  if (!isRole(role)) throw new AccountInputError('role must be admin, coordinator or planner');
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new AccountInputError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return { username, role };
}

/**
 * Creates an account (the `user:add` command). An existing username is refused unless
 * `resetPassword`, which sets its password and role, and ends its sessions.
 */
export async function addAccount(pool: Queryable, account: NewAccount): Promise<{ id: number; created: boolean }> {
  const { username, role } = validateAccount(account);
  const passwordHash = await hashPassword(account.password);
  const inserted = await pool.query<{ id: string | number }>(
    `INSERT INTO users (username, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [username, role, passwordHash],
  );
  if (inserted.rows[0]) {
    const id = Number(inserted.rows[0].id);
    await recordAudit(pool, {
      userId: null,
      action: 'user.create',
      entity: 'user',
      entityId: String(id),
      details: { username, role },
    });
    return { id, created: true };
  }
  if (!account.resetPassword) {
    throw new AccountInputError(`user "${username}" exists already; add --reset-password to give it a new password`);
  }
  const updated = await pool.query<{ id: string | number }>(
    `UPDATE users SET password_hash = $2, role = $3 WHERE username = $1 RETURNING id`,
    [username, passwordHash, role],
  );
  const id = Number(updated.rows[0]!.id);
  await pool.query(`DELETE FROM sessions WHERE user_id = $1`, [id]);
  await recordAudit(pool, {
    userId: null,
    action: 'user.reset-password',
    entity: 'user',
    entityId: String(id),
    details: { username, role },
  });
  return { id, created: false };
}
