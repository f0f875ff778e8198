import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { ImportMapping } from '../../api/src/imports/types.ts';
import { writeHeaders } from './auth.ts';

/*
 * Requests of the import API as the upload page makes them, for the import tests: a file sent
 * as multipart/form-data, then the import of that upload with a mapping.
 */

export const IMPORT_FIXTURES = new URL('../fixtures/imports/', import.meta.url);

export function fixture(name: string): Promise<Buffer> {
  return readFile(new URL(name, IMPORT_FIXTURES));
}

/** A multipart/form-data body with one file field `file`. */
export function multipart(fileName: string, content: Buffer | string, field = 'file') {
  const boundary = `----import-test-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { payload: Buffer.concat([head, body, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface UploadBody {
  upload: { id: string; fileName: string; size: number; expiresAt: string };
  file: {
    format: string;
    encoding: string | null;
    separator: string | null;
    decimalComma: boolean | null;
    columns: string[];
    srid: number | null;
  };
  sample: { row: number; values: Record<string, unknown> }[];
  fields: { name: string; required: boolean; key: boolean; values?: { value: string }[] }[];
  geometry: { type: string };
  mapping: ImportMapping;
  mappingFrom: 'saved' | 'suggested';
  detectedCrs: number | null;
}

export async function upload(
  app: FastifyInstance,
  cookie: string | undefined,
  fileName: string,
  content: Buffer | string,
  query: string,
) {
  const { payload, contentType } = multipart(fileName, content);
  return app.inject({
    method: 'POST',
    url: `/api/imports/uploads?${query}`,
    headers: { ...writeHeaders(cookie), 'content-type': contentType },
    payload,
  });
}

export interface ReportBody {
  id: number;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: { row: number; field?: string; reason: string }[];
  rejectionsTruncated: boolean;
  unknownValues: Record<string, { value: string; rows: number }[]>;
  crs: { srid: number; how: string } | null;
  rowsPerSecond: number;
}

export function runImport(
  app: FastifyInstance,
  cookie: string,
  body: { uploadId: string; layer: string; mapping: ImportMapping; dryRun: boolean; source?: string | null },
) {
  return app.inject({ method: 'POST', url: '/api/imports', headers: writeHeaders(cookie), payload: body });
}

/**
 * Uploads `content` and imports it with the suggested mapping (changed by `edit`), failing the
 * test on any error; the report.
 */
export async function importFile(
  app: FastifyInstance,
  cookie: string,
  layer: string,
  fileName: string,
  content: Buffer | string,
  options: { dryRun?: boolean; edit?: (mapping: ImportMapping) => ImportMapping; source?: string } = {},
): Promise<ReportBody> {
  const uploaded = await upload(app, cookie, fileName, content, `layer=${layer}`);
  if (uploaded.statusCode !== 201) throw new Error(`upload ${fileName}: ${uploaded.statusCode} ${uploaded.body}`);
  const { upload: info, mapping } = uploaded.json<UploadBody>();
  const response = await runImport(app, cookie, {
    uploadId: info.id,
    layer,
    mapping: options.edit ? options.edit(mapping) : mapping,
    dryRun: options.dryRun ?? false,
    source: options.source ?? null,
  });
  if (response.statusCode !== 200) throw new Error(`import ${fileName}: ${response.statusCode} ${response.body}`);
  return response.json<ReportBody>();
}

/** Row count and a checksum of every row of a table: equal before and after means untouched. */
export async function tableState(pool: Pick<pg.Pool, 'query'>, table: string): Promise<{ rows: number; md5: string }> {
  const { rows } = await pool.query<{ rows: number; md5: string }>(
    `SELECT count(*)::integer AS rows, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS md5 FROM ${table} t`,
  );
  return rows[0]!;
}
