import { stepExpression } from './classify.ts';
import type {
  CircleLayerSpecification,
  ColorSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from './maplibre-types.ts';
import type { LayerDescription, MapConfig } from './types.ts';

/*
 * The map style, built from `/api/config` and `/api/layers`: nothing about a layer is written
 * down twice. Only circles, fills, lines and rasters, so the style needs no glyphs or sprites
 * (and therefore no network beyond the API). Every API layer is a vector-tile source
 * (`/tiles/<id>.json`, TileJSON) whose tiles hold one source layer named after the layer id.
 * Point layers arrive aggregated at low zooms: one point per grid cell with only a `count`.
 */

export const BACKGROUND_LAYER_ID = 'background';
export const BASEMAP_ID = 'basemap';
export const BACKGROUND_COLOR = '#f4f3ee';

/** Circles (points) or fills (polygons) of a layer: `layer-<id>`. */
export function mainLayerId(layerId: string): string {
  return `layer-${layerId}`;
}

/** The outline of a polygon layer: `layer-<id>-outline`. */
export function outlineLayerId(layerId: string): string {
  return `layer-${layerId}-outline`;
}

/** The aggregated cells of a point layer (low zooms): `layer-<id>-cells`. */
export function cellsLayerId(layerId: string): string {
  return `layer-${layerId}-cells`;
}

/** The property an aggregated cell carries (and the only one): how many features it holds. */
export const COUNT_PROPERTY = 'count';

const SOURCE_PREFIX = 'source-';

export function sourceId(layerId: string): string {
  return `${SOURCE_PREFIX}${layerId}`;
}

/** Whether a source holds one of the API's layers (as opposed to a basemap). */
export function isLayerSource(id: string): boolean {
  return id.startsWith(SOURCE_PREFIX);
}

/** Every style layer drawn for one API layer, bottom first. */
export function styleLayerIds(layer: LayerDescription): string[] {
  return layer.geometryType === 'Point'
    ? [cellsLayerId(layer.id), mainLayerId(layer.id)]
    : [mainLayerId(layer.id), outlineLayerId(layer.id)];
}

/**
 * The TileJSON of a layer, as an absolute URL: MapLibre fetches it from a worker, where relative
 * URLs do not resolve. `filters` (the API's filter parameters) are passed on into its tile URLs.
 */
export function tileJsonUrl(layerId: string, baseUrl: string, filters?: URLSearchParams): string {
  const url = new URL(`/tiles/${encodeURIComponent(layerId)}.json`, baseUrl);
  if (filters && filters.size > 0) url.search = filters.toString();
  return url.href;
}

/** Points each layer's source at its filtered TileJSON (`filters` by layer id), in place. */
export function filterSources(
  style: StyleSpecification,
  filters: Readonly<Record<string, URLSearchParams>>,
  baseUrl: string,
): void {
  for (const [layerId, params] of Object.entries(filters)) {
    const source = style.sources[sourceId(layerId)];
    if (source?.type === 'vector') source.url = tileJsonUrl(layerId, baseUrl, params);
  }
}

/**
 * The colour of a layer's features: a `match` on the category property with one branch per
 * legend value (first one wins on duplicates), falling back to the layer's colour; or just the
 * layer's colour when it has no categories. The input is compared as a string, so a numeric or
 * missing value cannot make the expression fail.
 */
export function featureColor(layer: LayerDescription): ColorSpecification {
  const seen = new Set<string>();
  const branches: string[] = [];
  for (const entry of layer.legend) {
    if (entry.value === null || seen.has(entry.value)) continue;
    seen.add(entry.value);
    branches.push(entry.value, entry.color);
  }
  if (!layer.categoryProperty || branches.length === 0) return layer.style.color;
  return [
    'match',
    ['to-string', ['get', layer.categoryProperty]],
    ...branches,
    layer.style.color,
  ] as ColorSpecification;
}

/** The attribution shown while the layer is visible; synthetic layers always say so. */
export function sourceAttribution(layer: LayerDescription): string {
  const attribution = layer.attribution.trim();
  if (!layer.synthetic || /synthetic|synthetisch/i.test(attribution)) return attribution;
  return attribution
    ? `Synthetische demodata / Synthetic demo data; ${attribution}`
    : 'Synthetische demodata / Synthetic demo data';
}

/** The layer's vector-tile source; `baseUrl` is the page's address (the API serves the tiles). */
export function layerSource(layer: LayerDescription, baseUrl: string): SourceSpecification {
  return {
    type: 'vector',
    url: tileJsonUrl(layer.id, baseUrl),
    // Explicit source options win over the TileJSON's: the synthetic note is always shown.
    attribution: sourceAttribution(layer),
    // MapLibre keeps only numeric feature ids; string ids (sector codes) are promoted from a property.
    ...(layer.idProperty ? { promoteId: layer.idProperty } : {}),
  };
}

type DataNumber = NonNullable<NonNullable<CircleLayerSpecification['paint']>['circle-radius']>;
type Filter = NonNullable<CircleLayerSpecification['filter']>;

/** A size growing linearly from zoom 11 to zoom 16. */
function zoomed(atZoom11: number, atZoom16: number): DataNumber {
  return ['interpolate', ['linear'], ['zoom'], 11, atZoom11, 16, atZoom16];
}

/** Aggregated cells have a `count`; raw features never do. */
export const CELL_FILTER: Filter = ['has', COUNT_PROPERTY];
export const RAW_FILTER: Filter = ['!', ['has', COUNT_PROPERTY]];

/**
 * A cell's radius in pixels: it grows with the square root of the count (so roughly the area
 * with the count), from a dot for a single feature to a disc for a hundred and more. Cells are
 * 8–16 px apart on screen whatever the zoom (64 per 512 px tile), so busy ones overlap a little.
 */
export const CELL_RADIUS: DataNumber = [
  'interpolate',
  ['linear'],
  ['sqrt', ['get', COUNT_PROPERTY]],
  1,
  3,
  3,
  5.5,
  10,
  10,
];

export function layerSpecifications(layer: LayerDescription): LayerSpecification[] {
  const source = sourceId(layer.id);
  const sourceLayer = layer.id;
  const color = featureColor(layer);
  if (layer.geometryType === 'Point') {
    return [
      {
        id: cellsLayerId(layer.id),
        type: 'circle',
        source,
        'source-layer': sourceLayer,
        filter: CELL_FILTER,
        paint: {
          'circle-color': layer.style.color,
          'circle-radius': CELL_RADIUS,
          'circle-opacity': 0.75,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1,
        },
      },
      {
        id: mainLayerId(layer.id),
        type: 'circle',
        source,
        'source-layer': sourceLayer,
        filter: RAW_FILTER,
        paint: {
          'circle-color': color,
          'circle-radius': zoomed(3, 7),
          'circle-opacity': 0.9,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': zoomed(0.5, 1.5),
        },
      },
    ];
  }
  return [
    {
      // Transparent unless the layer has categories, but present so that clicks hit the polygon.
      id: mainLayerId(layer.id),
      type: 'fill',
      source,
      'source-layer': sourceLayer,
      paint: { 'fill-color': color, 'fill-opacity': layer.categoryProperty ? 0.45 : 0 },
    },
    {
      id: outlineLayerId(layer.id),
      type: 'line',
      source,
      'source-layer': sourceLayer,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': layer.style.outline ?? layer.style.color, 'line-width': zoomed(1, 2.5) },
    },
  ];
}

/** Layers in drawing order: lower `order` first (further down). */
export function sortLayers(layers: readonly LayerDescription[]): LayerDescription[] {
  return [...layers].sort((a, b) => a.order - b.order);
}

/** Sources and style layers of the API's layers, to put on top of any base style. */
export function overlay(
  layers: readonly LayerDescription[],
  baseUrl: string,
): Pick<StyleSpecification, 'sources' | 'layers'> {
  const sorted = sortLayers(layers);
  return {
    sources: Object.fromEntries(sorted.map((layer) => [sourceId(layer.id), layerSource(layer, baseUrl)])),
    layers: sorted.flatMap(layerSpecifications),
  };
}

/** Adds the overlay to a base style (a configured basemap style, or our own background). */
export function withOverlay(
  base: StyleSpecification,
  layers: readonly LayerDescription[],
  baseUrl: string,
): StyleSpecification {
  const extra = overlay(layers, baseUrl);
  return { ...base, sources: { ...base.sources, ...extra.sources }, layers: [...base.layers, ...extra.layers] };
}

/**
 * The base style when no basemap style URL is configured: a plain light background, with the
 * configured raster basemap (if any) as the bottom layer above it.
 */
export function baseStyle(config: Pick<MapConfig, 'basemap'>): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: BACKGROUND_LAYER_ID, type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
  if (config.basemap?.type === 'raster') {
    const { tiles, tileSize, attribution } = config.basemap;
    style.sources[BASEMAP_ID] = { type: 'raster', tiles, tileSize, attribution };
    style.layers.push({ id: BASEMAP_ID, type: 'raster', source: BASEMAP_ID });
  }
  return style;
}

