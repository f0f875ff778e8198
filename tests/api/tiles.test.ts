import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tileAt } from '../../api/src/tiles/tile-grid.ts';
import { createTestApp } from '../support/app.ts';
import { decodeTile, ringArea } from '../support/mvt.ts';
import { signInPlanner } from '../support/staff.ts';

// Fixture (tests/fixtures/api-fixture.sql): five incidents, three vacant buildings, two
// facilities and two rectangular sectors in the square lon 4.0–4.1, lat 50.0–50.1.
// Tiles are asked for as a planner, who sees the staff layers as they are; the public's
// tiles (counts of k or more only) are tests/api/privacy.test.ts's.
let app: FastifyInstance;
let planner: string;
beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'tiles-planner');
});
afterAll(async () => {
  await app.close();
});

const tilePath = (layer: string, t: { z: number; x: number; y: number }, query = '') =>
  `/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt${query}`;

async function getTile(url: string) {
  const response = await app.inject({ method: 'GET', url, headers: { cookie: planner } });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
  return decodeTile(response.rawPayload);
}

const sumOfCounts = (features: { properties: Record<string, unknown> }[]) =>
  features.reduce((sum, f) => sum + Number(f.properties.count), 0);

describe('vector tiles', () => {
  const z9 = tileAt(4.05, 50.05, 9); // the whole fixture square lies in this tile (at z10 it straddles two)

  it('uses ST_AsMVT on a PostGIS server and the API encoder on the embedded one', () => {
    expect(app.tiles.encoder).toBe(inject('backend') === 'server' ? 'postgis' : 'api');
  });

  it('aggregates points into counted cells below the aggregation zoom', async () => {
    const tile = await getTile(tilePath('incidents', z9));
    const layer = tile.incidents!;
    expect(layer.version).toBe(2);
    expect(layer.extent).toBe(4096);
    expect(sumOfCounts(layer.features)).toBe(5);
    expect(layer.features.every((f) => f.type === 'Point' && Object.keys(f.properties).join() === 'count')).toBe(true);
  });

  it('applies the features API filters to tiles', async () => {
    expect(
      sumOfCounts((await getTile(tilePath('incidents', z9, '?category=overlast,verkeer'))).incidents!.features),
    ).toBe(3);
    expect(sumOfCounts((await getTile(tilePath('incidents', z9, '?datetime=2025-01-01/..'))).incidents!.features)).toBe(
      2,
    );
    const vacant = await getTile(tilePath('vacant-buildings', z9, '?status=verwaarloosd,onbewoonbaar&kind=gebouw'));
    expect(sumOfCounts(vacant['vacant-buildings']!.features)).toBe(1);
  });

  it('sends raw points with their id and properties at high zoom, placed to the tile unit', async () => {
    const t = tileAt(4.01, 50.01, 16);
    const tile = await getTile(tilePath('incidents', t));
    const [feature, ...others] = tile.incidents!.features;
    expect(others).toEqual([]);
    expect(feature!.id).toBeTypeOf('number');
    expect(feature!.properties).toEqual({
      category: 'overlast',
      occurredAt: '2024-01-15T22:00:00Z',
      source: 'meldpunt',
      locationPrecision: 'exact',
      synthetic: false,
    });
    // Hand-computed: the point's position inside its z16 tile, in 1/4096 of the tile.
    const n = 2 ** 16;
    const fx = ((4.01 + 180) / 360) * n - t.x;
    const rad = (50.01 * Math.PI) / 180;
    const fy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n - t.y;
    expect(feature!.geometry).toEqual([[[Math.round(fx * 4096), Math.round(fy * 4096)]]]);
  });

  it('sends sector polygons with their code, exterior rings wound as MVT 2.1 requires', async () => {
    const t = tileAt(4.02, 50.05, 12);
    const features = (await getTile(tilePath('neighbourhoods', t))).neighbourhoods!.features;
    const west = features.find((f) => f.properties.code === '99999A00-')!;
    expect(west.id).toBeUndefined(); // string ids travel as the `code` property
    expect(west.type).toBe('Polygon');
    expect(west.properties).toMatchObject({ population: 1000, dwellings: 400, figuresEstimated: true });
    expect(west.geometry).toHaveLength(1);
    expect(ringArea(west.geometry[0]!)).toBeGreaterThan(0);
  });

  it('answers an empty tile with 204', async () => {
    const response = await app.inject(tilePath('incidents', { z: 14, x: 0, y: 0 }));
    expect(response.statusCode).toBe(204);
    expect(response.rawPayload.byteLength).toBe(0);
  });

  it('describes each layer with TileJSON 3.0, carrying the filters into the tile URL', async () => {
    const response = await app.inject({
      url: '/tiles/incidents.json?category=drugs',
      headers: { host: 'kaart.example', cookie: planner },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      tilejson: string;
      tiles: string[];
      vector_layers: { id: string; fields: Record<string, string> }[];
    }>();
    expect(body.tilejson).toBe('3.0.0');
    expect(body.tiles).toEqual(['http://kaart.example/tiles/incidents/{z}/{x}/{y}.mvt?category=drugs']);
    expect(body.vector_layers[0]!.id).toBe('incidents');
    expect(Object.keys(body.vector_layers[0]!.fields)).toEqual([
      'category',
      'occurredAt',
      'source',
      'locationPrecision',
      'synthetic',
      'count',
    ]);
  });
});

describe('tile caching and compression', () => {
  const t = tileAt(4.05, 50.05, 9);

  it('serves a strong ETag and answers If-None-Match with 304', async () => {
    const first = await app.inject(tilePath('incidents', t));
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=86400');
    const again = await app.inject({ url: tilePath('incidents', t), headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.byteLength).toBe(0);
  });

  it('gzips for clients that accept it, with its own ETag, and the bytes unzip to the same tile', async () => {
    const plain = await app.inject(tilePath('neighbourhoods', t));
    const zipped = await app.inject({ url: tilePath('neighbourhoods', t), headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=86400');
  });

  it('never serves a stale tile after the data change, even when another client wrote them', async () => {
    const url = tilePath('incidents', t);
    const before = await app.inject({ url, headers: { cookie: planner } });
    expect(app.tiles.cache.size).toBeGreaterThan(0);
    // A write from outside the app (as an import or psql would make), straight into the table.
    await app.db.pool.query(
      `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, geom)
       VALUES ('T-INC-NEW', 'drugs', '2025-05-05T05:05:05Z', 'politie', 'exact', ST_SetSRID(ST_MakePoint(4.03, 50.03), 4326))`,
    );
    try {
      // On a server the change arrives by NOTIFY, milliseconds after the commit.
      await expect
        .poll(async () => (await app.inject({ url, headers: { cookie: planner } })).headers.etag, {
          timeout: 3000,
          interval: 20,
        })
        .not.toBe(before.headers.etag);
      expect(sumOfCounts((await getTile(url)).incidents!.features)).toBe(6);
    } finally {
      await app.db.pool.query(`DELETE FROM incidents WHERE source_id = 'T-INC-NEW'`);
    }
    await expect
      .poll(async () => sumOfCounts((await getTile(url)).incidents!.features), { timeout: 3000, interval: 20 })
      .toBe(5);
  });
});

describe('bad tile requests', () => {
  it.each([
    ['/tiles/incidents/23/0/0.mvt', 'z'],
    ['/tiles/incidents/-1/0/0.mvt', 'z'],
    ['/tiles/incidents/10/1024/0.mvt', 'x'],
    ['/tiles/incidents/10/0/1024.mvt', 'y'],
    ['/tiles/incidents/10/1.5/3.mvt', 'x'],
    ['/tiles/incidents/10/abc/3.mvt', 'x'],
    ['/tiles/incidents/10/3/-2.mvt', 'y'],
    ['/tiles/incidents/10/3/3.mvt?category=moord', 'category'],
    ['/tiles/incidents/10/3/3.mvt?datetime=gisteren', 'datetime'],
    ['/tiles/vacant-buildings/10/3/3.mvt?kind=kasteel', 'kind'],
    ['/tiles/incidents.json?category=moord', 'category'],
  ])('%s → 400 naming %s', async (url, parameter) => {
    const response = await app.inject({ url, headers: { cookie: planner } });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json<{ parameter: string }>().parameter).toBe(parameter);
  });

  it.each(['/tiles/burglars/10/3/3.mvt', '/tiles/burglars.json'])('%s → 404', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
