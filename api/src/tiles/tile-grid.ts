import { InvalidParameterError } from '../layers/filters.ts';

/** Web Mercator tiles (XYZ, as MapLibre and OSM number them). */
export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

export const MAX_ZOOM = 22;
/** Half the width of the Web Mercator square, in metres. */
export const ORIGIN_SHIFT = 20037508.342789244;

/** Checks that x and y exist at zoom z (the schema already made them integers in range). */
export function checkTileCoord(tile: TileCoord): TileCoord {
  const size = 2 ** tile.z;
  if (tile.x >= size) throw new InvalidParameterError('x', `x must be from 0 to ${size - 1} at zoom ${tile.z}`);
  if (tile.y >= size) throw new InvalidParameterError('y', `y must be from 0 to ${size - 1} at zoom ${tile.z}`);
  return tile;
}

/** The tile's square in EPSG:3857 metres: [minX, minY, maxX, maxY]. */
export function tileBounds3857({ z, x, y }: TileCoord): [number, number, number, number] {
  const width = (2 * ORIGIN_SHIFT) / 2 ** z;
  const minX = -ORIGIN_SHIFT + x * width;
  const maxY = ORIGIN_SHIFT - y * width;
  return [minX, maxY - width, minX + width, maxY];
}

/** Fractional XYZ tile coordinates of a WGS 84 point at a zoom. */
export function tilePosition(lon: number, lat: number, z: number): [x: number, y: number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [((lon + 180) / 360) * n, ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n];
}

/** The tile containing a WGS 84 point at a zoom. */
export function tileAt(lon: number, lat: number, z: number): TileCoord {
  const n = 2 ** z;
  const [x, y] = tilePosition(lon, lat, z).map(Math.floor) as [number, number];
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}
