import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

export interface DecodedFeature {
  id: number | undefined;
  type: 'Point' | 'LineString' | 'Polygon' | 'Unknown';
  properties: Record<string, string | number | boolean>;
  /** Rings (or point lists) in tile units, each polygon ring rotated to start at its smallest point. */
  geometry: [number, number][][];
}

export interface DecodedLayer {
  version: number;
  extent: number;
  features: DecodedFeature[];
}

const TYPES = ['Unknown', 'Point', 'LineString', 'Polygon'] as const;

function normaliseRing(ring: [number, number][], closed: boolean): [number, number][] {
  if (!closed) return ring;
  const open = ring.slice(0, -1);
  let start = 0;
  open.forEach(([x, y], i) => {
    const [sx, sy] = open[start]!;
    if (x < sx || (x === sx && y < sy)) start = i;
  });
  return [...open.slice(start), ...open.slice(0, start)];
}

/** Decodes an MVT with @mapbox/vector-tile into plain data, features in a stable order. */
export function decodeTile(bytes: Uint8Array): Record<string, DecodedLayer> {
  const tile = new VectorTile(new PbfReader(bytes));
  const result: Record<string, DecodedLayer> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      const type = TYPES[feature.type];
      const geometry = feature.loadGeometry().map((ring) =>
        normaliseRing(
          ring.map((p) => [p.x, p.y] as [number, number]),
          type === 'Polygon',
        ),
      );
      features.push({ id: feature.id, type, properties: feature.properties, geometry });
    }
    features.sort((a, b) =>
      JSON.stringify([a.id, a.properties, a.geometry]).localeCompare(JSON.stringify([b.id, b.properties, b.geometry])),
    );
    result[name] = { version: layer.version, extent: layer.extent, features };
  }
  return result;
}

/** Signed area of a ring in tile units (positive = exterior ring in MVT 2.1's y-down frame). */
export function ringArea(ring: [number, number][]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0] - ring[i]![0]) * (ring[i]![1] + ring[j]![1]);
  }
  return sum / 2;
}
