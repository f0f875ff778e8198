import { describe, expect, it } from 'vitest';
import { empiricalBayesRates, meanAndSd, type ScoredIndicatorInput, scoreSectors, standardise } from './score.ts';

const counts = (values: number[]) => values.map((count) => ({ count, denominator: null }));

describe('empiricalBayesRates', () => {
  it('pulls each rate toward the city rate by s² / (s² + m / n)', () => {
    // m = 10/200 = 0.05; r = 0, 0.1; Σ n(r − m)² / Σn = (100·0.0025 + 100·0.0025)/200 = 0.0025
    // s² = 0.0025 − m/n̄ = 0.0025 − 0.05/100 = 0.002; weight = 0.002 / (0.002 + 0.0005) = 0.8
    // smoothed = 0.05 + 0.8 · (0 − 0.05) = 0.01 and 0.05 + 0.8 · 0.05 = 0.09
    const [a, b] = empiricalBayesRates([
      { count: 0, denominator: 100 },
      { count: 10, denominator: 100 },
    ]);
    expect(a).toBeCloseTo(0.01, 12);
    expect(b).toBeCloseTo(0.09, 12);
  });

  it('shrinks a small sector more than a large one with the same rate', () => {
    // m = 12/1110 ; a 10-resident sector with 1 event and a 1,000-resident one with 10 (same raw 0.1)
    const [small, , large] = empiricalBayesRates([
      { count: 1, denominator: 10 },
      { count: 1, denominator: 100 },
      { count: 100, denominator: 1000 },
    ]);
    expect(small!).toBeLessThan(large!);
  });

  it('gives every sector the city rate when the spread is no more than chance (s² < 0 → 0)', () => {
    // m = 2/400 = 0.005; Σ n(r − m)²/Σn = (200·0.005² · 2)/400 = 0.000025; m/n̄ = 0.005/200 = 0.000025 → s² = 0
    expect(
      empiricalBayesRates([
        { count: 2, denominator: 200 },
        { count: 0, denominator: 200 },
      ]),
    ).toEqual([0.005, 0.005]);
  });

  it('has no rate where the denominator is 0, and leaves all-zero counts at 0', () => {
    expect(
      empiricalBayesRates([
        { count: 1, denominator: 0 },
        { count: 0, denominator: 10 },
      ]),
    ).toEqual([null, 0]);
  });
});

describe('standardise', () => {
  it('turns indicators where higher is better and caps at ±3', () => {
    expect(meanAndSd([1, 3])).toEqual({ mean: 2, sd: 1 });
    expect(standardise(3, 2, 1, 'higher-is-worse')).toBe(1);
    expect(standardise(3, 2, 1, 'higher-is-better')).toBe(-1);
    expect(standardise(10, 2, 1, 'higher-is-worse')).toBe(3);
    expect(standardise(-10, 2, 1, 'higher-is-worse')).toBe(-3);
    expect(standardise(5, 5, 0, 'higher-is-worse')).toBe(0);
  });
});

describe('scoreSectors', () => {
  const populations = [200, 200, 200, 50];

  it('ranks on the weighted mean of z-scores; the contributions add up to the score', () => {
    const indicators: ScoredIndicatorInput[] = [
      // counts 0, 2, 4 over the ranked three: mean 2, sd √(8/3) = 1.632993; z = −1.224745, 0, 1.224745
      { id: 'a', direction: 'higher-is-worse', weight: 3, per: null, observations: counts([0, 2, 4, 9]) },
      // counts 1, 1, 4: mean 2, sd √2 = 1.414214; z (better) = 0.707107, 0.707107, −1.414214
      { id: 'b', direction: 'higher-is-better', weight: 1, per: null, observations: counts([1, 1, 4, 0]) },
    ];
    const { sectors, indicators: summaries } = scoreSectors(populations, indicators);
    // score = (3 z_a + z_b) / 4: (−3.674235 + 0.707107)/4 = −0.741782, 0.707107/4 = 0.176777,
    // (3.674235 − 1.414214)/4 = 0.565005
    expect(sectors.map((s) => s.score)).toEqual([
      expect.closeTo(-0.741782, 6),
      expect.closeTo(0.176777, 6),
      expect.closeTo(0.565005, 6),
      null,
    ]);
    expect(sectors.map((s) => s.rank)).toEqual([3, 2, 1, null]);
    expect(sectors[3]).toMatchObject({ ranked: false, score: null });
    // The unranked sector is still standardised against the ranked ones: (9 − 2)/1.632993 = 4.29 → 3.
    expect(sectors[3]!.indicators[0]!.z).toBe(3);
    expect(sectors[0]!.indicators.map((i) => i.contribution)).toEqual([
      expect.closeTo((3 * -1.224745) / 4, 6),
      expect.closeTo(0.707107 / 4, 6),
    ]);
    expect(summaries[0]).toMatchObject({ id: 'a', weight: 3, smoothed: false, mean: 2, cityValue: 15 / 4 });
    expect(summaries[0]!.sd).toBeCloseTo(1.632993, 6);
  });

  it('caps one extreme value at z = 3: one sector of 17 with all events has z = √16 = 4', () => {
    const values = [...Array<number>(16).fill(0), 17];
    const { sectors } = scoreSectors(Array<number>(17).fill(500), [
      { id: 'a', direction: 'higher-is-worse', weight: 1, per: null, observations: counts(values) },
    ]);
    // mean 1, sd √((16 · 1 + 16²)/17) = √16 = 4: z = (17 − 1)/4 = 4 → 3; the others (0 − 1)/4 = −0.25
    expect(sectors[16]!.score).toBe(3);
    expect(sectors[0]!.score).toBe(-0.25);
  });

  it('scores a sector without a value for an indicator on the others alone, not as average', () => {
    const { sectors } = scoreSectors(
      [300, 300, 300],
      [
        {
          id: 'rate',
          direction: 'higher-is-worse',
          weight: 1,
          per: 1000,
          observations: [
            { count: 1, denominator: 100 },
            { count: 3, denominator: 100 },
            { count: 1, denominator: 0 },
          ],
        },
        { id: 'count', direction: 'higher-is-worse', weight: 1, per: null, observations: counts([0, 0, 6]) },
      ],
    );
    // third sector: no rate (0 dwellings); count z = (6 − 2)/√8 = 1.414214 is its whole score
    expect(sectors[2]!.indicators[0]).toMatchObject({ value: null, smoothed: null, z: null, contribution: null });
    expect(sectors[2]!.score).toBeCloseTo(1.414214, 6);
  });

  it('leaves an indicator with weight 0 out of the score but still explains it', () => {
    const { sectors } = scoreSectors(
      [200, 200],
      [
        { id: 'a', direction: 'higher-is-worse', weight: 1, per: null, observations: counts([0, 2]) },
        { id: 'b', direction: 'higher-is-worse', weight: 0, per: null, observations: counts([5, 1]) },
      ],
    );
    expect(sectors.map((s) => s.score)).toEqual([-1, 1]);
    expect(sectors[0]!.indicators[1]).toMatchObject({ z: 1, contribution: 0 });
  });

  it('breaks ties by the sectors order (their codes)', () => {
    const { sectors } = scoreSectors(
      [200, 200, 200],
      [{ id: 'a', direction: 'higher-is-worse', weight: 1, per: null, observations: counts([1, 1, 0]) }],
    );
    expect(sectors.map((s) => s.rank)).toEqual([1, 2, 3]);
  });
});
