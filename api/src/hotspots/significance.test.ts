import { describe, expect, it } from 'vitest';
import { confidenceBins, fdrCutoff, normalCdf, twoSidedP } from './significance.ts';

/** |actual − expected| within `relative` of expected (Hart's approximation: < 10⁻¹³ up to |z| = 4, < 10⁻⁸ beyond). */
function expectRelative(actual: number | null, expected: number, relative = 1e-12) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected) / expected).toBeLessThan(relative);
}

describe('normalCdf and twoSidedP', () => {
  it('match the standard normal table', () => {
    // Φ(0) = 0.5 exactly (the coefficients' ratio is ½); the rest are the standard normal table's values.
    expect(normalCdf(0)).toBe(0.5);
    expectRelative(normalCdf(1), 0.8413447460685429);
    expectRelative(normalCdf(-1), 1 - 0.8413447460685429);
    expectRelative(normalCdf(1.959963984540054), 0.975);
    expectRelative(normalCdf(-1.6448536269514722), 0.05);
    expectRelative(normalCdf(2.5758293035489), 0.995);
  });

  it('gives the two-sided p of the usual critical values, either sign', () => {
    expectRelative(twoSidedP(1.6448536269514722), 0.1);
    expectRelative(twoSidedP(-1.959963984540054), 0.05);
    expectRelative(twoSidedP(2.5758293035489), 0.01);
    expectRelative(twoSidedP(3), 0.0026997960632601913);
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(null)).toBeNull();
  });

  it('keeps its relative accuracy far in the tails', () => {
    expectRelative(twoSidedP(5), 5.733031437583892e-7, 1e-10);
    expectRelative(twoSidedP(-8), 1.2441921148543639e-15, 1e-8);
    expect(twoSidedP(40)).toBe(0);
  });
});

describe('fdrCutoff (Benjamini–Hochberg)', () => {
  // Benjamini & Hochberg's own example (1995, §4.3): 15 p-values, already sorted.
  const P = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1,
  ];

  it('rejects the first four at α = 0.05, as in the paper', () => {
    // k·0.05/15: k=4: 0.01333 ≥ 0.0095 yes; k=5: 0.01667 < 0.0201; k=6: 0.02 < 0.0278; k=7: 0.02333 < 0.0298;
    // k=8: 0.02667 < 0.0344; k=9: 0.03 < 0.0459; k=10..15: ≤ 0.05 < 0.324 … -> largest k = 4, cut-off p_(4) = 0.0095
    expect(fdrCutoff(P, 0.05)).toBe(0.0095);
  });

  it('rejects the first three at α = 0.01 and the first nine at α = 0.10', () => {
    // k·0.01/15: k=3: 0.002 ≥ 0.0019 yes; k=4: 0.00267 < 0.0095; k=15: 0.01 < 1 -> 3, cut-off 0.0019
    expect(fdrCutoff(P, 0.01)).toBe(0.0019);
    // k·0.10/15: k=9: 0.06 ≥ 0.0459 yes; k=10: 0.0667 < 0.324; … k=15: 0.1 < 1 -> 9, cut-off 0.0459
    expect(fdrCutoff(P, 0.1)).toBe(0.0459);
  });

  it('steps up: a p that fails its own step is significant when a larger one passes', () => {
    // m = 4, α = 0.05, sorted 0.01, 0.03, 0.035, 0.5 against 0.0125, 0.025, 0.0375, 0.05:
    // k=4 no, k=3: 0.035 ≤ 0.0375 yes -> cut-off 0.035, so 0.03 (which failed k=2) is in.
    expect(fdrCutoff([0.5, 0.03, 0.01, 0.035], 0.05)).toBe(0.035);
  });

  it('is null when nothing qualifies, and counts a null p as 1 among the m tests', () => {
    expect(fdrCutoff([0.2, 0.3], 0.05)).toBeNull();
    expect(fdrCutoff([], 0.05)).toBeNull();
    // m = 2: 0.04 ≤ 1·0.05/2 = 0.025? no; the null (1) ≤ 0.05? no -> none. Alone (m = 1) 0.04 would pass.
    expect(fdrCutoff([0.04, null], 0.05)).toBeNull();
    expect(fdrCutoff([0.04], 0.05)).toBe(0.04);
  });
});

describe('confidenceBins', () => {
  it('without correction: |z| ≥ 2.576 → 99, ≥ 1.960 → 95, ≥ 1.645 → 90, signed', () => {
    const z = [2.6, -2.0, 1.7, 1.6, -1.645, 2.576, null, 0];
    const p = z.map(twoSidedP);
    expect(confidenceBins(z, p, 'none')).toEqual([99, -95, 90, 0, -90, 99, 0, 0]);
  });

  it('with FDR: the highest level whose Benjamini–Hochberg cut-off the p reaches', () => {
    // Benjamini & Hochberg's p-values with alternating signs: cut-offs 0.0019 (99 %), 0.0095 (95 %),
    // 0.0459 (90 %) as above, so ranks 1–3 → 99, rank 4 → 95, ranks 5–9 → 90, the rest 0.
    const p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1,
    ];
    const z = p.map((value, i) => (i % 2 === 0 ? 1 : -1) * (value === 1 ? 0.001 : 1)); // only the sign is read
    expect(confidenceBins(z, p, 'fdr')).toEqual([99, -99, 99, -95, 90, -90, 90, -90, 90, 0, 0, 0, 0, 0, 0]);
  });

  it('is stricter with FDR than without when many cells are tested', () => {
    // 100 cells, one z = 2.0 (p = 0.0455) and 99 with z = 0: plainly 95 %, but with FDR 0.0455 > 1·0.10/100.
    const z = [2.0, ...Array<number>(99).fill(0)];
    const p = z.map(twoSidedP);
    expect(confidenceBins(z, p, 'none')[0]).toBe(95);
    expect(confidenceBins(z, p, 'fdr')[0]).toBe(0);
  });
});
