/*
 * The little planar geometry the seed needs: point in polygon, bounding boxes, areas and
 * overlap shares on a grid. Hand-written to keep dependencies out; Halle spans ~15 km, so
 * treating lon/lat as planar (with longitude scaled by cos(latitude) for metres) is accurate enough.
 */

export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** A multipolygon with its bounding box, for repeated containment tests. */
export interface Area {
  coords: MultiPolygonCoords;
  bbox: BBox;
}

const METRES_PER_DEGREE_LAT = 111_320;

export function bboxOf(coords: MultiPolygonCoords): BBox {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const polygon of coords) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < box.minX) box.minX = x;
      if (y < box.minY) box.minY = y;
      if (x > box.maxX) box.maxX = x;
      if (y > box.maxY) box.maxY = y;
    }
  }
  if (!Number.isFinite(box.minX)) throw new RangeError('empty geometry');
  return box;
}

export function toArea(coords: MultiPolygonCoords): Area {
  return { coords, bbox: bboxOf(coords) };
}

/** Even-odd ray casting; a point exactly on an edge may count either way, which sampling tolerates. */
function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function contains(area: Area, [x, y]: Position): boolean {
  const b = area.bbox;
  if (x < b.minX || x > b.maxX || y < b.minY || y > b.maxY) return false;
  for (const polygon of area.coords) {
    const [outer, ...holes] = polygon;
    if (outer && inRing(x, y, outer) && !holes.some((hole) => inRing(x, y, hole))) return true;
  }
  return false;
}

/** Shoelace area in square metres, longitude scaled at the ring's mean latitude. */
function ringAreaM2(ring: Ring): number {
  if (ring.length < 3) return 0;
  const lat0 = ring.reduce((sum, p) => sum + p[1], 0) / ring.length;
  const kx = METRES_PER_DEGREE_LAT * Math.cos((lat0 * Math.PI) / 180);
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    twice += xj * kx * (yi * METRES_PER_DEGREE_LAT) - xi * kx * (yj * METRES_PER_DEGREE_LAT);
  }
  return Math.abs(twice) / 2;
}

export function areaM2(coords: MultiPolygonCoords): number {
  let total = 0;
  for (const [outer, ...holes] of coords) {
    if (!outer) continue;
    total += ringAreaM2(outer) - holes.reduce((sum, hole) => sum + ringAreaM2(hole), 0);
  }
  return total;
}

/** Offsets a position by metres east and north. */
export function offsetMetres([x, y]: Position, east: number, north: number): Position {
  const kx = METRES_PER_DEGREE_LAT * Math.cos((y * Math.PI) / 180);
  return [x + east / kx, y + north / METRES_PER_DEGREE_LAT];
}

/**
 * Points of a regular grid over the area's bounding box that fall inside it, about `target`
 * cells over the box. Deterministic: used to estimate overlap areas and an interior point.
 */
export function gridPointsInside(area: Area, target = 4000): Position[] {
  const { minX, minY, maxX, maxY } = area.bbox;
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  // Square cells in metres: step chosen so the box holds about `target` cells.
  const widthM = (maxX - minX) * kx;
  const heightM = maxY - minY;
  const stepM = Math.sqrt((widthM * heightM) / target) || Math.max(widthM, heightM) / 10;
  const stepX = stepM / kx;
  const stepY = stepM;
  const out: Position[] = [];
  for (let y = minY + stepY / 2; y < maxY; y += stepY) {
    for (let x = minX + stepX / 2; x < maxX; x += stepX) {
      if (contains(area, [x, y])) out.push([x, y]);
    }
  }
  return out;
}

/**
 * Share of `area` covered by each candidate, estimated on a grid of about `target` cells
 * (equal-area cells, so counts are proportional to the area of intersection).
 */
export function overlapShares(area: Area, candidates: readonly Area[], target = 4000): number[] {
  let points = gridPointsInside(area, target);
  // Very thin shapes can miss a coarse grid; refine until some cells land inside.
  for (let t = target * 4; points.length < 50 && t <= target * 256; t *= 4) points = gridPointsInside(area, t);
  const counts = candidates.map(() => 0);
  for (const p of points) {
    const i = candidates.findIndex((c) => contains(c, p));
    if (i >= 0) counts[i] = (counts[i] as number) + 1;
  }
  return counts.map((n) => (points.length ? n / points.length : 0));
}

/** A grid point inside the area nearest to its centroid: a stable "label point" that is always inside. */
export function interiorPoint(area: Area, accept: (p: Position) => boolean = () => true, target = 600): Position {
  let points = gridPointsInside(area, target).filter(accept);
  for (let t = target * 4; points.length < 20 && t <= target * 256; t *= 4)
    points = gridPointsInside(area, t).filter(accept);
  if (points.length === 0) throw new RangeError('no interior grid point found');
  const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const cy = points.reduce((s, p) => s + p[1], 0) / points.length;
  let best = points[0] as Position;
  let bestD = Infinity;
  for (const p of points) {
    const d = (p[0] - cx) ** 2 + (p[1] - cy) ** 2;
    if (d < bestD) [best, bestD] = [p, d];
  }
  return best;
}
