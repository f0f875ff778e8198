import { formatCsvLines, UTF8_BOM } from '../export/csv.ts';
import { type ExportAreaRow, toFeature } from './queries.ts';

export type FocusAreaExportFormat = 'geojson' | 'csv';

export const FOCUS_AREA_EXPORT_TYPES: Record<FocusAreaExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

/** The area's columns, repeated on each of its action rows, then the action, then the geometry. */
export const FOCUS_AREA_CSV_HEADER = [
  'id',
  'name',
  'theme',
  'priority',
  'status',
  'description',
  'version',
  'updatedAt',
  'updatedBy',
  'actionYear',
  'action',
  'actionPartner',
  'actionStatus',
  'wkt',
] as const;

/**
 * One record per action, the area's columns repeated on each; an area without actions still
 * gets one record (its action columns empty), so no area is missing from the file.
 */
export function focusAreaCsvRecords(row: ExportAreaRow): unknown[][] {
  const area = [
    Number(row.id),
    row.name,
    row.theme,
    row.priority,
    row.status,
    row.description,
    row.version,
    row.updated_at.toISOString(),
    row.updated_by,
  ];
  const actions = row.actions.length > 0 ? row.actions : [null];
  return actions.map((a) => [
    ...area,
    a?.year ?? null,
    a?.action ?? null,
    a?.partner ?? null,
    a?.status ?? null,
    row.wkt,
  ]);
}

/** RFC 4180 CSV (CRLF, formula-looking text defused) with a UTF-8 byte-order mark for Excel. */
export function focusAreasCsv(rows: readonly ExportAreaRow[]): string {
  return UTF8_BOM + formatCsvLines([[...FOCUS_AREA_CSV_HEADER], ...rows.flatMap(focusAreaCsvRecords)]);
}

/** An RFC 7946 FeatureCollection of the areas with their actions. */
export function focusAreasGeojson(rows: readonly ExportAreaRow[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features: rows.map(toFeature) });
}

/** `focus-areas-<YYYY-MM-DD>.<format>`, the date of the download (UTC). */
export function focusAreaExportFileName(format: FocusAreaExportFormat, now = new Date()): string {
  return `focus-areas-${now.toISOString().slice(0, 10)}.${format}`;
}
