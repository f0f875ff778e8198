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
  /** The partner organisation's name: required for the role `partner`, refused for staff. */
  partner?: string | undefined;
  /** Replace the password (and role) of an existing account instead of refusing it. */
  resetPassword?: boolean;
}

/** Checks the fields an account is made of; throws AccountInputError saying what is wrong. */
export function validateAccount({ username, role, password, partner }: NewAccount): {
  username: string;
  role: Role;
  partner: string | null;
} {
  if (!USERNAME_PATTERN.test(username)) {
    throw new AccountInputError('username must be 3 to 64 characters: lower-case letters, digits, ".", "_" or "-"');
  }
  if (!isRole(role)) throw new AccountInputError('role must be admin, coordinator, planner or partner');
  const partnerName = partner?.trim() ?? '';
  // The table says the same (users_partner_only_for_partners); said here first, in words.
  if (role === 'partner' && partnerName === '') {
    throw new AccountInputError('a partner user belongs to a partner organisation: add --partner "<partner name>"');
  }
  if (role !== 'partner' && partner !== undefined) {
    throw new AccountInputError(`--partner is only for the role partner; a ${role} is staff and belongs to no partner`);
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new AccountInputError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return { username, role, partner: role === 'partner' ? partnerName : null };
}

/** The partner organisation called `name` (case aside), or an AccountInputError listing the known ones. */
async function partnerByName(pool: Queryable, name: string): Promise<{ id: number; name: string }> {
  const { rows } = await pool.query<{ id: string | number; name: string }>(
    `SELECT id, name FROM partners WHERE lower(name) = lower($1) ORDER BY name = $1 DESC LIMIT 1`,
    [name],
  );
  if (rows[0]) return { id: Number(rows[0].id), name: rows[0].name };
  const known = await pool.query<{ name: string }>(`SELECT name FROM partners ORDER BY name`);
  const list = known.rows.map((row) => `"${row.name}"`).join(', ');
  throw new AccountInputError(
    `there is no partner "${name}"; ` +
      (list === '' ? 'no partners exist yet (coordinators and admins add them: POST /api/partners)' : `known: ${list}`),
  );
}

/**
 * Creates an account (the `user:add` command). An existing username is refused unless
 * `resetPassword`, which sets its password, role and partner, and ends its sessions. A partner
 * user's organisation must exist.
 */
export async function addAccount(
  pool: Queryable,
  account: NewAccount,
): Promise<{ id: number; created: boolean; partner: string | null }> {
  const { username, role, partner: partnerName } = validateAccount(account);
  const partner = partnerName === null ? null : await partnerByName(pool, partnerName);
  const partnerId = partner?.id ?? null;
  const passwordHash = await hashPassword(account.password);
  const inserted = await pool.query<{ id: string | number }>(
    `INSERT INTO users (username, role, password_hash, partner_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [username, role, passwordHash, partnerId],
  );
  if (inserted.rows[0]) {
    const id = Number(inserted.rows[0].id);
    await recordAudit(pool, {
      userId: null,
      action: 'user.create',
      entity: 'user',
      entityId: String(id),
      details: { username, role, partnerId },
    });
    return { id, created: true, partner: partner?.name ?? null };
  }
  if (!account.resetPassword) {
    throw new AccountInputError(`user "${username}" exists already; add --reset-password to give it a new password`);
  }
  const updated = await pool.query<{ id: string | number }>(
    `UPDATE users SET password_hash = $2, role = $3, partner_id = $4 WHERE username = $1 RETURNING id`,
    [username, passwordHash, role, partnerId],
  );
  const id = Number(updated.rows[0]!.id);
  await pool.query(`DELETE FROM sessions WHERE user_id = $1`, [id]);
  await recordAudit(pool, {
    userId: null,
    action: 'user.reset-password',
    entity: 'user',
    entityId: String(id),
    details: { username, role, partnerId },
  });
  return { id, created: false, partner: partner?.name ?? null };
}

/** The partner organisation `partnerId` names, as /api/auth/me shows it; null when it is gone. */
export async function findPartnerOf(pool: Queryable, partnerId: number): Promise<{ id: number; name: string } | null> {
  const { rows } = await pool.query<{ id: string | number; name: string }>(
    `SELECT id, name FROM partners WHERE id = $1`,
    [partnerId],
  );
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name } : null;
}
