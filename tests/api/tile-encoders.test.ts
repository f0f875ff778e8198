import { hash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../api/src/config.ts';
import type { Database } from '../../api/src/db/database.ts';
import { findLayer, layers } from '../../api/src/layers/registry.ts';
import { loadDemoData } from '../../api/src/seed/load-demo.ts';
import { type TileCoord, tileAt } from '../../api/src/tiles/tile-grid.ts';
import { TileService } from '../../api/src/tiles/tile-service.ts';
import { openFreshDatabase } from '../support/fresh-database.ts';
import { type DecodedLayer, decodeTile, ringArea } from '../support/mvt.ts';

// Halle's demo data, tiles at zooms 10–16 over the centre and the south-west (Lembeek).
const TILES: TileCoord[] = [10, 11, 12, 13, 14, 15, 16].flatMap((z) => [
  tileAt(4.2373, 50.7339, z),
  tileAt(4.215, 50.705, z),
]);
const options = { cacheBytes: 0, aggregateBelowZoom: loadConfig({}).tileAggregateBelowZoom };

let db: Database;
let api: TileService;
beforeAll(async () => {
  db = await openFreshDatabase('tiles');
  await loadDemoData(db.pool);
  api = await TileService.create(db, options, 'api');
});
afterAll(async () => {
  await api?.close();
  await db?.close();
});

async function decoded(service: TileService, layerId: string, tile: TileCoord): Promise<DecodedLayer> {
  const layer = findLayer(layerId)!;
  const bytes = await service.render(layer, tile, {});
  return decodeTile(bytes)[layerId] ?? { version: 2, extent: 4096, features: [] };
}

/**
 * What must be the same whoever encoded the tile: points to the unit, polygons by their
 * properties (their outlines are compared by area: the two encoders may split a sliver differently).
 */
function canonical(layer: DecodedLayer) {
  return layer.features.map((f) =>
    f.type === 'Point' ? { id: f.id, properties: f.properties, geometry: f.geometry } : { properties: f.properties },
  );
}

describe('tiles from the API encoder', () => {
  it('match the stored snapshot on every backend (so the backends match each other)', async () => {
    // Per tile and layer: how many features, how many points they stand for, and a digest of
    // every feature (points to the tile unit), so the stored file stays small.
    const dump: Record<string, { features: number; points: number; digest: string }> = {};
    for (const tile of TILES) {
      for (const layer of layers) {
        const features = canonical(await decoded(api, layer.id, tile));
        dump[`${layer.id}/${tile.z}/${tile.x}/${tile.y}`] = {
          features: features.length,
          points: features.reduce((sum, f) => sum + ('geometry' in f ? Number(f.properties.count ?? 1) : 0), 0),
          digest: hash('sha1', JSON.stringify(features), 'hex'),
        };
      }
    }
    // The cells of the z10 tile over the centre count exactly the incidents inside that tile.
    const [centre] = TILES as [TileCoord];
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3))`,
      [centre.z, centre.x, centre.y],
    );
    expect(rows[0]!.n).toBeGreaterThan(3000);
    expect(dump[`incidents/${centre.z}/${centre.x}/${centre.y}`]!.points).toBe(rows[0]!.n);
    await expect(JSON.stringify(dump, null, 1)).toMatchFileSnapshot('../fixtures/tiles/halle-demo-tiles.json');
  });
});

// Only a PostGIS server has ST_AsMVT; on the embedded backend the snapshot above is the comparison.
if (inject('backend') === 'server')
  describe('ST_AsMVT and the API encoder', () => {
    let postgis: TileService;
    beforeAll(async () => {
      postgis = await TileService.create(db, options, 'postgis');
    });
    afterAll(async () => {
      await postgis?.close();
    });

    // Tile units²: below this a polygon is a sliver that one encoder may keep and the other drop.
    const SLIVER = 64;
    const area = (f: DecodedLayer['features'][number]) =>
      Math.abs(f.geometry.reduce((sum, ring) => sum + ringArea(ring), 0));

    it.each(TILES.map((t) => [`${t.z}/${t.x}/${t.y}`, t] as const))(
      'give the same features in tile %s',
      async (_name, tile) => {
        for (const layer of layers) {
          const a = await decoded(postgis, layer.id, tile);
          const b = await decoded(api, layer.id, tile);
          const points = (l: DecodedLayer) =>
            canonical({ ...l, features: l.features.filter((f) => f.type === 'Point') });
          expect(points(b), layer.id).toEqual(points(a));
          // Polygons: the same sectors, outlines within 2 % of their area (or a few units² for small ones).
          const polygons = (l: DecodedLayer) =>
            new Map(l.features.filter((f) => f.type === 'Polygon').map((f) => [f.properties.code, f]));
          const [pa, pb] = [polygons(a), polygons(b)];
          for (const code of new Set([...pa.keys(), ...pb.keys()])) {
            const [fa, fb] = [pa.get(code), pb.get(code)];
            if (!fa || !fb) {
              expect(area((fa ?? fb)!), `${String(code)} is only in one tile`).toBeLessThan(SLIVER);
              continue;
            }
            expect(Math.abs(area(fb) - area(fa)), String(code)).toBeLessThanOrEqual(
              Math.max(0.02 * area(fa), SLIVER / 2),
            );
            expect(fb.properties, String(code)).toEqual(fa.properties);
          }
        }
      },
    );

    // The public's incidents: counts per cell of k or more (decision record 16), both encoders alike.
    it.each(TILES.map((t) => [`${t.z}/${t.x}/${t.y}`, t] as const))(
      'give the same public cells in tile %s',
      async (_name, tile) => {
        const layer = findLayer('incidents')!;
        const audience = { viewer: 'public' as const, cells: { cellMetres: 200, minCount: 5 } };
        const a = decodeTile(await postgis.render(layer, tile, {}, audience)).incidents?.features ?? [];
        const b = decodeTile(await api.render(layer, tile, {}, audience)).incidents?.features ?? [];
        // Halle's centre has cells of 5 and more at every one of these zooms (Lembeek not always).
        const centre = tileAt(4.2373, 50.7339, tile.z);
        if (centre.x === tile.x && centre.y === tile.y) expect(a.length).toBeGreaterThan(0);
        expect(a.every((f) => f.id === undefined && Number(f.properties.count) >= 5)).toBe(true);
        expect(b).toEqual(a);
      },
    );
  });
