import { describe, expect, it } from 'vitest';
import { type GiCell, giStar, hotspotStatistics } from './gi-star.ts';

/** Cells from counts and a neighbour list per cell. */
const cells = (counts: number[], neighbours: number[][]): GiCell[] =>
  counts.map((count, i) => ({ count, neighbours: neighbours[i] ?? [] }));

/*
 * A flower: cell 0 in the middle, petals 1–6 around it in ring order. A petal touches the
 * middle and the petals on either side: W = 4 (itself included); the middle touches all: W = 7.
 */
const FLOWER = [
  [1, 2, 3, 4, 5, 6],
  [0, 6, 2],
  [0, 1, 3],
  [0, 2, 4],
  [0, 3, 5],
  [0, 4, 6],
  [0, 5, 1],
];

describe('giStar on a 7-cell flower', () => {
  it('scores the petals next to a busy petal as hot and the far ones as cold', () => {
    // Counts: petal 1 holds 6, everything else 0. n = 7, X̄ = 6/7, Σx² = 36,
    // S² = 36/7 − 36/49 = 216/49, S = 6√6/7. For a petal, W = 4: sqrt((7·4 − 16)/6) = √2,
    // so the denominator is S·√2 = 12√3/7.
    // Petals 1, 2, 6 (petal 1 is in their weights): (6 − 4·6/7) / (12√3/7) = (18/7)/(12√3/7) = √3/2 = 0.866025
    // Petals 3, 4, 5: (0 − 24/7) / (12√3/7) = −2/√3 = −1.154701
    // The middle: W = 7 = n, so n·W − W² = 0: Gi* is 0/0, undefined.
    const result = giStar(cells([0, 6, 0, 0, 0, 0, 0], FLOWER));
    expect(result.n).toBe(7);
    expect(result.mean).toBeCloseTo(6 / 7, 12);
    expect(result.sd).toBeCloseTo((6 * Math.sqrt(6)) / 7, 12);
    const hot = Math.sqrt(3) / 2;
    const cold = -2 / Math.sqrt(3);
    const expected = [null, hot, hot, cold, cold, cold, hot];
    result.z.forEach((z, i) => {
      if (expected[i] === null) expect(z, `cell ${i}`).toBeNull();
      else expect(z, `cell ${i}`).toBeCloseTo(expected[i]!, 12);
    });
  });

  it('gives every petal the same score when only the middle holds points', () => {
    // Counts: middle 7, petals 0. X̄ = 1, S² = 49/7 − 1 = 6. A petal: (7 − 1·4) / (√6·√2) = 3/√12 = √3/2.
    const { z } = giStar(cells([7, 0, 0, 0, 0, 0, 0], FLOWER));
    for (let petal = 1; petal <= 6; petal++) expect(z[petal]).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(z[0]).toBeNull();
  });
});

describe('giStar on a line of five cells', () => {
  it('gives the ends their own, smaller weights', () => {
    // Counts 0, 0, 5, 0, 0: n = 5, X̄ = 1, Σx² = 25, S² = 25/5 − 1 = 4, S = 2.
    // Ends (W = 2): (0 − 2) / (2·sqrt((10 − 4)/4)) = −2/√6 = −0.816497
    // Cells 1, 2, 3 (W = 3, each sees the 5): (5 − 3) / (2·sqrt((15 − 9)/4)) = 2/√6 = 0.816497
    const line = [[1], [0, 2], [1, 3], [2, 4], [3]];
    const { z, mean, sd } = giStar(cells([0, 0, 5, 0, 0], line));
    expect(mean).toBe(1);
    expect(sd).toBe(2);
    const e = 2 / Math.sqrt(6);
    [-e, e, e, e, -e].forEach((expected, i) => expect(z[i], `cell ${i}`).toBeCloseTo(expected, 12));
  });

  it('ignores a cell listed as its own neighbour or a neighbour listed twice', () => {
    const line = [[0, 1, 1], [0, 2], [1, 3], [2, 4], [3]];
    expect(giStar(cells([0, 0, 5, 0, 0], line)).z[0]).toBeCloseTo(-2 / Math.sqrt(6), 12);
  });
});

