import type { Indicator, LayerDescription } from './types.ts';

/* What the UI's filters send to the API: pure functions, shared by the layers, tiles, export and figures. */

/** A closed period of whole days, `YYYY-MM-DD` both ends (the end day included). */
export interface Period {
  start: string;
  end: string;
}

type PropertyDescription = LayerDescription['properties'][number];

/** The values an enumerated property can take, in the registry's order. */
export function valuesOf(property: PropertyDescription | undefined): string[] {
  return (property?.values ?? []).flatMap((v) => (v.value === null ? [] : [v.value]));
}

/** The enumerated properties a layer can be filtered on, its category first. */
export function filterableProperties(layer: LayerDescription): LayerDescription['properties'] {
  const enumerated = layer.properties.filter((p) => p.values && p.values.length > 0);
  return [
    ...enumerated.filter((p) => p.name === layer.categoryProperty),
    ...enumerated.filter((p) => p.name !== layer.categoryProperty),
  ];
}

/**
 * The filter parameters of a layer as the API takes them (features, tiles, export): one
 * parameter per property whose selection is not "everything", and `datetime` for a dated layer.
 * Selections are sent in the registry's order, so equal filters give equal URLs (and cached tiles).
 */
export function filterParams(
  layer: LayerDescription,
  selected: Readonly<Record<string, readonly string[]>>,
  period: Period | null,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const property of filterableProperties(layer)) {
    const chosen = selected[property.name];
    const all = valuesOf(property);
    if (!chosen || all.every((value) => chosen.includes(value))) continue;
    params.set(property.name, all.filter((value) => chosen.includes(value)).join(','));
  }
  if (period && layer.temporal) params.set('datetime', `${period.start}/${period.end}`);
  return params;
}

/** Whether a selection leaves no value of some property, so that nothing can match. */
export function selectsNothing(
  layer: LayerDescription,
  selected: Readonly<Record<string, readonly string[]>>,
): boolean {
  return filterableProperties(layer).some((p) => {
    const chosen = selected[p.name];
    return chosen !== undefined && !valuesOf(p).some((value) => chosen.includes(value));
  });
}

/** The figures request's parameters: the period (for a dated indicator) and the indicator's own filters. */
export function figuresParams(
  indicator: Pick<Indicator, 'filters' | 'temporal'> | null,
  filters: Readonly<Record<string, readonly string[]>>,
  period: Period | null,
): URLSearchParams {
  const params = new URLSearchParams();
  if (period && indicator?.temporal) params.set('period', `${period.start}/${period.end}`);
  for (const name of indicator?.filters ?? []) {
    const values = filters[name];
    if (values && values.length > 0) params.set(name, values.join(','));
  }
  return params;
}
