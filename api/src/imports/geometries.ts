import wkx from 'wkx';
import { cellText } from './cells.ts';
import type { GeometrySource, SourceGeometry, SourceRow, SourceValue } from './types.ts';
import { parseNumber } from './values.ts';

/*
 * A row's geometry, read in the file's CRS and checked in TypeScript before PostGIS sees it:
 * the right kind for the layer, finite coordinates, polygon rings closed with at least four
 * positions (PostGIS refuses to even parse anything less, which would stop the whole load).
 * Validity (self-intersections and the like) is PostGIS's ST_IsValid, in SQL. Written as hex
 * EWKB with the CRS's SRID: the text COPY and the unnest arrays both take it as `geometry`.
 */

export type Pair = [x: number, y: number];

/** A point, or polygons (a Polygon is one polygon of a MultiPolygon), in the file's CRS; 2-D. */
export type ImportGeometry = { type: 'Point'; point: Pair } | { type: 'MultiPolygon'; polygons: Pair[][][] };

export type GeometryResult = { geometry: ImportGeometry | null } | { error: string };

export type LayerGeometryType = 'Point' | 'MultiPolygon';

const KIND_NAMES: Record<LayerGeometryType, string> = { Point: 'points', MultiPolygon: 'polygons' };

/** Reads the geometry of each row as the mapping says: the file's own, two columns, or WKT. */
export function geometryReader(
  layerType: LayerGeometryType,
  source: GeometrySource | null,
  decimalComma: boolean | null,
  /** The CRS the import reads coordinates in: an EWKT `SRID=` that says otherwise is refused. */
  srid: () => number | null,
): (row: SourceRow) => GeometryResult {
  if (source === null) return () => ({ geometry: null });
  if (source.kind === 'file') {
    return (row) => (row.geometry === null ? { geometry: null } : fromGeoJson(layerType, row.geometry));
  }
  if (source.kind === 'xy') {
    return (row) => fromColumns(layerType, row.values[source.x] ?? null, row.values[source.y] ?? null, decimalComma);
  }
  return (row) => fromWkt(layerType, row.values[source.column] ?? null, srid());
}

function coordinate(value: SourceValue, axis: 'x' | 'y', decimalComma: boolean | null): number | string {
  const parsed = parseNumber(value, decimalComma);
  return parsed === null ? `${axis} "${cellText(value) ?? ''}" is not a number` : parsed;
}

function fromColumns(layerType: LayerGeometryType, x: SourceValue, y: SourceValue, decimalComma: boolean | null) {
  const hasX = cellText(x) !== null;
  const hasY = cellText(y) !== null;
  if (!hasX && !hasY) return { geometry: null };
  if (!hasX || !hasY) return { error: `${hasX ? 'y' : 'x'} is empty while ${hasX ? 'x' : 'y'} is given` };
  if (layerType !== 'Point') return { error: `this layer takes polygons; x and y give a point` };
  const east = coordinate(x, 'x', decimalComma);
  if (typeof east === 'string') return { error: east };
  const north = coordinate(y, 'y', decimalComma);
  if (typeof north === 'string') return { error: north };
  return { geometry: { type: 'Point', point: [east, north] } as ImportGeometry };
}

function fromWkt(layerType: LayerGeometryType, value: SourceValue, srid: number | null): GeometryResult {
  const text = cellText(value);
  if (text === null) return { geometry: null };
  let parsed: wkx.Geometry;
  try {
    parsed = wkx.Geometry.parse(text);
  } catch (error) {
    return { error: `the WKT could not be read (${(error as Error).message})` };
  }
  if (parsed.srid !== undefined && srid !== null && parsed.srid !== srid) {
    return { error: `the WKT says SRID=${parsed.srid}, but this import reads coordinates as EPSG:${srid}` };
  }
  return fromGeoJson(layerType, parsed.toGeoJSON() as SourceGeometry);
}

const isPair = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n));

function readRing(ring: unknown, where: string): Pair[] | string {
  if (!Array.isArray(ring) || !ring.every(isPair)) return `${where} has a position that is not two finite numbers`;
  const positions = ring.map((p: number[]) => [p[0], p[1]] as Pair);
  if (positions.length < 4) return `${where} has ${positions.length} positions; a ring needs at least 4`;
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1])
    return `${where} is not closed (its last position is not its first)`;
  return positions;
}

