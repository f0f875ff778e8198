import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Imports through the API with the files the city gets (tests/fixtures/imports/README.md lists
 * their rows and where each point lies) and small files written here: every quirk of a Belgian
 * export is read right and every value stored as the file means it. Bad rows, bad mappings and
 * failed imports: import-checks.test.ts. Everything imported here is removed afterwards.
 */

let app: FastifyInstance;
let uploadDir: string;
let coordinator: string;
let planner: string;
const userIds: number[] = [];

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'imports-test-'));
  app = await createTestApp({ IMPORT_UPLOAD_DIR: uploadDir });
  const pool = app.db.pool;
  userIds.push(
    await createUser(pool, { username: 'imports.coordinator', role: 'coordinator', password: 'imports-coord-1' }),
  );
  userIds.push(await createUser(pool, { username: 'imports.planner', role: 'planner', password: 'imports-plan-1' }));
  coordinator = await login(app, 'imports.coordinator', 'imports-coord-1');
  planner = await login(app, 'imports.planner', 'imports-plan-1');
});

afterAll(async () => {
  const pool = app.db.pool;
  await pool.query(`DELETE FROM incidents WHERE source_id LIKE ANY (ARRAY['PV-2024-%', 'M-10_', 'IMP-%'])`);
  await pool.query(`DELETE FROM vacant_buildings WHERE source_id LIKE 'LS-20__-0__'`);
  await pool.query(`DELETE FROM youth_facilities WHERE source_id LIKE 'JV-00_'`);
  await removeUsers(pool, userIds);
  await app.close();
  await rm(uploadDir, { recursive: true, force: true });
});

interface IncidentRow {
  category: string;
  occurred: string;
  source: string;
  location_precision: string;
  synthetic: boolean;
  lon: number;
  lat: number;
}

async function incident(sourceId: string): Promise<IncidentRow | undefined> {
  const { rows } = await app.db.pool.query<IncidentRow>(
    `SELECT category, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS occurred,
            source, location_precision, synthetic, ST_X(geom) AS lon, ST_Y(geom) AS lat
       FROM incidents WHERE source_id = $1`,
    [sourceId],
  );
  return rows[0];
}

