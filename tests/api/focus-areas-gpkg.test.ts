import type { FastifyInstance } from 'fastify';
import type { Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wkx from 'wkx';
import { decodeGpkgGeometry } from '../../api/src/gpkg/blob.ts';
import { loadSqlite } from '../../api/src/gpkg/sqlite.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login, writeHeaders } from '../support/auth.ts';

/*
 * GET /api/focus-areas/export?format=gpkg (issue 8): areas made through the API by a
 * coordinator, exported by a planner, the bytes opened with SQLite (sql.js) and read back.
 * Users and areas are this file's own (usernames prefixed `focus-areas-gpkg.`) and removed
 * afterwards. Geometries lie in the fixture's square (lon 4.0–4.1, lat 50.0–50.1).
 */

type Ring = [number, number][];
/** A rectangle as the map draws it: one counter-clockwise ring from the south-west corner. */
const rectangle = (west: number, south: number, east: number, north: number): Ring => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];

const RING_A = rectangle(4.03, 50.03, 4.05, 50.04);
const RING_B = rectangle(4.06, 50.05, 4.08, 50.07);
const RING_GONE = rectangle(4.09, 50.08, 4.095, 50.09);

/** The second action is assigned to a partner organisation made for this file (its id, once made). */
const actionsA = (partnerId: number) => [
  { year: 2024, action: 'Bomen planten', partner: 'Groendienst', status: 'done' },
  { year: 2025, action: 'Buurtoverleg "Statie"', partner: '', status: 'planned', phase: 'prevention', partnerId },
];
const PARTNER_NAME = 'focus-areas-gpkg: Preventiedienst';
let partnerId: number;

const area = (name: string, ring: Ring, overrides: Record<string, unknown> = {}) => ({
  name,
  theme: 'buurten',
  priority: 'high',
  status: 'active',
  description: '',
  actions: [],
  geometry: { type: 'Polygon', coordinates: [ring] },
  ...overrides,
});

interface Created {
  id: number;
  properties: { version: number; updatedAt: string; updatedBy: string };
}

/** A live area that another test file left behind, as the staff list gives it (normally none). */
interface Other {
  id: number;
  geometry: { type: 'MultiPolygon'; coordinates: [number, number][][][] };
  properties: { actions: unknown[] };
}

const PASSWORD = 'focus-areas-gpkg-password';
const COORDINATOR = 'focus-areas-gpkg.coordinator';
const PLANNER = 'focus-areas-gpkg.planner';

let app: FastifyInstance;
let coordinator: string;
let planner: string;
const userIds: number[] = [];
const areaIds: number[] = [];
let a: Created;
let b: Created;
let gone: Created;
let others: Other[];
let db: Database;

async function create(body: ReturnType<typeof area>): Promise<Created> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/focus-areas',
    headers: writeHeaders(coordinator),
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  const created = response.json<Created>();
  areaIds.push(created.id);
  return created;
}

const rows = (sql: string) => db.exec(sql)[0]?.values ?? [];

