import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_VERTICES,
  GeometryError,
  type GeometryReason,
  type Position,
  segmentContact,
  validateAreaGeometry,
} from './validate.ts';

const box = (west: number, south: number, east: number, north: number): Position[] => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];
const polygon = (...rings: Position[][]) => ({ type: 'Polygon', coordinates: rings });
const multi = (...polygons: Position[][][]) => ({ type: 'MultiPolygon', coordinates: polygons });

function refusal(geometry: unknown, options?: { maxVertices?: number }): GeometryError {
  try {
    validateAreaGeometry(geometry, options);
  } catch (error) {
    expect(error).toBeInstanceOf(GeometryError);
    const problem = error as GeometryError;
    expect(problem.status).toBe(422);
    expect(problem.field).toBe('geometry');
    expect(problem.extensions).toMatchObject({ field: 'geometry', reason: problem.reason });
    return problem;
  }
  throw new Error('expected the geometry to be refused');
}

function expectRefused(geometry: unknown, reason: GeometryReason, location?: Position, options?: object) {
  const problem = refusal(geometry, options);
  expect(problem.reason, problem.message).toBe(reason);
  if (location) {
    expect(problem.location).toEqual(location);
    expect(problem.extensions?.location).toEqual(location);
  }
  return problem;
}

describe('validateAreaGeometry accepts valid areas', () => {
  it('returns a Polygon as a MultiPolygon, unchanged otherwise', () => {
    const ring = box(4.0, 50.0, 4.01, 50.01);
    expect(validateAreaGeometry(polygon(ring))).toEqual({ type: 'MultiPolygon', coordinates: [[ring]] });
  });

  it('drops a third coordinate (altitude)', () => {
    const ring = box(4.0, 50.0, 4.01, 50.01).map(([x, y]) => [x, y, 12]);
    const result = validateAreaGeometry({ type: 'Polygon', coordinates: [ring] });
    expect(result.coordinates[0]![0]).toEqual(box(4.0, 50.0, 4.01, 50.01));
  });

  it('allows a hole inside the shell, touching it at one point', () => {
    validateAreaGeometry(polygon(box(4.0, 50.0, 4.1, 50.1), box(4.02, 50.02, 4.04, 50.04)));
    // Hole corner (4.0, 50.05) lies on the shell's west edge: a single-point touch is valid.
    const touching: Position[] = [
      [4.0, 50.05],
      [4.03, 50.04],
      [4.03, 50.06],
      [4.0, 50.05],
    ];
    validateAreaGeometry(polygon(box(4.0, 50.0, 4.1, 50.1), touching));
  });

  it('allows MultiPolygon parts apart, touching at a corner, or as an island in a hole', () => {
    validateAreaGeometry(multi([box(4.0, 50.0, 4.01, 50.01)], [box(4.05, 50.05, 4.06, 50.06)]));
    validateAreaGeometry(multi([box(4.0, 50.0, 4.01, 50.01)], [box(4.01, 50.01, 4.02, 50.02)]));
    validateAreaGeometry(
      multi([box(4.0, 50.0, 4.1, 50.1), box(4.02, 50.02, 4.08, 50.08)], [box(4.04, 50.04, 4.06, 50.06)]),
    );
  });

  it('ignores repeated consecutive positions and straight-through vertices', () => {
    validateAreaGeometry(
      polygon([
        [4.0, 50.0],
        [4.0, 50.0],
        [4.005, 50.0],
        [4.01, 50.0],
        [4.01, 50.01],
        [4.0, 50.01],
        [4.0, 50.0],
      ]),
    );
  });
});

