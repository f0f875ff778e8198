import { ORIGIN_SHIFT, tileBounds3857, type TileCoord } from '../tiles/tile-grid.ts';

/**
 * The public's grid for point counts in vector tiles: square cells of Belgian Lambert 72
 * (EPSG:31370) metres, so a cell's size is its size on the ground (a Web Mercator "metre" is
 * 1/cos(latitude) of one: 1.58 m at Halle). Cells are at least PUBLIC_CELL_METRES wide and
 * double at low zooms so that a tile holds at most MAX_CELLS_PER_TILE_SIDE across. Because the
 * sizes are 200·2ⁿ on one origin, a cell of one zoom is exactly four (or one) of the next: the
 * counts of two zooms can be subtracted, but the remainder is again a whole cell, never a
 * sliver where two grids overlap.
 */
export const PUBLIC_CELL_METRES = 200;
export const MAX_CELLS_PER_TILE_SIDE = 64;
export const PUBLIC_CELL_SRID = 31370;

/** The width of the Web Mercator world, which is its width on the ground at the equator. */
const WORLD_METRES = 2 * ORIGIN_SHIFT;
const EARTH_RADIUS = 6378137;
const MAX_LATITUDE = 85.0511287798066;

/**
 * Edge of the public cells at zoom z: `base` doubled until a tile is at most 64 cells across
 * where tiles are widest on the ground (the equator). 200 m from zoom 12 up; 400 m at 11, …
 */
export function publicCellMetres(z: number, base = PUBLIC_CELL_METRES): number {
  let size = base;
  while (WORLD_METRES / 2 ** z / size > MAX_CELLS_PER_TILE_SIDE) size *= 2;
  return size;
}

/** Latitude in degrees of a Web Mercator y (metres). */
function latitudeOf(y: number): number {
  return (Math.atan(Math.sinh(y / EARTH_RADIUS)) * 180) / Math.PI;
}

/**
 * The box (WGS 84: west, south, east, north) that holds every point of every cell whose centre
 * lies in the tile: the tile grown by a whole cell, in Mercator metres at the tile's poleward
 * edge (where a ground metre is the most Mercator metres). A cell's points lie within half a
 * diagonal (0.71 cell) of its centre; the extra 0.29 covers Lambert's scale and rotation.
 */
export function cellSearchBox(tile: TileCoord, cellMetres: number): [number, number, number, number] {
  const [minX, minY, maxX, maxY] = tileBounds3857(tile);
  const poleward = Math.min(MAX_LATITUDE, Math.max(Math.abs(latitudeOf(minY)), Math.abs(latitudeOf(maxY))));
  const margin = cellMetres / Math.cos((poleward * Math.PI) / 180);
  const clampX = (x: number) => Math.min(ORIGIN_SHIFT, Math.max(-ORIGIN_SHIFT, x));
  const longitude = (x: number) => (clampX(x) / ORIGIN_SHIFT) * 180;
  const latitude = (y: number) => latitudeOf(clampX(y));
  return [longitude(minX - margin), latitude(minY - margin), longitude(maxX + margin), latitude(maxY + margin)];
}
