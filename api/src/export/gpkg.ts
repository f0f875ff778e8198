import type pg from 'pg';
import type { Database as SqliteDatabase, SqlValue } from 'sql.js';
import { encodeGpkgGeometry, type GpkgEnvelope } from '../gpkg/blob.ts';
import { loadSqlite } from '../gpkg/sqlite.ts';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition, PropertyType } from '../layers/types.ts';
import { EXPORT_PAGE_SIZE, type ExportRow, hasNumericKeys, readExportPages } from './export-query.ts';

/*
 * Exports as GeoPackage 1.3 files (OGC 12-128r18), written with SQLite compiled to WebAssembly
 * (sql.js). One generic writer (writeGeoPackageTables: the required tables and rows, then any
 * feature or attributes tables from their column definitions and rows) serves the registry's
 * layers (writeGeoPackage, below) and the areas of focus (focus-areas/export.ts). The whole
 * file is built in memory and sent in one piece: a GeoPackage is a database file, not a
 * stream. Decision record 19 gives the limits (no spatial index).
 */

export const GPKG_CONTENT_TYPE = 'application/geopackage+sqlite3';

/** 'GPKG' as a 32-bit big-endian integer: PRAGMA application_id (requirement 2). */
export const GPKG_APPLICATION_ID = 0x47504b47;
/** Version 1.3.0 as PRAGMA user_version (requirement 2). */
export const GPKG_USER_VERSION = 10300;

/** Every geometry written is in WGS 84 longitude/latitude, as the database stores it. */
const WGS84 = 4326;

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],' +
  'AUTHORITY["EPSG","4326"]]';

/** The GeoPackage's own tables, as clause 1.1.2 and 1.1.3 of the standard declare them. */
const CORE_SCHEMA = `
  CREATE TABLE gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL,
    srs_id INTEGER PRIMARY KEY,
    organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL,
    definition TEXT NOT NULL,
    description TEXT
  );
  CREATE TABLE gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY,
    data_type TEXT NOT NULL,
    identifier TEXT UNIQUE,
    description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE,
    min_y DOUBLE,
    max_x DOUBLE,
    max_y DOUBLE,
    srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
  );
  CREATE TABLE gpkg_geometry_columns (
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL,
    z TINYINT NOT NULL,
    m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
  );
  INSERT INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', ${WGS84}, 'EPSG', ${WGS84}, '${WGS84_WKT}',
     'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
`;

/** The column types of GeoPackage 1.3, table 1, that the exports write. */
export type GpkgColumnType = 'TEXT' | 'INTEGER' | 'REAL' | 'BOOLEAN' | 'DATE' | 'DATETIME';

/** The geometry types the exports write (the registry's two, in GeoPackage's spelling). */
export type GpkgGeometryType = 'POINT' | 'MULTIPOLYGON';

/** A column of a feature or attributes table, after its `fid` (and geometry). */
export interface GpkgColumn {
  name: string;
  type: GpkgColumnType;
  /**
   * A foreign key to another table of the file: GDAL's GPKG driver reads it as a one-to-many
   * relationship, which QGIS can discover between the loaded tables. Declared, not enforced.
   */
  references?: { table: string; column: string };
}

/** A value as SQLite stores it: TEXT, a number (INTEGER, REAL, BOOLEAN as 0/1), or NULL. */
export type GpkgValue = string | number | null;

/** A geometry in EPSG:4326 as WKB, with its envelope (a point's too: it widens the extent). */
export interface GpkgGeometry {
  wkb: Uint8Array;
  envelope: GpkgEnvelope | null;
}

export interface GpkgRow {
  /** The row's fid; null lets SQLite number the rows 1, 2, … in the order written. */
  fid: number | null;
  /** The feature's geometry (null for none); ignored in an attributes table. */
  geometry?: GpkgGeometry | null;
  /** The columns' values, in the order of the table's `columns`. */
  values: readonly GpkgValue[];
}

/** One table of the file: its entry in gpkg_contents, its columns and its rows. */
export interface GpkgTable {
  name: string;
  /** gpkg_contents.identifier: a human-readable name, unique in the file. */
  identifier: string;
  description: string;
  /**
   * Present: a feature table (data_type 'features') with this geometry column in EPSG:4326,
   * and the extent of its rows in gpkg_contents. Absent: an attributes table, no geometry.
   */
  geometry?: { column: string; type: GpkgGeometryType };
  columns: readonly GpkgColumn[];
  /** Rows in pages (export pages as they are read, or one array); `for await` takes both. */
  rows: AsyncIterable<readonly GpkgRow[]> | Iterable<readonly GpkgRow[]>;
}

/** The GeoPackage column type of each registry property type (GeoPackage 1.3, table 1). */
export const GPKG_COLUMN_TYPES: Record<PropertyType, GpkgColumnType> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
};

/** The feature table's geometry column. */
export const GPKG_GEOMETRY_COLUMN = 'geom';

/** The registry's geometry types as GeoPackage names them. */
const GPKG_GEOMETRY_TYPES: Record<LayerDefinition['geometryType'], GpkgGeometryType> = {
  Point: 'POINT',
  MultiPolygon: 'MULTIPOLYGON',
};

/** SQLite quotes identifiers in double quotes, doubling any inside (layer ids hold hyphens). */
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** [minX, minY, maxX, maxY] of everything written so far, or null before the first geometry. */
type Extent = [number, number, number, number] | null;

function widen(extent: Extent, envelope: GpkgEnvelope | null): Extent {
  if (!envelope) return extent;
  const [minX, maxX, minY, maxY] = envelope;
  if (!extent) return [minX, minY, maxX, maxY];
  return [Math.min(extent[0], minX), Math.min(extent[1], minY), Math.max(extent[2], maxX), Math.max(extent[3], maxY)];
}

