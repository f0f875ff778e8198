import path from 'node:path';
import type pg from 'pg';
import { migrate } from 'postgres-migrations';
import { ROOT_DIR } from '../config.ts';

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'sql', 'migrations');

/**
 * Applies the plain SQL files in sql/migrations in order, each in its own transaction,
 * recorded (with a hash, so an edited applied migration is refused) in the `migrations` table.
 */
export async function applyMigrations(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    const applied = await migrate({ client }, MIGRATIONS_DIR);
    return applied.length;
  } finally {
    client.release();
  }
}
