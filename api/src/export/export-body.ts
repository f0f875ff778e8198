import type pg from 'pg';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { csvHeader, csvRecord, formatCsvLines, UTF8_BOM } from './csv.ts';
import { GPKG_CONTENT_TYPE } from './gpkg.ts';
import { EXPORT_PAGE_SIZE, type ExportFormat, type ExportRow, readExportPages } from './export-query.ts';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
  gpkg: GPKG_CONTENT_TYPE,
};

/** The formats written as text, page by page (a GeoPackage is built whole: export/gpkg.ts). */
export type StreamedExportFormat = Exclude<ExportFormat, 'gpkg'>;

/**
 * The export's body as text chunks, one per page. The first page is read before this
 * resolves, so a failing query becomes an error response rather than a 200 cut short; later
 * pages are read as the client takes the chunks (a stream's back-pressure).
 */
export async function openExportBody(
  pool: pg.Pool,
  layer: LayerDefinition,
  filters: FeatureFilters,
  format: StreamedExportFormat,
  pageSize: number = EXPORT_PAGE_SIZE,
): Promise<AsyncGenerator<string>> {
  const pages = readExportPages(pool, layer, filters, format, pageSize);
  const first = await pages.next();
  return format === 'csv' ? csvChunks(layer, first, pages) : geojsonChunks(first, pages);
}

type Pages = AsyncGenerator<ExportRow[]>;

async function* remainingPages(first: IteratorResult<ExportRow[]>, pages: Pages): AsyncGenerator<ExportRow[]> {
  try {
    for (let page = first; !page.done; page = await pages.next()) yield page.value;
  } finally {
    await pages.return(undefined); // the client went away: read no further pages
  }
}

async function* csvChunks(layer: LayerDefinition, first: IteratorResult<ExportRow[]>, pages: Pages) {
  yield UTF8_BOM + formatCsvLines([csvHeader(layer)]);
  for await (const rows of remainingPages(first, pages)) {
    yield formatCsvLines(rows.map((row) => csvRecord(layer, row)));
  }
}

/** An RFC 7946 FeatureCollection; PostgreSQL wrote each Feature's JSON already. */
async function* geojsonChunks(first: IteratorResult<ExportRow[]>, pages: Pages) {
  yield '{"type":"FeatureCollection","features":[';
  let separator = '';
  for await (const rows of remainingPages(first, pages)) {
    yield separator + rows.map((row) => row.feature as string).join(',');
    separator = ',';
  }
  yield ']}';
}
