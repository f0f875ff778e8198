import type pg from 'pg';
import { InvalidParameterError } from '../layers/filters.ts';
import type { CrsChoice } from './crs-choice.ts';
import { parseMapping } from './mapping.ts';
import { STAGING } from './stage.ts';
import type { ImportMapping, Rejection, SourceDescription } from './types.ts';

/*
 * What is kept of imports (migration 004): every run with its counts and rejected rows, and
 * each source's mapping for its next file.
 */

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface RunRecord {
  layer: string;
  source: string | null;
  file: SourceDescription;
  dryRun: boolean;
  userId: number | null;
  startedAt: Date;
  status: 'done' | 'failed';
  message: string | null;
  mapping: ImportMapping;
  crs: CrsChoice | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  unknownValues: Record<string, { value: string; rows: number }[]>;
  durationMs: number;
}

export async function insertRun(db: Queryable, run: RunRecord): Promise<number> {
  const { rows } = await (db as pg.Pool).query<{ id: number }>(
    `INSERT INTO import_runs (layer_id, source, file_name, file, dry_run, user_id, started_at, status, message,
                              mapping, crs, rows_read, inserted, updated, unchanged, rejected, unknown_values, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     RETURNING id`,
    [
      run.layer,
      run.source,
      run.file.fileName,
      JSON.stringify(run.file),
      run.dryRun,
      run.userId,
      run.startedAt,
      run.status,
      run.message,
      JSON.stringify(run.mapping),
      run.crs === null ? null : JSON.stringify(run.crs),
      run.rows,
      run.inserted,
      run.updated,
      run.unchanged,
      run.rejected,
      JSON.stringify(run.unknownValues),
      Math.round(run.durationMs),
    ],
  );
  return Number(rows[0]!.id);
}

/** The staging table's rejected rows, kept with their run (inside the import's transaction). */
export async function keepRejections(client: pg.PoolClient, runId: number): Promise<void> {
  await client.query(
    `INSERT INTO import_rejections (run_id, row_no, field, reason)
     SELECT $1, row_no, reject_field, reject_reason FROM ${STAGING} WHERE reject_reason IS NOT NULL`,
    [runId],
  );
}

/** The first `limit` rejections of the staging table, in row order. */
export async function stagedRejections(client: pg.PoolClient, limit: number): Promise<Rejection[]> {
  const { rows } = await client.query<{ row_no: number; field: string | null; reason: string }>(
    `SELECT row_no, reject_field AS field, reject_reason AS reason FROM ${STAGING}
      WHERE reject_reason IS NOT NULL ORDER BY row_no LIMIT $1`,
    [limit],
  );
  return rows.map(toRejection);
}

function toRejection(row: { row_no: number; field: string | null; reason: string }): Rejection {
  return row.field === null
    ? { row: row.row_no, reason: row.reason }
    : { row: row.row_no, field: row.field, reason: row.reason };
}

