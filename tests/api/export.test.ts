import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExportBody } from '../../api/src/export/export-body.ts';
import { readExportPages } from '../../api/src/export/export-query.ts';
import { parseFilters } from '../../api/src/layers/filters.ts';
import { findLayer } from '../../api/src/layers/registry.ts';
import { createTestApp } from '../support/app.ts';
import { signInPlanner } from '../support/staff.ts';

interface FeatureCollection {
  type: string;
  features: { id: number | string; geometry: unknown; properties: Record<string, unknown> }[];
}

let app: FastifyInstance;
/** Exports of staff layers are for staff (the public's refusal: tests/api/privacy.test.ts). */
let planner: string;
/** Fixture source_id -> the id the database gave it (ids are identities, not in the fixture). */
let idOf: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'export-planner');
  const { rows } = await app.db.pool.query<{ source_id: string; id: string }>(
    `SELECT source_id, id::text AS id FROM incidents
      UNION ALL SELECT source_id, id::text FROM vacant_buildings
      UNION ALL SELECT source_id, id::text FROM youth_facilities`,
  );
  idOf = Object.fromEntries(rows.map((row) => [row.source_id, row.id]));
});
afterAll(async () => {
  await app.close();
});

const today = () => new Date().toISOString().slice(0, 10);

async function exportOf(layer: string, query: string) {
  const response = await app.inject({ url: `/api/layers/${layer}/export?${query}`, headers: { cookie: planner } });
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

/** The CSV body's records, after checking it starts with the UTF-8 byte-order mark. */
async function csvOf(layer: string, filters = ''): Promise<string[][]> {
  const response = await exportOf(layer, `format=csv${filters}`);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect([...response.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(response.body.slice(1)) as string[][];
}

const INCIDENT_HEADER = [
  'id',
  'category',
  'occurredAt',
  'source',
  'locationPrecision',
  'synthetic',
  'longitude',
  'latitude',
];

// The fixture's incidents as CSV rows (incidents have no synthetic flag set: false).
const incidentRow: Record<string, (id: string) => string[]> = {
  'T-INC-1': (id) => [id, 'overlast', '2024-01-15T22:00:00Z', 'meldpunt', 'exact', 'false', '4.01', '50.01'],
  'T-INC-2': (id) => [id, 'overlast', '2024-06-01T12:00:00Z', 'politie', 'straat', 'false', '4.02', '50.02'],
  'T-INC-3': (id) => [id, 'woninginbraak', '2024-12-31T23:30:00Z', 'politie', 'exact', 'false', '4.06', '50.06'],
  'T-INC-4': (id) => [id, 'diefstal', '2025-03-01T08:00:00Z', 'politie', 'exact', 'false', '4.07', '50.07'],
  // 09:00+01:00 is 08:00 UTC
  'T-INC-5': (id) => [id, 'verkeer', '2025-03-01T08:00:00Z', 'politie', 'sector', 'false', '4.09', '50.09'],
};
const incidentRows = (...sourceIds: string[]) => sourceIds.map((s) => incidentRow[s]!(idOf[s]!));

describe('GET /api/layers/:id/export?format=csv', () => {
  it('exports every incident: BOM, header, one row per feature in id order, 6-decimal coordinates', async () => {
    const response = await exportOf('incidents', 'format=csv');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="incidents-${today()}.csv"`);
    // RFC 4180: CRLF after every record, the header first
    expect(response.body.startsWith(`\uFEFF${INCIDENT_HEADER.join(',')}\r\n`)).toBe(true);
    expect(response.body.endsWith('\r\n')).toBe(true);
    expect(parse(response.body, { bom: true })).toEqual([
      INCIDENT_HEADER,
      ...incidentRows('T-INC-1', 'T-INC-2', 'T-INC-3', 'T-INC-4', 'T-INC-5'),
    ]);
  });

  it('applies the features API filters', async () => {
    // category=overlast: T-INC-1 and T-INC-2
    expect((await csvOf('incidents', '&category=overlast')).slice(1)).toEqual(incidentRows('T-INC-1', 'T-INC-2'));
    // 2024-01-01 00:00Z .. 2024-12-31 23:59:59.999Z: T-INC-3 at 23:30Z on 31 December is in
    expect((await csvOf('incidents', '&datetime=2024-01-01/2024-12-31')).slice(1)).toEqual(
      incidentRows('T-INC-1', 'T-INC-2', 'T-INC-3'),
    );
    // the north-east quarter holds 4.06/50.06, 4.07/50.07 and 4.09/50.09
    expect((await csvOf('incidents', '&bbox=4.05,50.05,4.1,50.1')).slice(1)).toEqual(
      incidentRows('T-INC-3', 'T-INC-4', 'T-INC-5'),
    );
    // ... of which diefstal or verkeer: T-INC-4 and T-INC-5
    expect((await csvOf('incidents', '&bbox=4.05,50.05,4.1,50.1&category=diefstal,verkeer')).slice(1)).toEqual(
      incidentRows('T-INC-4', 'T-INC-5'),
    );
    // an enumerated property by name: politie, up to the end of 2024 -> T-INC-2 and T-INC-3
    expect((await csvOf('incidents', '&source=politie&datetime=../2024-12-31')).slice(1)).toEqual(
      incidentRows('T-INC-2', 'T-INC-3'),
    );
  });

  it('gives only the header when nothing matches', async () => {
    expect(await csvOf('incidents', '&bbox=5,51,5.1,51.1')).toEqual([INCIDENT_HEADER]);
  });

  it('writes dates as YYYY-MM-DD, an empty field for null and booleans as true/false', async () => {
    expect(await csvOf('vacant-buildings', '&datetime=2023-06-01/..')).toEqual([
      ['id', 'address', 'kind', 'status', 'registeredOn', 'resolvedOn', 'synthetic', 'longitude', 'latitude'],
      // registered 2023-05-01 and 2024-02-01, both unresolved (ongoing)
      [idOf['T-LEEG-B']!, 'Teststraat 2', 'gebouw', 'verwaarloosd', '2023-05-01', '', 'false', '4.06', '50.04'],
      [idOf['T-LEEG-C']!, 'Teststraat 3', 'bedrijfsruimte', 'onbewoonbaar', '2024-02-01', '', 'false', '4.08', '50.08'],
    ]);
    expect(await csvOf('youth-facilities')).toEqual([
      ['id', 'name', 'kind', 'isPublic', 'synthetic', 'longitude', 'latitude'],
      [idOf['T-JEUGD-1']!, 'Testschool', 'school', 'false', 'false', '4.03', '50.03'],
      [idOf['T-JEUGD-2']!, 'Testskatepark', 'skatepark', 'true', 'false', '4.07', '50.02'],
    ]);
  });

  it('gives a polygon layer as WKT, quoted because it holds commas', async () => {
    const response = await exportOf('neighbourhoods', 'format=csv');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="neighbourhoods-${today()}.csv"`);
    // ST_MakeEnvelope's ring: (xmin ymin, xmin ymax, xmax ymax, xmax ymin, xmin ymin)
    const west = 'MULTIPOLYGON(((4 50,4 50.1,4.05 50.1,4.05 50,4 50)))';
    const east = 'MULTIPOLYGON(((4.05 50,4.05 50.1,4.1 50.1,4.1 50,4.05 50)))';
    expect(response.body).toContain(`,"${west}"\r\n`);
    expect(parse(response.body, { bom: true })).toEqual([
      ['id', 'code', 'name', 'ward', 'deelgemeente', 'population', 'dwellings', 'figuresEstimated', 'wkt'],
      // figures_estimated defaults to true
      ['99999A00-', '99999A00-', 'WEST', '99999W01', 'Testgem', '1000', '400', 'true', west],
      ['99999A01-', '99999A01-', 'OOST', '99999W01', 'Testgem', '50', '20', 'true', east],
    ]);
  });
});

describe('GET /api/layers/:id/export?format=geojson', () => {
  it.each([
    ['incidents', ''],
    ['incidents', '&category=overlast'],
    ['incidents', '&datetime=2024-01-01/2024-12-31&bbox=4.0,50.0,4.05,50.05'],
    ['vacant-buildings', '&status=leegstaand,onbewoonbaar'],
    ['youth-facilities', '&kind=skatepark'],
    ['neighbourhoods', '&bbox=4.06,50.01,4.07,50.02'],
    ['incidents', '&bbox=5,51,5.1,51.1'],
  ])('%s%s equals the features endpoint', async (layer, filters) => {
    const response = await exportOf(layer, `format=geojson${filters}`);
    expect(response.headers['content-type']).toBe('application/geo+json');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${layer}-${today()}.geojson"`);
    const exported = response.json<FeatureCollection>();
    const features = (
      await app.inject({ url: `/api/layers/${layer}/features?limit=10000${filters}`, headers: { cookie: planner } })
    ).json<FeatureCollection>();
    expect(exported).toEqual({ type: 'FeatureCollection', features: features.features });
  });

  it('exports the exact features asked for', async () => {
    const exported = (await exportOf('incidents', 'format=geojson&category=overlast')).json<FeatureCollection>();
    // T-INC-1 and T-INC-2, with RFC 7946 geometry
    expect(exported.features.map((f) => String(f.id))).toEqual([idOf['T-INC-1'], idOf['T-INC-2']]);
    expect(exported.features.map((f) => f.geometry)).toEqual([
      { type: 'Point', coordinates: [4.01, 50.01] },
      { type: 'Point', coordinates: [4.02, 50.02] },
    ]);
    const sectors = (
      await exportOf('neighbourhoods', 'format=geojson&bbox=4.06,50.01,4.07,50.02')
    ).json<FeatureCollection>();
    // only the east sector (lon 4.05-4.1) reaches that box
    expect(sectors.features.map((f) => f.id)).toEqual(['99999A01-']);
  });
});

describe('keyset paging', () => {
  const incidents = findLayer('incidents')!;
  const neighbourhoods = findLayer('neighbourhoods')!;

  async function pageKeys(...args: Parameters<typeof readExportPages>): Promise<string[][]> {
    const pages: string[][] = [];
    for await (const page of readExportPages(...args)) pages.push(page.map((row) => String(row.key)));
    return pages;
  }

  it('reads 5 incidents in pages of 2: 2 + 2 + 1', async () => {
    expect(await pageKeys(app.db.pool, incidents, {}, 'csv', 2)).toEqual([
      [idOf['T-INC-1'], idOf['T-INC-2']],
      [idOf['T-INC-3'], idOf['T-INC-4']],
      [idOf['T-INC-5']],
    ]);
  });

  it('keeps the filters on every page and yields no empty last page', async () => {
    // 2 overlast incidents in pages of 2: one full page, then an empty read that is not yielded
    expect(await pageKeys(app.db.pool, incidents, { values: { category: ['overlast'] } }, 'geojson', 2)).toEqual([
      [idOf['T-INC-1'], idOf['T-INC-2']],
    ]);
    // datetime 2024 -> T-INC-1..3, pages of 1
    const filters = parseFilters(incidents, { datetime: '2024-01-01/2024-12-31' });
    expect(await pageKeys(app.db.pool, incidents, filters, 'csv', 1)).toEqual([
      [idOf['T-INC-1']],
      [idOf['T-INC-2']],
      [idOf['T-INC-3']],
    ]);
  });

  it('pages sectors by their text code', async () => {
    expect(await pageKeys(app.db.pool, neighbourhoods, {}, 'csv', 1)).toEqual([['99999A00-'], ['99999A01-']]);
  });

  it('streams the same body in small pages as the route sends in one', async () => {
    for (const format of ['csv', 'geojson'] as const) {
      const chunks: string[] = [];
      for await (const chunk of await openExportBody(app.db.pool, incidents, {}, format, 2)) chunks.push(chunk);
      // opening, three pages (2 + 2 + 1), closing for GeoJSON; header and three pages for CSV
      expect(chunks).toHaveLength(format === 'csv' ? 4 : 5);
      const whole = await exportOf('incidents', `format=${format}`);
      expect(chunks.join('')).toBe(whole.body);
    }
  });
});

describe('bad export requests', () => {
  it.each([
    ['/api/layers/incidents/export', 'format'],
    ['/api/layers/incidents/export?format=xlsx', 'format'],
    ['/api/layers/incidents/export?format=CSV', 'format'],
    ['/api/layers/incidents/export?format=csv&category=nope', 'category'],
    ['/api/layers/incidents/export?format=geojson&datetime=2024-13-01', 'datetime'],
    ['/api/layers/incidents/export?format=csv&bbox=4,50,4.1', 'bbox'],
    ['/api/layers/neighbourhoods/export?format=csv&datetime=2024-01-01', 'datetime'],
    ['/api/layers/youth-facilities/export?format=geojson&kind=leegstaand', 'kind'],
  ])('%s -> 400 naming %s, never a truncated 200', async (url, parameter) => {
    const response = await app.inject({ url, headers: { cookie: planner } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.json()).toMatchObject({ status: 400, parameter });
  });

  it('404s an unknown layer', async () => {
    const response = await app.inject('/api/layers/nope/export?format=csv');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, parameter: 'id' });
  });
});
