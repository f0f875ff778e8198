import { HttpProblem } from '../plugins/errors.ts';

/*
 * Checks an area's geometry in TypeScript BEFORE any GEOS operation sees it: the embedded
 * PostGIS swallows GEOS exceptions (a self-intersecting polygon in ST_Intersection returns no
 * row, not an error; architecture decision 2), so an invalid polygon would otherwise give
 * empty figures silently. Validity follows the OGC simple-features rules PostGIS applies:
 * rings closed, at least 3 distinct points, no ring crossing or touching itself, rings of a
 * polygon and parts of a multipolygon may touch at single points but never cross or share an
 * edge, holes inside their shell, parts not inside one another.
 */

export type Position = [lon: number, lat: number];

/** A checked geometry: always a MultiPolygon of 2-D positions in EPSG:4326 (lon, lat). */
export interface AreaGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

export type GeometryReason =
  | 'not-polygon'
  | 'too-few-points'
  | 'unclosed-ring'
  | 'non-finite'
  | 'outside-belgium'
  | 'too-many-vertices'
  | 'self-intersection'
  /** Rings that do not cross but are arranged wrongly: a hole outside its shell, a hole in a
   * hole, one part inside another, an interior cut in two (additive to the contract's list). */
  | 'invalid-rings';

/** Lon/lat box that Belgium (with a margin) lies in. */
export const BELGIUM = { west: 2.5, east: 6.5, south: 49.4, north: 51.6 } as const;
export const DEFAULT_MAX_VERTICES = 2000;

/** 422 problem with `field: 'geometry'`, a `reason` and, where known, a `location` [lon, lat]. */
export class GeometryError extends HttpProblem {
  constructor(
    readonly reason: GeometryReason,
    detail: string,
    readonly location?: Position,
    readonly field = 'geometry',
  ) {
    super(422, 'Unprocessable Content', detail, undefined, {
      field,
      reason,
      ...(location ? { location } : {}),
    });
  }
}

// Locations are reported to 1e-7 degree (about 1 cm), so 4.01 stays 4.01 in the message.
// n * 1e7 overflows to Infinity above ~1.8e301 (which the 422's location could not carry): keep n.
const round7 = (n: number) => (Math.abs(n) < 1e15 ? Math.round(n * 1e7) / 1e7 : n);
const at = (p: Position): Position => [round7(p[0]), round7(p[1])];
const show = (p: Position) => `${round7(p[0])}, ${round7(p[1])}`;

/** "ring 2 of polygon 1" (1-based), or "the outer ring" when there is only one polygon. */
function ringName(polygon: number, ring: number, polygons: number): string {
  const which = ring === 0 ? 'the outer ring' : `hole ${ring}`;
  return polygons > 1 ? `${which} of part ${polygon + 1}` : which;
}

/**
 * Validates a GeoJSON Polygon or MultiPolygon and returns it as a MultiPolygon of 2-D
 * positions (a third coordinate is dropped). Throws GeometryError saying what and where.
 */
export function validateAreaGeometry(geometry: unknown, options: { maxVertices?: number } = {}): AreaGeometry {
  const area = readAreaGeometry(geometry, options);
  checkIntersections(area.coordinates);
  checkNesting(area.coordinates);
  return area;
}

/**
 * The checks of validateAreaGeometry up to, not including, the topology ones (crossings and
 * ring nesting): what a geometry must pass before a repair with ST_MakeValid is offered.
 */
export function readAreaGeometry(geometry: unknown, options: { maxVertices?: number } = {}): AreaGeometry {
  const maxVertices = options.maxVertices ?? DEFAULT_MAX_VERTICES;
  const raw = readShape(geometry);
  const polygons = raw.length;

  // Count first: the other checks are linear or n log n, but refuse oversized input early.
  // Vertices are the distinct corners: each ring's closing position repeats its first.
  const vertices = raw.reduce((sum, polygon) => sum + polygon.reduce((s, ring) => s + ring.length - 1, 0), 0);
  if (vertices > maxVertices) {
    throw new GeometryError(
      'too-many-vertices',
      `the area has ${vertices} vertices; at most ${maxVertices} are allowed: simplify the outline`,
    );
  }

  const coordinates: Position[][][] = raw.map((polygon, p) =>
    polygon.map((ring, r) =>
      ring.map((position, i) => {
        const [lon, lat] = position as [unknown, unknown];
        if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
          throw new GeometryError(
            'non-finite',
            `position ${i + 1} of ${ringName(p, r, polygons)} is not a pair of finite numbers (NaN, Infinity or null)`,
          );
        }
        return [lon, lat] as Position;
      }),
    ),
  );

  coordinates.forEach((polygon, p) =>
    polygon.forEach((ring, r) => {
      for (const position of ring) {
        const [lon, lat] = position;
        if (lon < BELGIUM.west || lon > BELGIUM.east || lat < BELGIUM.south || lat > BELGIUM.north) {
          const swapped =
            lat >= BELGIUM.west && lat <= BELGIUM.east && lon >= BELGIUM.south && lon <= BELGIUM.north
              ? ' (longitude and latitude look swapped: GeoJSON is [lon, lat])'
              : '';
          throw new GeometryError(
            'outside-belgium',
            `${ringName(p, r, polygons)} has a point at ${show(position)}, outside Belgium ` +
              `(lon ${BELGIUM.west}–${BELGIUM.east}, lat ${BELGIUM.south}–${BELGIUM.north})${swapped}`,
            at(position),
          );
        }
      }
    }),
  );

  coordinates.forEach((polygon, p) =>
    polygon.forEach((ring, r) => {
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      const distinct = new Set(ring.map(([lon, lat]) => `${lon},${lat}`)).size;
      if (ring.length < 4 || distinct < 3) {
        throw new GeometryError(
          'too-few-points',
          `${ringName(p, r, polygons)} has ${distinct} distinct point${distinct === 1 ? '' : 's'}; ` +
            'a ring needs at least 3 distinct points and 4 positions (the last repeating the first)',
          at(first),
        );
      }
      if (first[0] !== last[0] || first[1] !== last[1]) {
        throw new GeometryError(
          'unclosed-ring',
          `${ringName(p, r, polygons)} is not closed: it starts at ${show(first)} but ends at ${show(last)}; ` +
            'repeat the first position at the end',
          at(last),
        );
      }
    }),
  );

  return { type: 'MultiPolygon', coordinates };
}

