import type pg from 'pg';
import { formatCsvLines, UTF8_BOM } from '../export/csv.ts';
import { type RunDetail, runRejections } from './runs.ts';

/*
 * A run's whole report as a download, read from the database page by page (a million rejected
 * rows never sit in memory): CSV with one line per rejected row (row, field, reason), UTF-8
 * with a byte-order mark like the other CSV exports; or JSON, the run's summary with every
 * rejection. The CLI's --report writes the same text to a file.
 */

export type ReportFormat = 'csv' | 'json';

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export const REPORT_CSV_HEADER = ['row', 'field', 'reason'];

export function reportFileName(run: Pick<RunDetail, 'id' | 'layer'>, format: ReportFormat): string {
  return `import-${run.id}-${run.layer}-report.${format}`;
}

/** The summary the JSON report starts with: the run as GET /api/imports lists it, and what it read. */
function summary(run: RunDetail) {
  return {
    id: run.id,
    layer: run.layer,
    source: run.source,
    fileName: run.fileName,
    dryRun: run.dryRun,
    status: run.status,
    message: run.message,
    startedAt: run.startedAt,
    at: run.at,
    user: run.user,
    file: run.file,
    crs: run.crs,
    mapping: run.mapping,
    rows: run.rows,
    inserted: run.inserted,
    updated: run.updated,
    unchanged: run.unchanged,
    rejected: run.rejected,
    unknownValues: run.unknownValues,
    durationMs: run.durationMs,
  };
}

/** The report's text in chunks, one per page of rejections. */
export async function* reportChunks(db: Pick<pg.Pool, 'query'>, run: RunDetail, format: ReportFormat) {
  if (format === 'csv') {
    yield UTF8_BOM + formatCsvLines([REPORT_CSV_HEADER]);
    for await (const page of runRejections(db, run.id)) {
      yield formatCsvLines(page.map((r) => [r.row, r.field ?? '', r.reason]));
    }
    return;
  }
  const head = JSON.stringify(summary(run));
  yield `${head.slice(0, -1)},"rejections":[`;
  let separator = '';
  for await (const page of runRejections(db, run.id)) {
    yield separator + page.map((r) => JSON.stringify(r)).join(',');
    separator = ',';
  }
  yield ']}';
}