async function place(table: string, sourceId: string): Promise<[number, number]> {
  const { rows } = await app.db.pool.query<{ lon: number; lat: number }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM ${table} WHERE source_id = $1`,
    [sourceId],
  );
  return [rows[0]!.lon, rows[0]!.lat];
}

/** Within 1e-6 degree (about 7 cm east-west, 11 cm north-south here): the fixtures' centimetres, transformed. */
function expectNear([lon, lat]: [number, number], [expectedLon, expectedLat]: [number, number]) {
  expect(Math.abs(lon - expectedLon)).toBeLessThan(1e-6);
  expect(Math.abs(lat - expectedLat)).toBeLessThan(1e-6);
}

function expectAccounted(report: ReportBody, rows: number) {
  expect(report.rows).toBe(rows);
  expect(report.inserted + report.updated + report.rejected).toBe(rows);
}

describe('a spreadsheet export: UTF-8 with BOM, ";", decimal comma, Lambert 72, dd/mm/yyyy hh:mm', () => {
  let preview: UploadBody;

  it('is described, previewed and given a mapping from its Dutch headers', async () => {
    const response = await upload(
      app,
      coordinator,
      'incidents-excel-nl.csv',
      await fixture('incidents-excel-nl.csv'),
      'layer=incidents',
    );
    expect(response.statusCode, response.body).toBe(201);
    preview = response.json<UploadBody>();
    expect(preview.upload.fileName).toBe('incidents-excel-nl.csv');
    expect(preview.upload.size).toBe((await fixture('incidents-excel-nl.csv')).length);
    expect(Date.parse(preview.upload.expiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(preview.file).toMatchObject({
      format: 'csv',
      encoding: 'utf-8-bom',
      separator: ';',
      decimalComma: true,
      columns: ['Nr', 'Categorie', 'Datum feit', 'Bron', 'X', 'Y'],
      srid: null,
    });
    expect(preview.sample.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(preview.sample[0]!.values).toEqual({
      Nr: 'PV-2024-0001',
      Categorie: 'Overlast',
      'Datum feit': '15/03/2024 22:15',
      Bron: 'Politie',
      X: '124467,73',
      Y: '78249,09',
    });
    expect(preview.mappingFrom).toBe('suggested');
    expect(preview.mapping).toEqual({
      fields: {
        sourceId: { column: 'Nr' },
        category: { column: 'Categorie' },
        occurredAt: { column: 'Datum feit' },
        source: { column: 'Bron' },
      },
      geometry: { kind: 'xy', x: 'X', y: 'Y' },
      crs: null,
      values: {},
    });
    expect(preview.detectedCrs).toBe(31370);
    expect(preview.geometry).toEqual({ type: 'Point' });
    // The key first, then the properties; synthetic is fixed (imported data are real).
    expect(preview.fields.map((f) => [f.name, f.required, f.key])).toEqual([
      ['sourceId', true, true],
      ['category', true, false],
      ['occurredAt', true, false],
      ['source', true, false],
      ['locationPrecision', false, false], // required, but a new feature takes the default "exact"
    ]);
    expect(preview.fields[1]!.values!.map((v) => v.value)).toContain('woninginbraak');
  });

  it('dry run: says 6 would be inserted and writes nothing', async () => {
    const before = await tableState(app.db.pool, 'incidents');
    const response = await runImport(app, coordinator, {
      uploadId: preview.upload.id,
      layer: 'incidents',
      mapping: preview.mapping,
      dryRun: true,
    });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<ReportBody>();
    expectAccounted(report, 6);
    expect(report).toMatchObject({ inserted: 6, updated: 0, rejected: 0, rejections: [], rejectionsTruncated: false });
    expect(report.crs).toEqual({ srid: 31370, how: 'detected' });
    expect(report.rowsPerSecond).toBeGreaterThan(0);
    expect(await tableState(app.db.pool, 'incidents')).toEqual(before);
  });

  it('imports all 6 rows with their values as the file means them', async () => {
    const response = await runImport(app, coordinator, {
      uploadId: preview.upload.id, // the dry run kept the upload for this
      layer: 'incidents',
      mapping: preview.mapping,
      dryRun: false,
    });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<ReportBody>();
    expectAccounted(report, 6);
    expect(report).toMatchObject({ inserted: 6, updated: 0, rejected: 0 });
    // 15/03/2024 22:15 in Brussels is winter time (UTC+1): 21:15Z. Codes from capitalised titles.
    expect(await incident('PV-2024-0001')).toMatchObject({
      category: 'overlast',
      occurred: '2024-03-15T21:15:00Z',
      source: 'politie',
      location_precision: 'exact', // the registry's default for a field the file lacks
      synthetic: false, // fixed: imported data are real
    });
    // 7/4/2024 09:05, after the switch to summer time on 31 March (UTC+2): 07:05Z.
    expect((await incident('PV-2024-0003'))!.occurred).toBe('2024-04-07T07:05:00Z');
    // 29/02/2024 14:00 (a leap day, winter time): 13:00Z; 01/06/2024 12:00 (summer): 10:00Z.
    expect((await incident('PV-2024-0005'))!.occurred).toBe('2024-02-29T13:00:00Z');
    expect((await incident('PV-2024-0006'))!.occurred).toBe('2024-06-01T10:00:00Z');
    // Lambert 72 metres (decimal comma) land where gdaltransform put them, to 1e-6 degree.
    expectNear(await place('incidents', 'PV-2024-0001'), [4.0125, 50.015]);
    expectNear(await place('incidents', 'PV-2024-0002'), [4.031, 50.042]);
    expectNear(await place('incidents', 'PV-2024-0006'), [4.04, 50.095]);
  });

  it('imported a second time: all 6 updated (and unchanged), none inserted', async () => {
    const before = await tableState(app.db.pool, 'incidents');
    const report = await importFile(
      app,
      coordinator,
      'incidents',
      'incidents-excel-nl.csv',
      await fixture('incidents-excel-nl.csv'),
    );
    expectAccounted(report, 6);
    expect(report).toMatchObject({ inserted: 0, updated: 6, unchanged: 6, rejected: 0 });
    expect(await tableState(app.db.pool, 'incidents')).toEqual(before);
  });
});

describe('other quirks of CSV exports', () => {
  it('Windows-1252, ",", quoted fields over two lines, longitude/latitude with decimal points', async () => {
    const report = await importFile(
      app,
      coordinator,
      'incidents',
      'incidents-cp1252.csv',
      await fixture('incidents-cp1252.csv'),
    );
    expectAccounted(report, 6);
    expect(report).toMatchObject({ inserted: 6, rejected: 0 });
    expect(report.crs).toEqual({ srid: 4326, how: 'detected' });
    // Row 5 spans two lines of the file; 09-03-2024 12:00 is winter time: 11:00Z. WGS 84 is stored as given.
    expect(await incident('M-104')).toMatchObject({
      category: 'diefstal',
      occurred: '2024-03-09T11:00:00Z',
      source: 'politie',
      lon: 4.0678,
      lat: 50.0589,
    });
    expect((await incident('M-106'))!.occurred).toBe('2024-03-28T20:20:00Z');
  });

  it('a Brussels summer evening: 22:15 local is 20:15Z; an ISO time with its offset is kept as that instant', async () => {
    const csv = [
      'Nr;Categorie;Datum;Bron;Lengtegraad;Breedtegraad',
      'IMP-SUMMER;Overlast;15/07/2024 22:15;Meldpunt;4,05;50,05',
      'IMP-OFFSET;Overlast;2024-07-15T22:15:00+01:00;Meldpunt;4,06;50,06',
      'IMP-WINTER;Overlast;15/01/2024 22:15;Meldpunt;4,07;50,07',
    ].join('\r\n');
    const report = await importFile(app, coordinator, 'incidents', 'zomer.csv', csv);
    expect(report).toMatchObject({ rows: 3, inserted: 3, rejected: 0 });
    expect((await incident('IMP-SUMMER'))!.occurred).toBe('2024-07-15T20:15:00Z'); // CEST, UTC+2
    expect((await incident('IMP-OFFSET'))!.occurred).toBe('2024-07-15T21:15:00Z'); // as written, +01:00
    expect((await incident('IMP-WINTER'))!.occurred).toBe('2024-01-15T21:15:00Z'); // CET, UTC+1
    expect(await place('incidents', 'IMP-SUMMER')).toEqual([4.05, 50.05]);
  });

  it('the vacancy register: Windows-1252, Lambert 2008 with decimal comma, dd.mm.yyyy, empty end dates', async () => {
    const report = await importFile(
      app,
      coordinator,
      'vacant-buildings',
      'vacant-buildings-cp1252.csv',
      await fixture('vacant-buildings-cp1252.csv'),
    );
    expectAccounted(report, 5);
    expect(report).toMatchObject({ inserted: 5, rejected: 0 });
    expect(report.crs).toEqual({ srid: 3812, how: 'detected' });
    const { rows } = await app.db.pool.query(
      `SELECT source_id, address, kind, status, registered_on::text, resolved_on::text, synthetic
         FROM vacant_buildings WHERE source_id IN ('LS-2019-014', 'LS-2020-003') ORDER BY source_id`,
    );
    expect(rows).toEqual([
      {
        source_id: 'LS-2019-014',
        address: "Rue de l'Église 12",
        kind: 'woning',
        status: 'leegstaand',
        registered_on: '2019-03-12',
        resolved_on: null,
        synthetic: false,
      },
      {
        source_id: 'LS-2020-003',
        address: 'Brüsselsesteenweg 3',
        kind: 'gebouw',
        status: 'verwaarloosd',
        registered_on: '2020-07-01',
        resolved_on: '2023-09-15',
        synthetic: false,
      },
    ]);
    expectNear(await place('vacant_buildings', 'LS-2019-014'), [4.018, 50.012]);
    expectNear(await place('vacant_buildings', 'LS-2023-019'), [4.095, 50.093]);
  });

  it('a values table and constants: "Inbraak" mapped to woninginbraak, one source and precision for every row', async () => {
    const csv = [
      'Nr;Feit;Datum;X;Y',
      'IMP-V1;Inbraak;01/05/2024 10:00;4,05;50,05',
      'IMP-V2;vuurwerk;01/05/2024 11:00;4,06;50,06',
    ];
    const report = await importFile(app, coordinator, 'incidents', 'feiten.csv', csv.join('\n'), {
      edit: (mapping) => ({
        ...mapping,
        fields: { ...mapping.fields, source: { value: 'politie' }, locationPrecision: { value: 'Straat' } },
        values: { category: { Inbraak: 'woninginbraak' } },
      }),
    });
    expectAccounted(report, 2);
    expect(report).toMatchObject({ inserted: 1, rejected: 1 });
    expect(report.rejections).toEqual([
      {
        row: 3,
        field: 'category',
        reason: expect.stringMatching(/^category: "vuurwerk" is not a known category; expected one of overlast,/),
      },
    ]);
    expect(report.unknownValues).toEqual({ category: [{ value: 'vuurwerk', rows: 1 }] });
    expect(await incident('IMP-V1')).toMatchObject({
      category: 'woninginbraak',
      source: 'politie',
      location_precision: 'straat', // the constant "Straat" read as the title of the code straat
    });
  });
});

describe('GIS files: GeoJSON, zipped Shapefiles, GeoPackage', () => {
  // The README's longitude/latitude of the four facilities.
  const PLACES: Record<string, [number, number]> = {
    'JV-001': [4.0125, 50.015],
    'JV-002': [4.048, 50.032],
    'JV-003': [4.071, 50.0655],
    'JV-004': [4.0935, 50.087],
  };

  async function expectPlaces(tolerance: 'exact' | 'near') {
    for (const [id, expected] of Object.entries(PLACES)) {
      const actual = await place('youth_facilities', id);
      if (tolerance === 'exact') expect(actual).toEqual(expected);
      else expectNear(actual, expected);
    }
  }

  it('GeoJSON (WGS 84, typed properties): 4 inserted where the file puts them', async () => {
    const report = await importFile(
      app,
      coordinator,
      'youth-facilities',
      'youth-facilities.geojson',
      await fixture('youth-facilities.geojson'),
    );
    expectAccounted(report, 4);
    expect(report).toMatchObject({ inserted: 4, rejected: 0, crs: { srid: 4326, how: 'file' } });
    await expectPlaces('exact');
    const { rows } = await app.db.pool.query(
      `SELECT source_id, name, kind, is_public, synthetic FROM youth_facilities WHERE source_id LIKE 'JV-00_' ORDER BY source_id`,
    );
    expect(rows).toEqual([
      { source_id: 'JV-001', name: "Jeugdhuis 't Krüske", kind: 'jeugdhuis', is_public: true, synthetic: false },
      { source_id: 'JV-002', name: 'Chiro Sint-Géry', kind: 'jeugdbeweging', is_public: false, synthetic: false },
      { source_id: 'JV-003', name: "Speeltuin Rue de l'Église", kind: 'speeltuin', is_public: true, synthetic: false },
      { source_id: 'JV-004', name: 'Skatepark Zénobe Gramme', kind: 'skatepark', is_public: true, synthetic: false },
    ]);
  });

  it('a zipped Shapefile in Lambert 72 (its .prj): the same 4 updated, to 1e-6 degree', async () => {
    const report = await importFile(
      app,
      coordinator,
      'youth-facilities',
      'jeugd.zip',
      await fixture('youth-facilities-lambert72.zip'),
    );
    expectAccounted(report, 4);
    expect(report).toMatchObject({ inserted: 0, updated: 4, rejected: 0, crs: { srid: 31370, how: 'file' } });
    await expectPlaces('near');
  });

  it('a GeoPackage in Lambert 2008: 4 updated, to 1e-6 degree, booleans read as booleans', async () => {
    const report = await importFile(
      app,
      coordinator,
      'youth-facilities',
      'jeugd.gpkg',
      await fixture('youth-facilities-lambert2008.gpkg'),
    );
    expectAccounted(report, 4);
    expect(report).toMatchObject({ inserted: 0, updated: 4, rejected: 0, crs: { srid: 3812, how: 'file' } });
    await expectPlaces('near');
    const { rows } = await app.db.pool.query(`SELECT is_public FROM youth_facilities WHERE source_id = 'JV-002'`);
    expect(rows[0]).toEqual({ is_public: false });
  });

  it('a Windows-1252 Shapefile without .prj or .cpg: the CRS detected, the curly apostrophe kept', async () => {
    const report = await importFile(
      app,
      coordinator,
      'youth-facilities',
      'jeugd-oud.zip',
      await fixture('youth-facilities-cp1252-noprj.zip'),
    );
    expectAccounted(report, 4);
    expect(report).toMatchObject({ updated: 4, rejected: 0, crs: { srid: 4326, how: 'detected' } });
    const { rows } = await app.db.pool.query(`SELECT name FROM youth_facilities WHERE source_id = 'JV-001'`);
    expect(rows[0]).toEqual({ name: 'Jeugdhuis ’t Krüske' });
    await expectPlaces('exact');
  });
});

describe('saved sources, the run history and the report download', () => {
  const mappingOf = (report: UploadBody) => report.mapping;

  it('saves the mapping under the source name and offers it for the next file of that source', async () => {
    const csv = 'Ref;Type;Datum;Bron;X;Y\nIMP-S1;Drugs;02/05/2024 10:00;Politie;4,05;50,05\n';
    const report = await importFile(app, coordinator, 'incidents', 'bron.csv', csv, {
      source: 'Politiezone test',
      edit: (mapping) => ({ ...mapping, crs: 4326 }),
    });
    expect(report).toMatchObject({ inserted: 1, rejected: 0, crs: { srid: 4326, how: 'declared' } });
    const sources = await app.inject({
      url: '/api/import-sources?layer=incidents',
      headers: writeHeaders(coordinator),
    });
    expect(sources.statusCode, sources.body).toBe(200);
    const saved = sources.json<{ sources: { name: string; layer: string; mapping: unknown; updatedAt: string }[] }>()
      .sources;
    const ours = saved.find((s) => s.name === 'Politiezone test');
    expect(ours).toMatchObject({
      layer: 'incidents',
      mapping: {
        fields: {
          sourceId: { column: 'Ref' },
          category: { column: 'Type' },
          occurredAt: { column: 'Datum' },
          source: { column: 'Bron' },
        },
        geometry: { kind: 'xy', x: 'X', y: 'Y' },
        crs: 4326,
        values: {},
      },
    });
    const next = await upload(
      app,
      coordinator,
      'bron-2.csv',
      csv,
      `layer=incidents&source=${encodeURIComponent('Politiezone test')}`,
    );
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json<UploadBody>().mappingFrom).toBe('saved');
    expect(mappingOf(next.json<UploadBody>())).toEqual(ours!.mapping);
  });

  it('lists the runs newest first and downloads a run’s report as CSV (with BOM) and JSON', async () => {
    const csv =
      'Nr;Categorie;Datum feit;Bron;X;Y\nIMP-R1;Overlast;01/05/2024 10:00;Politie;4,05;50,05\nIMP-R2;Kattenkwaad;01/05/2024 10:00;Politie;4,05;50,05\n;Overlast;01/05/2024 10:00;Politie;4,05;50,05\n';
    const report = await importFile(app, coordinator, 'incidents', 'verslag.csv', csv);
    expect(report).toMatchObject({ rows: 3, inserted: 1, rejected: 2 });

    const list = await app.inject({ url: '/api/imports?layer=incidents', headers: writeHeaders(coordinator) });
    expect(list.statusCode, list.body).toBe(200);
    const runs = list.json<{ runs: { id: number; fileName: string; status: string; user: string; rows: number }[] }>()
      .runs;
    expect(runs[0]).toMatchObject({
      id: report.id,
      fileName: 'verslag.csv',
      status: 'done',
      user: 'imports.coordinator',
      rows: 3,
      inserted: 1,
      updated: 0,
      rejected: 2,
      dryRun: false,
    });
    expect(runs.map((r) => r.id)).toEqual([...runs.map((r) => r.id)].sort((a, b) => b - a));

    const csvReport = await app.inject({
      url: `/api/imports/${report.id}/report?format=csv`,
      headers: writeHeaders(coordinator),
    });
    expect(csvReport.statusCode, csvReport.body).toBe(200);
    expect(csvReport.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csvReport.headers['content-disposition']).toBe(
      `attachment; filename="import-${report.id}-incidents-report.csv"`,
    );
    const [first, second] = report.rejections;
    expect(csvReport.body).toBe(
      '\uFEFFrow,field,reason\r\n' +
        `3,category,"${first!.reason.replace(/"/g, '""')}"\r\n` +
        `4,sourceId,"${second!.reason.replace(/"/g, '""')}"\r\n`,
    );
    expect(second!.reason).toBe('sourceId is empty (column "Nr"): a row needs it to be inserted or updated');

    const jsonReport = await app.inject({
      url: `/api/imports/${report.id}/report?format=json`,
      headers: writeHeaders(coordinator),
    });
    expect(jsonReport.statusCode, jsonReport.body).toBe(200);
    expect(jsonReport.json()).toMatchObject({
      id: report.id,
      layer: 'incidents',
      status: 'done',
      rows: 3,
      inserted: 1,
      rejected: 2,
      rejections: report.rejections,
    });
    const unknownRun = await app.inject({ url: '/api/imports/999999/report', headers: writeHeaders(coordinator) });
    expect(unknownRun.statusCode).toBe(404);
  });

  it('records each run in the audit log', async () => {
    const { rows } = await app.db.pool.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM audit_log WHERE action = 'import.run' AND user_id = $1`,
      [userIds[0]],
    );
    // Every run of this file so far: the dry run, then 12 imports (3 of incidents-excel-nl.csv
    // counting the dry run, cp1252, summer, vacancy, values, 4 GIS files, source, report) = 13.
    expect(rows[0]!.n).toBe(13);
  });
});

describe('who may import', () => {
  const ROUTES = [
    { method: 'POST' as const, url: '/api/imports/uploads?layer=incidents' },
    {
      method: 'POST' as const,
      url: '/api/imports',
      payload: {
        uploadId: '00000000-0000-4000-8000-000000000000',
        layer: 'incidents',
        mapping: { fields: {}, geometry: null, crs: null, values: {} },
        dryRun: true,
      },
    },
    { method: 'GET' as const, url: '/api/imports?layer=incidents' },
    { method: 'GET' as const, url: '/api/imports/1/report?format=csv' },
    { method: 'GET' as const, url: '/api/import-sources?layer=incidents' },
  ];

  it.each(ROUTES.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s: anonymous 401, planner 403',
    async (_, route) => {
      for (const [cookie, status] of [
        [undefined, 401],
        [planner, 403],
      ] as const) {
        const response = await app.inject({ ...route, headers: writeHeaders(cookie) });
        expect(response.statusCode, response.body).toBe(status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    },
  );

  it('an upload by one coordinator is not another’s', async () => {
    const other = await createUser(app.db.pool, {
      username: 'imports.other',
      role: 'admin',
      password: 'imports-other-1',
    });
    userIds.push(other);
    const otherCookie = await login(app, 'imports.other', 'imports-other-1');
    const uploaded = await upload(app, coordinator, 'x.csv', 'Nr;Categorie\nIMP-X;Overlast\n', 'layer=incidents');
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { upload: info, mapping } = uploaded.json<UploadBody>();
    const response = await runImport(app, otherCookie, {
      uploadId: info.id,
      layer: 'incidents',
      mapping,
      dryRun: true,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ parameter: 'uploadId' });
  });

  it('files wait in the upload folder, and only there', async () => {
    const names = await readdir(uploadDir);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => /^[0-9a-f-]{36}\.(upload|json)$/.test(name))).toBe(true);
  });
});
