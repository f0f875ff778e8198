import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../api/src/imports/types.ts';
import { createTestApp } from '../support/app.ts';
import { createUser, login, removeUsers, writeHeaders } from '../support/auth.ts';
import {
  fixture,
  importFile,
  type ReportBody,
  runImport,
  tableState,
  upload,
  type UploadBody,
} from '../support/imports.ts';

/*
 * What an import refuses, and how: bad rows one by one with their row number and reason (the
 * rest imported), bad mappings before any row is read, CRS mismatches and database refusals
 * with nothing written (the tables' checksums equal before and after), files that are too
 * large or unreadable. The municipality is the fixture's square, lon 4.0–4.1, lat 50.0–50.1.
 */

let app: FastifyInstance;
let uploadDir: string;
let coordinator: string;
const userIds: number[] = [];

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'import-checks-'));
  app = await createTestApp({ IMPORT_UPLOAD_DIR: uploadDir });
  userIds.push(
    await createUser(app.db.pool, { username: 'import-checks.admin', role: 'admin', password: 'import-checks-1' }),
  );
  coordinator = await login(app, 'import-checks.admin', 'import-checks-1');
});

afterAll(async () => {
  const pool = app.db.pool;
  await pool.query(`DELETE FROM incidents WHERE source_id LIKE ANY (ARRAY['B-0__', 'CHK-%'])`);
  await pool.query(`DELETE FROM vacant_buildings WHERE source_id LIKE 'CHK-%'`);
  await pool.query(`DELETE FROM neighbourhoods WHERE code IN ('99999A02-', '99999A09-')`);
  await removeUsers(pool, userIds);
  await app.close();
  await rm(uploadDir, { recursive: true, force: true });
});

async function uploaded(fileName: string, content: Buffer | string, layer = 'incidents'): Promise<UploadBody> {
  const response = await upload(app, coordinator, fileName, content, `layer=${layer}`);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<UploadBody>();
}

async function latestRun() {
  const response = await app.inject({ url: '/api/imports', headers: writeHeaders(coordinator) });
  return response.json<{ runs: { id: number; status: string; message: string | null; rows: number }[] }>().runs[0];
}

describe('bad rows of every kind (incidents-bad-rows.csv)', () => {
  let report: ReportBody;

  it('imports the 3 good rows and rejects the 11 others, each with its row number, field and reason', async () => {
    report = await importFile(
      app,
      coordinator,
      'incidents',
      'incidents-bad-rows.csv',
      await fixture('incidents-bad-rows.csv'),
    );
    expect(report).toMatchObject({ rows: 14, inserted: 3, updated: 0, rejected: 11 });
    expect(report.inserted + report.updated + report.rejected).toBe(report.rows);
    expect(report.rejections.map((r) => [r.row, r.field ?? null])).toEqual([
      [3, 'category'],
      [4, 'occurredAt'],
      [5, 'occurredAt'],
      [6, 'geometry'],
      [7, 'geometry'],
      [8, 'geometry'],
      [9, 'sourceId'],
      [10, 'sourceId'],
      [11, null],
      [12, null],
      [13, null],
    ]);
    const reasons = report.rejections.map((r) => r.reason);
    expect(reasons[0]).toMatch(/^category: "Vuurwerk" is not a known category/);
    expect(reasons[1]).toMatch(/"31\/02\/2024 10:00" is not a day of the calendar/);
    expect(reasons[2]).toMatch(/"15\/03\/24 10:00" has a two-digit year/);
    expect(reasons[3]).toBe('x is empty while y is given');
    expect(reasons[4]).toBe('y "abc" is not a number');
    // Lambert 72 137952.67, 98778.68 is lon 4.2, lat 50.2: well outside the square.
    expect(reasons[5]).toBe(
      'the point x 137952.67, y 98778.68 in EPSG:31370 (Lambert 72) lies outside the municipality, more than 100 m beyond its boundary',
    );
    expect(reasons[6]).toBe('sourceId "B-001" repeats row 2 (the first row with it is imported)');
    expect(reasons[7]).toBe('sourceId is empty (column "Nr"): a row needs it to be inserted or updated');
    expect(reasons[8]).toMatch(/7 fields.*6/);
    expect(reasons[9]).toMatch(/5 fields.*6/);
    expect(reasons[10]).toBe('the row is empty');
    expect(report.unknownValues).toEqual({ category: [{ value: 'Vuurwerk', rows: 1 }] });
  });

  it('stored the first B-001 (row 2), B-012 and B-013, and nothing of the rejected rows', async () => {
    const { rows } = await app.db.pool.query<{ source_id: string; lon: number; lat: number }>(
      `SELECT source_id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incidents WHERE source_id LIKE 'B-0__' ORDER BY source_id`,
    );
    expect(rows.map((r) => r.source_id)).toEqual(['B-001', 'B-012', 'B-013']);
    // Row 2's place (124467,73 / 78249,09 = lon 4.0125, lat 50.015), not row 9's.
    expect(Math.abs(rows[0]!.lon - 4.0125)).toBeLessThan(1e-6);
    expect(Math.abs(rows[0]!.lat - 50.015)).toBeLessThan(1e-6);
  });

  it('accepts a point up to 100 m outside the boundary, not further', async () => {
    // At lat 50.05 a degree of longitude is 111.32 km × cos 50.05° = 71.5 km: 0.0005° = 36 m east
    // of the square's edge at lon 4.1, 0.002° = 143 m.
    const csv =
      'Nr;Categorie;Datum;Bron;X;Y\nCHK-NEAR;Overlast;01/05/2024 10:00;Politie;4,1005;50,05\nCHK-FAR;Overlast;01/05/2024 10:00;Politie;4,102;50,05\n';
    const near = await importFile(app, coordinator, 'incidents', 'rand.csv', csv);
    expect(near).toMatchObject({ rows: 2, inserted: 1, rejected: 1 });
    expect(near.rejections).toEqual([
      {
        row: 3,
        field: 'geometry',
        reason: 'the point lon 4.102, lat 50.05 lies outside the municipality, more than 100 m beyond its boundary',
      },
    ]);
  });
});