/** `fid`, then the geometry of a feature table, then the columns as declared. */
function createTable(db: SqliteDatabase, table: GpkgTable): void {
  const definitions = ['fid INTEGER PRIMARY KEY AUTOINCREMENT'];
  if (table.geometry) definitions.push(`${quote(table.geometry.column)} ${table.geometry.type}`);
  for (const column of table.columns) {
    const foreignKey = column.references
      ? ` REFERENCES ${quote(column.references.table)}(${quote(column.references.column)})`
      : '';
    definitions.push(`${quote(column.name)} ${column.type}${foreignKey}`);
  }
  db.run(`CREATE TABLE ${quote(table.name)} (\n  ${definitions.join(',\n  ')}\n)`);
}

/** The table's rows; returns their extent (null for an attributes table or no geometry). */
async function insertRows(db: SqliteDatabase, table: GpkgTable): Promise<Extent> {
  const geometry = table.geometry;
  const names = ['fid', ...(geometry ? [geometry.column] : []), ...table.columns.map((c) => c.name)].map(quote);
  const insert = db.prepare(
    `INSERT INTO ${quote(table.name)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  let extent: Extent = null;
  try {
    for await (const rows of table.rows) {
      for (const row of rows) {
        const values: SqlValue[] = [row.fid];
        if (geometry) {
          const shape = row.geometry ?? null;
          // A point is its own envelope; other geometries carry theirs in the blob (clause 2.1.3).
          const envelope = geometry.type === 'POINT' ? null : (shape?.envelope ?? null);
          values.push(shape === null ? null : encodeGpkgGeometry(shape.wkb, WGS84, envelope));
          extent = widen(extent, shape?.envelope ?? null);
        }
        insert.run([...values, ...row.values]);
      }
    }
  } finally {
    insert.free();
  }
  return extent;
}

/** The table's entry in gpkg_contents and, for a feature table, in gpkg_geometry_columns. */
function registerTable(db: SqliteDatabase, table: GpkgTable, extent: Extent): void {
  db.run(
    `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      table.name,
      table.geometry ? 'features' : 'attributes',
      table.identifier,
      table.description,
      ...(extent ?? [null, null, null, null]),
      table.geometry ? WGS84 : null,
    ],
  );
  if (!table.geometry) return;
  db.run(
    `INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
     VALUES (?, ?, ?, ?, 0, 0)`,
    [table.name, table.geometry.column, table.geometry.type, WGS84],
  );
}

/**
 * A GeoPackage 1.3 file holding `tables`, in the order given: the header pragmas, the three
 * required SRS rows (-1, 0, EPSG:4326), then each table created, filled and registered, all
 * in one transaction. Returns the file's bytes.
 */
export async function writeGeoPackageTables(tables: readonly GpkgTable[]): Promise<Uint8Array> {
  const SQL = await loadSqlite();
  const db = new SQL.Database();
  try {
    db.run(`PRAGMA application_id = ${GPKG_APPLICATION_ID}; PRAGMA user_version = ${GPKG_USER_VERSION};`);
    db.run('BEGIN');
    db.run(CORE_SCHEMA);
    for (const table of tables) {
      createTable(db, table);
      registerTable(db, table, await insertRows(db, table));
    }
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}

/**
 * A layer's export pages (the `gpkg` format of readExportPages) as rows of its feature table:
 * `fid` is the feature's id when it is a number, so it stays the same from one export to the
 * next; the sectors, whose id is their code (a property too), are numbered by SQLite.
 */
async function* layerRows(layer: LayerDefinition, pages: AsyncIterable<ExportRow[]>): AsyncGenerator<GpkgRow[]> {
  const numbered = hasNumericKeys(layer);
  for await (const page of pages) {
    yield page.map((row) => {
      const wkb = row.wkb as Uint8Array | null;
      const [minX, maxX, minY, maxY] = [row.min_x, row.max_x, row.min_y, row.max_y] as (number | null)[];
      const envelope: GpkgEnvelope | null =
        minX == null || maxX == null || minY == null || maxY == null ? null : [minX, maxX, minY, maxY];
      return {
        fid: numbered ? Number(row.key) : null,
        geometry: wkb === null ? null : { wkb, envelope },
        values: layer.properties.map((_, i) => (row[`p${i}`] ?? null) as GpkgValue),
      };
    });
  }
}

/**
 * Every feature of `layer` that passes `filters`, as the bytes of a GeoPackage holding one
 * feature table named after the layer, in EPSG:4326. Pages are read as the other exports read
 * them (keyset, in id order); the file is assembled in memory, so its size is bounded by memory.
 */
export function buildGeoPackage(
  pool: pg.Pool,
  layer: LayerDefinition,
  filters: FeatureFilters,
  pageSize: number = EXPORT_PAGE_SIZE,
): Promise<Uint8Array> {
  return writeGeoPackage(layer, readExportPages(pool, layer, filters, 'gpkg', pageSize));
}

/**
 * A GeoPackage of `layer` holding the rows of `pages` (export pages in the `gpkg` format):
 * `fid`, the geometry, then the registry's properties under their API names.
 */
export function writeGeoPackage(layer: LayerDefinition, pages: AsyncIterable<ExportRow[]>): Promise<Uint8Array> {
  return writeGeoPackageTables([
    {
      name: layer.id,
      identifier: layer.title.nl,
      description: `${layer.description.nl} / ${layer.description.en} — ${layer.attribution}`,
      geometry: { column: GPKG_GEOMETRY_COLUMN, type: GPKG_GEOMETRY_TYPES[layer.geometryType] },
      columns: layer.properties.map((p) => ({ name: p.name, type: GPKG_COLUMN_TYPES[p.type] })),
      rows: layerRows(layer, pages),
    },
  ]);
}
