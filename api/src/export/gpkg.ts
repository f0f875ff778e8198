import type pg from 'pg';
import type { Database as SqliteDatabase } from 'sql.js';
import { encodeGpkgGeometry } from '../gpkg/blob.ts';
import { loadSqlite } from '../gpkg/sqlite.ts';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition, PropertyType } from '../layers/types.ts';
import { EXPORT_PAGE_SIZE, type ExportRow, hasNumericKeys, readExportPages } from './export-query.ts';

/*
 * A layer's export as a GeoPackage 1.3 file (OGC 12-128r18), written with SQLite compiled to
 * WebAssembly (sql.js). The whole file is built in memory and sent in one piece: a GeoPackage
 * is a database file, not a stream. Decision record 19 gives the limits (no spatial index).
 */

export const GPKG_CONTENT_TYPE = 'application/geopackage+sqlite3';

/** 'GPKG' as a 32-bit big-endian integer: PRAGMA application_id (requirement 2). */
export const GPKG_APPLICATION_ID = 0x47504b47;
/** Version 1.3.0 as PRAGMA user_version (requirement 2). */
export const GPKG_USER_VERSION = 10300;

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

/** The GeoPackage column type of each registry property type (GeoPackage 1.3, table 1). */
export const GPKG_COLUMN_TYPES: Record<PropertyType, string> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
};

/** The feature table's geometry column. */
export const GPKG_GEOMETRY_COLUMN = 'geom';

/** SQLite quotes identifiers in double quotes, doubling any inside (layer ids hold hyphens). */
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** [minX, minY, maxX, maxY] of everything written so far, or null before the first geometry. */
type Extent = [number, number, number, number] | null;

function widen(extent: Extent, row: ExportRow): Extent {
  const [minX, maxX, minY, maxY] = [row.min_x, row.max_x, row.min_y, row.max_y] as (number | null)[];
  if (minX == null || maxX == null || minY == null || maxY == null) return extent;
  if (!extent) return [minX, minY, maxX, maxY];
  return [Math.min(extent[0], minX), Math.min(extent[1], minY), Math.max(extent[2], maxX), Math.max(extent[3], maxY)];
}

/**
 * The feature table: `fid` (the feature's id when it is a number, so it stays the same from one
 * export to the next; a row number for the sectors, whose id is their code, a property too),
 * the geometry, then the registry's properties under their API names.
 */
function createFeatureTable(db: SqliteDatabase, layer: LayerDefinition): void {
  const columns = layer.properties.map((p) => `${quote(p.name)} ${GPKG_COLUMN_TYPES[p.type]}`);
  db.run(
    `CREATE TABLE ${quote(layer.id)} (
       fid INTEGER PRIMARY KEY AUTOINCREMENT,
       ${quote(GPKG_GEOMETRY_COLUMN)} ${layer.geometryType.toUpperCase()}${columns.map((c) => `,\n       ${c}`).join('')}
     )`,
  );
}

/** Rows (export pages in the `gpkg` format) into the feature table; returns their extent. */
async function insertFeatures(
  db: SqliteDatabase,
  layer: LayerDefinition,
  pages: AsyncIterable<ExportRow[]>,
): Promise<Extent> {
  const names = ['fid', GPKG_GEOMETRY_COLUMN, ...layer.properties.map((p) => p.name)].map(quote);
  const insert = db.prepare(
    `INSERT INTO ${quote(layer.id)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
  );
  const numbered = hasNumericKeys(layer);
  let extent: Extent = null;
  try {
    for await (const rows of pages) {
      for (const row of rows) {
        const wkb = row.wkb as Uint8Array | null;
        // A point is its own envelope; other geometries carry theirs in the blob (clause 2.1.3).
        const envelope =
          layer.geometryType === 'Point' || wkb === null
            ? null
            : ([row.min_x, row.max_x, row.min_y, row.max_y] as [number, number, number, number]);
        insert.run([
          numbered ? Number(row.key) : null,
          wkb === null ? null : encodeGpkgGeometry(wkb, WGS84, envelope),
          ...layer.properties.map((_, i) => (row[`p${i}`] ?? null) as string | number | null),
        ]);
        extent = widen(extent, row);
      }
    }
  } finally {
    insert.free();
  }
  return extent;
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

/** A GeoPackage of `layer` holding the rows of `pages` (export pages in the `gpkg` format). */
export async function writeGeoPackage(layer: LayerDefinition, pages: AsyncIterable<ExportRow[]>): Promise<Uint8Array> {
  const SQL = await loadSqlite();
  const db = new SQL.Database();
  try {
    db.run(`PRAGMA application_id = ${GPKG_APPLICATION_ID}; PRAGMA user_version = ${GPKG_USER_VERSION};`);
    db.run('BEGIN');
    db.run(CORE_SCHEMA);
    createFeatureTable(db, layer);
    const extent = await insertFeatures(db, layer, pages);
    db.run(
      `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
       VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)`,
      [
        layer.id,
        layer.title.nl,
        `${layer.description.nl} / ${layer.description.en} — ${layer.attribution}`,
        ...(extent ?? [null, null, null, null]),
        WGS84,
      ],
    );
    db.run(
      `INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
       VALUES (?, ?, ?, ?, 0, 0)`,
      [layer.id, GPKG_GEOMETRY_COLUMN, layer.geometryType.toUpperCase(), WGS84],
    );
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
