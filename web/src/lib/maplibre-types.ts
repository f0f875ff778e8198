import type { Map as MapLibreMap } from 'maplibre-gl';

/*
 * Style-spec types, derived from maplibre-gl's public API so the front end does not import the
 * transitive @maplibre/maplibre-gl-style-spec package. Type-only: nothing here reaches the bundle.
 */
export type StyleSpecification = Exclude<Parameters<MapLibreMap['setStyle']>[0], string | null>;
export type LayerSpecification = StyleSpecification['layers'][number];
export type SourceSpecification = StyleSpecification['sources'][string];
export type CircleLayerSpecification = Extract<LayerSpecification, { type: 'circle' }>;
export type ColorSpecification = NonNullable<NonNullable<CircleLayerSpecification['paint']>['circle-color']>;
export type FillLayerSpecification = Extract<LayerSpecification, { type: 'fill' }>;
