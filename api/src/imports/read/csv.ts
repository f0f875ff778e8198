import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { SourceRow, SourceTable, SourceValue } from '../types.ts';
import { SourceError } from './detect.ts';
import { decodeText } from './text.ts';

/*
 * CSV as spreadsheets and police systems export it: the separator found (';' in Belgium,
 * ',' elsewhere, tab or '|'), decimal commas noticed, a header row required. Rows are read one
 * at a time from csv-parse's stream, so a file of a million rows is never a million objects.
 */

export const SEPARATORS = [';', ',', '\t', '|'] as const;
export type Separator = (typeof SEPARATORS)[number];

/** Records looked at to find the separator, and data rows to find the decimal mark. */
const SEPARATOR_SAMPLE = 50;
const DECIMAL_SAMPLE = 200;
/** Characters handed to the parser at a time. */
const CHUNK = 1 << 16;

/**
 * The separator, from the count of each candidate per record (outside quotes; blank lines
 * skipped) over the first records: of those the header holds at least once, the one with the
 * same count as the header in most records; ties go to the first of ; , TAB |. A file whose
 * header holds none has one column and ';' is as good as any.
 */
export function detectSeparator(text: string): Separator {
  const records: number[][] = [];
  let counts = [0, 0, 0, 0];
  let inQuotes = false;
  let blank = true;
  const endRecord = () => {
    if (!blank) records.push(counts);
    counts = [0, 0, 0, 0];
    blank = true;
  };
  for (let i = 0; i < text.length && records.length < SEPARATOR_SAMPLE; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    if (inQuotes) continue;
    if (c === '\n' || c === '\r') {
      endRecord();
      continue;
    }
    const k = (SEPARATORS as readonly string[]).indexOf(c);
    if (k >= 0) counts[k]!++;
    if (k >= 0 || c.trim() !== '') blank = false;
  }
  if (records.length < SEPARATOR_SAMPLE) endRecord();
  const [header, ...rest] = records;
  if (!header) return ';';
  let best: Separator = ';';
  let bestAgreeing = -1;
  SEPARATORS.forEach((separator, k) => {
    if (header[k] === 0) return;
    const agreeing = rest.filter((record) => record[k] === header[k]).length;
    if (agreeing > bestAgreeing) [best, bestAgreeing] = [separator, agreeing];
  });
  return best;
}

const COMMA_DECIMAL = /^[-+]?(\d+,\d+|\d{1,3}(\.\d{3})+,\d+)$/;
const POINT_DECIMAL = /^[-+]?(\d+\.\d+|\d{1,3}(,\d{3})+\.\d+)$/;
/** "1.234": a decimal point or dot thousands; says nothing either way. */
const AMBIGUOUS_DOT = /^[-+]?\d{1,3}\.\d{3}$/;

/**
 * Whether the file writes numbers with a decimal comma: true when more sampled cells look like
 * "4,35" (or "1.234,5") than like "4.35" (or "1,234.5"), false when fewer, null when no cell
 * shows a decimal mark (whole numbers only, or a tie). "1.234" counts for neither, and a
 * cell with anything else (a date "15.03.2024", a time) is not a number.
 */
export function detectDecimalComma(cells: readonly (string | null)[]): boolean | null {
  let comma = 0;
  let point = 0;
  for (const cell of cells) {
    if (cell === null) continue;
    if (COMMA_DECIMAL.test(cell)) comma++;
    else if (POINT_DECIMAL.test(cell) && !AMBIGUOUS_DOT.test(cell)) point++;
  }
  return comma > point ? true : point > comma ? false : null;
}

