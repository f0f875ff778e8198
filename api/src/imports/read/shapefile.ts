import { isUtf8 } from 'node:buffer';
import { unzipSync } from 'fflate';
import { open as openShapefile } from 'shapefile';
import { crsLabel, isSupportedSrid, sridFromPrj, unsupportedCrsMessage } from '../crs.ts';
import type { SourceGeometry, SourceRow, SourceTable, SourceValue } from '../types.ts';
import { SourceError, asSourceError } from './detect.ts';
import { decodeWindows1252, fixWindows1252 } from './text.ts';

/*
 * A zipped Shapefile: the .shp (shapes) and .dbf (attributes) with the optional .prj (CRS) and
 * .cpg (encoding of the .dbf), read by the `shapefile` package. The .dbf is looked at here
 * first for what that package does not give: field types (dates are read as text, so an empty
 * date stays empty and no time zone moves a day), deleted records, and the encoding when no
 * .cpg says it.
 */

/** Most bytes the Shapefile's files may take once unzipped (a zip bomb is refused, not inflated). */
const MAX_UNZIPPED_BYTES = 1024 ** 3;

type DbfEncoding = 'utf-8' | 'windows-1252';

interface DbfLayout {
  headerLength: number;
  recordLength: number;
  recordCount: number;
  fields: { name: Uint8Array; type: string; descriptor: number }[];
}

const isIgnored = (name: string) =>
  name.endsWith('/') || name.split('/').includes('__MACOSX') || (name.split('/').pop() ?? '').startsWith('._');

function listZip(bytes: Uint8Array): { name: string; size: number }[] {
  const entries: { name: string; size: number }[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries.push({ name: file.name, size: file.originalSize });
        return false;
      },
    });
  } catch (error) {
    throw asSourceError(error, 'the zip cannot be opened');
  }
  return entries.filter((entry) => !isIgnored(entry.name));
}

/** The .shp, .dbf, .prj and .cpg of the zip's one Shapefile (subfolders allowed). */
function unzipShapefile(bytes: Uint8Array): { shp: Uint8Array; dbf: Uint8Array; prj?: Uint8Array; cpg?: Uint8Array } {
  const entries = listZip(bytes);
  const shps = entries.filter((entry) => /\.shp$/i.test(entry.name));
  if (shps.length === 0) {
    const held = entries.length === 0 ? 'nothing' : entries.map((entry) => entry.name).join(', ');
    throw new SourceError(`the zip holds no .shp file (it holds ${held})`);
  }
  if (shps.length > 1) {
    const names = shps.map((entry) => entry.name).join(', ');
    throw new SourceError(
      `the zip holds ${shps.length} Shapefiles (${names}): put the one to import in a zip of its own`,
    );
  }
  const shp = shps[0]!;
  const stem = shp.name.slice(0, -4);
  const sibling = (extension: string) =>
    entries.find((entry) => entry.name.toLowerCase() === `${stem}.${extension}`.toLowerCase());
  const dbf = sibling('dbf');
  if (!dbf)
    throw new SourceError(`the zip holds ${shp.name} but not its .dbf (${stem}.dbf), which holds the attributes`);
  const wanted = [shp, dbf, sibling('prj'), sibling('cpg')].filter((entry) => entry !== undefined);
  if (wanted.reduce((sum, entry) => sum + entry.size, 0) > MAX_UNZIPPED_BYTES) {
    throw new SourceError('the Shapefile is larger than 1 GiB unzipped');
  }
  const names = new Set(wanted.map((entry) => entry.name));
  const files = unzipSync(bytes, { filter: (file) => names.has(file.name) });
  const file = (entry: { name: string } | undefined) => (entry ? files[entry.name] : undefined);
  return { shp: file(shp)!, dbf: file(dbf)!, prj: file(sibling('prj')), cpg: file(sibling('cpg')) };
}

