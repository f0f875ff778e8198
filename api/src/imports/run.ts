import type pg from 'pg';
import { recordAudit } from '../audit/audit.ts';
import { describeError } from '../cli/describe-error.ts';
import type { Database } from '../db/database.ts';
import { InvalidParameterError } from '../layers/filters.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { applyStaged } from './apply.ts';
import { chooseCrs, type CrsChoice, samplePairs } from './crs-choice.ts';
import type { ImportTarget } from './fields.ts';
import { checkMapping } from './mapping.ts';
import { SourceError } from './read/detect.ts';
import { rowConverter } from './rows.ts';
import { insertRun, keepRejections, type RunRecord, saveSource, stagedRejections } from './runs.ts';
import { createStaging, loaderFor, loadStaging } from './stage.ts';
import type { ImportMapping, ImportReport, SourceDescription, SourceTable } from './types.ts';

/*
 * One import, start to end: the mapping checked, the CRS decided, every row converted and
 * staged, the checks and writes in SQL, the run recorded with its rejections, all in ONE
 * transaction. Any error rolls it all back (the layer exactly as before) and is recorded as a
 * failed run afterwards. Decision record 18.
 */

/** Rejections returned with the report; the download (and the CLI's --report) has them all. */
export const REPORT_REJECTIONS = 1000;

export interface ImportRequest {
  db: Pick<Database, 'pool' | 'backend'>;
  target: ImportTarget;
  table: SourceTable;
  mapping: ImportMapping;
  dryRun: boolean;
  /** The source's name: recorded with the run, and the mapping saved under it when the run is done. */
  source: string | null;
  /** Who runs it; null for the command line. */
  userId: number | null;
  rejectionLimit?: number;
  /** The CRS chosen, before any row is staged (the CLI prints it). */
  onCrs?: (crs: CrsChoice | null) => void;
  /** Rows staged so far. */
  onProgress?: (rows: number) => void;
}

export interface ImportOutcome extends ImportReport {
  /** More rejections than `rejections` holds: the run's report download has them all. */
  rejectionsTruncated: boolean;
}

/** The description without the rows: what a report and a run record keep of the file. */
export function describeSource(table: SourceDescription): SourceDescription {
  const { fileName, format, encoding, separator, decimalComma, columns, geometryType, srid, sridSource } = table;
  return { fileName, format, encoding, separator, decimalComma, columns, geometryType, srid, sridSource };
}

/**
 * The error the caller gets: a file that breaks off is a 422 with the reader's message, a value
 * or constraint the database refuses a 422 with PostgreSQL's words; other errors pass as they are.
 */
export function importError(error: unknown): unknown {
  if (error instanceof HttpProblem || error instanceof InvalidParameterError) return error;
  if (error instanceof SourceError) {
    return new HttpProblem(
      422,
      'Unprocessable Content',
      `the file could not be read: ${error.message}; nothing was imported`,
    );
  }
  const pgError = error as { code?: string; message?: string; detail?: string; constraint?: string };
  if (typeof pgError.code === 'string' && /^(22|23)/.test(pgError.code)) {
    const detail = pgError.detail ? ` (${pgError.detail})` : '';
    return new HttpProblem(
      422,
      'Unprocessable Content',
      `the database refused the import, so nothing was imported: ${pgError.message}${detail}`,
      undefined,
      pgError.constraint ? { constraint: pgError.constraint } : undefined,
    );
  }
  return error;
}

/** Rolls back; false when the connection could not even do that (it must not be reused). */
async function rollback(client: pg.PoolClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK');
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs an import. A bad mapping is refused (400) before anything is read or recorded; from
 * then on the run is recorded, done or failed. Resolves to the report; rejects with an
 * HttpProblem (422: CRS mismatch, unreadable file, refused by the database) or another error.
 */
export async function runImport(request: ImportRequest): Promise<ImportOutcome> {
  const { db, target, table, mapping, dryRun, source, userId } = request;
  checkMapping(target, table, mapping);
  const file = describeSource(table);
  const startedAt = new Date();
  const started = performance.now();
  const limit = request.rejectionLimit ?? REPORT_REJECTIONS;
  const record = (fields: Partial<RunRecord>): RunRecord => ({
    layer: target.layer.id,
    source,
    file,
    dryRun,
    userId,
    startedAt,
    status: 'done',
    message: null,
    mapping,
    crs: null,
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    unknownValues: {},
    durationMs: performance.now() - started,
    ...fields,
  });
  const audit = (queryable: Pick<pg.Pool, 'query'> | pg.PoolClient, runId: number, details: object) =>
    recordAudit(queryable, {
      userId,
      action: 'import.run',
      entity: 'import',
      entityId: String(runId),
      details: { layer: target.layer.id, source, fileName: file.fileName, dryRun, ...details },
    });

  let crs: CrsChoice | null = null;
  const client = await db.pool.connect();
  let healthy = true;
  try {
    try {
      crs = chooseCrs(mapping.crs, table, await samplePairs(table, target.layer.geometryType, mapping.geometry));
      request.onCrs?.(crs);
      await client.query('BEGIN');
      // A million rows take longer than the server's 30 s guard against runaway queries.
      await client.query('SET LOCAL statement_timeout = 0');
      const loader = await loaderFor(db.pool, db.backend, client);
      const converter = rowConverter(target, table, mapping, crs?.srid ?? null);
      await createStaging(client, converter.fields.length);
      await loadStaging(client, loader, table.rows(), converter.convert, converter.fields.length, request.onProgress);
      const counts = await applyStaged(client, { target, staged: converter.fields, srid: crs?.srid ?? null }, dryRun);
      const unknownValues = converter.unknownValues.toJSON();
      const runId = await insertRun(client, record({ crs, ...counts, unknownValues }));
      await keepRejections(client, runId);
      const rejections = await stagedRejections(client, limit);
      if (source !== null) await saveSource(client, target.layer.id, source, mapping, userId);
      await audit(client, runId, { status: 'done', ...counts });
      await client.query('COMMIT');
      const durationMs = performance.now() - started;
      return {
        id: runId,
        layer: target.layer.id,
        source,
        dryRun,
        file,
        crs,
        mapping,
        ...counts,
        rejections,
        rejectionsTruncated: counts.rejected > rejections.length,
        unknownValues,
        durationMs: Math.round(durationMs),
        rowsPerSecond: durationMs > 0 ? Math.round((counts.rows * 1000) / durationMs) : counts.rows,
      };
    } catch (error) {
      healthy = await rollback(client);
      const refused = importError(error);
      const message = refused instanceof Error ? refused.message : describeError(refused);
      if (healthy) {
        // Outside the rolled-back transaction: the failure itself is kept (if the database still
        // answers; the caller hears of the import's own error either way).
        try {
          const runId = await insertRun(client, record({ status: 'failed', message, crs }));
          await audit(client, runId, { status: 'failed', message });
        } catch {
          healthy = false;
        }
      }
      throw refused;
    }
  } finally {
    client.release(!healthy);
  }
}
