import { type FeatureFilters, InvalidParameterError, parseFilters, type RawFilterQuery } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { CRS84, DEFAULT_ITEMS_LIMIT, MAX_ITEMS_LIMIT } from './constants.ts';

/** A query string as Fastify parses it: a repeated parameter becomes an array. */
export type RawQuery = Record<string, string | string[] | undefined>;

export interface ItemsRequest {
  filters: FeatureFilters;
  limit: number;
  offset: number;
}

/** Past this an offset is certainly beyond any layer's end (and still a safe integer). */
const MAX_OFFSET = 1_000_000_000;

/** The parameters a collection's items take, besides its enumerated properties. */
const PAGING_AND_FILTERS = ['limit', 'offset', 'bbox', 'bbox-crs', 'datetime'] as const;

/**
 * The query parameters a collection's items take: paging, `bbox` (with `bbox-crs`), `datetime`
 * for a dated layer, each enumerated property by name and `category` for the layer's category.
 */
export function itemsParameterNames(layer: LayerDefinition): string[] {
  const names: string[] = PAGING_AND_FILTERS.filter((name) => name !== 'datetime' || layer.temporal);
  for (const property of layer.properties) if (property.values) names.push(property.name);
  if (layer.categoryProperty && !names.includes('category')) names.push('category');
  return names;
}

function integerParameter(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    throw new InvalidParameterError(name, `${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * The items request of a collection from its query string. OGC API Features lets a server
 * refuse a parameter it does not declare (requirement /req/core/query-param-unknown), and a
 * typo silently ignored would hand back the whole layer, so every other name is a 400; so is a
 * parameter given twice. `datetime` on a layer without time is refused by parseFilters.
 */
export function parseItemsQuery(layer: LayerDefinition, query: RawQuery): ItemsRequest {
  const allowed = new Set(itemsParameterNames(layer));
  const single: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (!allowed.has(name)) {
      const hint = name === 'datetime' ? `; ${layer.id} has no time dimension` : '';
      throw new InvalidParameterError(
        name,
        `unknown parameter "${name}" for the items of ${layer.id}${hint}; it takes: ${[...allowed].join(', ')}`,
      );
    }
    if (Array.isArray(value)) throw new InvalidParameterError(name, `${name} must be given once`);
    single[name] = value;
  }
  const crs = single['bbox-crs'];
  if (crs !== undefined && crs !== CRS84) {
    throw new InvalidParameterError(
      'bbox-crs',
      `bbox-crs must be ${CRS84} (WGS 84 longitude/latitude), the only CRS served`,
    );
  }
  const { limit: rawLimit, offset: rawOffset, 'bbox-crs': _crs, ...filterQuery } = single;
  return {
    limit: integerParameter('limit', rawLimit, DEFAULT_ITEMS_LIMIT, 1, MAX_ITEMS_LIMIT),
    offset: integerParameter('offset', rawOffset, 0, 0, MAX_OFFSET),
    filters: parseFilters(layer, filterQuery as RawFilterQuery),
  };
}
