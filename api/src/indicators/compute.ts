import type { CountRow } from './figures-query.ts';
import type { IndicatorDefinition } from './registry.ts';

/** One indicator value for one sector and period, with what it was computed from. */
export interface Figure {
  /** Full precision (clients round); null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number | null;
  /** The denominator is below the indicator's minimum: the value is given but not to be trusted. */
  unstable: boolean;
}

export interface SectorSize {
  population: number;
  dwellings: number;
}

/**
 * Turns counts into the indicator's value. `count` is the number of features in the period;
 * `previousCount` (change only) the number in the period before it; `median` (median-duration
 * only) the median the query computed over those `count` features, null when there are none.
 */
export function computeFigure(
  indicator: IndicatorDefinition,
  sector: SectorSize,
  count: number,
  previousCount = 0,
  median: number | null = null,
): Figure {
  const { measure, minimumDenominator } = indicator;
  const unstable = (denominator: number) => minimumDenominator !== null && denominator < minimumDenominator;
  switch (measure.kind) {
    case 'rate': {
      const denominator = sector[measure.denominator];
      const value = denominator > 0 ? (measure.per * count) / denominator : null;
      return { value, numerator: count, denominator, unstable: unstable(denominator) };
    }
    case 'change': {
      const value = previousCount > 0 ? (100 * (count - previousCount)) / previousCount : null;
      return { value, numerator: count, denominator: previousCount, unstable: unstable(previousCount) };
    }
    case 'count-within':
    case 'count':
      return { value: count, numerator: count, denominator: null, unstable: false };
    case 'median-duration':
      return { value: count > 0 ? median : null, numerator: count, denominator: null, unstable: false };
  }
}

export interface SectorCounts extends SectorSize {
  code: string;
  name: string;
  /** Count per period, in the order the periods were given. */
  counts: number[];
  /** Median per period (median-duration only; null where nothing was counted). */
  medians: (number | null)[];
}

/** Groups count rows (ordered by code, then period) into one entry per sector. */
export function countsBySector(rows: readonly CountRow[]): SectorCounts[] {
  const sectors: SectorCounts[] = [];
  for (const { code, name, population, dwellings, period, count, median } of rows) {
    let sector = sectors.at(-1);
    if (sector?.code !== code) {
      sector = { code, name, population, dwellings, counts: [], medians: [] };
      sectors.push(sector);
    }
    sector.counts[period - 1] = count;
    sector.medians[period - 1] = median ?? null;
  }
  return sectors;
}

/**
 * The figure for period `index` of a sector's counts: a change compares it with the period
 * before it (index - 1), every other indicator uses that count alone.
 */
export function figureAt(indicator: IndicatorDefinition, sector: SectorCounts, index: number): Figure {
  const count = sector.counts[index] ?? 0;
  if (indicator.measure.kind === 'median-duration') {
    return computeFigure(indicator, sector, count, 0, sector.medians[index] ?? null);
  }
  if (indicator.measure.kind !== 'change') return computeFigure(indicator, sector, count);
  return computeFigure(indicator, sector, count, sector.counts[index - 1] ?? 0);
}
