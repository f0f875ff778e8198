import type { Database } from 'sql.js';
import { afterEach, describe, expect, it } from 'vitest';
import wkx from 'wkx';
import { decodeGpkgGeometry } from '../gpkg/blob.ts';
import { loadSqlite } from '../gpkg/sqlite.ts';
import { findLayer } from '../layers/registry.ts';
import type { ExportRow } from './export-query.ts';
import { GPKG_APPLICATION_ID, GPKG_USER_VERSION, writeGeoPackage } from './gpkg.ts';

const youth = findLayer('youth-facilities')!;
const sectors = findLayer('neighbourhoods')!;

async function* pagesOf(...pages: ExportRow[][]): AsyncGenerator<ExportRow[]> {
  yield* pages;
}

const wkbOf = (geojson: object) => wkx.Geometry.parseGeoJSON(geojson).toWkb();

let opened: Database[] = [];
afterEach(() => {
  for (const db of opened) db.close();
  opened = [];
});

async function open(bytes: Uint8Array): Promise<Database> {
  const SQL = await loadSqlite();
  const db = new SQL.Database(bytes);
  opened.push(db);
  return db;
}

function rows(db: Database, sql: string): unknown[][] {
  return db.exec(sql)[0]?.values ?? [];
}

/** A youth facility row as readExportPages gives it in the `gpkg` format. */
function facility(key: number, name: string, [x, y]: [number, number]): ExportRow {
  const wkb = wkbOf({ type: 'Point', coordinates: [x, y] });
  return { key, p0: name, p1: 'school', p2: 1, p3: 0, wkb, min_x: x, max_x: x, min_y: y, max_y: y };
}

describe('writeGeoPackage', () => {
  it('writes the GeoPackage 1.3 header, the required SRS rows and the feature table', async () => {
    const db = await open(await writeGeoPackage(youth, pagesOf([facility(7, 'A', [4.1, 50.2])])));
    expect(rows(db, 'PRAGMA application_id')).toEqual([[GPKG_APPLICATION_ID]]);
    expect(GPKG_APPLICATION_ID).toBe(1196444487); // 'G' 0x47, 'P' 0x50, 'K' 0x4B, 'G' 0x47
    expect(rows(db, 'PRAGMA user_version')).toEqual([[GPKG_USER_VERSION]]);
    expect(
      rows(db, 'SELECT srs_id, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys ORDER BY 1'),
    ).toEqual([
      [-1, 'NONE', -1],
      [0, 'NONE', 0],
      [4326, 'EPSG', 4326],
    ]);
    expect(
      rows(db, 'SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns'),
    ).toEqual([['youth-facilities', 'geom', 'POINT', 4326, 0, 0]]);
    expect(rows(db, `SELECT name, type FROM pragma_table_info('youth-facilities') ORDER BY cid`)).toEqual([
      ['fid', 'INTEGER'],
      ['geom', 'POINT'],
      ['name', 'TEXT'],
      ['kind', 'TEXT'],
      ['isPublic', 'BOOLEAN'],
      ['synthetic', 'BOOLEAN'],
    ]);
    expect(rows(db, 'PRAGMA integrity_check')).toEqual([['ok']]);
    expect(rows(db, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('keeps numeric ids as fid and sets the extent in gpkg_contents over every page', async () => {
    const bytes = await writeGeoPackage(
      youth,
      pagesOf([facility(3, 'A', [4.2, 50.7]), facility(9, 'B', [4.3, 50.6])], [facility(12, 'C', [4.25, 50.8])]),
    );
    const db = await open(bytes);
    expect(rows(db, `SELECT fid, name FROM "youth-facilities" ORDER BY fid`)).toEqual([
      [3, 'A'],
      [9, 'B'],
      [12, 'C'],
    ]);
    // x from 4.2 to 4.3, y from 50.6 to 50.8
    expect(rows(db, 'SELECT data_type, srs_id, min_x, min_y, max_x, max_y FROM gpkg_contents')).toEqual([
      ['features', 4326, 4.2, 50.6, 4.3, 50.8],
    ]);
    const [[blob]] = rows(db, `SELECT geom FROM "youth-facilities" WHERE fid = 9`) as [[Uint8Array]];
    const decoded = decodeGpkgGeometry(blob);
    expect(decoded.srsId).toBe(4326);
    expect(blob[3]).toBe(0x01); // little endian, no envelope: a point is its own
    expect(wkx.Geometry.parse(Buffer.from(decoded.wkb)).toGeoJSON()).toEqual({
      type: 'Point',
      coordinates: [4.3, 50.6],
    });
  });

  it('numbers text-keyed features and gives polygons their envelope', async () => {
    const ring = [
      [4, 50],
      [4, 50.1],
      [4.05, 50.1],
      [4.05, 50],
      [4, 50],
    ];
    const wkb = wkbOf({ type: 'MultiPolygon', coordinates: [[ring]] });
    const row: ExportRow = {
      key: '99999A00-',
      ...{ p0: '99999A00-', p1: 'WEST', p2: '99999W01', p3: 'Testgem', p4: 1000, p5: 400, p6: 1 },
      ...{ wkb, min_x: 4, max_x: 4.05, min_y: 50, max_y: 50.1 },
    };
    const db = await open(await writeGeoPackage(sectors, pagesOf([row])));
    expect(rows(db, 'SELECT fid, code, population, figuresEstimated FROM neighbourhoods')).toEqual([
      [1, '99999A00-', 1000, 1],
    ]);
    const [[blob]] = rows(db, 'SELECT geom FROM neighbourhoods') as [[Uint8Array]];
    expect(blob[3]).toBe(0x03); // envelope indicator 1 (xy) << 1, little endian
    const envelope = new DataView(blob.buffer, blob.byteOffset + 8, 32);
    // [minX, maxX, minY, maxY]
    expect([0, 8, 16, 24].map((offset) => envelope.getFloat64(offset, true))).toEqual([4, 4.05, 50, 50.1]);
  });

  it('writes an empty table with no extent when nothing matched', async () => {
    const db = await open(await writeGeoPackage(youth, pagesOf()));
    expect(rows(db, `SELECT count(*) FROM "youth-facilities"`)).toEqual([[0]]);
    expect(rows(db, 'SELECT min_x, min_y, max_x, max_y FROM gpkg_contents')).toEqual([[null, null, null, null]]);
  });
});
