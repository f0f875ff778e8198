import { describe, expect, it } from 'vitest';
import { areaM2, contains, interiorPoint, overlapShares, toArea, type MultiPolygonCoords } from './geo.ts';

// A 0.01° square with a 0.004° square hole, near Halle.
const withHole: MultiPolygonCoords = [
  [
    [
      [4.2, 50.7],
      [4.21, 50.7],
      [4.21, 50.71],
      [4.2, 50.71],
      [4.2, 50.7],
    ],
    [
      [4.203, 50.703],
      [4.207, 50.703],
      [4.207, 50.707],
      [4.203, 50.707],
      [4.203, 50.703],
    ],
  ],
];

const square = (x0: number, y0: number, size: number): MultiPolygonCoords => [
  [
    [
      [x0, y0],
      [x0 + size, y0],
      [x0 + size, y0 + size],
      [x0, y0 + size],
      [x0, y0],
    ],
  ],
];

describe('contains', () => {
  it('respects holes and the bounding box', () => {
    const area = toArea(withHole);
    expect(contains(area, [4.201, 50.701])).toBe(true);
    expect(contains(area, [4.205, 50.705])).toBe(false); // in the hole
    expect(contains(area, [4.22, 50.705])).toBe(false);
  });

  it('handles several polygons', () => {
    const area = toArea([...square(0, 0, 1), ...square(5, 5, 1)]);
    expect(contains(area, [5.5, 5.5])).toBe(true);
    expect(contains(area, [3, 3])).toBe(false);
  });
});

describe('areaM2', () => {
  it('matches the spherical-approximation area of a small square, minus its hole', () => {
    const kx = 111_320 * Math.cos((50.705 * Math.PI) / 180);
    const expected = 0.01 * kx * 0.01 * 111_320 - 0.004 * kx * 0.004 * 111_320;
    expect(areaM2(withHole) / expected).toBeCloseTo(1, 3);
  });
});

describe('overlapShares', () => {
  it('estimates the shares of an area covered by each candidate', () => {
    const target = toArea(square(0, 0, 1));
    const left = toArea([
      [
        [
          [-1, -1],
          [0.25, -1],
          [0.25, 2],
          [-1, 2],
          [-1, -1],
        ],
      ],
    ]);
    const right = toArea([
      [
        [
          [0.25, -1],
          [2, -1],
          [2, 2],
          [0.25, 2],
          [0.25, -1],
        ],
      ],
    ]);
    const elsewhere = toArea(square(10, 10, 1));
    const [l, r, e] = overlapShares(target, [left, right, elsewhere]);
    expect(l).toBeCloseTo(0.25, 1);
    expect(r).toBeCloseTo(0.75, 1);
    expect(e).toBe(0);
  });
});

describe('interiorPoint', () => {
  it('lies inside a ring-shaped area even though its centroid does not', () => {
    const area = toArea(withHole);
    const p = interiorPoint(area);
    expect(contains(area, p)).toBe(true);
  });
});
