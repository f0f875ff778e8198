import { describe, expect, it } from 'vitest';
import { classLabels, niceLength, SCORE_COLOURS, scoreClass } from './svg-map.ts';

describe('score classes of the report map', () => {
  it('puts a score on a break in the class above, as the map legend says', () => {
    const cases: [number, number][] = [
      [-3, 0],
      [-1.0001, 0],
      [-1, 1],
      [-0.25, 2],
      [0, 2],
      [0.2499, 2],
      [0.25, 3],
      [0.9999, 3],
      [1, 4],
      [3, 4],
    ];
    expect(cases.map(([score]) => scoreClass(score))).toEqual(cases.map(([, k]) => k));
  });

  it("uses Tol's sunset, blue to red, and labels every class in both languages", () => {
    expect(SCORE_COLOURS).toEqual(['#4A7BB7', '#98CAE1', '#EAECCC', '#FDB366', '#DD3D2D']);
    expect(classLabels('nl')).toEqual([
      'lager dan −1',
      '−1 tot −0,25',
      '−0,25 tot +0,25',
      '+0,25 tot +1',
      '+1 of meer',
    ]);
    expect(classLabels('en')).toEqual(['below −1', '−1 to −0.25', '−0.25 to +0.25', '+0.25 to +1', '+1 or more']);
  });
});

describe('scale bar length', () => {
  it('is the largest 1, 2 or 5 × 10^k not over the target', () => {
    // A quarter of Halle's width: 10467 m / 4 = 2616.75 → 2 km.
    expect(niceLength(2616.75)).toBe(2000);
    expect(niceLength(999)).toBe(500);
    expect(niceLength(1000)).toBe(1000);
    expect(niceLength(7.5)).toBe(5);
  });
});