beforeAll(async () => {
  app = await createTestApp();
  userIds.push(await createUser(app.db.pool, { username: COORDINATOR, role: 'coordinator', password: PASSWORD }));
  userIds.push(await createUser(app.db.pool, { username: PLANNER, role: 'planner', password: PASSWORD }));
  coordinator = await login(app, COORDINATOR, PASSWORD);
  planner = await login(app, PLANNER, PASSWORD);
  const list = await app.inject({ url: '/api/focus-areas', headers: { cookie: planner } });
  others = list.json<{ features: Other[] }>().features;
  const { rows: partner } = await app.db.pool.query<{ id: string }>(
    `INSERT INTO partners (name, kind) VALUES ($1, 'prevention') RETURNING id`,
    [PARTNER_NAME],
  );
  partnerId = Number(partner[0]!.id);

  a = await create(
    area('Stationsbuurt "oost", één', RING_A, {
      description: 'Twee regels\nen een komma, ook',
      actions: actionsA(partnerId),
    }),
  );
  b = await create(area('Bospark', RING_B, { theme: 'jongeren', priority: 'low', status: 'proposed' }));
  // Deleted: neither it nor its action may be in the file.
  gone = await create(
    area('Verwijderd', RING_GONE, { actions: [{ year: 2024, action: 'Weg', partner: '', status: 'dropped' }] }),
  );
  const deleted = await app.inject({
    method: 'DELETE',
    url: `/api/focus-areas/${gone.id}?version=1`,
    headers: writeHeaders(coordinator),
  });
  expect(deleted.statusCode, deleted.body).toBe(200);

  const response = await app.inject({ url: '/api/focus-areas/export?format=gpkg', headers: { cookie: planner } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/geopackage+sqlite3');
  const today = new Date().toISOString().slice(0, 10);
  expect(response.headers['content-disposition']).toBe(`attachment; filename="focus-areas-${today}.gpkg"`);
  // Every SQLite file starts with this 16-byte string.
  expect(response.rawPayload.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  const SQL = await loadSqlite();
  db = new SQL.Database(response.rawPayload);
});

afterAll(async () => {
  db?.close();
  const pool = app.db.pool;
  await pool.query(
    `DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[]) OR (entity = 'focus-area' AND entity_id = ANY ($2::text[]))`,
    [userIds, areaIds.map(String)],
  );
  await pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = ANY ($1::bigint[])', [areaIds]);
  await pool.query('DELETE FROM focus_areas WHERE id = ANY ($1::bigint[])', [areaIds]);
  await pool.query('DELETE FROM users WHERE id = ANY ($1::bigint[])', [userIds]); // sessions cascade
  await pool.query('DELETE FROM partners WHERE name = $1', [PARTNER_NAME]);
  await app.close();
});

describe('GET /api/focus-areas/export?format=gpkg', () => {
  it('is a GeoPackage 1.3 with a feature table of the areas and an attributes table of their actions', () => {
    expect(rows('PRAGMA application_id')).toEqual([[0x47504b47]]);
    expect(rows('PRAGMA user_version')).toEqual([[10300]]);
    expect(rows('PRAGMA integrity_check')).toEqual([['ok']]);
    expect(rows(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY 1`)).toEqual([
      ['focus_area_actions'],
      ['focus_areas'],
      ['gpkg_contents'],
      ['gpkg_geometry_columns'],
      ['gpkg_spatial_ref_sys'],
    ]);
    expect(rows('SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY 1')).toEqual([[-1], [0], [4326]]);
    // The extent of the live areas: A and B, x 4.03..4.08 and y 50.03..50.07, widened by any area
    // another file left (normally none); not the deleted area's 4.09..4.095 / 50.08..50.09.
    const corners = [...RING_A, ...RING_B, ...others.flatMap((o) => o.geometry.coordinates.flat(2))];
    const xs = corners.map(([x]) => x);
    const ys = corners.map(([, y]) => y);
    const extent = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    if (others.length === 0) expect(extent).toEqual([4.03, 50.03, 4.08, 50.07]);
    expect(
      rows(
        'SELECT table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents ORDER BY 1',
      ),
    ).toEqual([
      ['focus_area_actions', 'attributes', 'Acties per aandachtsgebied', null, null, null, null, null],
      ['focus_areas', 'features', 'Aandachtsgebieden', ...extent, 4326],
    ]);
    expect(rows('SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns')).toEqual(
      [['focus_areas', 'geom', 'MULTIPOLYGON', 4326, 0, 0]],
    );
  });

  it('declares the columns with GeoPackage types, and the actions’ key to the areas', () => {
    expect(rows(`SELECT name, type FROM pragma_table_info('focus_areas') ORDER BY cid`)).toEqual([
      ['fid', 'INTEGER'],
      ['geom', 'MULTIPOLYGON'],
      ['name', 'TEXT'],
      ['theme', 'TEXT'],
      ['priority', 'TEXT'],
      ['status', 'TEXT'],
      ['description', 'TEXT'],
      ['version', 'INTEGER'],
      ['updated_at', 'DATETIME'],
      ['updated_by', 'TEXT'],
    ]);
    expect(rows(`SELECT name, type FROM pragma_table_info('focus_area_actions') ORDER BY cid`)).toEqual([
      ['fid', 'INTEGER'],
      ['focus_area_id', 'INTEGER'],
      ['year', 'INTEGER'],
      ['action', 'TEXT'],
      ['partner', 'TEXT'],
      ['status', 'TEXT'],
      ['phase', 'TEXT'],
      ['partner_id', 'INTEGER'],
      ['partner_name', 'TEXT'],
    ]);
    expect(rows(`SELECT "table", "from", "to" FROM pragma_foreign_key_list('focus_area_actions')`)).toEqual([
      ['focus_areas', 'focus_area_id', 'fid'],
    ]);
    // Every action names an area in the file: the deleted area's action went with it.
    expect(rows('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('gives the live areas by id, fid = the area’s id, with the values the API gave', () => {
    expect(rows('SELECT fid FROM focus_areas ORDER BY fid').map(([fid]) => fid)).toEqual([
      ...others.map((o) => o.id),
      a.id,
      b.id,
    ]);
    expect(
      rows(
        `SELECT fid, name, theme, priority, status, description, version, updated_at, updated_by
           FROM focus_areas WHERE fid IN (${a.id}, ${b.id}) ORDER BY fid`,
      ),
    ).toEqual([
      [
        a.id,
        'Stationsbuurt "oost", één',
        'buurten',
        'high',
        'active',
        'Twee regels\nen een komma, ook',
        1,
        a.properties.updatedAt,
        COORDINATOR,
      ],
      [b.id, 'Bospark', 'jongeren', 'low', 'proposed', '', 1, b.properties.updatedAt, COORDINATOR],
    ]);
    expect(a.properties.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(rows(`SELECT count(*) FROM focus_areas WHERE fid = ${gone.id}`)).toEqual([[0]]);
  });

  it('stores each drawn polygon as a MULTIPOLYGON blob in EPSG:4326 with its envelope', () => {
    // [minX, maxX, minY, maxY] of each rectangle, as drawn above.
    for (const [created, ring, bounds] of [
      [a, RING_A, [4.03, 4.05, 50.03, 50.04]],
      [b, RING_B, [4.06, 4.08, 50.05, 50.07]],
    ] as const) {
      const [[blob]] = rows(`SELECT geom FROM focus_areas WHERE fid = ${created.id}`) as [[Uint8Array]];
      const decoded = decodeGpkgGeometry(blob);
      expect(decoded.srsId).toBe(4326);
      expect(decoded.empty).toBe(false);
      expect(blob[3]).toBe(0x03); // envelope indicator 1 (xy) << 1, little endian
      const envelope = new DataView(blob.buffer, blob.byteOffset + 8, 32);
      expect([0, 8, 16, 24].map((offset) => envelope.getFloat64(offset, true))).toEqual(bounds);
      // The Polygon as drawn, made a MultiPolygon by the database, ring and order unchanged.
      expect(wkx.Geometry.parse(Buffer.from(decoded.wkb)).toGeoJSON()).toEqual({
        type: 'MultiPolygon',
        coordinates: [[ring]],
      });
    }
  });

  it('gives one row per action with its area’s id, numbered 1, 2, … by area and in the area’s order', () => {
    // Areas other files left (normally none) are older, so their actions come first.
    const before = others.reduce((sum, o) => sum + o.properties.actions.length, 0);
    expect(rows('SELECT count(*) FROM focus_area_actions')).toEqual([[before + 2]]);
    expect(
      rows(
        `SELECT fid, focus_area_id, year, action, partner, status, phase, partner_id, partner_name
           FROM focus_area_actions
          WHERE focus_area_id IN (${a.id}, ${b.id}, ${gone.id}) ORDER BY fid`,
      ),
    ).toEqual([
      // An action without phase or partner organisation has them empty (NULL), not left out.
      [before + 1, a.id, 2024, 'Bomen planten', 'Groendienst', 'done', null, null, null],
      [before + 2, a.id, 2025, 'Buurtoverleg "Statie"', '', 'planned', 'prevention', partnerId, PARTNER_NAME],
    ]);
    // Related as a GIS relates them: A has its two actions, B none.
    expect(
      rows(
        `SELECT a.fid, count(x.fid) FROM focus_areas a LEFT JOIN focus_area_actions x ON x.focus_area_id = a.fid
          WHERE a.fid IN (${a.id}, ${b.id}) GROUP BY a.fid ORDER BY a.fid`,
      ),
    ).toEqual([
      [a.id, 2],
      [b.id, 0],
    ]);
  });

  it('refuses anonymous callers with 401, as the other formats, and a misspelt format with 400', async () => {
    for (const format of ['gpkg', 'csv', 'geojson']) {
      const response = await app.inject(`/api/focus-areas/export?format=${format}`);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['content-disposition']).toBeUndefined();
    }
    const response = await app.inject({ url: '/api/focus-areas/export?format=GPKG', headers: { cookie: planner } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, parameter: 'format' });
  });
});
