import { HttpProblem } from '../plugins/errors.ts';
import { checkSrid, crsLabel, detectSrid, isSupportedSrid, unsupportedCrsMessage } from './crs.ts';
import { geometryReader, type LayerGeometryType, type Pair, pairsOf } from './geometries.ts';
import type { GeometrySource, SourceDescription, SourceTable } from './types.ts';

/*
 * Which CRS a file's coordinates are read in: the one the user declared, else the file's own
 * (.prj, GeoPackage, GeoJSON), else the one the first coordinates look like. A declared or
 * file CRS that the coordinates contradict (they all look like another supported CRS, or like
 * latitude/longitude swapped) stops the import before anything is written: importing them
 * would put every point in the wrong place, or reject them all as outside the municipality.
 */

export interface CrsChoice {
  srid: number;
  how: 'declared' | 'file' | 'detected';
}

/** Coordinate pairs looked at to detect or check the CRS. */
export const CRS_SAMPLE_PAIRS = 1000;

/** 422: the coordinates and the CRS do not go together; nothing was imported. */
export function crsProblem(detail: string): HttpProblem {
  return new HttpProblem(422, 'Unprocessable Content', detail, 'mapping.crs');
}

/** The first `limit` coordinate pairs of the rows' geometries (rows whose geometry does not read are skipped). */
export async function samplePairs(
  table: SourceTable,
  layerType: LayerGeometryType,
  geometry: GeometrySource | null,
  limit = CRS_SAMPLE_PAIRS,
): Promise<Pair[]> {
  if (geometry === null) return [];
  const read = geometryReader(layerType, geometry, table.decimalComma, () => null);
  const pairs: Pair[] = [];
  for await (const row of table.rows()) {
    const result = read(row);
    if (!('geometry' in result) || result.geometry === null) continue;
    for (const pair of pairsOf(result.geometry)) {
      pairs.push(pair);
      if (pairs.length >= limit) return pairs;
    }
  }
  return pairs;
}

/** The CRS the sample looks like, or null when it does not look like one (for the upload preview). */
export function detectedSrid(pairs: readonly Pair[]): number | null {
  const detected = detectSrid(pairs);
  return 'srid' in detected ? detected.srid : null;
}

/**
 * Decides the CRS: `declared` (the mapping's), else the file's, else detected from `pairs`.
 * Null when there are no coordinates at all and nothing was declared. Throws a 422 when the
 * coordinates contradict a declared or file CRS, or when none can be told.
 */
export function chooseCrs(
  declared: number | null,
  file: Pick<SourceDescription, 'srid' | 'sridSource'>,
  pairs: readonly Pair[],
): CrsChoice | null {
  if (declared !== null) return checked({ srid: declared, how: 'declared' }, pairs);
  if (file.srid !== null) {
    if (!isSupportedSrid(file.srid)) {
      throw crsProblem(
        `${unsupportedCrsMessage(`the file's coordinate system, ${crsLabel(file.srid)},`)}; ` +
          `or, if the coordinates are in fact in one of them, declare it`,
      );
    }
    return checked({ srid: file.srid, how: 'file' }, pairs);
  }
  if (pairs.length === 0) return null;
  const detected = detectSrid(pairs);
  if ('problem' in detected) {
    throw crsProblem(
      `the coordinate system could not be recognised: ${detected.problem}. Declare it (EPSG:4326, 31370 or 3812)`,
    );
  }
  return { srid: detected.srid, how: 'detected' };
}

function checked(choice: CrsChoice, pairs: readonly Pair[]): CrsChoice {
  const misfit = checkSrid(choice.srid, pairs);
  if (misfit === null) return choice;
  const source = choice.how === 'declared' ? 'as declared' : "as the file's own CRS says";
  const detected = detectSrid(pairs);
  if ('srid' in detected) {
    throw crsProblem(
      `the coordinates look like ${crsLabel(detected.srid)}, not ${crsLabel(choice.srid)} ${source} ` +
        `(${misfit}); nothing was imported`,
    );
  }
  if (/swapped/.test(detected.problem)) {
    throw crsProblem(`${detected.problem} (read as ${crsLabel(choice.srid)} ${source}); nothing was imported`);
  }
  // Mixed coordinates: the import runs, and each row outside the municipality is rejected with its place.
  return choice;
}
