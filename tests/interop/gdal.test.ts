import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { staffSessionCookie } from '../support/staff.ts';

/*
 * GDAL (Debian's gdal-bin) reads what the app publishes (issue 8): the OGC API at /ogc with
 * the OAPIF driver, anonymously and with a planner's session cookie, and the GeoPackage
 * export with the GPKG driver. The real server runs on Halle's demo data (embedded database);
 * every expected value comes from the API itself or from geodata/halle_sector_estimates.csv.
 */

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const PLANNER: TestAccount = { username: 'planner-interop', role: 'planner', password: 'planner-interop-12' };
const COORDINATOR: TestAccount = {
  username: 'coordinator-interop',
  role: 'coordinator',
  password: 'coordinator-interop-12',
};
/** The sector whose figures the tests read back: Halle-Centrum. */
const SECTOR = '23027A00-';

let server: RunningServer;
let ogc: string;
/** `lk_session=<token>` of the signed-in planner. */
let cookie: string;
let workDir: string;

beforeAll(async () => {
  server = await startServerProcess({}, [PLANNER, COORDINATOR]);
  ogc = `OAPIF:${new URL('/ogc', server.url).href}`;
  const session = await staffSessionCookie(server.url, PLANNER);
  cookie = `${session.name}=${session.value}`;
  workDir = await mkdtemp(path.join(tmpdir(), 'liveability-interop-'));
});
afterAll(async () => {
  await server?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** ogrinfo's output; as staff when `asStaff` (the session cookie through GDAL_HTTP_COOKIE). */
async function ogrinfo(args: string[], asStaff = false): Promise<string> {
  const config = asStaff ? ['--config', 'GDAL_HTTP_COOKIE', cookie] : [];
  const { stdout } = await run('ogrinfo', [...config, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function api<T>(url: string, asStaff = false): Promise<T> {
  const response = await fetch(new URL(url, server.url), { headers: asStaff ? { cookie } : {} });
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

const numberMatched = async (collection: string, asStaff = false) =>
  (await api<{ numberMatched: number }>(`/ogc/collections/${collection}/items?limit=1`, asStaff)).numberMatched;

/** "name: Type (width.precision)" lines of ogrinfo's layer summary, as name -> Type. */
function fieldTypes(output: string): Record<string, string> {
  return Object.fromEntries([...output.matchAll(/^(\w+): ([\w()]+) \(\d+\.\d+\)$/gm)].map((m) => [m[1], m[2]]));
}

const featureCount = (output: string) => Number(/^Feature Count: (\d+)$/m.exec(output)?.[1]);

/** The first feature's "  name (Type) = value" lines of `ogrinfo -al` output, as name -> value. */
function firstFeature(output: string): Record<string, string> {
  const start = output.indexOf('OGRFeature(');
  expect(start, output).toBeGreaterThanOrEqual(0);
  const block = output.slice(start).split(/\n\n/)[0]!;
  return Object.fromEntries([...block.matchAll(/^ {2}(\w+) \([\w()]+\) = (.*)$/gm)].map((m) => [m[1], m[2]]));
}

/** The sector's row in the estimates the demo data are loaded from. */
async function sectorEstimate(code: string): Promise<Record<string, string>> {
  const csv = await readFile(path.join(ROOT, 'geodata/halle_sector_estimates.csv'), 'utf8');
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  return rows.find((row) => row.code === code)!;
}

describe('OGC API - Features through GDAL’s OAPIF driver', () => {
  it('lists the public collections, and no staff layer, to an anonymous client', async () => {
    const output = await ogrinfo(['-ro', '-so', ogc]);
    expect(output).toContain("using driver `OAPIF' successful");
    expect(output).toMatch(/^1: neighbourhoods \(title: Statistische sectoren\) \(Multi Polygon\)$/m);
    expect(output).toMatch(/^2: youth-facilities \(title: Jeugdvoorzieningen\) \(Point\)$/m);
    expect(output).not.toContain('incidents');
    expect(output).not.toContain('vacant-buildings');
  });

  it('reports the sectors’ count, extent and fields as the API gives them', async () => {
    const output = await ogrinfo(['-ro', '-al', '-so', ogc, 'neighbourhoods']);
    // Halle has 41 statistical sectors (Statbel 2024).
    expect(featureCount(output)).toBe(41);
    expect(featureCount(output)).toBe(await numberMatched('neighbourhoods'));
    expect(output).toContain('ID["EPSG",4326]');
    expect(fieldTypes(output)).toMatchObject({
      code: 'String',
      name: 'String',
      population: 'Integer',
      dwellings: 'Integer',
      figuresEstimated: 'Integer(Boolean)',
    });
  });

  it('reads every sector over the next links, and one sector’s figures as the estimates give them', async () => {
    // GDAL pages by 10: 41 sectors take five pages.
    const all = await ogrinfo(['-ro', '-al', '-q', '-geom=NO', ogc, 'neighbourhoods']);
    const codes = [...all.matchAll(/^ {2}code \(String\) = (.+)$/gm)].map((m) => m[1]);
    expect(codes).toHaveLength(41);
    expect(new Set(codes).size).toBe(41);
    const output = await ogrinfo([
      '-ro',
      '-al',
      '-q',
      '-geom=NO',
      ogc,
      'neighbourhoods',
      '-where',
      `code = '${SECTOR}'`,
    ]);
    const estimate = await sectorEstimate(SECTOR);
    expect(firstFeature(output)).toMatchObject({
      code: SECTOR,
      name: estimate.name,
      ward: estimate.ward_code,
      population: estimate.population,
      dwellings: estimate.dwellings,
    });
    expect(estimate.population).toBe('3126');
  });

  it('filters youth facilities on the server by kind, as the API definition offers', async () => {
    const output = await ogrinfo(['-ro', '-al', '-so', ogc, 'youth-facilities', '-where', "kind = 'school'"]);
    const schools = await api<{ numberMatched: number }>('/ogc/collections/youth-facilities/items?kind=school&limit=1');
    expect(featureCount(output)).toBe(schools.numberMatched);
    expect(schools.numberMatched).toBeGreaterThan(0);
  });

  it('refuses the incidents to an anonymous client', async () => {
    const refused = ogrinfo(['-ro', '-so', `OAPIF:${new URL('/ogc/collections/incidents', server.url).href}`]);
    await expect(refused).rejects.toMatchObject({ stderr: expect.stringContaining('signed-in staff only') });
  });

  it('opens incidents and the vacancy register with a planner’s session cookie', async () => {
    const list = await ogrinfo(['-ro', '-so', ogc], true);
    for (const line of [
      '1: neighbourhoods',
      '2: incidents (title: Incidenten) (Point)',
      '3: vacant-buildings',
      '4: youth-facilities',
    ]) {
      expect(list).toContain(line);
    }
    const summary = await ogrinfo(['-ro', '-al', '-so', ogc, 'incidents'], true);
    expect(featureCount(summary)).toBe(await numberMatched('incidents', true));
    expect(fieldTypes(summary)).toMatchObject({ category: 'String', occurredAt: 'DateTime', source: 'String' });
    // One incident by its id: GDAL asks /items/{id} for a layer with numeric ids.
    const first = await api<{ features: { id: number; properties: Record<string, unknown> }[] }>(
      '/ogc/collections/incidents/items?limit=1',
      true,
    );
    const incident = first.features[0]!;
    const output = await ogrinfo(['-ro', '-al', '-q', ogc, 'incidents', '-fid', String(incident.id)], true);
    expect(output).toContain(`OGRFeature(incidents):${incident.id}`);
    expect(firstFeature(output)).toMatchObject({
      category: incident.properties.category,
      source: incident.properties.source,
      locationPrecision: incident.properties.locationPrecision,
    });
  });
});

describe('the GeoPackage export through GDAL’s GPKG driver', () => {
  async function download(layer: string, asStaff = false): Promise<string> {
    const response = await fetch(new URL(`/api/layers/${layer}/export?format=gpkg`, server.url), {
      headers: asStaff ? { cookie } : {},
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    const file = path.join(workDir, `${layer}.gpkg`);
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return file;
  }

  it('gives the sectors with their fields, CRS and count', async () => {
    const file = await download('neighbourhoods');
    const output = await ogrinfo(['-ro', '-al', '-so', file]);
    expect(output).toContain("using driver `GPKG' successful");
    expect(output).toMatch(/^Layer name: neighbourhoods$/m);
    expect(output).toMatch(/^Geometry: Multi Polygon$/m);
    expect(featureCount(output)).toBe(41);
    expect(output).toContain('ID["EPSG",4326]');
    expect(fieldTypes(output)).toEqual({
      code: 'String',
      name: 'String',
      ward: 'String',
      deelgemeente: 'String',
      population: 'Integer64',
      dwellings: 'Integer64',
      figuresEstimated: 'Integer(Boolean)',
    });
    const sector = await ogrinfo(['-ro', '-al', '-q', '-geom=NO', file, '-where', `code = '${SECTOR}'`]);
    expect(firstFeature(sector)).toMatchObject({
      population: '3126',
      dwellings: (await sectorEstimate(SECTOR)).dwellings,
    });
  });

  it('gives a planner the incidents with dates as DateTime and the API’s count', async () => {
    const file = await download('incidents', true);
    const output = await ogrinfo(['-ro', '-al', '-so', file]);
    expect(output).toMatch(/^Geometry: Point$/m);
    expect(featureCount(output)).toBe(await numberMatched('incidents', true));
    expect(fieldTypes(output)).toMatchObject({
      category: 'String',
      occurredAt: 'DateTime',
      synthetic: 'Integer(Boolean)',
    });
    expect(output).toMatch(/^FID Column = fid$/m);
  });
});

describe('the areas of focus’ GeoPackage export through GDAL’s GPKG driver', () => {
  /** A block east of Halle's station, drawn as the map draws a rectangle. */
  const ring = [
    [4.235, 50.73],
    [4.245, 50.73],
    [4.245, 50.736],
    [4.235, 50.736],
    [4.235, 50.73],
  ];

  it('lists the areas and their actions as two tables with the API’s counts', async () => {
    // The demo data hold no areas of focus: a coordinator draws one, with two yearly actions.
    const session = await staffSessionCookie(server.url, COORDINATOR);
    const created = await fetch(new URL('/api/focus-areas', server.url), {
      method: 'POST',
      headers: {
        cookie: `${session.name}=${session.value}`,
        origin: new URL(server.url).origin,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        name: 'Stationsomgeving',
        theme: 'buurten',
        priority: 'high',
        status: 'active',
        description: '',
        actions: [
          { year: 2025, action: 'Buurtoverleg', partner: 'Buurtwerk', status: 'done' },
          { year: 2026, action: 'Speelstraat', partner: '', status: 'planned' },
        ],
        geometry: { type: 'Polygon', coordinates: [ring] },
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    const areas = await api<{ features: { properties: { actions: unknown[] } }[] }>('/api/focus-areas', true);
    const actions = areas.features.reduce((sum, area) => sum + area.properties.actions.length, 0);
    expect([areas.features.length, actions]).toEqual([1, 2]);

    const response = await fetch(new URL('/api/focus-areas/export?format=gpkg', server.url), { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    const file = path.join(workDir, 'focus-areas.gpkg');
    await writeFile(file, Buffer.from(await response.arrayBuffer()));

    const output = await ogrinfo(['-ro', '-al', '-so', file]);
    expect(output).toContain("using driver `GPKG' successful");
    const [areaLayer, actionLayer] = output.split(/^(?=Layer name: )/m).slice(1);
    expect(areaLayer).toMatch(/^Layer name: focus_areas$/m);
    expect(areaLayer).toMatch(/^Geometry: Multi Polygon$/m);
    expect(areaLayer).toContain('ID["EPSG",4326]');
    // The rectangle's corners: x 4.235..4.245, y 50.73..50.736.
    expect(areaLayer).toMatch(/^Extent: \(4\.235000, 50\.730000\) - \(4\.245000, 50\.736000\)$/m);
    expect(featureCount(areaLayer!)).toBe(areas.features.length);
    expect(fieldTypes(areaLayer!)).toMatchObject({ name: 'String', version: 'Integer64', updated_at: 'DateTime' });
    expect(actionLayer).toMatch(/^Layer name: focus_area_actions$/m);
    expect(actionLayer).toMatch(/^Geometry: None$/m);
    expect(featureCount(actionLayer!)).toBe(actions);
    expect(fieldTypes(actionLayer!)).toEqual({
      focus_area_id: 'Integer64',
      year: 'Integer64',
      action: 'String',
      partner: 'String',
      status: 'String',
      phase: 'String',
      partner_id: 'Integer64',
      partner_name: 'String',
    });
  });
});
