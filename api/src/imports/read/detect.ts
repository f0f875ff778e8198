import type { SourceFormat } from '../types.ts';

/*
 * Which reader a file goes to: decided by its first bytes, the extension only checked
 * against them (a file may be named anything; a .csv that holds a GeoPackage is a mistake
 * worth saying). Also SourceError, the one error every reader throws for a file it cannot
 * read, with a message for the user who chose the file.
 */

/** A file that cannot be read, with what is wrong in words its user understands. */
export class SourceError extends Error {
  override name = 'SourceError';
}

/** Any error thrown while reading a file, as a SourceError (unexpected ones prefixed by `context`). */
export function asSourceError(error: unknown, context: string): SourceError {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError(`${context}: ${message}`);
}

const EXTENSIONS: Record<string, SourceFormat> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'csv',
  tab: 'csv',
  json: 'geojson',
  geojson: 'geojson',
  zip: 'shapefile',
  gpkg: 'geopackage',
};

const WHAT: Record<SourceFormat, string> = {
  csv: 'text (CSV)',
  geojson: 'GeoJSON',
  shapefile: 'a zip archive',
  geopackage: 'a GeoPackage (SQLite)',
};

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const SQLITE = [...'SQLite format 3\0'].map((c) => c.charCodeAt(0));
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SHP = [0x00, 0x00, 0x27, 0x0a];
const UTF16_LE = [0xff, 0xfe];
const UTF16_BE = [0xfe, 0xff];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

const SPREADSHEET = `a spreadsheet workbook cannot be read: save it as CSV (in Excel: "CSV UTF-8 (door komma's gescheiden)")`;

export function extensionOf(fileName: string): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : '';
}

/** The first character that is not white space, after a UTF-8 byte-order mark; '' when none. */
function firstCharacter(bytes: Uint8Array): string {
  for (let i = startsWith(bytes, UTF8_BOM) ? 3 : 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return String.fromCharCode(b);
  }
  return '';
}

/** The format the bytes hold, before the extension is looked at; throws for what no reader takes. */
function formatByContent(bytes: Uint8Array): SourceFormat {
  if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return 'shapefile';
  if (startsWith(bytes, SQLITE)) return 'geopackage';
  if (startsWith(bytes, OLE)) throw new SourceError(`the file is an old Excel workbook (.xls): ${SPREADSHEET}`);
  if (startsWith(bytes, SHP)) {
    throw new SourceError(
      'the file is a lone .shp: a Shapefile is several files (.shp, .dbf, .shx, .prj, .cpg); put them together in one .zip',
    );
  }
  if (startsWith(bytes, UTF16_LE) || startsWith(bytes, UTF16_BE)) {
    throw new SourceError('the file is UTF-16 text ("Unicode text"), which cannot be read: save it as CSV UTF-8');
  }
  const first = firstCharacter(bytes);
  if (first === '') throw new SourceError('the file is empty');
  if (first === '{') return 'geojson';
  if (bytes.subarray(0, 8192).includes(0)) throw new SourceError('the file is not text (it holds NUL bytes)');
  return 'csv';
}

/**
 * The reader for a file: by content (zip -> zipped Shapefile, "SQLite format 3" ->
 * GeoPackage, '{' -> GeoJSON, other text -> CSV), checked against the extension when it is one
 * of .csv .txt .tsv .tab .json .geojson .zip .gpkg (other or no extensions are not checked).
 */
export function detectFormat(fileName: string, bytes: Uint8Array): SourceFormat {
  const extension = extensionOf(fileName);
  if (['xlsx', 'xlsm', 'xls', 'ods'].includes(extension)) throw new SourceError(SPREADSHEET);
  const format = formatByContent(bytes);
  const named = EXTENSIONS[extension];
  if (named !== undefined && named !== format) {
    throw new SourceError(`${fileName} is named .${extension} but holds ${WHAT[format]}`);
  }
  return format;
}