describe('the mapping is checked before any row is read', () => {
  let preview: UploadBody;
  beforeAll(async () => {
    preview = await uploaded('incidents-excel-nl.csv', await fixture('incidents-excel-nl.csv'));
  });

  const cases: [string, (m: ImportMapping) => ImportMapping, RegExp][] = [
    [
      'mapping.fields.category',
      (m) => ({ ...m, fields: { ...m.fields, category: { column: 'Soort' } } }),
      /the file has no column "Soort"/,
    ],
    [
      'mapping.fields.colour',
      (m) => ({ ...m, fields: { ...m.fields, colour: { column: 'Bron' } } }),
      /no field "colour"/,
    ],
    [
      'mapping.fields.synthetic',
      (m) => ({ ...m, fields: { ...m.fields, synthetic: { value: 'true' } } }),
      /every imported incidents feature gets synthetic = false/,
    ],
    [
      'mapping.fields.locationPrecision',
      (m) => ({ ...m, fields: { ...m.fields, locationPrecision: { value: 'overal' } } }),
      /"overal" is not a known locationPrecision/,
    ],
    [
      'mapping.fields.sourceId',
      (m) => ({ ...m, fields: Object.fromEntries(Object.entries(m.fields).filter(([name]) => name !== 'sourceId')) }),
      /map a column to sourceId/,
    ],
    [
      'mapping.values.category',
      (m) => ({ ...m, values: { category: { Inbraak: 'inbraak' } } }),
      /"Inbraak" is mapped to "inbraak", which is not a category/,
    ],
    ['mapping.geometry.y', (m) => ({ ...m, geometry: { kind: 'xy', x: 'X', y: 'Lat' } }), /no column "Lat"/],
    ['mapping.crs', (m) => ({ ...m, crs: 3857 }), /EPSG:3857 is not supported/],
  ];

  it.each(cases)('400 naming %s, and nothing recorded or written', async (parameter, edit, detail) => {
    const before = await tableState(app.db.pool, 'incidents');
    const runsBefore = await tableState(app.db.pool, 'import_runs');
    const response = await runImport(app, coordinator, {
      uploadId: preview.upload.id,
      layer: 'incidents',
      mapping: edit(preview.mapping),
      dryRun: false,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ parameter, detail: expect.stringMatching(detail) });
    expect(await tableState(app.db.pool, 'incidents')).toEqual(before);
    expect(await tableState(app.db.pool, 'import_runs')).toEqual(runsBefore);
  });
});

