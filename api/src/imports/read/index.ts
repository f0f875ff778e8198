import type { SourceFormat, SourceTable } from '../types.ts';
import { readCsv } from './csv.ts';
import { asSourceError, detectFormat } from './detect.ts';
import { readGeoJson } from './geojson.ts';
import { readGeoPackage } from './geopackage.ts';
import { readShapefile } from './shapefile.ts';

/*
 * One door for every source file: openSource looks at the bytes, hands them to the reader of
 * their format and answers a SourceTable (what the file is, and its rows, readable as often as
 * needed). Whatever goes wrong with the file is a SourceError with a message for its user.
 */

export { SourceError } from './detect.ts';

const READERS: Record<SourceFormat, (fileName: string, bytes: Uint8Array) => SourceTable | Promise<SourceTable>> = {
  csv: readCsv,
  geojson: readGeoJson,
  shapefile: readShapefile,
  geopackage: readGeoPackage,
};

const NAMES: Record<SourceFormat, string> = {
  csv: 'CSV',
  geojson: 'GeoJSON',
  shapefile: 'zipped Shapefile',
  geopackage: 'GeoPackage',
};

/**
 * The file `fileName` (its name is only checked against its content, and kept for messages)
 * as a SourceTable. Throws SourceError when the file cannot be read at all; rows() throws
 * SourceError when it meets a part that cannot be read (a CSV's unclosed quote, a damaged
 * shape), while a row that is only incomplete is yielded with its `problem`.
 */
export async function openSource(fileName: string, bytes: Uint8Array): Promise<SourceTable> {
  const format = detectFormat(fileName, bytes);
  try {
    return await READERS[format](fileName, bytes);
  } catch (error) {
    throw asSourceError(error, `${fileName} cannot be read as ${NAMES[format]}`);
  }
}
