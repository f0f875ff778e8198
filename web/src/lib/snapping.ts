import type { MultiPolygon, Polygon, Position } from 'geojson';

/*
 * Snapping for drawing: the nearest vertex, else the nearest point on a segment, of a set of
 * outlines (sector boundaries, other areas) within a tolerance in screen pixels. Pure: the map's
 * projection is passed in.
 */

export type Segment = readonly [Position, Position];

export interface Point2 {
  x: number;
  y: number;
}

export type ProjectFn = (lon: number, lat: number) => Point2;
export type UnprojectFn = (x: number, y: number) => { lng: number; lat: number };

/** Every segment of the rings of some polygons. */
export function outlineSegments(geometries: readonly (Polygon | MultiPolygon)[]): Segment[] {
  const segments: Segment[] = [];
  for (const geometry of geometries) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) segments.push([ring[i]!, ring[i + 1]!]);
      }
    }
  }
  return segments;
}

/** The point of segment a–b nearest to p, in the plane. */
export function nearestOnSegment(p: Point2, a: Point2, b: Point2): Point2 {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return a;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return { x: a.x + t * dx, y: a.y + t * dy };
}

const distance = (a: Point2, b: Point2) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * The position to snap to for a pointer at `cursor` (screen pixels): a vertex within
 * `tolerance` px wins over a point on a segment; undefined when nothing is that close.
 * `near` (optional) skips segments whose lon/lat box is not near the cursor, for speed.
 */
export function snapPosition(
  cursor: Point2,
  segments: readonly Segment[],
  project: ProjectFn,
  unproject: UnprojectFn,
  tolerance: number,
  near?: (segment: Segment) => boolean,
): Position | undefined {
  let bestVertex: { d: number; position: Position } | null = null;
  let bestEdge: { d: number; point: Point2 } | null = null;
  for (const segment of segments) {
    if (near && !near(segment)) continue;
    const [a, b] = segment;
    const pa = project(a[0]!, a[1]!);
    const pb = project(b[0]!, b[1]!);
    for (const [vertex, position] of [
      [pa, a],
      [pb, b],
    ] as const) {
      const d = distance(cursor, vertex);
      if (d <= tolerance && (!bestVertex || d < bestVertex.d))
        bestVertex = { d, position: [position[0]!, position[1]!] };
    }
    const onEdge = nearestOnSegment(cursor, pa, pb);
    const d = distance(cursor, onEdge);
    if (d <= tolerance && (!bestEdge || d < bestEdge.d)) bestEdge = { d, point: onEdge };
  }
  if (bestVertex) return bestVertex.position;
  if (bestEdge) {
    const { lng, lat } = unproject(bestEdge.point.x, bestEdge.point.y);
    return [lng, lat];
  }
  return undefined;
}

/** A filter for `snapPosition`: segments whose box touches the lon/lat box around the cursor. */
export function segmentsNear(box: readonly [number, number, number, number]): (segment: Segment) => boolean {
  const [west, south, east, north] = box;
  return ([a, b]) =>
    Math.max(a[0]!, b[0]!) >= west &&
    Math.min(a[0]!, b[0]!) <= east &&
    Math.max(a[1]!, b[1]!) >= south &&
    Math.min(a[1]!, b[1]!) <= north;
}

/**
 * The undo history of a drawing: one snapshot per finished change. `current` is the newest;
 * `undo` drops it and returns the one before (undefined: back to nothing drawn).
 */
export class SnapshotStack<T> {
  #items: T[] = [];

  constructor(readonly limit = 100) {}

  push(snapshot: T): void {
    this.#items.push(snapshot);
    if (this.#items.length > this.limit) this.#items.shift();
  }

  get current(): T | undefined {
    return this.#items.at(-1);
  }

  get size(): number {
    return this.#items.length;
  }

  /** Whether there is a change to undo. */
  get canUndo(): boolean {
    return this.#items.length > 0;
  }

  undo(): T | undefined {
    this.#items.pop();
    return this.#items.at(-1);
  }

  clear(): void {
    this.#items = [];
  }
}