describe('coordinates that contradict their CRS stop the import: 422, nothing written, the failure recorded', () => {
  it('Lambert 72 declared as WGS 84', async () => {
    const preview = await uploaded('incidents-excel-nl.csv', await fixture('incidents-excel-nl.csv'));
    const before = await tableState(app.db.pool, 'incidents');
    const response = await runImport(app, coordinator, {
      uploadId: preview.upload.id,
      layer: 'incidents',
      mapping: { ...preview.mapping, crs: 4326 },
      dryRun: false,
    });
    expect(response.statusCode, response.body).toBe(422);
    const detail = response.json<{ detail: string }>().detail;
    expect(detail).toMatch(
      /^the coordinates look like EPSG:31370 \(Lambert 72\), not EPSG:4326 \(WGS 84 longitude\/latitude\) as declared \(6 of 6 coordinate pairs/,
    );
    expect(await tableState(app.db.pool, 'incidents')).toEqual(before);
    expect(await latestRun()).toMatchObject({ status: 'failed', message: detail, rows: 0 });
  });

  it('latitude in x and longitude in y', async () => {
    const csv =
      'Nr;Categorie;Datum;Bron;X;Y\nCHK-SW1;Overlast;01/05/2024 10:00;Politie;50,05;4,05\nCHK-SW2;Overlast;01/05/2024 10:00;Politie;50,06;4,06\n';
    const preview = await uploaded('omgewisseld.csv', csv);
    expect(preview.detectedCrs).toBeNull();
    for (const crs of [null, 4326]) {
      const response = await runImport(app, coordinator, {
        uploadId: preview.upload.id,
        layer: 'incidents',
        mapping: { ...preview.mapping, crs },
        dryRun: true,
      });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json<{ detail: string }>().detail).toMatch(/x and y columns look swapped/);
    }
  });

  it('a GeoJSON file (WGS 84 by definition) holding Lambert 72 metres', async () => {
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { nr: 'CHK-GJ', naam: 'Lokaal', soort: 'jeugdhuis', publiek: true },
          geometry: { type: 'Point', coordinates: [124467.73, 78249.09] },
        },
      ],
    });
    const preview = await uploaded('lambert.geojson', geojson, 'youth-facilities');
    const response = await runImport(app, coordinator, {
      uploadId: preview.upload.id,
      layer: 'youth-facilities',
      mapping: preview.mapping,
      dryRun: false,
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json<{ detail: string }>().detail).toMatch(
      /^the coordinates look like EPSG:31370 \(Lambert 72\), not EPSG:4326 .* as the file's own CRS says/,
    );
  });
});

