import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { openDatabase } from '../../api/src/db/database.ts';
import { applyMigrations } from '../../api/src/db/migrate.ts';

/*
 * Backup and restore (issue 9) against the PostGIS server at TEST_DATABASE_URL, with the
 * scripts an operator runs: a migrated database holding the API fixture is dumped by
 * scripts/backup.sh, restored by scripts/restore.sh into a new database, compared table by table
 * (row count and a checksum of every row), and the app starts on the copy. Both databases are
 * dropped afterwards. Run in CI after the server suite: `npm run test:ops`.
 */

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const adminUrl = process.env.TEST_DATABASE_URL;
const names = { source: `liveability_backup_src_${process.pid}`, copy: `liveability_backup_copy_${process.pid}` };
let dir: string;

function urlOf(name: string): string {
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Every table of the app (PostGIS's own spatial_ref_sys aside): its row count and an md5 of all its rows. */
async function fingerprint(url: string): Promise<Record<string, { rows: number; md5: string | null }>> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows: tables } = await pool.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables
        WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' ORDER BY tablename`,
    );
    const result: Record<string, { rows: number; md5: string | null }> = {};
    for (const { name } of tables) {
      // Names come from the catalogue, not from a request; quoted all the same.
      const { rows } = await pool.query<{ rows: number; md5: string | null }>(
        `SELECT count(*)::int AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS md5
           FROM public.${pg.escapeIdentifier(name)} t`,
      );
      result[name] = rows[0]!;
    }
    return result;
  } finally {
    await pool.end();
  }
}

beforeAll(async () => {
  if (!adminUrl) throw new Error('TEST_DATABASE_URL must name a PostgreSQL server with PostGIS (see README)');
  dir = await mkdtemp(path.join(tmpdir(), 'liveability-backup-'));
  for (const name of Object.values(names)) {
    await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  }
  const pool = new pg.Pool({ connectionString: urlOf(names.source), max: 1 });
  try {
    await applyMigrations(pool);
    await pool.query(await readFile(path.join(ROOT, 'tests/fixtures/api-fixture.sql'), 'utf8'));
  } finally {
    await pool.end();
  }
});

afterAll(async () => {
  if (adminUrl) {
    for (const name of Object.values(names))
      await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('backup.sh dumps, restore.sh restores every row of every table, and the app starts on the copy', async () => {
  const file = path.join(dir, 'halle.dump');
  const env = (name: string) => ({ ...process.env, DATABASE_URL: urlOf(name) });
  const backup = await run('scripts/backup.sh', [file], { cwd: ROOT, env: env(names.source) });
  expect(backup.stdout.trim()).toBe(file);
  expect((await readFile(file)).subarray(0, 5).toString()).toBe('PGDMP'); // custom format

  await run('scripts/restore.sh', [file], { cwd: ROOT, env: env(names.copy) });
  const [source, copy] = [await fingerprint(urlOf(names.source)), await fingerprint(urlOf(names.copy))];
  expect(Object.keys(source)).toContain('neighbourhoods');
  expect(source.neighbourhoods!.rows).toBeGreaterThan(0);
  expect(copy).toEqual(source);

  // A second restore into the now non-empty copy is refused before it touches anything.
  await expect(run('scripts/restore.sh', [file], { cwd: ROOT, env: env(names.copy) })).rejects.toMatchObject({
    stderr: expect.stringMatching(/not empty/),
  });
  expect(await fingerprint(urlOf(names.copy))).toEqual(source);

  // The app starts on the restored database (its migrations are recognised as applied) and is ready.
  const config = loadConfig({ DATABASE_URL: urlOf(names.copy), RATE_LIMIT_PER_MINUTE: '0' });
  const db = await openDatabase(config);
  const app = await buildApp({ config, db });
  try {
    expect((await app.inject('/api/health/ready')).statusCode).toBe(200);
    const layers = await app.inject('/api/neighbourhoods');
    expect(layers.statusCode).toBeLessThan(500);
  } finally {
    await app.close();
    await db.close();
  }
});
