import { type IndicatorDefinition, indicators, isStaffOnly } from '../indicators/registry.ts';
import { type FeatureFilters, InvalidParameterError, parseFilters, type RawFilterQuery } from '../layers/filters.ts';
import type { LayerDefinition, Localized } from '../layers/types.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { PUBLIC_CELL_METRES } from './cells.ts';
import { assertWholeGroups, categoryGroupsOf } from './groups.ts';
import { publicInterval } from './time.ts';
import type { Viewer } from './viewer.ts';

/*
 * What each viewer receives of each layer: the one place the public view is decided. Routes
 * ask `precisionOf` and either serve the layer as it is (`full`), serve the aggregate this
 * module describes, or refuse with `refusal`. Decision record 16 explains the choices.
 */

/** How the public sees a layer whose registry access is `staff`. */
export type PublicForm = 'aggregate' | 'sector-counts';

/**
 * Staff layers and what the public gets of them. Incidents: counts per cell, hexagon and
 * sector. The vacancy register holds addresses (and so, through the land register, owners):
 * counts per sector only. A staff layer missing here gets the narrower `sector-counts`.
 */
export const PUBLIC_FORMS: Readonly<Record<string, PublicForm>> = {
  incidents: 'aggregate',
  'vacant-buildings': 'sector-counts',
};

export interface CategoryGroupDescription {
  id: string;
  title: Localized;
  categories: string[];
}

/** What `/api/layers` tells a caller about the precision it gets of a layer. */
export type Precision =
  | { level: 'full' }
  | {
      level: 'aggregate';
      cellMetres: number;
      minCount: number;
      time: 'month';
      categoryGroups?: CategoryGroupDescription[];
    }
  | { level: 'sector-counts'; minCount: number; time: 'month' };

export function precisionOf(layer: LayerDefinition, viewer: Viewer, minCount: number): Precision {
  if (viewer === 'staff' || layer.access === 'public') return { level: 'full' };
  if ((PUBLIC_FORMS[layer.id] ?? 'sector-counts') === 'sector-counts') {
    return { level: 'sector-counts', minCount, time: 'month' };
  }
  const groups = categoryGroupsOf(layer.id);
  return {
    level: 'aggregate',
    cellMetres: PUBLIC_CELL_METRES,
    minCount,
    time: 'month',
    ...(groups.length > 0
      ? { categoryGroups: groups.map(({ id, title, categories }) => ({ id, title, categories: [...categories] })) }
      : {}),
  };
}

/** Whether the public's counts of this layer are suppressed below k (every staff layer's are). */
export function isSuppressed(layer: LayerDefinition, viewer: Viewer): boolean {
  return viewer === 'public' && layer.access === 'staff';
}

/** Where the public finds a layer's aggregates, for the refusal's text. */
function publicAlternatives(layer: LayerDefinition, form: PublicForm): string[] {
  const figures = indicators
    .filter((indicator) => indicator.layer === layer.id)
    .map((indicator) => `/api/neighbourhoods/figures?indicator=${indicator.id}`);
  const alternatives = [`counts per statistical sector (${figures.join(', ') || '/api/neighbourhoods/figures'})`];
  if (form === 'aggregate') {
    alternatives.push(
      `counts per hexagon of at least ${PUBLIC_CELL_METRES} m (/api/layers/${layer.id}/hexagons?size=250)`,
      `counts per cell of at least ${PUBLIC_CELL_METRES} m in the vector tiles (/tiles/${layer.id}/{z}/{x}/{y}.mvt)`,
    );
  }
  return alternatives;
}

/**
 * The 401 for a public request of what only staff may see (`what`: "features", "exports",
 * "tiles", "hexagons"): why, and where the public's aggregates are instead.
 */
export function refusal(layer: LayerDefinition, what: string, minCount: number): HttpProblem {
  const form = PUBLIC_FORMS[layer.id] ?? 'sector-counts';
  const why =
    form === 'sector-counts'
      ? `The ${layer.title.en.toLowerCase()} layer holds addresses, so its ${what} are for signed-in staff only.`
      : `Individual ${layer.title.en.toLowerCase()} can point at a person, so the ${what} of ${layer.id} are for signed-in staff only.`;
  return new HttpProblem(
    401,
    'Unauthorized',
    `${why} Without signing in you get ${publicAlternatives(layer, form).join('; ')}; counts below ${minCount} are not shown.`,
  );
}

/** The indicators a viewer may know of: the public does not learn of staff-only ones. */
export function listedIndicators(viewer: Viewer): readonly IndicatorDefinition[] {
  return viewer === 'staff' ? indicators : indicators.filter((indicator) => !isStaffOnly(indicator));
}

/**
 * Refuses the public (a partner user included) an indicator of a staff-only source (signals):
 * its counts have no public form, not even suppressed below k (decision record 23).
 */
export function assertIndicatorVisible(indicator: IndicatorDefinition, viewer: Viewer): void {
  if (viewer === 'staff' || !isStaffOnly(indicator)) return;
  throw new HttpProblem(
    401,
    'Unauthorized',
    `indicator "${indicator.id}" counts signals, which are for signed-in staff only (planners, coordinators, admins); there is no public form of it.`,
    'indicator',
  );
}

/** The public view of a layer's filters, and the bbox the client asked for (applied to whole cells by the caller). */
export interface PublicFilters {
  filters: FeatureFilters;
  bbox: FeatureFilters['bbox'];
}

/**
 * A public request's filters on an aggregated layer, checked as the features API checks them
 * and then narrowed: time in whole months up to the last month that has ended, categories in
 * whole groups, no other property filters (each one more way to slice counts thinner). The
 * bbox is returned apart: counted points must never be cut at its edge, or a small box would
 * count the points of one address.
 */
export function publicFilters(layer: LayerDefinition, query: RawFilterQuery, now: Date): PublicFilters {
  const parsed = parseFilters(layer, query);
  const category = layer.categoryProperty ?? 'category';
  for (const name of Object.keys(parsed.values ?? {})) {
    if (name === category) continue;
    throw new InvalidParameterError(
      name,
      `without signing in, ${layer.id} can be filtered by time and category only (in whole months and category groups)`,
    );
  }
  const values = parsed.values?.[category];
  if (values) assertWholeGroups(layer, values);
  const filters: FeatureFilters = { datetime: publicInterval(parsed.datetime, now, 'datetime') };
  if (values) filters.values = { [category]: values };
  return { filters, bbox: parsed.bbox };
}
