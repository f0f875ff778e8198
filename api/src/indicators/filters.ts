import { layers } from '../layers/registry.ts';
import { InvalidParameterError, parseCategories, parseValues, valueFilterNames } from '../layers/filters.ts';
import { findIndicator, indicators, layerOf, type IndicatorDefinition } from './registry.ts';
import { STAFF_ONLY_SOURCES } from './sources.ts';

/**
 * Every filter parameter any layer or staff-only source knows (`phase` is the signals'): the
 * query schemas accept these, each indicator only its own.
 */
export const FILTER_PARAMETERS = valueFilterNames([...layers, ...STAFF_ONLY_SOURCES]);

/** The indicator named `id`, or a 400 listing `listed` (the public is not told of staff-only ones). */
export function indicatorOr400(id: string, listed: readonly IndicatorDefinition[] = indicators): IndicatorDefinition {
  const indicator = findIndicator(id);
  if (!indicator) {
    throw new InvalidParameterError(
      'indicator',
      `unknown indicator "${id}"; expected one of: ${listed.map((i) => i.id).join(', ')}`,
    );
  }
  return indicator;
}

/**
 * The indicator's filters from the query, as allowed values per property of its layer (the
 * shape buildWhere takes). A filter the indicator does not take is refused, not ignored: a
 * client that sends one expects it to change the figures.
 */
export function parseIndicatorFilters(
  indicator: IndicatorDefinition,
  query: Record<string, unknown>,
): Record<string, string[]> {
  const layer = layerOf(indicator);
  const values: Record<string, string[]> = {};
  for (const parameter of FILTER_PARAMETERS) {
    const raw = query[parameter];
    if (raw === undefined) continue;
    if (!indicator.filters.includes(parameter)) {
      const accepted = indicator.filters.length > 0 ? indicator.filters.join(', ') : 'none';
      throw new InvalidParameterError(
        parameter,
        `indicator "${indicator.id}" has no "${parameter}" filter; its filters: ${accepted}`,
      );
    }
    if (typeof raw !== 'string') throw new InvalidParameterError(parameter, `${parameter} must be given once`);
    const property = parameter === 'category' ? (layer.categoryProperty ?? parameter) : parameter;
    values[property] = parameter === 'category' ? parseCategories(layer, raw) : parseValues(layer, parameter, raw);
    const allowed = indicator.subset?.[property];
    const outside = allowed ? values[property].filter((value) => !allowed.includes(value)) : [];
    if (allowed && outside.length > 0) {
      throw new InvalidParameterError(
        parameter,
        `indicator "${indicator.id}" counts only ${allowed.join(', ')}; not: ${outside.join(', ')}`,
      );
    }
  }
  return values;
}
