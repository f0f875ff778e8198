import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/* The small comma-separated files in geodata/, read and written with csv-parse/csv-stringify. */

export type CsvRecord = Record<string, string>;

/** Rows keyed by the header; a byte-order mark is dropped; a ragged row is a SyntaxError. */
export function parseCsv(text: string): CsvRecord[] {
  try {
    return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as CsvRecord[];
  } catch (error) {
    throw new SyntaxError(`CSV: ${(error as Error).message}`);
  }
}

export function formatCsv(columns: readonly string[], rows: readonly Record<string, string | number | null>[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => String(row[c] ?? ''))),
    { header: true, columns: [...columns], record_delimiter: '\n' },
  );
}
