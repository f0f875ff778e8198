import { stringify } from 'csv-stringify/sync';
import type { LayerDefinition } from '../layers/types.ts';
import type { ExportRow } from './export-query.ts';

/** Excel reads a CSV file as the system's code page unless it starts with this mark. */
export const UTF8_BOM = '\uFEFF';

/** `id`, the layer's property names, then where the feature is: `longitude,latitude` or `wkt`. */
export function csvHeader(layer: LayerDefinition): string[] {
  const place = layer.geometryType === 'Point' ? ['longitude', 'latitude'] : ['wkt'];
  return ['id', ...layer.properties.map((p) => p.name), ...place];
}

/** One export row (csv columns of buildExportPageQuery) as the values under csvHeader. */
export function csvRecord(layer: LayerDefinition, row: ExportRow): unknown[] {
  const place = layer.geometryType === 'Point' ? [row.longitude, row.latitude] : [row.wkt];
  return [row.key, ...layer.properties.map((_, i) => row[`p${i}`]), ...place];
}

/**
 * RFC 4180 lines (CRLF, fields quoted only when needed), each line ended. Booleans are
 * written true/false (csv-stringify's default is 1 and empty) and null as an empty field.
 * Text starting with = + - @ gets a leading apostrophe, so a spreadsheet never runs an
 * address or a name as a formula (OWASP "CSV injection").
 */
export function formatCsvLines(records: readonly unknown[][]): string {
  return stringify(records as unknown[][], {
    record_delimiter: 'windows',
    // Given a record delimiter, csv-stringify would stop quoting fields with a bare \n or \r.
    quote_record_delimiter: true,
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
}