function readDbfLayout(dbf: Uint8Array): DbfLayout {
  if (dbf.length < 33) throw new SourceError('the .dbf is too short to be a dBASE file');
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const layout: DbfLayout = {
    recordCount: view.getUint32(4, true),
    headerLength: view.getUint16(8, true),
    recordLength: view.getUint16(10, true),
    fields: [],
  };
  if (layout.headerLength > dbf.length) throw new SourceError('the .dbf is cut short: its header does not fit');
  for (let at = 32; at + 32 <= layout.headerLength && dbf[at] !== 0x0d; at += 32) {
    const nameBytes = dbf.subarray(at, at + 11);
    const end = nameBytes.indexOf(0);
    layout.fields.push({
      name: end < 0 ? nameBytes : nameBytes.subarray(0, end),
      type: String.fromCharCode(dbf[at + 11]!),
      descriptor: at,
    });
  }
  return layout;
}

/** The bytes of the .dbf's records (after the header, before the end-of-file mark). */
const recordBytes = (dbf: Uint8Array, layout: DbfLayout) =>
  dbf.subarray(layout.headerLength, layout.headerLength + layout.recordCount * layout.recordLength);

/**
 * The .dbf's encoding: what the .cpg says (UTF-8 or a name of Windows-1252 / ISO-8859-1; any
 * other is a SourceError rather than a guess), else UTF-8 when the records are valid UTF-8
 * (QGIS and GDAL with ENCODING=UTF-8 write it) and Windows-1252 when not (GDAL's default is
 * ISO-8859-1 without a .cpg, which Windows-1252 extends).
 */
function dbfEncoding(cpg: Uint8Array | undefined, records: Uint8Array): DbfEncoding {
  if (cpg) {
    const name = Buffer.from(cpg).toString('latin1').trim();
    if (/^(utf-?8|65001)$/i.test(name)) return 'utf-8';
    if (/^((ansi\s*|cp|windows-?)?1252|iso[-_ ]?8859-?1|8859-?1|latin-?1|88591)$/i.test(name)) return 'windows-1252';
    throw new SourceError(`the .cpg names the encoding "${name}", which cannot be read: save the Shapefile as UTF-8`);
  }
  return isUtf8(records) ? 'utf-8' : 'windows-1252';
}

const decodeAs = (encoding: DbfEncoding, bytes: Uint8Array) =>
  encoding === 'utf-8' ? Buffer.from(bytes).toString('utf8') : decodeWindows1252(bytes);

/** The shape count, walking the .shp's record headers (record number, content length in 16-bit words). */
function countShapes(shp: Uint8Array): number {
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  let count = 0;
  for (let at = 100; at + 8 <= shp.length; count++) {
    const words = view.getInt32(at + 4, false);
    if (words < 2) throw new SourceError(`the .shp is damaged at shape ${count + 1}`);
    at += 8 + words * 2;
  }
  return count;
}

/** Shape types as GDAL names them (a Polygon shape may hold several polygons); Z and M read as 2D. */
const GEOMETRY_TYPES: Record<number, string | null> = {
  0: null,
  1: 'Point',
  3: 'LineString',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'Point',
  13: 'LineString',
  15: 'Polygon',
  18: 'MultiPoint',
  21: 'Point',
  23: 'LineString',
  25: 'Polygon',
  28: 'MultiPoint',
};

function shapeType(shp: Uint8Array): number {
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
  if (shp.length < 100 || view.getInt32(0, false) !== 9994) throw new SourceError('the .shp is not a Shapefile');
  return view.getInt32(32, true);
}

/** The .prj's EPSG code (supported) or null; an unsupported system is a SourceError, never taken for another. */
function sridOfPrj(prj: Uint8Array | undefined): number | null {
  if (!prj) return null;
  const srid = sridFromPrj(Buffer.from(prj).toString('latin1'));
  if (srid === null || isSupportedSrid(srid)) return srid;
  const note = srid === 31300 ? ', Belge Lambert 72, not Lambert 72 (EPSG:31370)' : '';
  throw new SourceError(unsupportedCrsMessage(`the .prj's coordinate system (${crsLabel(srid)}${note})`));
}

