import { fromGeojsonVt, type GeojsonVtFeature } from 'vt-pbf';
import { EXTENT } from './tile-sql.ts';

/** A row of buildTileRowsQuery: geometry already in tile units, as GeoJSON. */
export interface TileRow {
  id: number | string | null;
  properties: Record<string, string | number | boolean | null>;
  geometry: string;
}

type Position = [number, number];
type TileGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

function toFeature(row: TileRow): GeojsonVtFeature {
  const geometry = JSON.parse(row.geometry) as TileGeometry;
  // MVT has no nulls: absent values are left out, as ST_AsMVT does.
  const tags: GeojsonVtFeature['tags'] = {};
  for (const [key, value] of Object.entries(row.properties)) if (value !== null) tags[key] = value;
  const feature = (type: 1 | 3, coordinates: number[][] | number[][][]): GeojsonVtFeature => ({
    ...(row.id === null ? {} : { id: Number(row.id) }),
    type,
    geometry: coordinates,
    tags,
  });
  switch (geometry.type) {
    case 'Point':
      return feature(1, [geometry.coordinates]);
    case 'MultiPoint':
      return feature(1, geometry.coordinates);
    case 'Polygon':
      return feature(3, geometry.coordinates);
    case 'MultiPolygon':
      // One feature, all rings in order: each exterior ring followed by its holes.
      return feature(3, geometry.coordinates.flat());
  }
}

/**
 * Encodes a Mapbox Vector Tile 2.1 from rows the database prepared, for backends whose PostGIS
 * lacks ST_AsMVT (the embedded PGlite build has no protobuf-c).
 */
export function encodeTile(layerName: string, rows: TileRow[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  const bytes = fromGeojsonVt({ [layerName]: { features: rows.map(toFeature) } }, { version: 2, extent: EXTENT });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