/** The nesting of arrays a Polygon or MultiPolygon must have; positions are checked later. */
function readShape(geometry: unknown): unknown[][][][] {
  const notPolygon = (detail: string) => new GeometryError('not-polygon', detail);
  if (typeof geometry !== 'object' || geometry === null || Array.isArray(geometry)) {
    throw notPolygon('geometry must be a GeoJSON Polygon or MultiPolygon object');
  }
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    const got = typeof type === 'string' ? `"${type}"` : 'no type';
    throw notPolygon(`geometry must be a GeoJSON Polygon or MultiPolygon, got ${got}`);
  }
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    throw notPolygon(`the ${type} has no coordinates`);
  }
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown[];
  return polygons.map((polygon, p) => {
    if (!Array.isArray(polygon) || polygon.length === 0) {
      throw notPolygon(`part ${p + 1} of the MultiPolygon is not an array of rings`);
    }
    return polygon.map((ring, r) => {
      if (!Array.isArray(ring) || ring.length === 0) {
        throw notPolygon(`ring ${r + 1} of part ${p + 1} is not an array of positions`);
      }
      return ring.map((position, i) => {
        // null stands for NaN/Infinity after JSON.stringify: that is a non-finite number.
        const isCoordinate = (n: unknown) => typeof n === 'number' || n === null;
        if (!Array.isArray(position) || position.length < 2 || position.length > 3 || !position.every(isCoordinate)) {
          throw notPolygon(`position ${i + 1} of ring ${r + 1} of part ${p + 1} is not [lon, lat]`);
        }
        return position;
      });
    });
  });
}

/* ---------- segment intersections ---------- */

interface Segment {
  a: Position;
  b: Position;
  polygon: number;
  ring: number;
  /** Index within its ring (after consecutive duplicates are dropped). */
  index: number;
  /** Number of segments in its ring. */
  count: number;
  minX: number;
  maxX: number;
}

type Contact = { kind: 'cross' | 'touch' | 'overlap'; point: Position } | null;

/** Twice the signed area of a, b, c: > 0 left turn, < 0 right turn, 0 collinear. */
function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(p: Position, a: Position, b: Position): boolean {
  return (
    orient(a, b, p) === 0 &&
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];

/** How segments ab and cd meet: cross (interiors cross), touch (one point), overlap (a stretch). */
export function segmentContact(a: Position, b: Position, c: Position, d: Position): Contact {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (d1 * d2 < 0 && d3 * d4 < 0) {
    const t = d1 / (d1 - d2);
    return { kind: 'cross', point: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])] };
  }
  if (d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0) {
    // Collinear: compare along the segment's longer axis.
    const axis = Math.abs(b[0] - a[0]) >= Math.abs(b[1] - a[1]) ? 0 : 1;
    const [lo1, hi1] = a[axis] <= b[axis] ? [a, b] : [b, a];
    const [lo2, hi2] = c[axis] <= d[axis] ? [c, d] : [d, c];
    const start = lo1[axis] >= lo2[axis] ? lo1 : lo2;
    const end = hi1[axis] <= hi2[axis] ? hi1 : hi2;
    if (start[axis] > end[axis]) return null;
    return { kind: start[axis] === end[axis] ? 'touch' : 'overlap', point: start };
  }
  for (const [p, s, e] of [
    [a, c, d],
    [b, c, d],
    [c, a, b],
    [d, a, b],
  ] as const) {
    if (onSegment(p, s, e)) return { kind: 'touch', point: p };
  }
  return null;
}

