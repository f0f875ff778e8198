import type pg from 'pg';
import { countsBySector, type SectorCounts } from '../indicators/compute.ts';
import {
  buildCountsQuery,
  buildSectorsQuery,
  type CountingUnit,
  type CountRow,
  type SectorRow,
} from '../indicators/figures-query.ts';
import { type ClosedPeriod, previousPeriod } from '../indicators/period.ts';
import { type IndicatorDefinition, indicators as allIndicators, layerOf } from '../indicators/registry.ts';
import { InvalidParameterError } from '../layers/filters.ts';
import { findLayer } from '../layers/registry.ts';
import type { CountsCache } from './counts-cache.ts';
import type { Priorities, PriorityTheme } from './schema.ts';
import { DEFAULT_WEIGHT, WEIGHT_RANGE } from './schema.ts';
import {
  MINIMUM_POPULATION_FOR_RANKING,
  type Observation,
  type ScoredIndicatorInput,
  scoreSectors,
  Z_CAP,
} from './score.ts';

export interface PrioritiesRequest {
  theme: PriorityTheme;
  period: ClosedPeriod;
  /** Rank statistical sectors (the default) or wards. */
  unit?: CountingUnit;
  /** Weight per indicator id (parseWeights); an indicator not named weighs DEFAULT_WEIGHT. */
  weights: Record<string, number>;
}

/** The indicators a theme's score is made of; `all`: every scored indicator. */
export function themeIndicators(theme: PriorityTheme): IndicatorDefinition[] {
  return allIndicators.filter((i) => (theme === 'all' ? i.themes.length > 0 : i.themes.includes(theme)));
}

/**
 * `weights=ID:W,ID:W`: a weight from WEIGHT_RANGE per indicator of the theme. Anything else
 * is refused with the reason: an unknown or foreign indicator, a repeated one, a weight that
 * is not a number in range, or weights that leave nothing to score.
 */
export function parseWeights(raw: string | undefined, theme: PriorityTheme): Record<string, number> {
  const members = themeIndicators(theme).map((i) => i.id);
  const weights: Record<string, number> = {};
  for (const id of members) weights[id] = DEFAULT_WEIGHT;
  if (raw === undefined || raw.trim() === '') return weights;
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const match = /^\s*([a-z0-9-]+)\s*:\s*([0-9]+(?:\.[0-9]+)?)\s*$/.exec(part);
    if (!match) throw new InvalidParameterError('weights', `"${part}" is not ID:WEIGHT (e.g. ${members[0]}:2)`);
    const [, id, text] = match as unknown as [string, string, string];
    if (!members.includes(id)) {
      throw new InvalidParameterError(
        'weights',
        `"${id}" is not an indicator of theme "${theme}"; its indicators: ${members.join(', ')}`,
      );
    }
    if (seen.has(id)) throw new InvalidParameterError('weights', `"${id}" is weighted twice`);
    seen.add(id);
    const weight = Number(text);
    if (weight < WEIGHT_RANGE.min || weight > WEIGHT_RANGE.max) {
      throw new InvalidParameterError(
        'weights',
        `weight of "${id}" is ${text}; weights lie from ${WEIGHT_RANGE.min} to ${WEIGHT_RANGE.max}`,
      );
    }
    weights[id] = weight;
  }
  if (Object.values(weights).every((w) => w === 0)) {
    throw new InvalidParameterError('weights', 'every weight is 0: at least one indicator must count');
  }
  return weights;
}

/** Count per sector code, for the current and the previous period. */
export interface IndicatorCounts {
  current: Map<string, number>;
  previous: Map<string, number>;
}