function readPolygon(rings: unknown, where: string): Pair[][] | string {
  if (!Array.isArray(rings) || rings.length === 0) return `${where} has no rings`;
  const result: Pair[][] = [];
  for (const [i, ring] of rings.entries()) {
    const read = readRing(ring, i === 0 ? `the outer ring${where}` : `hole ${i}${where}`);
    if (typeof read === 'string') return read;
    result.push(read);
  }
  return result;
}

/** A GeoJSON geometry (from the file, or from WKT) as an ImportGeometry of the layer's kind. */
export function fromGeoJson(layerType: LayerGeometryType, geometry: SourceGeometry): GeometryResult {
  const { type, coordinates } = geometry;
  const wrongKind = (what: string) => ({ error: `the geometry is ${what}; this layer takes ${KIND_NAMES[layerType]}` });
  if (layerType === 'Point') {
    if (type === 'Point') {
      if (Array.isArray(coordinates) && coordinates.length === 0) return { error: 'the point is empty' };
      if (!isPair(coordinates)) return { error: 'the point does not have two finite coordinates' };
      return { geometry: { type: 'Point', point: [coordinates[0]!, coordinates[1]!] } };
    }
    // A MultiPoint of one point is that point (Shapefiles and GeoPackages often store them so).
    if (type === 'MultiPoint' && Array.isArray(coordinates) && coordinates.length === 1) {
      return fromGeoJson(layerType, { type: 'Point', coordinates: coordinates[0] });
    }
    return wrongKind(type === 'MultiPoint' ? 'a MultiPoint of several points' : `a ${type}`);
  }
  if (type === 'Polygon') {
    const polygon = readPolygon(coordinates, '');
    return typeof polygon === 'string'
      ? { error: polygon }
      : { geometry: { type: 'MultiPolygon', polygons: [polygon] } };
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return { error: 'the multipolygon is empty' };
    const polygons: Pair[][][] = [];
    for (const [i, rings] of coordinates.entries()) {
      const polygon = readPolygon(rings, coordinates.length > 1 ? ` of part ${i + 1}` : '');
      if (typeof polygon === 'string') return { error: polygon };
      polygons.push(polygon);
    }
    return { geometry: { type: 'MultiPolygon', polygons } };
  }
  return wrongKind(`a ${type}`);
}

/** Every coordinate pair of a geometry, for detecting the CRS. */
export function* pairsOf(geometry: ImportGeometry): Generator<Pair> {
  if (geometry.type === 'Point') {
    yield geometry.point;
    return;
  }
  for (const polygon of geometry.polygons) for (const ring of polygon) yield* ring;
}

const POINT_EWKB = Buffer.alloc(25);

/** Hex EWKB (little-endian, with the SRID) of a point or a multipolygon. */
export function ewkbHex(geometry: ImportGeometry, srid: number): string {
  if (geometry.type === 'Point') {
    POINT_EWKB.writeUInt8(1, 0);
    POINT_EWKB.writeUInt32LE(0x20000001, 1);
    POINT_EWKB.writeUInt32LE(srid, 5);
    POINT_EWKB.writeDoubleLE(geometry.point[0], 9);
    POINT_EWKB.writeDoubleLE(geometry.point[1], 17);
    return POINT_EWKB.toString('hex');
  }
  let size = 9 + 4;
  for (const polygon of geometry.polygons) {
    size += 9;
    for (const ring of polygon) size += 4 + ring.length * 16;
  }
  const out = Buffer.alloc(size);
  let at = out.writeUInt8(1, 0);
  at = out.writeUInt32LE(0x20000006, at);
  at = out.writeUInt32LE(srid, at);
  at = out.writeUInt32LE(geometry.polygons.length, at);
  for (const polygon of geometry.polygons) {
    at = out.writeUInt8(1, at);
    at = out.writeUInt32LE(3, at);
    at = out.writeUInt32LE(polygon.length, at);
    for (const ring of polygon) {
      at = out.writeUInt32LE(ring.length, at);
      for (const [x, y] of ring) {
        at = out.writeDoubleLE(x, at);
        at = out.writeDoubleLE(y, at);
      }
    }
  }
  return out.toString('hex');
}
