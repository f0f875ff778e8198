import type { Database, SqlValue, Statement } from 'sql.js';
import wkx from 'wkx';
import { decodeGpkgGeometry } from '../../gpkg/blob.ts';
import { loadSqlite } from '../../gpkg/sqlite.ts';
import { crsLabel, isSupportedSrid, sridFromPrj, unsupportedCrsMessage } from '../crs.ts';
import type { SourceGeometry, SourceRow, SourceTable, SourceValue } from '../types.ts';
import { SourceError, asSourceError } from './detect.ts';

/*
 * A GeoPackage (OGC 12-128r18): an SQLite file, opened in memory with sql.js. It must hold
 * exactly one feature table: with several, no guess is made (the user exports the one to
 * import); attribute and tile tables are ignored. Names of tables and columns come from the
 * file itself and are quoted as SQLite identifiers; nothing from a request reaches this SQL.
 */

interface FeatureTable {
  table: string;
  geometryColumn: string;
  geometryType: string;
  srsId: number;
  /** The other columns, in the table's order: name and declared type. */
  columns: { name: string; type: string }[];
  /** The INTEGER PRIMARY KEY column rows are ordered by (GeoPackage requires one), else null (rowid). */
  primaryKey: string | null;
}

/** Statement.get as sql.js has it (its types leave out the config argument). */
interface BigIntStatement {
  get(params: null, config: { useBigInt: boolean }): (SqlValue | bigint)[];
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Rows of one query, as arrays (for the small gpkg_* tables). */
function query(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const statement = db.prepare(sql, params);
  try {
    const rows: SqlValue[][] = [];
    while (statement.step()) rows.push(statement.get());
    return rows;
  } finally {
    statement.free();
  }
}

async function openDatabase(bytes: Uint8Array): Promise<Database> {
  const SQL = await loadSqlite();
  const db = new SQL.Database(bytes);
  try {
    // sql.js opens lazily: this is where a damaged file shows itself.
    query(db, 'SELECT count(*) FROM sqlite_master');
    return db;
  } catch (error) {
    db.close();
    throw asSourceError(error, 'the file cannot be opened as SQLite');
  }
}

/** CamelCase names of the GeoPackage geometry types ('MULTIPOLYGON' -> 'MultiPolygon'). */
const GEOMETRY_TYPES: Record<string, string> = {
  GEOMETRY: 'Geometry',
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
  GEOMETRYCOLLECTION: 'GeometryCollection',
};

function findFeatureTable(db: Database): FeatureTable {
  const hasContents = query(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_contents'");
  if (hasContents.length === 0) {
    throw new SourceError('the file is an SQLite database but not a GeoPackage: it has no gpkg_contents table');
  }
  const tables = query(db, "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name").map(
    ([name]) => String(name),
  );
  if (tables.length === 0) throw new SourceError('the GeoPackage holds no feature table (no layer with geometries)');
  if (tables.length > 1) {
    throw new SourceError(
      `the GeoPackage holds ${tables.length} feature tables (${tables.join(', ')}): export the one to import into a GeoPackage of its own`,
    );
  }
  const table = tables[0]!;
  const [geometry] = query(
    db,
    'SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?',
    [table],
  );
  if (!geometry) throw new SourceError(`the GeoPackage does not say which column of ${table} holds the geometry`);
  const geometryColumn = String(geometry[0]);
  const info = query(db, `PRAGMA table_info(${quoteIdentifier(table)})`);
  if (info.length === 0) throw new SourceError(`the GeoPackage lists a table ${table} that it does not hold`);
  const primaryKeys = info.filter((column) => Number(column[5]) > 0);
  return {
    table,
    geometryColumn,
    geometryType: GEOMETRY_TYPES[String(geometry[1]).toUpperCase()] ?? String(geometry[1]),
    srsId: Number(geometry[2]),
    columns: info
      .filter((column) => String(column[1]) !== geometryColumn)
      .map((column) => ({ name: String(column[1]), type: String(column[2]).toUpperCase() })),
    primaryKey: primaryKeys.length === 1 ? String(primaryKeys[0]![1]) : null,
  };
}

/**
 * The EPSG code of the table's spatial reference system: organization 'EPSG' (any case) and
 * its organization_coordsys_id, else whatever its WKT definition says (sridFromPrj). The
 * GeoPackage's own "undefined" systems (srs_id 0 and -1) and unrecognised ones give null; a
 * recognised but unsupported one is a SourceError.
 */
function sridOf(db: Database, srsId: number): number | null {
  const [srs] = query(
    db,
    'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
    [srsId],
  );
  if (!srs || srsId === 0 || srsId === -1) return null;
  const [organization, code, definition] = srs;
  const srid = String(organization).toUpperCase() === 'EPSG' ? Number(code) : sridFromPrj(String(definition ?? ''));
  if (srid === null || isSupportedSrid(srid)) return srid;
  throw new SourceError(unsupportedCrsMessage(`the GeoPackage's coordinate system (${crsLabel(srid)})`));
}

/** A cell as a SourceValue: BOOLEAN columns as booleans, integers beyond 2^53 as their exact digits, blobs as hex. */
function toValue(value: SqlValue | bigint, type: string): SourceValue {
  if (value === null) return null;
  if (typeof value === 'bigint') {
    const number = Number(value);
    if (!Number.isSafeInteger(number)) return value.toString();
    return type === 'BOOLEAN' ? number !== 0 : number;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (type === 'BOOLEAN' && typeof value === 'number') return value !== 0;
  return value;
}

/** The feature's geometry as GeoJSON, null when it has none or an empty one. */
function toGeometry(blob: SqlValue | bigint): SourceGeometry | null {
  if (blob === null) return null;
  if (!(blob instanceof Uint8Array)) throw new Error('the geometry column holds no GeoPackage geometry');
  const decoded = decodeGpkgGeometry(blob);
  if (decoded.empty) return null;
  const geometry = wkx.Geometry.parse(Buffer.from(decoded.wkb)).toGeoJSON() as SourceGeometry;
  return isEmptyGeoJson(geometry) ? null : geometry;
}

/** An empty geometry without the header's E flag: WKB's POINT EMPTY (NaN coordinates) or no coordinates. */
function isEmptyGeoJson(geometry: SourceGeometry): boolean {
  const coordinates = geometry.coordinates;
  if (geometry.type === 'GeometryCollection')
    return Array.isArray(geometry.geometries) && geometry.geometries.length === 0;
  if (!Array.isArray(coordinates) || coordinates.length === 0) return true;
  return geometry.type === 'Point' && coordinates.some((c) => typeof c !== 'number' || Number.isNaN(c));
}

/**
 * A GeoPackage as a SourceTable: the one feature table's columns in the table's order (its
 * primary key, usually `fid`, included; the geometry column not), rows ordered by the primary
 * key and numbered from 1, geometry as GeoJSON in the table's system (srid from
 * gpkg_spatial_ref_sys, sridSource 'geopackage'). A geometry that cannot be decoded makes its
 * row's `problem`, not an error of the file.
 */
export async function readGeoPackage(fileName: string, bytes: Uint8Array): Promise<SourceTable> {
  const db = await openDatabase(bytes);
  let table: FeatureTable;
  let srid: number | null;
  try {
    table = findFeatureTable(db);
    srid = sridOf(db, table.srsId);
  } catch (error) {
    throw asSourceError(error, 'the GeoPackage cannot be read');
  } finally {
    db.close();
  }
  const { columns, geometryColumn, primaryKey } = table;
  const selected = [...columns.map((column) => column.name), geometryColumn].map(quoteIdentifier).join(', ');
  const sql = `SELECT ${selected} FROM ${quoteIdentifier(table.table)} ORDER BY ${primaryKey ? quoteIdentifier(primaryKey) : 'rowid'}`;

  return {
    fileName,
    format: 'geopackage',
    encoding: null,
    separator: null,
    decimalComma: null,
    columns: columns.map((column) => column.name),
    geometryType: table.geometryType,
    srid,
    sridSource: srid === null ? null : 'geopackage',
    async *rows(): AsyncGenerator<SourceRow> {
      const rowsDb = await openDatabase(bytes);
      let statement: Statement | undefined;
      let position = 0;
      try {
        statement = rowsDb.prepare(sql);
        while (statement.step()) {
          position++;
          // useBigInt: sql.js would round 64-bit integers to the nearest double.
          const cells = (statement as unknown as BigIntStatement).get(null, { useBigInt: true });
          const values: Record<string, SourceValue> = {};
          columns.forEach((column, i) => (values[column.name] = toValue(cells[i]!, column.type)));
          const row: SourceRow = { row: position, values, geometry: null };
          try {
            row.geometry = toGeometry(cells[columns.length]!);
          } catch (error) {
            row.problem = `the geometry cannot be read: ${error instanceof Error ? error.message : String(error)}`;
          }
          yield row;
        }
      } catch (error) {
        throw asSourceError(error, `${fileName}: feature ${position + 1} cannot be read`);
      } finally {
        statement?.free();
        rowsDb.close();
      }
    },
  };
}
