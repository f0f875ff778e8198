import type { Direction } from '../indicators/registry.ts';

/*
 * Priority scores, as pure arithmetic (docs/decisions.md record 13):
 *
 * 1. Rates are smoothed with Marshall's global empirical Bayes: a sector's rate is pulled
 *    toward the city rate the more, the fewer residents (or dwellings) it has, so that one
 *    incident among 120 residents does not top the ranking.
 * 2. Every indicator is standardised over the ranked sectors: z = (value − mean) / sd, turned
 *    so that positive always means "needs more attention", and capped at ±Z_CAP so one
 *    extreme indicator cannot carry a score alone.
 * 3. The score is the weighted mean of the z-scores: the deviation from the average sector in
 *    standard deviations. Each indicator's contribution is weight · z / Σ weights.
 */

/** Sectors with fewer residents are listed, not ranked: even smoothed, their rates are mostly noise. */
export const MINIMUM_POPULATION_FOR_RANKING = 100;
export const Z_CAP = 3;

/** One indicator's count in one sector, with its denominator (null: a count, not a rate). */
export interface Observation {
  count: number;
  denominator: number | null;
}

export interface ScoredIndicatorInput {
  id: string;
  direction: Direction;
  weight: number;
  /** Rates are per this many residents or dwellings; null for a plain count. */
  per: number | null;
  /** One per sector, in the order of the sectors. */
  observations: Observation[];
}

export interface SectorIndicatorScore {
  id: string;
  value: number | null;
  count: number;
  denominator: number | null;
  smoothed: number | null;
  z: number | null;
  contribution: number | null;
}

export interface SectorScore {
  ranked: boolean;
  rank: number | null;
  score: number | null;
  indicators: SectorIndicatorScore[];
}

export interface IndicatorSummary {
  id: string;
  weight: number;
  smoothed: boolean;
  cityValue: number | null;
  mean: number | null;
  sd: number | null;
}

export interface ScoreResult {
  indicators: IndicatorSummary[];
  /** In the order of the input sectors. */
  sectors: SectorScore[];
}

/**
 * Marshall's (1991) global empirical-Bayes estimate of each rate, in events per unit of
 * denominator (multiply by `per` for display). m = Σcount / Σdenominator is the city rate;
 * s² = Σ n_i (r_i − m)² / Σ n_i − m / n̄ the variance between sectors beyond chance (0 when
 * negative); each rate moves toward m by the weight s² / (s² + m / n_i). Sectors with a zero
 * denominator have no rate (null) and take no part.
 */
export function empiricalBayesRates(observations: readonly Observation[]): (number | null)[] {
  const known = observations.filter((o) => o.denominator !== null && o.denominator > 0);
  const totalCount = known.reduce((sum, o) => sum + o.count, 0);
  const totalDenominator = known.reduce((sum, o) => sum + (o.denominator ?? 0), 0);
  if (known.length === 0) return observations.map(() => null);
  const m = totalCount / totalDenominator;
  const meanDenominator = totalDenominator / known.length;
  const spread =
    known.reduce((sum, o) => sum + o.denominator! * (o.count / o.denominator! - m) ** 2, 0) / totalDenominator;
  const variance = Math.max(0, spread - m / meanDenominator);
  return observations.map(({ count, denominator }) => {
    if (denominator === null || denominator <= 0) return null;
    const rate = count / denominator;
    // No events anywhere: every rate is 0, there is nothing to shrink.
    if (m === 0) return rate;
    const shrink = variance / (variance + m / denominator);
    return m + shrink * (rate - m);
  });
}

/** Mean and population standard deviation (divided by n). */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } | null {
  if (values.length === 0) return null;
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}

/** z of `value`, turned so that positive means more attention, capped at ±Z_CAP; 0 when all sectors are equal. */
export function standardise(value: number, mean: number, sd: number, direction: Direction): number {
  if (sd === 0) return 0;
  const z = ((value - mean) / sd) * (direction === 'higher-is-better' ? -1 : 1);
  return Math.max(-Z_CAP, Math.min(Z_CAP, z));
}

/**
 * Scores sectors on weighted indicators. `populations` decide which sectors are ranked;
 * indicator values of every sector are given, so an unranked sector can still be explained.
 */
export function scoreSectors(
  populations: readonly number[],
  indicators: readonly ScoredIndicatorInput[],
  minimumPopulation = MINIMUM_POPULATION_FOR_RANKING,
): ScoreResult {
  const ranked = populations.map((population) => population >= minimumPopulation);
  const summaries: IndicatorSummary[] = [];
  // z per indicator, per sector
  const zs: (number | null)[][] = [];
  const valuesPerIndicator: { value: number | null; smoothed: number | null }[][] = [];

  for (const indicator of indicators) {
    const { per, observations } = indicator;
    const raw = observations.map(({ count, denominator }) =>
      per === null ? count : denominator !== null && denominator > 0 ? (per * count) / denominator : null,
    );
    const smoothed = per === null ? raw : empiricalBayesRates(observations).map((r) => (r === null ? null : per * r));
    const rankedValues = smoothed.filter((v, i): v is number => v !== null && ranked[i] === true);
    const stats = meanAndSd(rankedValues);
    zs.push(
      smoothed.map((v) => (v === null || !stats ? null : standardise(v, stats.mean, stats.sd, indicator.direction))),
    );
    valuesPerIndicator.push(raw.map((value, i) => ({ value, smoothed: smoothed[i] ?? null })));
    summaries.push({
      id: indicator.id,
      weight: indicator.weight,
      smoothed: per !== null,
      cityValue: cityValue(indicator),
      mean: stats?.mean ?? null,
      sd: stats?.sd ?? null,
    });
  }

  const sectors: SectorScore[] = populations.map((_, s) => {
    // Weights of the indicators this sector has a value for: a missing one is left out, not counted as average.
    const weightSum = indicators.reduce((sum, ind, k) => sum + (zs[k]![s] === null ? 0 : ind.weight), 0);
    const scored = ranked[s] === true && weightSum > 0;
    const perIndicator = indicators.map((indicator, k): SectorIndicatorScore => {
      const observation = indicator.observations[s]!;
      const z = zs[k]![s] ?? null;
      return {
        id: indicator.id,
        ...valuesPerIndicator[k]![s]!,
        count: observation.count,
        denominator: observation.denominator,
        z,
        contribution: scored && z !== null ? (indicator.weight * z) / weightSum : null,
      };
    });
    const score = scored ? perIndicator.reduce((sum, i) => sum + (i.contribution ?? 0), 0) : null;
    return { ranked: scored, rank: null, score, indicators: perIndicator };
  });

  assignRanks(sectors);
  return { indicators: summaries, sectors };
}

/** The whole city's value: all events over the whole denominator for a rate, the mean sector for a count. */
function cityValue({ per, observations }: ScoredIndicatorInput): number | null {
  if (observations.length === 0) return null;
  const count = observations.reduce((sum, o) => sum + o.count, 0);
  if (per === null) return count / observations.length;
  const denominator = observations.reduce((sum, o) => sum + (o.denominator ?? 0), 0);
  return denominator > 0 ? (per * count) / denominator : null;
}

/** Rank 1 is the highest score; equal scores keep the sectors' order (by code). */
function assignRanks(sectors: SectorScore[]): void {
  const order = sectors
    .map((sector, index) => ({ sector, index }))
    .filter(({ sector }) => sector.score !== null)
    .sort((a, b) => b.sector.score! - a.sector.score! || a.index - b.index);
  order.forEach(({ sector }, position) => {
    sector.rank = position + 1;
  });
}
