import type pg from 'pg';
import { HALLE_CENTRE } from '../../api/src/seed/scale-space.ts';
import { ORIGIN_SHIFT, type TileCoord, tilePosition } from '../../api/src/tiles/tile-grid.ts';

/*
 * Which tiles the benchmark asks for. At every zoom: the tiles a 1024×768 px map viewport
 * (256 px tiles) centred on Halle shows, a 5×4 block around the centre tile; 20 tiles per zoom,
 * 140 over zooms 10–16. For the size check, also the densest tiles of each zoom anywhere.
 */

/** Halle's centre (lon, lat), where the scale data set puts its densest clusters. */
export { HALLE_CENTRE };
export const VIEWPORT = { width: 1024, height: 768, tilePx: 256 };

/** The tiles the viewport centred on Halle shows at zoom z, row by row. */
export function viewportTiles(z: number): TileCoord[] {
  const [cx, cy] = tilePosition(...HALLE_CENTRE, z);
  const halfX = VIEWPORT.width / VIEWPORT.tilePx / 2;
  const halfY = VIEWPORT.height / VIEWPORT.tilePx / 2;
  const tiles: TileCoord[] = [];
  for (let y = Math.floor(cy - halfY); y <= Math.floor(cy + halfY); y++) {
    for (let x = Math.floor(cx - halfX); x <= Math.floor(cx + halfX); x++) tiles.push({ z, x, y });
  }
  return tiles;
}

export function tileSet(minZoom: number, maxZoom: number): TileCoord[] {
  const tiles: TileCoord[] = [];
  for (let z = minZoom; z <= maxZoom; z++) tiles.push(...viewportTiles(z));
  return tiles;
}

export const tileName = ({ z, x, y }: TileCoord) => `${z}/${x}/${y}`;

/** Tiles per zoom, as "z10: 20, z11: 20, …". */
export function countPerZoom(tiles: readonly TileCoord[]): string {
  const counts = new Map<number, number>();
  for (const { z } of tiles) counts.set(z, (counts.get(z) ?? 0) + 1);
  return [...counts].map(([z, n]) => `z${z}: ${n}`).join(', ');
}

export interface CountedTile extends TileCoord {
  incidents: number;
}

/**
 * The `perZoom` tiles with the most incidents at each zoom from minZoom to maxZoom: incidents
 * are counted per tile at maxZoom in one pass, then summed up the pyramid (x >> k, y >> k).
 */
export async function densestTiles(
  pool: pg.Pool,
  minZoom: number,
  maxZoom: number,
  perZoom: number,
): Promise<CountedTile[]> {
  const { rows } = await pool.query<CountedTile>(
    `WITH p AS (SELECT ST_X(g) + $1 AS mx, $1 - ST_Y(g) AS my
                  FROM (SELECT ST_Transform(geom, 3857) AS g FROM incidents) AS s),
          leaf AS (SELECT floor(mx / $2)::int AS x, floor(my / $2)::int AS y, count(*)::int AS n
                     FROM p GROUP BY 1, 2),
          up AS (SELECT z, x >> ($4 - z) AS x, y >> ($4 - z) AS y, sum(n)::int AS n
                   FROM leaf, generate_series($3::int, $4::int) AS z GROUP BY 1, 2, 3),
          ranked AS (SELECT *, row_number() OVER (PARTITION BY z ORDER BY n DESC, x, y) AS r FROM up)
     SELECT z, x, y, n AS incidents FROM ranked WHERE r <= $5 ORDER BY z, r`,
    [ORIGIN_SHIFT, (2 * ORIGIN_SHIFT) / 2 ** maxZoom, minZoom, maxZoom, perZoom],
  );
  return rows;
}