describe('validateAreaGeometry refuses, saying what and where', () => {
  it('not a polygon', () => {
    expectRefused(null, 'not-polygon');
    expectRefused('POLYGON((4 50, 4.1 50, 4.1 50.1, 4 50))', 'not-polygon');
    expectRefused({ type: 'Point', coordinates: [4, 50] }, 'not-polygon');
    expectRefused({ type: 'Feature', geometry: polygon(box(4, 50, 4.1, 50.1)) }, 'not-polygon');
    expectRefused({ type: 'Polygon', coordinates: [] }, 'not-polygon');
    expectRefused({ type: 'Polygon', coordinates: [[[4, 50], [4.1], [4.1, 50.1], [4, 50]]] }, 'not-polygon');
    expectRefused(
      {
        type: 'Polygon',
        coordinates: [
          [
            [4, 50],
            ['4.1', 50],
            [4.1, 50.1],
            [4, 50],
          ],
        ],
      },
      'not-polygon',
    );
    expectRefused({ type: 'MultiPolygon', coordinates: [[]] }, 'not-polygon');
  });

  it('a ring of 3 positions, or of 4 with fewer than 3 distinct points', () => {
    const problem = expectRefused(
      polygon([
        [4.0, 50.0],
        [4.01, 50.0],
        [4.0, 50.0],
      ]),
      'too-few-points',
      [4.0, 50.0],
    );
    expect(problem.message).toContain('2 distinct points');
    expectRefused(
      polygon([
        [4.0, 50.0],
        [4.01, 50.0],
        [4.01, 50.0],
        [4.0, 50.0],
      ]),
      'too-few-points',
    );
  });

  it('an unclosed ring, located at its loose end', () => {
    const problem = expectRefused(
      polygon([
        [4.0, 50.0],
        [4.01, 50.0],
        [4.01, 50.01],
        [4.0, 50.01],
      ]),
      'unclosed-ring',
      [4.0, 50.01],
    );
    expect(problem.message).toContain('starts at 4, 50 but ends at 4, 50.01');
  });

  it('NaN, Infinity and null (how JSON carries NaN) coordinates', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null]) {
      const ring = box(4.0, 50.0, 4.01, 50.01) as unknown[][];
      ring[2] = [4.01, bad];
      const problem = expectRefused({ type: 'Polygon', coordinates: [ring] }, 'non-finite');
      expect(problem.message).toContain('position 3 of the outer ring');
      expect(problem.location).toBeUndefined();
    }
  });

  it('coordinates outside Belgium (lon 2.5–6.5, lat 49.4–51.6), with a hint when swapped', () => {
    expectRefused(polygon(box(6.4, 50.0, 6.6, 50.1)), 'outside-belgium', [6.6, 50.0]);
    expectRefused(polygon(box(4.0, 49.3, 4.1, 50.0)), 'outside-belgium', [4.0, 49.3]);
    // [lat, lon] instead of [lon, lat]: 50.0 is no longitude in Belgium, 4.0 no latitude.
    const swapped = expectRefused(
      polygon(box(4.0, 50.0, 4.1, 50.1).map(([x, y]) => [y, x] as Position)),
      'outside-belgium',
      [50.0, 4.0],
    );
    expect(swapped.message).toContain('swapped');
  });

  it('too many vertices (configurable; the closing position is not counted)', () => {
    // A box has 5 positions and 4 vertices.
    validateAreaGeometry(polygon(box(4.0, 50.0, 4.01, 50.01)), { maxVertices: 4 });
    const problem = expectRefused(polygon(box(4.0, 50.0, 4.01, 50.01)), 'too-many-vertices', undefined, {
      maxVertices: 3,
    });
    expect(problem.message).toContain('4 vertices; at most 3');
    // Default 2000: a 2001-vertex circle-like ring is refused, a 2000-vertex one accepted.
    const circle = (n: number): Position[] => {
      const ring: Position[] = [];
      for (let i = 0; i < n; i++) {
        const angle = (2 * Math.PI * i) / n;
        ring.push([4.05 + 0.01 * Math.cos(angle), 50.05 + 0.01 * Math.sin(angle)]);
      }
      return [...ring, ring[0]!];
    };
    expect(DEFAULT_MAX_VERTICES).toBe(2000);
    validateAreaGeometry(polygon(circle(2000)));
    expectRefused(polygon(circle(2001)), 'too-many-vertices');
  });

  it('a bow-tie, located at its crossing point [4.01, 50.01]', () => {
    // Edges (4.0,50.0)→(4.02,50.02) and (4.02,50.0)→(4.0,50.02) are the two diagonals of the
    // box 4.0–4.02 × 50.0–50.02: they cross at its centre (4.01, 50.01).
    const problem = expectRefused(
      polygon([
        [4.0, 50.0],
        [4.02, 50.02],
        [4.02, 50.0],
        [4.0, 50.02],
        [4.0, 50.0],
      ]),
      'self-intersection',
      [4.01, 50.01],
    );
    expect(problem.message).toBe('the outer ring crosses or touches itself at 4.01, 50.01');
  });

  it('a ring touching itself at a vertex (figure of eight through one point)', () => {
    expectRefused(
      polygon([
        [4.0, 50.0],
        [4.01, 50.01],
        [4.02, 50.0],
        [4.02, 50.02],
        [4.01, 50.01],
        [4.0, 50.02],
        [4.0, 50.0],
      ]),
      'self-intersection',
      [4.01, 50.01],
    );
  });

  it('a spike (the ring doubles back along its own edge)', () => {
    // (4.0,50.0)→(4.02,50.0)→(4.01,50.0): the second edge runs back over the first from
    // 4.02 to 4.01; the shared stretch starts at (4.01, 50.0).
    const problem = expectRefused(
      polygon([
        [4.0, 50.0],
        [4.02, 50.0],
        [4.01, 50.0],
        [4.01, 50.01],
        [4.0, 50.0],
      ]),
      'self-intersection',
      [4.01, 50.0],
    );
    expect(problem.message).toContain('spike');
  });

  it('a hole crossing its shell is a self-intersection at the crossing', () => {
    // Hole 4.09–4.2 × 50.04–50.06 pokes through the shell's east edge lon 4.1 at lat 50.04 and 50.06.
    const problem = expectRefused(
      polygon(box(4.0, 50.0, 4.1, 50.1), box(4.09, 50.04, 4.2, 50.06)),
      'self-intersection',
      [4.1, 50.04],
    );
    expect(problem.message).toContain('the outer ring and hole 1 cross');
  });

  it('a hole outside its shell, and a hole inside a hole', () => {
    expectRefused(polygon(box(4.0, 50.0, 4.1, 50.1), box(4.2, 50.0, 4.3, 50.1)), 'invalid-rings', [4.2, 50.0]);
    expectRefused(
      polygon(box(4.0, 50.0, 4.1, 50.1), box(4.01, 50.01, 4.09, 50.09), box(4.02, 50.02, 4.03, 50.03)),
      'invalid-rings',
    );
  });

  it('MultiPolygon parts: a bad part is named; crossing, edge-sharing or nested parts are refused', () => {
    const bad = expectRefused(
      multi(
        [box(4.0, 50.0, 4.01, 50.01)],
        [
          [
            [4.05, 50.05],
            [4.06, 50.05],
            [4.06, 50.06],
          ],
        ],
      ),
      'too-few-points',
    );
    expect(bad.message).toContain('the outer ring of part 2');
    // Part 1 = 4.0–4.02 × 50.0–50.02, part 2 = 4.01–4.03 × 50.01–50.03: two closed outlines
    // cross an even number of times, here at (4.01, 50.02) and (4.02, 50.01); the sweep
    // (segments by west end) meets part 1's north edge against part 2's west edge first.
    expectRefused(
      multi([box(4.0, 50.0, 4.02, 50.02)], [box(4.01, 50.01, 4.03, 50.03)]),
      'self-intersection',
      [4.01, 50.02],
    );
    const sharing = expectRefused(
      multi([box(4.0, 50.0, 4.01, 50.01)], [box(4.01, 50.0, 4.02, 50.01)]),
      'self-intersection',
    );
    expect(sharing.message).toContain('share an edge');
    const nested = expectRefused(
      multi([box(4.0, 50.0, 4.1, 50.1)], [box(4.02, 50.02, 4.03, 50.03)]),
      'self-intersection',
      [4.02, 50.02],
    );
    expect(nested.message).toContain('part 2 lies inside part 1');
  });
});

describe('segmentContact', () => {
  it('classifies crossings, touches and overlaps', () => {
    expect(segmentContact([0, 0], [2, 2], [2, 0], [0, 2])).toEqual({ kind: 'cross', point: [1, 1] });
    expect(segmentContact([0, 0], [2, 0], [1, 0], [1, 1])).toEqual({ kind: 'touch', point: [1, 0] });
    expect(segmentContact([0, 0], [2, 0], [1, 0], [3, 0])).toEqual({ kind: 'overlap', point: [1, 0] });
    expect(segmentContact([0, 0], [1, 0], [1, 0], [2, 0])).toEqual({ kind: 'touch', point: [1, 0] });
    expect(segmentContact([0, 0], [1, 0], [2, 0], [3, 0])).toBeNull();
    expect(segmentContact([0, 0], [1, 1], [0, 1], [0.4, 0.5])).toBeNull();
  });
});