describe('polygons: statistical sectors from GeoJSON', () => {
  const square = (w: number, s: number, e: number, n: number) => [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
  const sector = (code: string, geometry: unknown, properties: Record<string, unknown> = {}) => ({
    type: 'Feature',
    properties: { code, name: `Sector ${code}`, deelgemeente: 'Testgem', population: 10, dwellings: 4, ...properties },
    geometry,
  });
  const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

  it('imports a valid polygon as a MultiPolygon and rejects the invalid, the outside and the wrong kind', async () => {
    const file = collection(
      sector('99999A02-', { type: 'Polygon', coordinates: square(4.01, 50.01, 4.02, 50.02) }),
      // A bow tie: its edges cross at 4.025, 50.025.
      sector('99999A03-', {
        type: 'Polygon',
        coordinates: [
          [
            [4.02, 50.02],
            [4.03, 50.03],
            [4.03, 50.02],
            [4.02, 50.03],
            [4.02, 50.02],
          ],
        ],
      }),
      sector('99999A04-', { type: 'Polygon', coordinates: square(4.2, 50.2, 4.21, 50.21) }),
      sector('99999A05-', {
        type: 'LineString',
        coordinates: [
          [4.01, 50.01],
          [4.02, 50.02],
        ],
      }),
      sector('99999A06-', {
        type: 'Polygon',
        coordinates: [
          [
            [4.01, 50.01],
            [4.02, 50.01],
            [4.01, 50.01],
          ],
        ],
      }),
      sector('99999A07-', { type: 'Polygon', coordinates: square(4.03, 50.03, 4.04, 50.04) }, { population: 'veel' }),
    );
    const report = await importFile(app, coordinator, 'neighbourhoods', 'sectoren.geojson', file);
    expect(report).toMatchObject({ rows: 6, inserted: 1, updated: 0, rejected: 5 });
    expect(report.rejections).toEqual([
      { row: 2, field: 'geometry', reason: 'the polygon is not valid (PostGIS: Self-intersection[4.025 50.025])' },
      {
        row: 3,
        field: 'geometry',
        reason: expect.stringMatching(
          /^the polygon \(one of its points: lon 4\.2\d*, lat 50\.2\d*\) lies outside the municipality, more than 100 m beyond its boundary$/,
        ),
      },
      { row: 4, field: 'geometry', reason: 'the geometry is a LineString; this layer takes polygons' },
      { row: 5, field: 'geometry', reason: 'the outer ring has 3 positions; a ring needs at least 4' },
      { row: 6, field: 'population', reason: 'population: "veel" is not a whole number (column "population")' },
    ]);
    const { rows } = await app.db.pool.query(
      `SELECT name, population, dwellings, figures_estimated, ST_AsText(geom) AS wkt FROM neighbourhoods WHERE code = '99999A02-'`,
    );
    expect(rows).toEqual([
      {
        name: 'Sector 99999A02-',
        population: 10,
        dwellings: 4,
        figures_estimated: false, // the registry's default for imported sectors
        wkt: 'MULTIPOLYGON(((4.01 50.01,4.02 50.01,4.02 50.02,4.01 50.02,4.01 50.01)))',
      },
    ]);
  });

  it('a feature without geometry updates a sector and keeps its outline; an empty required cell keeps its value', async () => {
    const file = collection({
      type: 'Feature',
      properties: { code: '99999A02-', name: null, deelgemeente: 'Testgem', population: 12, dwellings: 5 },
      geometry: null,
    });
    const report = await importFile(app, coordinator, 'neighbourhoods', 'cijfers.geojson', file);
    expect(report).toMatchObject({ rows: 1, inserted: 0, updated: 1, unchanged: 0, rejected: 0 });
    const { rows } = await app.db.pool.query(
      `SELECT name, population, dwellings, ST_AsText(geom) AS wkt FROM neighbourhoods WHERE code = '99999A02-'`,
    );
    expect(rows).toEqual([
      {
        name: 'Sector 99999A02-',
        population: 12,
        dwellings: 5,
        wkt: 'MULTIPOLYGON(((4.01 50.01,4.02 50.01,4.02 50.02,4.01 50.02,4.01 50.01)))',
      },
    ]);
  });

  it('a ward code that does not exist rejects its row (it would break the foreign key), the others are imported', async () => {
    const file = collection(
      sector('99999A08-', { type: 'Polygon', coordinates: square(4.05, 50.05, 4.06, 50.06) }, { wijk: '99999W09' }),
      sector('99999A09-', { type: 'Polygon', coordinates: square(4.06, 50.06, 4.07, 50.07) }, { wijk: '99999W01' }),
    );
    const report = await importFile(app, coordinator, 'neighbourhoods', 'wijken.geojson', file);
    expect(report).toMatchObject({ rows: 2, inserted: 1, updated: 0, rejected: 1 });
    expect(report.rejections).toEqual([{ row: 1, field: 'ward', reason: 'ward "99999W09" is not a known ward code' }]);
    const { rows } = await app.db.pool.query(
      `SELECT code, ward_code FROM neighbourhoods WHERE code IN ('99999A08-', '99999A09-') ORDER BY code`,
    );
    expect(rows).toEqual([{ code: '99999A09-', ward_code: '99999W01' }]);
  });

  it('a row the database refuses (a sector code its CHECK does not allow) fails the whole import: 422, the table as before', async () => {
    const before = await tableState(app.db.pool, 'neighbourhoods');
    const versionsBefore = await tableState(app.db.pool, 'data_versions');
    const file = collection(
      sector('99999A08-', { type: 'Polygon', coordinates: square(4.05, 50.05, 4.06, 50.06) }),
      sector('99999A02-', null, { population: 99 }),
      sector('not a code', { type: 'Polygon', coordinates: square(4.07, 50.07, 4.08, 50.08) }),
    );
    const preview = await uploaded('fout.geojson', file, 'neighbourhoods');
    for (const dryRun of [true, false]) {
      const response = await runImport(app, coordinator, {
        uploadId: preview.upload.id,
        layer: 'neighbourhoods',
        mapping: preview.mapping,
        dryRun,
      });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json()).toMatchObject({
        detail: expect.stringMatching(
          /^the database refused the import, so nothing was imported: .*neighbourhoods_code_check/,
        ),
        constraint: 'neighbourhoods_code_check',
      });
      expect(await latestRun()).toMatchObject({
        status: 'failed',
        message: response.json<{ detail: string }>().detail,
      });
    }
    expect(await tableState(app.db.pool, 'neighbourhoods')).toEqual(before);
    expect(await tableState(app.db.pool, 'data_versions')).toEqual(versionsBefore);
  });
});