/** Header names trimmed; an empty one becomes "column N" (N from 1), repeats "name (2)", "name (3)". */
export function headerNames(cells: readonly string[]): string[] {
  const names: string[] = [];
  const taken = new Set<string>();
  cells.forEach((cell, i) => {
    const base = cell.trim() || `column ${i + 1}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
    taken.add(name);
    names.push(name);
  });
  return names;
}

interface CsvRecord {
  /** The spreadsheet row: the record's position in the file from 1, blank lines counted. */
  index: number;
  cells: string[];
}

function* chunksOf(text: string): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + CHUNK, text.length);
    // Never cut a surrogate pair in two: each chunk is encoded to bytes on its own.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(start, end);
    start = end;
  }
}

const isBlank = (cells: string[]) => cells.length === 1 && cells[0]!.trim() === '';

/**
 * The file's records one at a time, blank lines left out but counted, so `index` is the row a
 * spreadsheet shows (a quoted field may span lines: it is still one row), each passed through
 * `map` (undefined: not yielded; one generator, not two stacked, as it runs a million times).
 * Errors of the parser become SourceErrors naming the row.
 */
async function* readRecords<T>(
  text: string,
  separator: Separator,
  map: (record: CsvRecord) => T | undefined,
): AsyncGenerator<T> {
  const parser = parse({
    delimiter: separator,
    relax_column_count: true,
    // A stray quote inside a field ('5" buis', '"De Zwaan" Halle') is kept as a character.
    relax_quotes: true,
    skip_empty_lines: false,
  });
  const input = Readable.from(chunksOf(text), { objectMode: false });
  const records = pipeline(input, parser, () => {
    // Errors reach the loop below through the parser; the callback only keeps pipeline quiet.
  });
  let index = 0;
  try {
    for await (const cells of records as AsyncIterable<string[]>) {
      index++;
      if (isBlank(cells)) continue;
      const item = map({ index, cells });
      if (item !== undefined) yield item;
    }
  } catch (error) {
    throw csvProblem(error, index);
  }
}

/**
 * The parser's error as a SourceError naming the row it is in. The parser counts the records it
 * has finished (blank lines too, as here); records it had finished but this loop not yet taken
 * are dropped with the error, so its count, not the loop's, says where the trouble starts.
 */
function csvProblem(error: unknown, taken: number): SourceError {
  const finished = error instanceof CsvError && typeof error.records === 'number' ? error.records : taken;
  const row = finished + 1;
  if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new SourceError(`unclosed quote starting on row ${row}: a field opens with " and is never closed`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError(`row ${row} cannot be read: ${message}`);
}

function toSourceRow(columns: readonly string[], { index, cells }: CsvRecord): SourceRow {
  const values: Record<string, SourceValue> = {};
  for (let i = 0; i < columns.length; i++) {
    const cell = cells[i]?.trim();
    values[columns[i]!] = cell ? cell : null;
  }
  const row: SourceRow = { row: index, values, geometry: null };
  // Empty fields past the header's last column (a trailing separator) hold nothing to lose.
  const extraHoldsData =
    cells.length > columns.length && cells.slice(columns.length).some((cell) => cell.trim() !== '');
  if (cells.length < columns.length || extraHoldsData) {
    row.problem = `row has ${cells.length} fields, the header has ${columns.length}`;
  }
  return row;
}

/**
 * A CSV file as a SourceTable. The first non-blank record is the header. Each row's values
 * are its trimmed cells ('' -> null) under the header's names; a row with fewer fields than
 * the header, or more that are not empty, comes with a `problem`. A row of empty cells
 * (";;;;") is a row; a blank line is not (but is counted in the row numbers). rows() throws a
 * SourceError when it meets what cannot be parsed (an unclosed quote), naming the row; some of
 * the rows before that one may not have been yielded (the file as a whole cannot be imported).
 */
export async function readCsv(fileName: string, bytes: Uint8Array): Promise<SourceTable> {
  const { text, encoding } = decodeText(bytes);
  const separator = detectSeparator(text);
  let columns: string[] | null = null;
  const sample: (string | null)[] = [];
  let sampled = 0;
  for await (const record of readRecords(text, separator, (record) => record)) {
    if (!columns) {
      columns = headerNames(record.cells);
      continue;
    }
    for (const cell of record.cells) sample.push(cell.trim() || null);
    if (++sampled >= DECIMAL_SAMPLE) break;
  }
  if (!columns) throw new SourceError('the file holds no header row: it is empty');
  return {
    fileName,
    format: 'csv',
    encoding,
    separator,
    decimalComma: detectDecimalComma(sample),
    columns,
    geometryType: null,
    srid: null,
    sridSource: null,
    rows() {
      let header = true;
      return readRecords(text, separator, (record) => {
        if (!header) return toSourceRow(columns, record);
        header = false;
        return undefined;
      });
    },
  };
}