/** The whole style for a configuration without a basemap style URL (a style-URL basemap is ignored). */
export function buildStyle(
  config: Pick<MapConfig, 'basemap'>,
  layers: readonly LayerDescription[],
  baseUrl: string,
): StyleSpecification {
  return withOverlay(baseStyle(config), layers, baseUrl);
}

/* Neighbourhood figures (choropleth): colours come from feature state, set per sector code. */

/** A sector whose rate rests on too few residents: marked in neutral grey, never as an extreme. */
export const UNSTABLE_COLOR = '#BBBBBB';
/** A sector without a value (e.g. no earlier cases to compare with). */
export const NO_DATA_COLOR = '#FFFFFF';
export const CHOROPLETH_OPACITY = 0.7;

/**
 * `fill-color` of the sectors for classes `breaks` with `colors` (one more than breaks): from
 * the feature state `value`, grey when the state says `unstable`, white without a value.
 */
export function choroplethColor(breaks: readonly number[], colors: readonly string[]): ColorSpecification {
  return [
    'case',
    ['boolean', ['feature-state', 'unstable'], false],
    UNSTABLE_COLOR,
    stepExpression('value', breaks, colors, NO_DATA_COLOR),
  ] as unknown as ColorSpecification;
}

/* Density: hexagons of a point layer, from GeoJSON, drawn under the points. */

export const DENSITY_SOURCE_ID = 'density';
export const DENSITY_LAYER_ID = 'density-hexagons';

/** The hexagons' fill: the count's class colour (the breaks classify the counts). */
export function densityLayer(breaks: readonly number[], colors: readonly string[]): LayerSpecification {
  return {
    id: DENSITY_LAYER_ID,
    type: 'fill',
    source: DENSITY_SOURCE_ID,
    paint: {
      'fill-color': stepExpression(
        COUNT_PROPERTY,
        breaks,
        colors,
        colors[0]!,
        'properties',
      ) as unknown as ColorSpecification,
      'fill-opacity': 0.75,
      'fill-outline-color': '#ffffff',
    },
  };
}