describe('fields the mapping leaves out, rows without a place', () => {
  it('updates what the file gives and keeps the rest; a new key without the required fields is rejected', async () => {
    await importFile(
      app,
      coordinator,
      'incidents',
      'eerst.csv',
      'Nr;Categorie;Datum;Bron;X;Y\nCHK-G1;Overlast;01/05/2024 10:00;Politie;4,05;50,05\n',
    );
    const report = await importFile(
      app,
      coordinator,
      'incidents',
      'later.csv',
      'Nr;Categorie\nCHK-G1;Drugs\nCHK-G2;Drugs\n',
    );
    expect(report).toMatchObject({ rows: 2, inserted: 0, updated: 1, rejected: 1 });
    expect(report.rejections).toEqual([
      {
        row: 3,
        field: 'occurredAt',
        reason: 'occurredAt is required for a new feature, and the mapping gives no column for it',
      },
    ]);
    const { rows } = await app.db.pool.query(
      `SELECT category, source, occurred_at = '2024-05-01T08:00:00Z' AS kept_time, ST_AsText(geom) AS wkt
         FROM incidents WHERE source_id = 'CHK-G1'`,
    );
    expect(rows).toEqual([{ category: 'drugs', source: 'politie', kept_time: true, wkt: 'POINT(4.05 50.05)' }]);
  });

  it('a new row with every field but no place is rejected for its place', async () => {
    const report = await importFile(
      app,
      coordinator,
      'incidents',
      'geen-plaats.csv',
      'Nr;Categorie;Datum;Bron;X;Y\nCHK-G3;Drugs;01/05/2024 10:00;Politie;;\n',
      {
        edit: (mapping) => ({ ...mapping, crs: 4326 }),
      },
    );
    expect(report.rejections).toEqual([
      { row: 2, field: 'geometry', reason: 'a new feature needs a place, and the row has no coordinates' },
    ]);
  });

  it('an empty cell of a required field keeps the value on an existing feature', async () => {
    const report = await importFile(app, coordinator, 'incidents', 'leeg.csv', 'Nr;Categorie;Bron\nCHK-G1;;Meldpunt\n');
    expect(report).toMatchObject({ rows: 1, updated: 1, rejected: 0 });
    const { rows } = await app.db.pool.query(`SELECT category, source FROM incidents WHERE source_id = 'CHK-G1'`);
    expect(rows).toEqual([{ category: 'drugs', source: 'meldpunt' }]);
  });
});

describe('the vacancy register: a building is not resolved before it was registered', () => {
  it('in the same row, and against the registration date an existing building keeps', async () => {
    const header = 'Dossier;Adres;Type;Toestand;Datum opname;Datum schrapping;X;Y';
    const first = await importFile(
      app,
      coordinator,
      'vacant-buildings',
      'register.csv',
      [
        header,
        'CHK-V1;Kerkstraat 1;Woning;Leegstaand;01/01/2020;;4,05;50,05',
        'CHK-V2;Kerkstraat 2;Woning;Leegstaand;01/01/2020;31/12/2019;4,05;50,05',
      ].join('\n'),
    );
    expect(first).toMatchObject({ rows: 2, inserted: 1, rejected: 1 });
    expect(first.rejections).toEqual([
      { row: 3, field: 'resolvedOn', reason: 'resolvedOn 2019-12-31 is before registeredOn 2020-01-01' },
    ]);
    const later = await importFile(
      app,
      coordinator,
      'vacant-buildings',
      'schrapping.csv',
      'Dossier;Datum schrapping\nCHK-V1;15/06/2019\n',
    );
    expect(later).toMatchObject({ rows: 1, updated: 0, rejected: 1 });
    expect(later.rejections).toEqual([
      { row: 2, field: 'resolvedOn', reason: 'resolvedOn 2019-06-15 is before registeredOn 2020-01-01' },
    ]);
  });
});