/** 'YYYYMMDD' as 'YYYY-MM-DD'; blank or zeros as null; anything else as written, for the import to refuse. */
function dbfDate(text: string | null): string | null {
  if (text === null || /^0{8}$/.test(text)) return null;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : text;
}

/**
 * A zipped Shapefile as a SourceTable: columns are the .dbf's fields; rows are the records in
 * order, numbered from 1 (deleted records are skipped, keeping the numbers of the others);
 * dates 'YYYY-MM-DD', numbers and logicals typed, text in the .dbf's encoding; geometry as
 * GeoJSON in the .prj's system. srid from the .prj (null when there is none, or when it is not
 * recognised: the import then detects it from the coordinates); a .prj naming an unsupported
 * system is a SourceError, as are a zip without exactly one .shp with its .dbf, and a .shp and
 * .dbf with different counts.
 */
export async function readShapefile(fileName: string, bytes: Uint8Array): Promise<SourceTable> {
  const { shp, dbf, prj, cpg } = unzipShapefile(bytes);
  const layout = readDbfLayout(dbf);
  const encoding = dbfEncoding(cpg, recordBytes(dbf, layout));
  const columns = layout.fields.map((field) => decodeAs(encoding, field.name));
  const repeated = columns.find((name, i) => columns.indexOf(name) !== i);
  if (repeated !== undefined) throw new SourceError(`the .dbf has two fields named "${repeated}"`);
  const type = shapeType(shp);
  if (!(type in GEOMETRY_TYPES)) throw new SourceError(`the .shp holds shape type ${type}, which cannot be read`);
  const shapes = countShapes(shp);
  if (shapes !== layout.recordCount) {
    throw new SourceError(
      `the .shp holds ${shapes} shapes but the .dbf ${layout.recordCount} records: they do not belong together`,
    );
  }
  const srid = sridOfPrj(prj);

  // Dates read as text ('C'): the package would make local-time Date objects, and 1899-11-30 of a blank one.
  const textDbf = dbf.slice();
  const dateColumns = new Set<string>();
  layout.fields.forEach((field, i) => {
    if (field.type !== 'D') return;
    textDbf[field.descriptor + 11] = 'C'.charCodeAt(0);
    dateColumns.add(columns[i]!);
  });
  const deleted = new Set<number>();
  for (let i = 0; i < layout.recordCount; i++) {
    if (dbf[layout.headerLength + i * layout.recordLength] === 0x2a) deleted.add(i + 1);
  }

  const toValues = (properties: Record<string, unknown> | null): Record<string, SourceValue> => {
    const values: Record<string, SourceValue> = Object.fromEntries(columns.map((column) => [column, null]));
    for (const [key, raw] of Object.entries(properties ?? {})) {
      // Node's own TextDecoder reads Windows-1252 as ISO-8859-1; fixing the text is harmless otherwise.
      const column = encoding === 'windows-1252' ? fixWindows1252(key) : key;
      let value = raw as SourceValue;
      if (typeof value === 'string' && encoding === 'windows-1252') value = fixWindows1252(value);
      if (dateColumns.has(column)) value = dbfDate(value as string | null);
      values[column] = value;
    }
    return values;
  };

  return {
    fileName,
    format: 'shapefile',
    encoding,
    separator: null,
    decimalComma: null,
    columns,
    geometryType: GEOMETRY_TYPES[type] ?? null,
    srid,
    sridSource: srid === null ? null : 'prj',
    async *rows(): AsyncGenerator<SourceRow> {
      let position = 0;
      try {
        const source = await openShapefile(shp, textDbf, { encoding });
        for (;;) {
          const { done, value } = await source.read();
          if (done) return;
          position++;
          if (deleted.has(position)) continue;
          const geometry = (value.geometry ?? null) as SourceGeometry | null;
          yield { row: position, values: toValues(value.properties), geometry };
        }
      } catch (error) {
        throw asSourceError(error, `${fileName}: feature ${position + 1} cannot be read`);
      }
    },
  };
}
