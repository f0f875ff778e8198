import type { StyleSpecification } from './maplibre-types.ts';
import { buildStyle, withOverlay } from './style.ts';
import type {
  FeatureCollection,
  Figures,
  Indicator,
  LayerDescription,
  MapConfig,
  SearchResult,
  Series,
} from './types.ts';

/* The few calls the map makes to the API, with `fetch` injectable for tests. */

/** Halle: used until `/api/config` answers, and when it cannot. */
export const DEFAULT_CONFIG: MapConfig = {
  basemap: null,
  center: [4.2373, 50.7339],
  zoom: 12.5,
  bounds: [4.17209, 50.68952, 4.31194, 50.77812],
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} for ${url}`);
    this.name = 'HttpError';
  }
}

async function getJson(
  url: string,
  fetchImpl: typeof fetch,
  accept = 'application/json',
  signal?: AbortSignal,
): Promise<unknown> {
  const response = await fetchImpl(url, { headers: { accept }, signal });
  if (!response.ok) throw new HttpError(response.status, url);
  return response.json();
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNumbers = (value: unknown, length: number): value is number[] =>
  Array.isArray(value) && value.length === length && value.every(isNumber);

/** The map configuration, with Halle's defaults for anything missing or malformed. */
export function parseConfig(json: unknown): MapConfig {
  const body = (json ?? {}) as Partial<Record<keyof MapConfig, unknown>>;
  const basemap = body.basemap as MapConfig['basemap'] | undefined;
  const validBasemap =
    (basemap?.type === 'raster' && Array.isArray(basemap.tiles) && basemap.tiles.length > 0) ||
    (basemap?.type === 'style' && typeof basemap.url === 'string');
  return {
    basemap: validBasemap && basemap ? basemap : null,
    center: isNumbers(body.center, 2) ? (body.center as MapConfig['center']) : DEFAULT_CONFIG.center,
    zoom: isNumber(body.zoom) ? body.zoom : DEFAULT_CONFIG.zoom,
    bounds: isNumbers(body.bounds, 4) ? (body.bounds as MapConfig['bounds']) : DEFAULT_CONFIG.bounds,
  };
}

export async function fetchConfig(fetchImpl: typeof fetch = fetch): Promise<MapConfig> {
  return parseConfig(await getJson('/api/config', fetchImpl));
}

export async function fetchLayers(fetchImpl: typeof fetch = fetch): Promise<LayerDescription[]> {
  const body = (await getJson('/api/layers', fetchImpl)) as { layers?: unknown };
  if (!Array.isArray(body?.layers)) throw new Error('/api/layers: no "layers" array in the answer');
  return body.layers as LayerDescription[];
}

/** The layer's features link with a `limit` and filters, keeping any query the API already put in it. */
export function featuresUrl(link: string, limit: number, filters: URLSearchParams = new URLSearchParams()): string {
  const [path, query = ''] = link.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  for (const [name, value] of filters) params.set(name, value);
  params.set('limit', String(limit));
  return `${path}?${params}`;
}

/**
 * How many features the layer holds: the `numberMatched` of a one-feature page (the map
 * itself draws the features from vector tiles, so nothing more is downloaded here).
 */
export async function fetchFeatureCount(
  layer: Pick<LayerDescription, 'links'>,
  fetchImpl: typeof fetch = fetch,
  filters?: URLSearchParams,
): Promise<number> {
  const url = featuresUrl(layer.links.features, 1, filters);
  const body = (await getJson(url, fetchImpl, 'application/geo+json, application/json')) as FeatureCollection;
  if (body?.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
    throw new Error(`${url}: not a GeoJSON FeatureCollection`);
  }
  const matched = body.numberMatched;
  if (typeof matched !== 'number' || !Number.isInteger(matched) || matched < 0) {
    throw new Error(`${url}: no numberMatched in the answer`);
  }
  return matched;
}

/**
 * The map style: the configured basemap style (fetched here) with the API's layers on top, or
 * our own background (plus raster basemap, if configured). A basemap style that cannot be
 * fetched (offline) leaves the plain background: the map must work without the network.
 * `baseUrl` (the page's address) makes the layers' TileJSON URLs absolute.
 */
export async function loadStyle(
  config: Pick<MapConfig, 'basemap'>,
  layers: readonly LayerDescription[],
  baseUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<StyleSpecification> {
  if (config.basemap?.type !== 'style') return buildStyle(config, layers, baseUrl);
  try {
    const base = (await getJson(config.basemap.url, fetchImpl)) as StyleSpecification;
    if (base?.version !== 8 || !Array.isArray(base.layers) || typeof base.sources !== 'object') {
      throw new Error(`${config.basemap.url}: not a MapLibre style`);
    }
    return withOverlay(base, layers, baseUrl);
  } catch (error) {
    console.warn('Basemap style unavailable, using the plain background', error);
    return buildStyle({ basemap: null }, layers, baseUrl);
  }
}

export async function fetchIndicators(fetchImpl: typeof fetch = fetch): Promise<Indicator[]> {
  const body = (await getJson('/api/indicators', fetchImpl)) as { indicators?: unknown };
  if (!Array.isArray(body?.indicators)) throw new Error('/api/indicators: no "indicators" array in the answer');
  return body.indicators as Indicator[];
}

/** Every sector's value of an indicator (`params`: `period` and the indicator's filters). */
export async function fetchFigures(
  indicator: string,
  params: URLSearchParams,
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<Figures> {
  const query = new URLSearchParams(params);
  query.set('indicator', indicator);
  const body = (await getJson(`/api/neighbourhoods/figures?${query}`, fetchImpl, undefined, signal)) as Figures;
  if (!Array.isArray(body?.rows)) throw new Error('/api/neighbourhoods/figures: no "rows" array in the answer');
  return body;
}

/** One sector's indicator per year. */
export async function fetchSeries(
  code: string,
  indicator: string,
  params: URLSearchParams,
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<Series> {
  const query = new URLSearchParams(params);
  query.delete('period'); // the chart shows the whole record; the period is marked on it
  query.set('indicator', indicator);
  query.set('interval', 'year');
  const url = `/api/neighbourhoods/${encodeURIComponent(code)}/series?${query}`;
  const body = (await getJson(url, fetchImpl, undefined, signal)) as Series;
  if (!Array.isArray(body?.points)) throw new Error(`${url}: no "points" array in the answer`);
  return body;
}

/** Places in the data whose name matches `q` (sectors, wards, former municipalities, streets). */
export async function search(
  q: string,
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<SearchResult[]> {
  const url = `/api/search?${new URLSearchParams({ q })}`;
  const body = (await getJson(url, fetchImpl, undefined, signal)) as { results?: unknown };
  if (!Array.isArray(body?.results)) throw new Error(`${url}: no "results" array in the answer`);
  return body.results as SearchResult[];
}

/** Where a layer's filtered features can be downloaded (`format`: csv or geojson). */
export function exportUrl(layerId: string, format: 'csv' | 'geojson', filters: URLSearchParams): string {
  const params = new URLSearchParams(filters);
  params.set('format', format);
  return `/api/layers/${encodeURIComponent(layerId)}/export?${params}`;
}

/** The hexagon density of a point layer, as GeoJSON (`size`: hexagon edge in metres). */
export function hexagonsUrl(layerId: string, size: number, filters: URLSearchParams, baseUrl: string): string {
  const params = new URLSearchParams(filters);
  params.set('size', String(size));
  return new URL(`/api/layers/${encodeURIComponent(layerId)}/hexagons?${params}`, baseUrl).href;
}