describe('giStar with a single point', () => {
  it('matches the closed form z = √((n − W)/W) for cells that see it and −√(W/(n − W)) for the others', () => {
    // n = 20: cell 0 holds the one point and touches cells 1–6 (W = 7); cells 1–6 touch only
    // cell 0 (W = 2); cells 7–19 touch nothing (W = 1). X̄ = 1/20, S = √19/20.
    // Cell 0: (1 − 7/20) / ((√19/20)·sqrt((140 − 49)/19)) = 0.65 / (√91/20) = 13/√91 = √(13/7) = 1.362770
    // Cells 1–6: (1 − 2/20) / ((√19/20)·sqrt((40 − 4)/19)) = 0.9 / 0.3 = 3
    // Cells 7–19: (0 − 1/20) / ((√19/20)·sqrt((20 − 1)/19)) = −1/√19 = −0.229416
    const neighbours = [[1, 2, 3, 4, 5, 6], [0], [0], [0], [0], [0], [0]];
    const counts = Array.from({ length: 20 }, (_, i) => (i === 0 ? 1 : 0));
    const { z } = giStar(cells(counts, neighbours));
    expect(z[0]).toBeCloseTo(Math.sqrt(13 / 7), 12);
    for (let i = 1; i <= 6; i++) expect(z[i]).toBeCloseTo(3, 12);
    for (let i = 7; i < 20; i++) expect(z[i]).toBeCloseTo(-1 / Math.sqrt(19), 12);
  });
});

describe('giStar without variation', () => {
  it('leaves z undefined (null) when no cell holds a point, or all hold the same', () => {
    const line = [[1], [0, 2], [1]];
    expect(giStar(cells([0, 0, 0], line))).toEqual({ n: 3, mean: 0, sd: 0, z: [null, null, null] });
    expect(giStar(cells([4, 4, 4], line))).toEqual({ n: 3, mean: 4, sd: 0, z: [null, null, null] });
  });

  it('has no mean or sd without cells', () => {
    expect(giStar([])).toEqual({ n: 0, mean: null, sd: null, z: [] });
  });
});

describe('hotspotStatistics', () => {
  it('adds the two-sided p and the bin: z = 3 is hot at 99 % uncorrected, and with FDR over 20 cells', () => {
    // The single-point case above: cells 1–6 have z = 3, p = 0.0026998; cell 0 z = 1.3628, p = 0.17295;
    // cells 7–19 z = −0.2294, p = 0.81855. Uncorrected: |3| ≥ 2.576 → 99; 1.36 and 0.23 → 0.
    // FDR, m = 20, α = 0.01: k = 6 (six p = 0.0027 ≤ 6·0.01/20 = 0.003; k = 7 needs 0.17295 ≤ 0.0035, no) -> 99.
    const neighbours = [[1, 2, 3, 4, 5, 6], [0], [0], [0], [0], [0], [0]];
    const counts = Array.from({ length: 20 }, (_, i) => (i === 0 ? 1 : 0));
    for (const correction of ['none', 'fdr'] as const) {
      const result = hotspotStatistics(cells(counts, neighbours), correction);
      expect(result.n).toBe(20);
      expect(result.cells[1]!.p).toBeCloseTo(0.0026997960632601913, 8);
      expect(result.cells[0]!.p).toBeCloseTo(0.1729549179884207, 7);
      expect(result.cells.map((c) => c.confidence)).toEqual([0, 99, 99, 99, 99, 99, 99, ...Array<number>(13).fill(0)]);
    }
  });

  it('gives p null and bin 0 where z is undefined', () => {
    const result = hotspotStatistics(cells([0, 0], [[1], [0]]), 'fdr');
    expect(result.cells).toEqual([
      { z: null, p: null, confidence: 0 },
      { z: null, p: null, confidence: 0 },
    ]);
  });
});
