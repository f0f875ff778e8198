import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { signInPlanner } from '../support/staff.ts';

interface FeatureCollection {
  type: string;
  numberMatched: number;
  numberReturned: number;
  features: {
    id: number | string;
    geometry: { type: string; coordinates: unknown };
    properties: Record<string, unknown>;
  }[];
}

// As a planner, who sees every layer in full (the public view: tests/api/privacy.test.ts).
let app: FastifyInstance;
let planner: string;
beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'layers-planner');
});
afterAll(async () => {
  await app.close();
});

async function features(layer: string, query = ''): Promise<FeatureCollection> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/layers/${layer}/features${query}`,
    headers: { cookie: planner },
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
  return response.json<FeatureCollection>();
}

const sourceIdsOf = (fc: FeatureCollection) => fc.features.map((f) => f.properties.category ?? f.properties.status);

describe('GET /api/layers', () => {
  it('describes the four data layers from the registry, drawing order first (the fewest points on top), with legends', async () => {
    const response = await app.inject('/api/layers');
    expect(response.statusCode).toBe(200);
    const { layers } = response.json<{
      layers: { id: string; legend: unknown[]; temporal: boolean; links: { features: string } }[];
    }>();
    expect(layers.map((l) => l.id)).toEqual(['neighbourhoods', 'incidents', 'vacant-buildings', 'youth-facilities']);
    const byId = Object.fromEntries(layers.map((l) => [l.id, l]));
    expect(byId.incidents!.legend).toHaveLength(9);
    expect(byId['vacant-buildings']!.legend).toHaveLength(4);
    expect(byId['youth-facilities']!.legend).toHaveLength(7);
    expect(byId.neighbourhoods!.legend).toHaveLength(1);
    expect(byId.incidents!.temporal).toBe(true);
    expect(byId['youth-facilities']!.temporal).toBe(false);
    expect(byId.incidents!.links.features).toBe('/api/layers/incidents/features');
    expect(JSON.stringify(layers)).not.toMatch(/occurred_at|vacant_buildings/); // no SQL names leak
  });

  it("gives each temporal layer its data's time range, for the time slider", async () => {
    const { layers } = (await app.inject({ url: '/api/layers', headers: { cookie: planner } })).json<{
      layers: { id: string; extent: { temporal: [string, string] | null } }[];
    }>();
    const extents = Object.fromEntries(layers.map((l) => [l.id, l.extent.temporal]));
    expect(extents).toEqual({
      // T-INC-1 on 2024-01-15 to T-INC-5 on 2025-03-01 (09:00+01:00 = 08:00 UTC)
      incidents: ['2024-01-15', '2025-03-01'],
      // T-LEEG-A registered 2020-01-01; the last date is T-LEEG-C's registration, 2024-02-01
      // (later than T-LEEG-A's resolution, 2022-06-30; open periods add no end)
      'vacant-buildings': ['2020-01-01', '2024-02-01'],
      neighbourhoods: null,
      'youth-facilities': null,
    });
  });
});

describe('GET /api/layers/:id/features', () => {
  it('returns RFC 7946 features with typed, formatted properties', async () => {
    const fc = await features('incidents');
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.numberMatched).toBe(5);
    expect(fc.numberReturned).toBe(5);
    const first = fc.features[0]!;
    expect(first.geometry).toEqual({ type: 'Point', coordinates: [4.01, 50.01] });
    expect(first.properties).toEqual({
      category: 'overlast',
      occurredAt: '2024-01-15T22:00:00Z',
      source: 'meldpunt',
      locationPrecision: 'exact',
      synthetic: false,
    });
    // 09:00 in Brussels (+01:00) is 08:00 UTC
    expect(fc.features[4]!.properties.occurredAt).toBe('2025-03-01T08:00:00Z');
  });

  it('returns sectors with their population and dwellings', async () => {
    const fc = await features('neighbourhoods');
    expect(fc.features.map((f) => [f.id, f.properties.population, f.properties.dwellings])).toEqual([
      ['99999A00-', 1000, 400],
      ['99999A01-', 50, 20],
    ]);
    expect(fc.features[0]!.geometry.type).toBe('MultiPolygon');
  });

  it('filters by bbox', async () => {
    const fc = await features('incidents', '?bbox=4.0,50.0,4.05,50.05');
    expect(fc.features.map((f) => f.properties.occurredAt)).toEqual(['2024-01-15T22:00:00Z', '2024-06-01T12:00:00Z']);
  });

  it('filters by one or more categories', async () => {
    expect(sourceIdsOf(await features('incidents', '?category=overlast,verkeer'))).toEqual([
      'overlast',
      'overlast',
      'verkeer',
    ]);
    expect(sourceIdsOf(await features('vacant-buildings', '?category=onbewoonbaar'))).toEqual(['onbewoonbaar']);
  });

  it('filters by a closed datetime interval, a bare end date including its whole day', async () => {
    const fc = await features('incidents', '?datetime=2024-01-01/2024-12-31');
    expect(sourceIdsOf(fc)).toEqual(['overlast', 'overlast', 'woninginbraak']);
  });

  it('filters by an instant and by half-open intervals', async () => {
    expect(sourceIdsOf(await features('incidents', '?datetime=2025-03-01T08:00:00Z'))).toEqual(['diefstal', 'verkeer']);
    expect(sourceIdsOf(await features('incidents', '?datetime=../2024-06-01'))).toEqual(['overlast', 'overlast']);
    expect(sourceIdsOf(await features('incidents', '?datetime=2025-01-01T00:00:00%2B01:00/..'))).toEqual([
      'woninginbraak',
      'diefstal',
      'verkeer',
    ]);
  });

  it('matches vacant buildings whose registration period overlaps the interval', async () => {
    expect(sourceIdsOf(await features('vacant-buildings', '?datetime=2022-01-01/2022-12-31'))).toEqual(['leegstaand']);
    expect(sourceIdsOf(await features('vacant-buildings', '?datetime=2023-06-01/..'))).toEqual([
      'verwaarloosd',
      'onbewoonbaar',
    ]);
    const fc = await features('vacant-buildings', '?category=leegstaand');
    expect(fc.features[0]!.properties).toMatchObject({
      registeredOn: '2020-01-01',
      resolvedOn: '2022-06-30',
      kind: 'woning',
    });
  });

  it('combines filters and honours limit while counting all matches', async () => {
    const combined = await features(
      'incidents',
      '?bbox=4.05,50.05,4.1,50.1&category=diefstal,verkeer,overlast&datetime=2025-01-01/2025-12-31',
    );
    expect(sourceIdsOf(combined)).toEqual(['diefstal', 'verkeer']);
    const limited = await features('incidents', '?limit=2');
    expect(limited.numberReturned).toBe(2);
    expect(limited.numberMatched).toBe(5);
    expect(limited.features).toHaveLength(2);
  });

  it('returns an empty collection when nothing matches', async () => {
    const fc = await features('youth-facilities', '?bbox=5,51,5.1,51.1');
    expect(fc).toEqual({ type: 'FeatureCollection', numberMatched: 0, numberReturned: 0, features: [] });
  });
});
