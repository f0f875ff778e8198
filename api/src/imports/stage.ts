import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StagedRow } from './rows.ts';
import type { SourceRow } from './types.ts';

/*
 * The staging table: every row of the file, imported or not, in a TEMP table that lives as
 * long as the import's transaction (ON COMMIT DROP). A PostgreSQL server takes it by COPY FROM
 * STDIN in text format; the embedded backend cannot COPY through its socket (the connection
 * dies), so there it goes in batched INSERT … SELECT FROM unnest(arrays). Either way rows are
 * sent chunk by chunk as the file is read: a million rows never sit in memory at once.
 */

export const STAGING = 'import_staging';

export type Loader = 'copy' | 'insert';

/** Rows per INSERT on the embedded backend, and per text chunk for COPY. */
const INSERT_BATCH = 5_000;
const COPY_CHUNK = 2_000;

/** `v0 … v{n-1}`: the value columns, one per staged field. */
export const valueColumn = (i: number) => `v${i}`;

function columnList(fieldCount: number): string {
  const values = Array.from({ length: fieldCount }, (_, i) => valueColumn(i));
  return ['row_no', 'key', ...values, 'geom', 'reject_field', 'reject_reason'].join(', ');
}

export async function createStaging(client: pg.PoolClient, fieldCount: number): Promise<void> {
  const values = Array.from({ length: fieldCount }, (_, i) => `${valueColumn(i)} text,`).join(' ');
  await client.query(
    `CREATE TEMP TABLE ${STAGING} (
       row_no integer NOT NULL, key text, ${values} geom geometry,
       reject_field text, reject_reason text, existing boolean NOT NULL DEFAULT false
     ) ON COMMIT DROP`,
  );
}

/**
 * A value in COPY's text format: backslash, tab, newline and carriage return escaped (they
 * would end the field or the line), `\N` for null.
 */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function copyLine(row: StagedRow, fieldCount: number): string {
  const fields = [String(row.row), copyText(row.key)];
  for (let i = 0; i < fieldCount; i++) fields.push(copyText(row.values[i] ?? null));
  fields.push(copyText(row.geom), copyText(row.rejectField), copyText(row.rejectReason));
  return `${fields.join('\t')}\n`;
}

/**
 * Converts the rows and loads them into the staging table, chunk by chunk; returns how many
 * went in. One loop from the file's rows to the chunk (no generator per step: at a million
 * rows each layer of async iteration costs seconds).
 */
export async function loadStaging(
  client: pg.PoolClient,
  loader: Loader,
  rows: AsyncIterable<SourceRow>,
  convert: (row: SourceRow) => StagedRow,
  fieldCount: number,
  onProgress?: (rows: number) => void,
): Promise<number> {
  let loaded = 0;
  if (loader === 'copy') {
    async function* text(): AsyncGenerator<string> {
      let out = '';
      let inChunk = 0;
      for await (const row of rows) {
        out += copyLine(convert(row), fieldCount);
        if (++inChunk >= COPY_CHUNK) {
          yield out;
          loaded += inChunk;
          onProgress?.(loaded);
          out = '';
          inChunk = 0;
        }
      }
      if (inChunk > 0) {
        yield out;
        loaded += inChunk;
        onProgress?.(loaded);
      }
    }
    const stream = client.query(copyFrom(`COPY ${STAGING} (${columnList(fieldCount)}) FROM STDIN`));
    await pipeline(Readable.from(text()), stream);
    return loaded;
  }
  // geometry[] literals separate elements with ':', not ',': the hex EWKB goes as text[] and is cast per row.
  const values = Array.from({ length: fieldCount }, (_, i) => valueColumn(i));
  const arrays = values.map((_, i) => `$${i + 3}::text[]`);
  const n = fieldCount + 3;
  const sql =
    `INSERT INTO ${STAGING} (${columnList(fieldCount)}) ` +
    `SELECT row_no, key, ${values.map((v) => `${v}, `).join('')}geom::geometry, reject_field, reject_reason ` +
    `FROM unnest(${['$1::integer[]', '$2::text[]', ...arrays, `$${n}::text[]`, `$${n + 1}::text[]`, `$${n + 2}::text[]`].join(', ')}) ` +
    `AS t(row_no, key, ${values.map((v) => `${v}, `).join('')}geom, reject_field, reject_reason)`;
  const send = async (batch: StagedRow[]) => {
    const params: unknown[] = [batch.map((r) => r.row), batch.map((r) => r.key)];
    for (let i = 0; i < fieldCount; i++) params.push(batch.map((r) => r.values[i] ?? null));
    params.push(
      batch.map((r) => r.geom),
      batch.map((r) => r.rejectField),
      batch.map((r) => r.rejectReason),
    );
    await client.query(sql, params);
    loaded += batch.length;
    onProgress?.(loaded);
  };
  let batch: StagedRow[] = [];
  for await (const row of rows) {
    batch.push(convert(row));
    if (batch.length >= INSERT_BATCH) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await send(batch);
  return loaded;
}

const loaders = new WeakMap<pg.Pool, Loader>();

/**
 * COPY on a PostgreSQL server, INSERT on the embedded PGlite (also when it is reached through
 * DATABASE_URL, as the CLI's tests do: its version string says so). Asked once per pool.
 */
export async function loaderFor(pool: pg.Pool, backend: 'server' | 'embedded', client: pg.PoolClient): Promise<Loader> {
  if (backend === 'embedded') return 'insert';
  let loader = loaders.get(pool);
  if (!loader) {
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    loader = /pglite|emscripten/i.test(rows[0]?.version ?? '') ? 'insert' : 'copy';
    loaders.set(pool, loader);
  }
  return loader;
}
