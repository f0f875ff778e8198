/*
 * From a Gi* z-score to a confidence bin, as ArcGIS's Gi_Bin: ±99, ±95, ±90 (hot or cold spot
 * at that confidence) or 0 (not significant). Pure arithmetic, no dependencies.
 */

export type Correction = 'fdr' | 'none';
export const CORRECTIONS: readonly Correction[] = ['fdr', 'none'];

/** A Gi_Bin value: the sign says hot (+) or cold (−), the size the confidence in per cent. */
export type Confidence = -99 | -95 | -90 | 0 | 90 | 95 | 99;

/** Confidence levels with their α (two-sided) and the |z| that reaches them without correction. */
export const LEVELS = [
  { confidence: 99, alpha: 0.01, z: 2.576 },
  { confidence: 95, alpha: 0.05, z: 1.96 },
  { confidence: 90, alpha: 0.1, z: 1.645 },
] as const;

/**
 * The lower tail Φ(−|x|) of the standard normal, by Hart's algorithm 5666 (Hart et al. 1968,
 * Computer Approximations) as given by West (2005, "Better approximations to cumulative normal
 * functions", Wilmott Magazine): a rational function up to |x| = 5√2, a continued fraction
 * beyond. Relative error under 10⁻¹³ for |x| ≤ 4 and under 10⁻⁸ in the far tail (checked
 * against a double-precision erfc), so a small p keeps its digits instead of being rounded
 * to 0, and Φ(0) is exactly ½ (p never exceeds 1). No npm package is needed for 20 lines.
 */
function lowerTail(x: number): number {
  const a = Math.abs(x);
  if (a > 37) return 0;
  const e = Math.exp((-a * a) / 2);
  if (a < 7.07106781186547) return (e * horner(HART_NUMERATOR, a)) / horner(HART_DENOMINATOR, a);
  const fraction = a + 1 / (a + 2 / (a + 3 / (a + 4 / (a + 0.65))));
  return e / fraction / 2.506628274631;
}

// Coefficients of algorithm 5666, highest power first.
const HART_NUMERATOR = [
  0.0352624965998911, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871, 221.213596169931,
  220.206867912376,
];
const HART_DENOMINATOR = [
  0.0883883476483184, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831,
  793.826512519948, 440.413735824752,
];

function horner(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((sum, c) => sum * x + c, 0);
}

/** Standard normal distribution function Φ(x). */
export function normalCdf(x: number): number {
  const tail = lowerTail(x);
  return x > 0 ? 1 - tail : tail;
}

/** Two-sided p of a standard normal z: P(|Z| ≥ |z|) = 2·Φ(−|z|); null stays null. */
export function twoSidedP(z: number | null): number | null {
  return z === null ? null : 2 * lowerTail(z);
}

/**
 * Benjamini–Hochberg (1995) false discovery rate cut-off for one α over all `pValues` (m of
 * them, nulls included: a cell without a z is a test that found nothing, p = 1): the largest
 * p_(k) with p_(k) ≤ k·α/m, or null when no p qualifies. Every p at or below it is significant,
 * also one that failed its own step (the procedure steps up from the largest p).
 */
export function fdrCutoff(pValues: readonly (number | null)[], alpha: number): number | null {
  const m = pValues.length;
  const sorted = pValues.map((p) => p ?? 1).sort((a, b) => a - b);
  for (let k = m; k >= 1; k--) {
    const p = sorted[k - 1]!;
    if (p <= (k * alpha) / m) return p;
  }
  return null;
}

function signed(z: number, confidence: 99 | 95 | 90): Confidence {
  return (z > 0 ? confidence : -confidence) as Confidence;
}

/**
 * The Gi_Bin of every cell. `none`: plain thresholds on |z| (1.645, 1.960, 2.576). `fdr`
 * (default): a cell is significant at a level when its p is at or below that level's
 * Benjamini–Hochberg cut-off over all cells; it gets the highest level it reaches.
 */
export function confidenceBins(
  zs: readonly (number | null)[],
  ps: readonly (number | null)[],
  correction: Correction,
): Confidence[] {
  const cutoffs = correction === 'fdr' ? LEVELS.map((level) => fdrCutoff(ps, level.alpha)) : null;
  return zs.map((z, i) => {
    const p = ps[i] ?? null;
    if (z === null || p === null || z === 0) return 0;
    for (const [index, level] of LEVELS.entries()) {
      const significant = cutoffs ? cutoffs[index] !== null && p <= cutoffs[index]! : Math.abs(z) >= level.z;
      if (significant) return signed(z, level.confidence);
    }
    return 0;
  });
}
