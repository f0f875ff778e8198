import { InvalidParameterError } from '../layers/filters.ts';
import type { LayerDefinition, Localized } from '../layers/types.ts';

/**
 * Categories the public sees only together. One category on its own (burglaries, violence) in
 * a small cell points at a household far sooner than a group of them does, and the groups
 * are what the public embed's legend shows. Every category of a grouped layer is in exactly
 * one group (a unit test checks this against the layer registry).
 */
export interface CategoryGroup {
  id: string;
  title: Localized;
  categories: readonly string[];
}

export const CATEGORY_GROUPS: Readonly<Record<string, readonly CategoryGroup[]>> = {
  incidents: [
    {
      id: 'overlast',
      title: { nl: 'Overlast, vandalisme en drugs', en: 'Nuisance, vandalism and drugs' },
      categories: ['overlast', 'vandalisme', 'drugs'],
    },
    {
      id: 'inbraak-diefstal',
      title: { nl: 'Woninginbraak en diefstal', en: 'Burglary and theft' },
      categories: ['woninginbraak', 'diefstal'],
    },
    {
      id: 'geweld-conflict',
      title: { nl: 'Geweld en burenconflicten', en: 'Violence and neighbour disputes' },
      categories: ['geweld', 'burenconflict'],
    },
    {
      id: 'sluikstort-verkeer',
      title: { nl: 'Sluikstort en verkeer', en: 'Illegal dumping and traffic' },
      categories: ['sluikstort', 'verkeer'],
    },
  ],
};

/** The layer's public category groups; empty when its categories are not grouped. */
export function categoryGroupsOf(layerId: string): readonly CategoryGroup[] {
  return CATEGORY_GROUPS[layerId] ?? [];
}

/**
 * Refuses a public category filter that splits a group: the values must be the union of whole
 * groups (any order). `parameter` is what the client sent (`category`).
 */
export function assertWholeGroups(layer: LayerDefinition, values: readonly string[], parameter = 'category'): void {
  const groups = categoryGroupsOf(layer.id);
  if (groups.length === 0) return;
  const requested = new Set(values);
  const split = groups.filter(
    (group) => group.categories.some((c) => requested.has(c)) && !group.categories.every((c) => requested.has(c)),
  );
  if (split.length > 0) {
    const named = split.map((group) => group.categories.join('+')).join('; ');
    throw new InvalidParameterError(
      parameter,
      `without signing in, ${layer.id} categories are available only in whole groups: ${named}. ` +
        `The groups: ${groups.map((group) => group.categories.join(',')).join(' | ')}`,
    );
  }
}