describe('files that cannot be imported', () => {
  it('413 for a file over IMPORT_MAX_BYTES, naming the limit; nothing kept', async () => {
    const small = await createTestApp({ IMPORT_UPLOAD_DIR: uploadDir, IMPORT_MAX_BYTES: '1024' });
    try {
      const cookie = await login(small, 'import-checks.admin', 'import-checks-1');
      const before = await readdir(uploadDir);
      const response = await upload(
        small,
        cookie,
        'groot.csv',
        `Nr;Categorie\n${'CHK-X;Overlast\n'.repeat(100)}`,
        'layer=incidents',
      );
      expect(response.statusCode, response.body).toBe(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({
        parameter: 'file',
        limit: 1024,
        detail: expect.stringMatching(/larger than the limit of .*1024 bytes, IMPORT_MAX_BYTES/),
      });
      expect(await readdir(uploadDir)).toEqual(before);
    } finally {
      await small.close();
    }
  });

  it('422 with the reader’s message for a file it cannot read; nothing kept', async () => {
    const before = await readdir(uploadDir);
    const workbook = await upload(
      app,
      coordinator,
      'lijst.xlsx',
      Buffer.from('PK\u0003\u0004 not really'),
      'layer=incidents',
    );
    expect(workbook.statusCode, workbook.body).toBe(422);
    expect(workbook.json<{ detail: string }>().detail).toMatch(/save it as CSV/);
    const binary = await upload(
      app,
      coordinator,
      'data.csv',
      Buffer.from([0x4e, 0x72, 0x00, 0x01, 0x0a]),
      'layer=incidents',
    );
    expect(binary.statusCode, binary.body).toBe(422);
    expect(await readdir(uploadDir)).toEqual(before);
  });

  it('a file that breaks off after 2,500 good rows (an unclosed quote): 422, none of them written', async () => {
    // More rows than one COPY chunk (2,000): the first chunk is in the database when the reader fails.
    const good = Array.from({ length: 2500 }, (_, i) => `CHK-BRK-${i};Overlast;01/05/2024 10:00;Politie;4,05;50,05`);
    const csv = [
      'Nr;Categorie;Datum;Bron;X;Y',
      ...good,
      'CHK-BRK-X;"Overlast;01/05/2024 10:00;Politie;4,05;50,05',
    ].join('\n');
    const preview = await uploaded('afgebroken.csv', csv);
    const before = await tableState(app.db.pool, 'incidents');
    const response = await runImport(app, coordinator, {
      uploadId: preview.upload.id,
      layer: 'incidents',
      mapping: preview.mapping,
      dryRun: false,
    });
    expect(response.statusCode, response.body).toBe(422);
    // The header is row 1, the good rows 2-2501: the broken one is row 2502.
    expect(response.json<{ detail: string }>().detail).toMatch(
      /^the file could not be read: unclosed quote starting on row 2502.*; nothing was imported$/,
    );
    expect(await tableState(app.db.pool, 'incidents')).toEqual(before);
    expect(await latestRun()).toMatchObject({ status: 'failed' });
  });

  it('415 for a body that is not multipart, 404 for an unknown layer or upload', async () => {
    const json = await app.inject({
      method: 'POST',
      url: '/api/imports/uploads?layer=incidents',
      headers: writeHeaders(coordinator),
      payload: { file: 'x' },
    });
    expect(json.statusCode, json.body).toBe(415);
    const layer = await upload(app, coordinator, 'x.csv', 'Nr\n1\n', 'layer=wegen');
    expect(layer.statusCode).toBe(404);
    expect(layer.json()).toMatchObject({ parameter: 'layer' });
    const gone = await runImport(app, coordinator, {
      uploadId: '5f0c7a52-8c4e-4c39-9c55-1f1d7e5b2a10',
      layer: 'incidents',
      mapping: { fields: {}, geometry: null, crs: null, values: {} },
      dryRun: true,
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ parameter: 'uploadId' });
  });
});