export interface RunSummary {
  id: number;
  layer: string;
  source: string | null;
  fileName: string;
  dryRun: boolean;
  status: 'done' | 'failed';
  message: string | null;
  /** When the run finished, ISO 8601. */
  at: string;
  /** The username, or null for the command line. */
  user: string | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface RunDetail extends RunSummary {
  file: SourceDescription;
  mapping: ImportMapping;
  crs: CrsChoice | null;
  unknownValues: Record<string, { value: string; rows: number }[]>;
  startedAt: string;
  durationMs: number;
}

interface RunRow {
  id: number;
  layer_id: string;
  source: string | null;
  file_name: string;
  dry_run: boolean;
  status: 'done' | 'failed';
  message: string | null;
  finished_at: Date;
  username: string | null;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  file: SourceDescription;
  mapping: ImportMapping;
  crs: CrsChoice | null;
  unknown_values: Record<string, { value: string; rows: number }[]>;
  started_at: Date;
  duration_ms: number;
}

const RUN_COLUMNS = `r.id, r.layer_id, r.source, r.file_name, r.dry_run, r.status, r.message, r.finished_at,
  u.username, r.rows_read, r.inserted, r.updated, r.unchanged, r.rejected`;

function toSummary(row: RunRow): RunSummary {
  return {
    id: Number(row.id),
    layer: row.layer_id,
    source: row.source,
    fileName: row.file_name,
    dryRun: row.dry_run,
    status: row.status,
    message: row.message,
    at: row.finished_at.toISOString(),
    user: row.username,
    rows: row.rows_read,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    rejected: row.rejected,
  };
}

/** The newest runs first, of one layer or all. */
export async function listRuns(db: Queryable, layer: string | null, limit = 50): Promise<RunSummary[]> {
  const { rows } = await (db as pg.Pool).query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM import_runs r LEFT JOIN users u ON u.id = r.user_id
      WHERE $1::text IS NULL OR r.layer_id = $1 ORDER BY r.id DESC LIMIT $2`,
    [layer, limit],
  );
  return rows.map(toSummary);
}

export async function findRun(db: Queryable, id: number): Promise<RunDetail | null> {
  const { rows } = await (db as pg.Pool).query<RunRow>(
    `SELECT ${RUN_COLUMNS}, r.file, r.mapping, r.crs, r.unknown_values, r.started_at, r.duration_ms
       FROM import_runs r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ...toSummary(row),
    file: row.file,
    mapping: row.mapping,
    crs: row.crs,
    unknownValues: row.unknown_values,
    startedAt: row.started_at.toISOString(),
    durationMs: row.duration_ms,
  };
}

/** A run's rejections page by page in row order (keyset: rows after `afterRow`). */
export async function* runRejections(db: Queryable, runId: number, pageSize = 10_000): AsyncGenerator<Rejection[]> {
  let after = 0;
  for (;;) {
    const { rows } = await (db as pg.Pool).query<{ row_no: number; field: string | null; reason: string }>(
      `SELECT row_no, field, reason FROM import_rejections WHERE run_id = $1 AND row_no > $2 ORDER BY row_no LIMIT $3`,
      [runId, after, pageSize],
    );
    if (rows.length === 0) return;
    yield rows.map(toRejection);
    after = rows[rows.length - 1]!.row_no;
    if (rows.length < pageSize) return;
  }
}

export const MAX_SOURCE_NAME = 100;

/** A source's name as the user gave it, trimmed: 1–100 characters. */
export function checkSourceName(name: string, parameter = 'source'): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_SOURCE_NAME) {
    throw new InvalidParameterError(parameter, `the source's name must be 1 to ${MAX_SOURCE_NAME} characters`);
  }
  return trimmed;
}

export async function saveSource(
  db: Queryable,
  layer: string,
  name: string,
  mapping: ImportMapping,
  userId: number | null,
): Promise<void> {
  await (db as pg.Pool).query(
    `INSERT INTO import_sources (layer_id, name, mapping, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (layer_id, name) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [layer, name, JSON.stringify(mapping), userId],
  );
}

export interface SavedSource {
  name: string;
  layer: string;
  mapping: ImportMapping;
  updatedAt: string;
}

interface SourceRow {
  name: string;
  layer_id: string;
  mapping: unknown;
  updated_at: Date;
}

const toSource = (row: SourceRow): SavedSource => ({
  name: row.name,
  layer: row.layer_id,
  mapping: parseMapping(row.mapping),
  updatedAt: row.updated_at.toISOString(),
});

export async function findSource(db: Queryable, layer: string, name: string): Promise<SavedSource | null> {
  const { rows } = await (db as pg.Pool).query<SourceRow>(
    'SELECT name, layer_id, mapping, updated_at FROM import_sources WHERE layer_id = $1 AND name = $2',
    [layer, name],
  );
  return rows[0] ? toSource(rows[0]) : null;
}

export async function listSources(db: Queryable, layer: string | null): Promise<SavedSource[]> {
  const { rows } = await (db as pg.Pool).query<SourceRow>(
    `SELECT name, layer_id, mapping, updated_at FROM import_sources
      WHERE $1::text IS NULL OR layer_id = $1 ORDER BY layer_id, name`,
    [layer],
  );
  return rows.map(toSource);
}
