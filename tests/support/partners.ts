import type pg from 'pg';
import { hashPassword } from '../../api/src/auth/passwords.ts';

/*
 * Partner organisations and partner users made directly in the database for one test file
 * (names and usernames unique per file: the database is shared by the run). Remove them in
 * afterAll: users first (they refer to their partner), then the partners.
 */

// As tests/support/auth.ts: the real cost takes ~0.1 s a hash.
const TEST_COST = { N: 1024, r: 8, p: 1 };

/** A partner organisation; its id. */
export async function createPartner(pool: Pick<pg.Pool, 'query'>, name: string, kind = 'other'): Promise<number> {
  const { rows } = await pool.query<{ id: string | number }>(
    `INSERT INTO partners (name, kind, contact_role) VALUES ($1, $2, 'Contactpersoon') RETURNING id`,
    [name, kind],
  );
  return Number(rows[0]!.id);
}

/** A user of the partner `partnerId` (role `partner`); its id. */
export async function createPartnerUser(
  pool: Pick<pg.Pool, 'query'>,
  { username, password, partnerId }: { username: string; password: string; partnerId: number },
): Promise<number> {
  const { rows } = await pool.query<{ id: string | number }>(
    `INSERT INTO users (username, role, password_hash, partner_id) VALUES ($1, 'partner', $2, $3) RETURNING id`,
    [username, await hashPassword(password, TEST_COST), partnerId],
  );
  return Number(rows[0]!.id);
}