async function countIndicator(
  pool: pg.Pool,
  indicator: IndicatorDefinition,
  periods: [ClosedPeriod, ClosedPeriod],
  unit: CountingUnit,
): Promise<IndicatorCounts> {
  const { text, values } = buildCountsQuery({ indicator, values: {}, periods, unit });
  const sectors: SectorCounts[] = countsBySector((await pool.query<CountRow>(text, values)).rows);
  // An indicator without time counts once, for all time: the same figure in both periods.
  const at = (sector: SectorCounts, i: number) => sector.counts[sector.counts.length === 1 ? 0 : i] ?? 0;
  return {
    previous: new Map(sectors.map((s) => [s.code, at(s, 0)])),
    current: new Map(sectors.map((s) => [s.code, at(s, 1)])),
  };
}

function observations(
  indicator: IndicatorDefinition,
  sectors: SectorRow[],
  counts: Map<string, number>,
): Observation[] {
  const { measure } = indicator;
  return sectors.map((sector) => ({
    count: counts.get(sector.code) ?? 0,
    denominator: measure.kind === 'rate' ? sector[measure.denominator] : null,
  }));
}

/** The tables an indicator's counts come from: a write to any of them changes the counts. */
export function countedTables(indicator: IndicatorDefinition, unit: CountingUnit): string[] {
  const { measure } = indicator;
  const near = measure.kind === 'rate' && measure.near ? findLayer(measure.near.layer)?.table : undefined;
  const tables = [layerOf(indicator).table, 'neighbourhoods', ...(near ? [near] : [])];
  return unit === 'ward' ? [...tables, 'wards'] : tables;
}

/** Sectors (or wards) ranked on a theme's weighted indicators for a period, with the previous period's ranks. */
export async function computePriorities(
  pool: pg.Pool,
  request: PrioritiesRequest,
  cache?: CountsCache<IndicatorCounts>,
): Promise<Priorities> {
  const { theme, period, weights, unit = 'sector' } = request;
  const previous = previousPeriod(period);
  const members = themeIndicators(theme);
  const sectors = (await pool.query<SectorRow>(buildSectorsQuery(unit).text)).rows;
  const counts: IndicatorCounts[] = [];
  // One query at a time: the embedded database serves a single connection anyway.
  for (const indicator of members) {
    const count = () => countIndicator(pool, indicator, [previous, period], unit);
    const key = `${indicator.id}|${unit}|${previous.start.toISOString()}|${period.start.toISOString()}|${period.end.toISOString()}`;
    counts.push(await (cache ? cache.get(key, countedTables(indicator, unit), count) : count()));
  }

  const inputs = (which: keyof IndicatorCounts): ScoredIndicatorInput[] =>
    members.map((indicator, k) => ({
      id: indicator.id,
      direction: indicator.direction,
      weight: weights[indicator.id] ?? DEFAULT_WEIGHT,
      per: indicator.measure.kind === 'rate' ? indicator.measure.per : null,
      observations: observations(indicator, sectors, counts[k]![which]),
    }));
  const populations = sectors.map((s) => s.population);
  const now = scoreSectors(populations, inputs('current'));
  const before = scoreSectors(populations, inputs('previous'));

  const ranked = sectors.map((sector, s) => {
    const score = now.sectors[s]!;
    const earlier = before.sectors[s]!;
    return {
      code: sector.code,
      name: sector.name,
      ward: sector.ward,
      population: sector.population,
      dwellings: sector.dwellings,
      ranked: score.ranked,
      rank: score.rank,
      score: score.score,
      previousRank: earlier.rank,
      previousScore: earlier.score,
      indicators: score.indicators,
    };
  });
  ranked.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1));

  return {
    theme,
    unit,
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    previousPeriod: { start: previous.start.toISOString(), end: previous.end.toISOString() },
    method: {
      standardisation: 'z-score',
      smoothing: 'empirical-bayes',
      minimumPopulation: MINIMUM_POPULATION_FOR_RANKING,
      zCap: Z_CAP,
    },
    indicators: members.map((indicator, k) => {
      const { title, description, unit, direction, source, themes } = indicator;
      return { ...now.indicators[k]!, title, description, unit, direction, source, themes };
    }),
    sectors: ranked,
  };
}
