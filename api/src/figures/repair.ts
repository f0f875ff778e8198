import type pg from 'pg';
import {
  type AreaGeometry,
  GeometryError,
  type GeometryReason,
  type Position,
  readAreaGeometry,
  validateAreaGeometry,
} from '../geometry/validate.ts';
import { confirmValidInDatabase } from './area-figures.ts';
import { queryOneRow } from './one-row.ts';

/*
 * A repair is only ever offered: POST /api/focus-areas/repair returns ST_MakeValid's result
 * for the user to look at and confirm; nothing is saved. Only topology faults (crossings,
 * misplaced rings) are repaired; a geometry that is not a polygon, outside Belgium, too big,
 * with too few points or unclosed rings is refused as it would be on save.
 */

export interface RepairAnswer {
  geometry: AreaGeometry;
  changed: boolean;
  note: string;
  problem: { reason: GeometryReason; detail: string; location?: Position } | null;
  areaHa: number;
}

const REPAIRABLE: readonly GeometryReason[] = ['self-intersection', 'invalid-rings'];

interface RepairRow {
  geometry: unknown;
  empty: boolean;
  valid: boolean;
  parts: number;
  area_ha: number;
}

// method=structure unions the shells and subtracts the holes, so a loop drawn over itself
// stays filled (the default, linework, would cut the doubly covered part out); only the
// polygonal parts of the result are kept, as one MultiPolygon, to 1e-9 degree.
const REPAIR_SQL = `
  WITH repaired AS (
    SELECT ST_Multi(ST_CollectionExtract(
             ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 'method=structure keepcollapsed=false'), 3)) AS g
  )
  SELECT ST_AsGeoJSON(g, 9)::json AS geometry, ST_IsEmpty(g) AS empty, ST_IsValid(g) AS valid,
         ST_NumGeometries(g) AS parts, round((ST_Area(g::geography) / 10000)::numeric, 2)::float8 AS area_ha
    FROM repaired`;

const AREA_SQL = `SELECT round((ST_Area(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)::geography) / 10000)::numeric, 2)::float8 AS area_ha`;

async function findProblem(pool: pg.Pool, area: AreaGeometry, maxVertices: number): Promise<GeometryError | null> {
  try {
    validateAreaGeometry(area, { maxVertices });
    await confirmValidInDatabase(pool, area);
    return null;
  } catch (error) {
    if (error instanceof GeometryError && REPAIRABLE.includes(error.reason)) return error;
    throw error;
  }
}

function refuse(problem: GeometryError, why: string): GeometryError {
  return new GeometryError(
    problem.reason,
    `${problem.message}; it cannot be repaired automatically (${why}): redraw the outline so that it does not cross itself`,
    problem.location,
  );
}

export async function repairAreaGeometry(
  pool: pg.Pool,
  geometry: unknown,
  { maxVertices }: { maxVertices: number },
): Promise<RepairAnswer> {
  const area = readAreaGeometry(geometry, { maxVertices });
  const problem = await findProblem(pool, area, maxVertices);
  if (!problem) {
    const { rows } = await pool.query<{ area_ha: number }>(AREA_SQL, [JSON.stringify(area)]);
    const areaHa = rows[0]!.area_ha; // ST_Area is no GEOS operation: always one row
    return { geometry: area, changed: false, note: 'The geometry is valid: nothing to repair.', problem: null, areaHa };
  }

  const row = await queryOneRow<RepairRow>(pool, REPAIR_SQL, [JSON.stringify(area)]);
  // No row: ST_MakeValid failed and the embedded backend swallowed the error.
  if (!row) throw refuse(problem, 'the database could not repair it');
  if (row.empty || row.area_ha <= 0) throw refuse(problem, 'the repair left no area');
  if (!row.valid) throw refuse(problem, 'the repair is not valid either');
  let repaired: AreaGeometry;
  try {
    repaired = validateAreaGeometry(row.geometry, { maxVertices });
  } catch (error) {
    if (!(error instanceof GeometryError)) throw error;
    throw refuse(problem, `the repair fails the checks too: ${error.message}`);
  }
  const parts = row.parts === 1 ? '1 part' : `${row.parts} parts`;
  return {
    geometry: repaired,
    changed: true,
    note:
      `${problem.message}. The repair (PostGIS ST_MakeValid) rebuilt the outline as ${parts} of ${row.area_ha} ha. ` +
      'Nothing has been saved: check the repaired outline on the map and save it only if it is what you meant.',
    problem: {
      reason: problem.reason,
      detail: problem.message,
      ...(problem.location ? { location: problem.location } : {}),
    },
    areaHa: row.area_ha,
  };
}
