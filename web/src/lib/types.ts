/*
 * The API contract as the browser sees it (`GET /api/layers`, `GET /api/config`, features).
 * Layer descriptions are the API's own types (type-only imports, erased from the bundle), so
 * a layer is described once; server-only registry fields (tables, columns) are not in them.
 */
import type { Basemap } from '../../../api/src/config.ts';
import type { LayerDescription } from '../../../api/src/layers/describe.ts';

export type { Basemap } from '../../../api/src/config.ts';
export type { LayerDescription, LegendEntry } from '../../../api/src/layers/describe.ts';
export type { Localized, PropertyType } from '../../../api/src/layers/types.ts';

export type Lang = 'nl' | 'en';

export type PropertyDescription = LayerDescription['properties'][number];
export type PropertyValueDescription = NonNullable<PropertyDescription['values']>[number];

export interface MapConfig {
  basemap: Basemap | null;
  center: [number, number];
  zoom: number;
  bounds: [number, number, number, number];
}

/** Scalar property values as they arrive in GeoJSON. */
export type PropertyValue = string | number | boolean | null | undefined;

export interface Feature {
  type: 'Feature';
  id?: string | number;
  geometry: unknown;
  properties: Record<string, PropertyValue> | null;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  numberMatched?: number;
  numberReturned?: number;
}

/* The figures, indicators and search answers, as the API describes them. */
export type { IndicatorDescription as Indicator } from '../../../api/src/indicators/registry.ts';
export type { FigureRow, Figures, Series } from '../../../api/src/routes/neighbourhoods.ts';
export type { SearchResult } from '../../../api/src/routes/search.ts';
