import type { TemporalExtent } from './extent.ts';
import type { LayerDefinition, Localized, PropertyType } from './types.ts';

export interface LegendEntry {
  value: string | null;
  title: Localized;
  color: string;
}

/** What `/api/layers` tells a client about a layer: no table or column names leave the server. */
export interface LayerDescription {
  id: string;
  title: Localized;
  description: Localized;
  geometryType: LayerDefinition['geometryType'];
  properties: { name: string; type: PropertyType; title: Localized; values?: LegendEntry[] }[];
  categoryProperty: string | null;
  /** The property that repeats a non-numeric feature id (clients such as MapLibre need numbers or a promoted property). */
  idProperty: string | null;
  temporal: boolean;
  access: LayerDefinition['access'];
  synthetic: boolean;
  attribution: string;
  style: LayerDefinition['style'];
  legend: LegendEntry[];
  order: number;
  links: { features: string };
  /** The data's time range; filled in per request by `/api/layers` (it changes with the data). */
  extent: { temporal: TemporalExtent };
}

/** The legend: one entry per category value, or one entry for the whole layer. */
export function legendOf(layer: LayerDefinition): LegendEntry[] {
  const category = layer.properties.find((p) => p.name === layer.categoryProperty);
  if (category?.values) return category.values.map(({ value, title, color }) => ({ value, title, color }));
  return [{ value: null, title: layer.title, color: layer.style.color }];
}

export function describeLayer(layer: LayerDefinition): LayerDescription {
  return {
    id: layer.id,
    title: layer.title,
    description: layer.description,
    geometryType: layer.geometryType,
    properties: layer.properties.map(({ name, type, title, values }) =>
      values ? { name, type, title, values } : { name, type, title },
    ),
    categoryProperty: layer.categoryProperty ?? null,
    idProperty: layer.properties.find((p) => p.column === layer.idColumn)?.name ?? null,
    temporal: layer.temporal !== undefined,
    access: layer.access,
    synthetic: layer.synthetic,
    attribution: layer.attribution,
    style: layer.style,
    legend: legendOf(layer),
    order: layer.order,
    links: { features: `/api/layers/${layer.id}/features` },
    extent: { temporal: null },
  };
}