function segmentsOf(coordinates: Position[][][]): Segment[] {
  const segments: Segment[] = [];
  coordinates.forEach((polygon, p) =>
    polygon.forEach((ring, r) => {
      // Repeated consecutive positions are harmless (PostGIS ignores them): skip zero-length edges.
      const points = ring.filter((point, i) => i === 0 || !same(point, ring[i - 1]!));
      const count = points.length - 1;
      for (let i = 0; i < count; i++) {
        const a = points[i]!;
        const b = points[i + 1]!;
        segments.push({
          a,
          b,
          polygon: p,
          ring: r,
          index: i,
          count,
          minX: Math.min(a[0], b[0]),
          maxX: Math.max(a[0], b[0]),
        });
      }
    }),
  );
  return segments;
}

/**
 * Every pair of segments whose x-ranges overlap (sweep over x): within one ring, neighbours
 * may only share their common vertex and others may not meet at all; different rings may
 * touch at a point but not cross or share a stretch of edge.
 */
function checkIntersections(coordinates: Position[][][]): void {
  const polygons = coordinates.length;
  const segments = segmentsOf(coordinates).sort((s, t) => s.minX - t.minX);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    for (let j = i + 1; j < segments.length && segments[j]!.minX <= s.maxX; j++) {
      const t = segments[j]!;
      const contact = segmentContact(s.a, s.b, t.a, t.b);
      if (!contact) continue;
      const where = at(contact.point);
      if (s.polygon === t.polygon && s.ring === t.ring) {
        const gap = Math.abs(s.index - t.index);
        const neighbours = gap === 1 || gap === s.count - 1;
        if (neighbours && contact.kind === 'touch') continue;
        throw new GeometryError(
          'self-intersection',
          neighbours
            ? `${ringName(s.polygon, s.ring, polygons)} doubles back on itself at ${show(where)} (a spike)`
            : `${ringName(s.polygon, s.ring, polygons)} crosses or touches itself at ${show(where)}`,
          where,
        );
      }
      if (contact.kind === 'touch') continue;
      const [u, v] = s.polygon * 1e6 + s.ring <= t.polygon * 1e6 + t.ring ? [s, t] : [t, s];
      const first = ringName(u.polygon, u.ring, polygons);
      const second = ringName(v.polygon, v.ring, polygons);
      throw new GeometryError(
        'self-intersection',
        contact.kind === 'cross'
          ? `${first} and ${second} cross at ${show(where)}`
          : `${first} and ${second} share an edge from ${show(where)}`,
        where,
      );
    }
  }
}

/* ---------- ring nesting (rings no longer cross, so each is inside or outside another) ---------- */

/** Even-odd ray cast; only called for points known not to lie on the ring. */
function insideRing(point: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

function onRing(point: Position, ring: Position[]): boolean {
  for (let i = 0; i < ring.length - 1; i++) if (onSegment(point, ring[i]!, ring[i + 1]!)) return true;
  return false;
}

/** A point of `inner` that is not on `outer` (a vertex, else an edge midpoint), or null. */
function probe(inner: Position[], outer: Position[]): Position | null {
  for (const point of inner) if (!onRing(point, outer)) return point;
  for (let i = 0; i < inner.length - 1; i++) {
    const [a, b] = [inner[i]!, inner[i + 1]!];
    const middle: Position = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    if (!onRing(middle, outer)) return middle;
  }
  return null;
}

/** Whether ring `inner` lies inside ring `outer` (they are known not to cross). */
function ringInside(inner: Position[], outer: Position[]): boolean {
  const point = probe(inner, outer);
  return point !== null && insideRing(point, outer);
}

function checkNesting(coordinates: Position[][][]): void {
  const polygons = coordinates.length;
  coordinates.forEach((polygon, p) => {
    const [shell, ...holes] = polygon as [Position[], ...Position[][]];
    holes.forEach((hole, h) => {
      if (!ringInside(hole, shell)) {
        throw new GeometryError(
          'invalid-rings',
          `${ringName(p, h + 1, polygons)} lies outside its outer ring`,
          at(hole[0]!),
        );
      }
      holes.forEach((other, k) => {
        if (k !== h && ringInside(hole, other)) {
          throw new GeometryError(
            'invalid-rings',
            `${ringName(p, h + 1, polygons)} lies inside ${ringName(p, k + 1, polygons)}`,
            at(hole[0]!),
          );
        }
      });
    });
  });
  // Parts must not overlap: a part's shell inside another part's shell counts as overlap
  // unless it sits inside one of that part's holes (an island in a lake).
  coordinates.forEach((polygon, p) =>
    coordinates.forEach((other, q) => {
      if (p === q) return;
      const [shell] = polygon as [Position[]];
      const [otherShell, ...otherHoles] = other as [Position[], ...Position[][]];
      if (ringInside(shell, otherShell) && !otherHoles.some((hole) => ringInside(shell, hole))) {
        throw new GeometryError(
          'self-intersection',
          `part ${p + 1} lies inside part ${q + 1}: parts of a MultiPolygon must not overlap`,
          at(shell[0]!),
        );
      }
    }),
  );
}
