import type { FastifyInstance } from 'fastify';
import type { Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wkx from 'wkx';
import { decodeGpkgGeometry } from '../../api/src/gpkg/blob.ts';
import { loadSqlite } from '../../api/src/gpkg/sqlite.ts';
import { createTestApp } from '../support/app.ts';
import { signInPlanner } from '../support/staff.ts';

/*
 * GET /api/layers/:id/export?format=gpkg (issue 8): the bytes are opened with SQLite (sql.js)
 * and read back against the shared fixture (tests/fixtures/api-fixture.sql).
 */

let app: FastifyInstance;
let planner: string;
/** Fixture source_id -> the id the database gave it (the fid of the GeoPackage). */
let idOf: Record<string, number>;
const opened: Database[] = [];

beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'export-gpkg-planner');
  const { rows } = await app.db.pool.query<{ source_id: string; id: string }>(
    `SELECT source_id, id::text AS id FROM incidents UNION ALL SELECT source_id, id::text FROM vacant_buildings`,
  );
  idOf = Object.fromEntries(rows.map((row) => [row.source_id, Number(row.id)]));
});
afterAll(async () => {
  for (const db of opened) db.close();
  await app.close();
});

const today = () => new Date().toISOString().slice(0, 10);

async function geoPackageOf(layer: string, filters = ''): Promise<Database> {
  const response = await app.inject({
    url: `/api/layers/${layer}/export?format=gpkg${filters}`,
    headers: { cookie: planner },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/geopackage+sqlite3');
  expect(response.headers['content-disposition']).toBe(`attachment; filename="${layer}-${today()}.gpkg"`);
  // Every SQLite file starts with this 16-byte string.
  expect(response.rawPayload.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  const SQL = await loadSqlite();
  const db = new SQL.Database(response.rawPayload);
  opened.push(db);
  return db;
}

const rows = (db: Database, sql: string) => db.exec(sql)[0]?.values ?? [];

/** The GeoJSON of a feature's GeoPackage blob, after checking it is in EPSG:4326. */
function geometryOf(blob: unknown): unknown {
  const decoded = decodeGpkgGeometry(blob as Uint8Array);
  expect(decoded.srsId).toBe(4326);
  return wkx.Geometry.parse(Buffer.from(decoded.wkb)).toGeoJSON();
}

describe('GET /api/layers/:id/export?format=gpkg', () => {
  it('exports every incident into a GeoPackage 1.3 with one feature table', async () => {
    const db = await geoPackageOf('incidents');
    expect(rows(db, 'PRAGMA application_id')).toEqual([[0x47504b47]]);
    expect(rows(db, 'PRAGMA user_version')).toEqual([[10300]]);
    expect(rows(db, 'PRAGMA integrity_check')).toEqual([['ok']]);
    expect(
      rows(db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY 1`),
    ).toEqual([['gpkg_contents'], ['gpkg_geometry_columns'], ['gpkg_spatial_ref_sys'], ['incidents']]);
    expect(rows(db, 'SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY 1')).toEqual([[-1], [0], [4326]]);
    // The five fixture incidents lie from 4.01/50.01 to 4.09/50.09.
    expect(
      rows(db, 'SELECT table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents'),
    ).toEqual([['incidents', 'features', 'Incidenten', 4.01, 50.01, 4.09, 50.09, 4326]]);
    expect(rows(db, 'SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns')).toEqual([
      ['geom', 'POINT', 4326],
    ]);
    expect(rows(db, `SELECT name, type FROM pragma_table_info('incidents') ORDER BY cid`)).toEqual([
      ['fid', 'INTEGER'],
      ['geom', 'POINT'],
      ['category', 'TEXT'],
      ['occurredAt', 'DATETIME'],
      ['source', 'TEXT'],
      ['locationPrecision', 'TEXT'],
      ['synthetic', 'BOOLEAN'],
    ]);
    const features = rows(
      db,
      'SELECT fid, category, occurredAt, source, locationPrecision, synthetic FROM incidents ORDER BY fid',
    );
    expect(features).toEqual([
      [idOf['T-INC-1'], 'overlast', '2024-01-15T22:00:00.000Z', 'meldpunt', 'exact', 0],
      [idOf['T-INC-2'], 'overlast', '2024-06-01T12:00:00.000Z', 'politie', 'straat', 0],
      [idOf['T-INC-3'], 'woninginbraak', '2024-12-31T23:30:00.000Z', 'politie', 'exact', 0],
      [idOf['T-INC-4'], 'diefstal', '2025-03-01T08:00:00.000Z', 'politie', 'exact', 0],
      // 09:00+01:00 is 08:00 UTC
      [idOf['T-INC-5'], 'verkeer', '2025-03-01T08:00:00.000Z', 'politie', 'sector', 0],
    ]);
    const geometries = rows(db, 'SELECT geom FROM incidents ORDER BY fid').map(([blob]) => geometryOf(blob));
    expect(geometries).toEqual(
      [
        [4.01, 50.01],
        [4.02, 50.02],
        [4.06, 50.06],
        [4.07, 50.07],
        [4.09, 50.09],
      ].map((coordinates) => ({ type: 'Point', coordinates })),
    );
  });

  it('applies the features API filters', async () => {
    const fids = async (filters: string) =>
      rows(await geoPackageOf('incidents', filters), 'SELECT fid FROM incidents ORDER BY fid').map(([fid]) => fid);
    expect(await fids('&category=overlast')).toEqual([idOf['T-INC-1'], idOf['T-INC-2']]);
    // 2024 as whole UTC days: T-INC-3 at 23:30Z on 31 December is in
    expect(await fids('&datetime=2024-01-01/2024-12-31')).toEqual([idOf['T-INC-1'], idOf['T-INC-2'], idOf['T-INC-3']]);
    // the north-east quarter holds 4.06/50.06, 4.07/50.07 and 4.09/50.09
    const northEast = await geoPackageOf('incidents', '&bbox=4.05,50.05,4.1,50.1');
    expect(rows(northEast, 'SELECT fid FROM incidents ORDER BY fid').map(([fid]) => fid)).toEqual([
      idOf['T-INC-3'],
      idOf['T-INC-4'],
      idOf['T-INC-5'],
    ]);
    // ... and the extent is theirs: 4.06..4.09, 50.06..50.09
    expect(rows(northEast, 'SELECT min_x, min_y, max_x, max_y FROM gpkg_contents')).toEqual([
      [4.06, 50.06, 4.09, 50.09],
    ]);
  });

  it('writes dates as YYYY-MM-DD and NULL for an open end', async () => {
    const db = await geoPackageOf('vacant-buildings', '&datetime=2023-06-01/..');
    expect(rows(db, `SELECT name, type FROM pragma_table_info('vacant-buildings') WHERE name LIKE '%On'`)).toEqual([
      ['registeredOn', 'DATE'],
      ['resolvedOn', 'DATE'],
    ]);
    // registered 2023-05-01 and 2024-02-01, both unresolved (ongoing)
    expect(
      rows(db, 'SELECT fid, address, kind, status, registeredOn, resolvedOn FROM "vacant-buildings" ORDER BY fid'),
    ).toEqual([
      [idOf['T-LEEG-B'], 'Teststraat 2', 'gebouw', 'verwaarloosd', '2023-05-01', null],
      [idOf['T-LEEG-C'], 'Teststraat 3', 'bedrijfsruimte', 'onbewoonbaar', '2024-02-01', null],
    ]);
  });

  it('gives the sectors as multipolygons numbered from 1, with their envelope', async () => {
    const db = await geoPackageOf('neighbourhoods');
    expect(rows(db, 'SELECT geometry_type_name FROM gpkg_geometry_columns')).toEqual([['MULTIPOLYGON']]);
    expect(rows(db, `SELECT type FROM pragma_table_info('neighbourhoods') WHERE name = 'population'`)).toEqual([
      ['INTEGER'],
    ]);
    // figures_estimated defaults to true: 1
    expect(
      rows(
        db,
        'SELECT fid, code, name, ward, deelgemeente, population, dwellings, figuresEstimated FROM neighbourhoods',
      ),
    ).toEqual([
      [1, '99999A00-', 'WEST', '99999W01', 'Testgem', 1000, 400, 1],
      [2, '99999A01-', 'OOST', '99999W01', 'Testgem', 50, 20, 1],
    ]);
    const [[blob]] = rows(db, `SELECT geom FROM neighbourhoods WHERE code = '99999A00-'`) as [[Uint8Array]];
    // ST_MakeEnvelope's ring: (xmin ymin, xmin ymax, xmax ymax, xmax ymin, xmin ymin)
    expect(geometryOf(blob)).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [4, 50],
            [4, 50.1],
            [4.05, 50.1],
            [4.05, 50],
            [4, 50],
          ],
        ],
      ],
    });
    expect(rows(db, 'SELECT min_x, min_y, max_x, max_y FROM gpkg_contents')).toEqual([[4, 50, 4.1, 50.1]]);
  });

  it('gives an empty feature table when nothing matches', async () => {
    const db = await geoPackageOf('incidents', '&bbox=5,51,5.1,51.1');
    expect(rows(db, 'SELECT count(*) FROM incidents')).toEqual([[0]]);
    expect(rows(db, 'SELECT min_x FROM gpkg_contents')).toEqual([[null]]);
  });

  it('refuses staff layers to anonymous callers, as the other formats do, and serves public layers', async () => {
    for (const layer of ['incidents', 'vacant-buildings']) {
      const response = await app.inject(`/api/layers/${layer}/export?format=gpkg`);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['content-disposition']).toBeUndefined();
    }
    const response = await app.inject('/api/layers/youth-facilities/export?format=gpkg');
    expect(response.statusCode).toBe(200);
    const SQL = await loadSqlite();
    const db = new SQL.Database(response.rawPayload);
    opened.push(db);
    expect(rows(db, 'SELECT name, kind, isPublic FROM "youth-facilities" ORDER BY fid')).toEqual([
      ['Testschool', 'school', 0],
      ['Testskatepark', 'skatepark', 1],
    ]);
  });

  it.each([
    ['format=GPKG', 'format'],
    ['format=gpkg&bbox=4,50,4.1', 'bbox'],
    ['format=gpkg&category=nope', 'category'],
  ])('%s -> 400 naming %s', async (query, parameter) => {
    const response = await app.inject({ url: `/api/layers/incidents/export?${query}`, headers: { cookie: planner } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.json()).toMatchObject({ status: 400, parameter });
  });
});
