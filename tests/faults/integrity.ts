import { readdirSync } from 'node:fs';
import type pg from 'pg';
import { MIGRATIONS_DIR } from '../../api/src/db/migrate.ts';
import type { WriteResult } from './server.ts';

/*
 * What must hold in the database after a fault: every migration recorded, every table readable
 * end to end, every area of focus the test wrote whole (its version rows and its audit entry,
 * written in the same transaction), and every acknowledged write there.
 */

export interface IntegrityReport {
  problems: string[];
  areas: number;
  /** Writes answered with an error whose area is there all the same (committed, answer lost). */
  committedButFailed: number;
  tablesScanned: number;
}

export async function checkIntegrity(
  pool: pg.Pool,
  namePrefix: string,
  writes: readonly WriteResult[],
): Promise<IntegrityReport> {
  const problems: string[] = [];
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length;
  const { rows: migrations } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM migrations');
  // postgres-migrations records a 0th row of its own besides one per file.
  if (migrations[0]!.n < files) problems.push(`${migrations[0]!.n} migrations recorded for ${files} files`);

  // Every user table read to the end: a damaged page or index fails here rather than later.
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name
       FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  for (const { name } of tables) {
    try {
      await pool.query(`SELECT count(*) FROM (SELECT * FROM ${name}) AS t`);
    } catch (error) {
      problems.push(`reading ${name}: ${(error as Error).message}`);
    }
  }

  const { rows: areas } = await pool.query<{
    id: number;
    name: string;
    version: number;
    versions: number;
    audited: number;
  }>(
    `SELECT fa.id::int AS id, fa.name, fa.version,
            (SELECT count(*) FROM focus_area_versions v WHERE v.focus_area_id = fa.id)::int AS versions,
            (SELECT count(*) FROM audit_log a
              WHERE a.entity = 'focus-area' AND a.entity_id = fa.id::text AND a.action = 'focus-area.create')::int AS audited
       FROM focus_areas fa WHERE fa.name LIKE $1`,
    [`${namePrefix}%`],
  );
  for (const a of areas) {
    if (a.versions !== a.version)
      problems.push(`area ${a.id} is at version ${a.version} with ${a.versions} version rows`);
    if (a.audited !== 1) problems.push(`area ${a.id} has ${a.audited} audit entries for its creation`);
  }
  const { rows: orphans } = await pool.query<{ n: number }>(
    `SELECT count(*) AS n FROM focus_area_versions v WHERE NOT EXISTS (SELECT 1 FROM focus_areas fa WHERE fa.id = v.focus_area_id)`,
  );
  if (orphans[0]!.n > 0) problems.push(`${orphans[0]!.n} version rows without their area`);

  const stored = new Set(areas.map((a) => a.name));
  let committedButFailed = 0;
  for (const w of writes) {
    if (w.status === 201 && !stored.has(w.name)) problems.push(`acknowledged area "${w.name}" (id ${w.id}) is missing`);
    if (w.status !== 201 && stored.has(w.name)) committedButFailed++;
  }
  return { problems, areas: areas.length, committedButFailed, tablesScanned: tables.length };
}

/** A failed write must say so as a problem: 5xx problem+json, or no answer at all when the process died. */
export function badFailures(writes: readonly WriteResult[], allowNoAnswer: boolean): string[] {
  return writes
    .filter((w) => w.status !== 201)
    .filter((w) => (w.status === 0 ? !allowNoAnswer : w.status < 500 || !w.type.startsWith('application/problem+json')))
    .map((w) => `write "${w.name}" answered ${w.status || 'nothing'} (${w.type || 'no content type'})`);
}
