import { type Confidence, confidenceBins, type Correction, twoSidedP } from './significance.ts';

/*
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) with binary weights: w_ij = 1 for the cell
 * itself and each of its edge neighbours in the study area, 0 otherwise. For cell i, with
 * W_i = Σ_j w_ij (so Σ_j w_ij² = W_i, the weights being 0 or 1):
 *
 *   Gi* = (Σ_j w_ij x_j − X̄ W_i) / (S · sqrt((n W_i − W_i²) / (n − 1)))
 *
 * X̄ the mean count over all n cells and S = sqrt(Σ x_j² / n − X̄²) (the population standard
 * deviation). Under the null hypothesis of no spatial pattern Gi* is about standard normal.
 */

/** One cell of the study area: its count and the indices (into the same list) of its neighbours. */
export interface GiCell {
  count: number;
  neighbours: readonly number[];
}

export interface GiStar {
  n: number;
  /** X̄; null without cells. */
  mean: number | null;
  /** S; null without cells. */
  sd: number | null;
  /** Gi* per cell; null where it is undefined: S = 0 (no variation), or a cell whose weights cover all n cells. */
  z: (number | null)[];
}

export interface CellSignificance {
  z: number | null;
  p: number | null;
  confidence: Confidence;
}

/** Gi* of every cell. */
export function giStar(cells: readonly GiCell[]): GiStar {
  const n = cells.length;
  if (n === 0) return { n, mean: null, sd: null, z: [] };
  const mean = cells.reduce((sum, c) => sum + c.count, 0) / n;
  // Σ(x − X̄)²/n equals Σx²/n − X̄² but cannot come out a hair below 0, and is exactly 0 for equal counts.
  const sd = Math.sqrt(cells.reduce((sum, c) => sum + (c.count - mean) ** 2, 0) / n);
  const z = cells.map((cell, i) => {
    if (sd === 0 || n < 2) return null;
    const members = [i, ...new Set(cell.neighbours.filter((j) => j !== i))];
    const weights = members.length;
    const spread = (n * weights - weights * weights) / (n - 1);
    // A cell that neighbours every cell compares itself with itself: 0/0.
    if (spread <= 0) return null;
    const local = members.reduce((sum, j) => sum + cells[j]!.count, 0);
    return (local - mean * weights) / (sd * Math.sqrt(spread));
  });
  return { n, mean, sd, z };
}

/** Gi*, its two-sided p and its confidence bin, for every cell. */
export function hotspotStatistics(
  cells: readonly GiCell[],
  correction: Correction,
): Omit<GiStar, 'z'> & { cells: CellSignificance[] } {
  const { z, ...summary } = giStar(cells);
  const p = z.map(twoSidedP);
  const confidence = confidenceBins(z, p, correction);
  return { ...summary, cells: z.map((value, i) => ({ z: value, p: p[i] ?? null, confidence: confidence[i] ?? 0 })) };
}
