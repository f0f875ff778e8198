import type { StyleSpecification } from './maplibre-types.ts';
import { buildStyle, withOverlay } from './style.ts';
import type { Period } from './filters.ts';
import type {
  AreaGeometry,
  FeatureCollection,
  Figures,
  FocusAreaCollection,
  FocusAreaContent,
  FocusAreaFeature,
  FocusAreaVersion,
  ProblemBody,
  SignedInUser,
  VersionComparison,
  Indicator,
  LayerDescription,
  MapConfig,
  Partner,
  PartnerKind,
  SearchResult,
  Series,
  SignalCollection,
  SignalDetail,
  SignalInput,
  SignalStatus,
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

/* Accounts and areas of focus (issue 5). Writes go same-origin, so the browser adds `Origin` and the cookie. */

/** A refused request with its problem+json body (401, 403, 409 with `current`, 422 with `location`, 429 …). */
export class ApiProblem extends HttpError {
  constructor(
    status: number,
    url: string,
    readonly problem: ProblemBody,
    /** Seconds to wait, from `Retry-After` (429). */
    readonly retryAfter: number | null = null,
  ) {
    super(status, url);
    this.name = 'ApiProblem';
    if (problem.detail) this.message = problem.detail;
  }
}

async function requestJson(
  url: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
  fetchImpl: typeof fetch = fetch,
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetchImpl(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
    signal: init.signal,
  });
  if (!response.ok) {
    let problem: ProblemBody = {};
    try {
      problem = (await response.json()) as ProblemBody;
    } catch {
      // not JSON: the status says enough
    }
    const retry = Number(response.headers.get('retry-after'));
    throw new ApiProblem(response.status, url, problem ?? {}, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  if (response.status === 204) return null;
  return response.json();
}

export async function fetchMe(fetchImpl: typeof fetch = fetch): Promise<SignedInUser | null> {
  const body = (await requestJson('/api/auth/me', {}, fetchImpl)) as { user?: SignedInUser | null };
  return body?.user ?? null;
}

export async function login(
  username: string,
  password: string,
  fetchImpl: typeof fetch = fetch,
): Promise<SignedInUser> {
  const body = (await requestJson('/api/auth/login', { method: 'POST', body: { username, password } }, fetchImpl)) as {
    user: SignedInUser;
  };
  return body.user;
}

export async function logout(fetchImpl: typeof fetch = fetch): Promise<void> {
  await requestJson('/api/auth/logout', { method: 'POST' }, fetchImpl);
}

const areaUrl = (id: number) => `/api/focus-areas/${encodeURIComponent(String(id))}`;

export async function fetchFocusAreas(
  includeDeleted = false,
  fetchImpl: typeof fetch = fetch,
): Promise<FocusAreaCollection> {
  const url = includeDeleted ? '/api/focus-areas?deleted=true' : '/api/focus-areas';
  const body = (await requestJson(url, {}, fetchImpl)) as FocusAreaCollection;
  if (!Array.isArray(body?.features)) throw new Error(`${url}: not a GeoJSON FeatureCollection`);
  return body;
}

/** `period`: the figures' period (null: all time). */
export async function fetchFocusArea(
  id: number,
  period: Period | null,
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<FocusAreaFeature> {
  const query = period ? `?${new URLSearchParams({ period: `${period.start}/${period.end}` })}` : '';
  return (await requestJson(`${areaUrl(id)}${query}`, { signal }, fetchImpl)) as FocusAreaFeature;
}

export async function createFocusArea(
  content: FocusAreaContent,
  fetchImpl: typeof fetch = fetch,
): Promise<FocusAreaFeature> {
  return (await requestJson('/api/focus-areas', { method: 'POST', body: content }, fetchImpl)) as FocusAreaFeature;
}

/** 409 (ApiProblem with `problem.current`) when `version` is no longer the current one. */
export async function updateFocusArea(
  id: number,
  content: FocusAreaContent,
  version: number,
  fetchImpl: typeof fetch = fetch,
): Promise<FocusAreaFeature> {
  return (await requestJson(
    areaUrl(id),
    { method: 'PUT', body: { ...content, version } },
    fetchImpl,
  )) as FocusAreaFeature;
}

export async function deleteFocusArea(id: number, version: number, fetchImpl: typeof fetch = fetch): Promise<unknown> {
  return requestJson(
    `${areaUrl(id)}?${new URLSearchParams({ version: String(version) })}`,
    { method: 'DELETE' },
    fetchImpl,
  );
}

/** Restores the content of `version` as a new version (and un-deletes the area). */
export async function restoreFocusArea(
  id: number,
  version: number,
  fetchImpl: typeof fetch = fetch,
): Promise<FocusAreaFeature> {
  return (await requestJson(
    `${areaUrl(id)}/restore`,
    { method: 'POST', body: { version } },
    fetchImpl,
  )) as FocusAreaFeature;
}

export async function fetchVersions(id: number, fetchImpl: typeof fetch = fetch): Promise<FocusAreaVersion[]> {
  const body = (await requestJson(`${areaUrl(id)}/versions`, {}, fetchImpl)) as { versions?: FocusAreaVersion[] };
  if (!Array.isArray(body?.versions)) throw new Error(`${areaUrl(id)}/versions: no "versions" array`);
  return body.versions;
}

export async function compareVersions(
  id: number,
  from: number,
  to: number,
  fetchImpl: typeof fetch = fetch,
): Promise<VersionComparison> {
  const query = new URLSearchParams({ from: String(from), to: String(to) });
  return (await requestJson(`${areaUrl(id)}/versions/compare?${query}`, {}, fetchImpl)) as VersionComparison;
}

/** A repaired shape for an invalid one: offered to the user, never applied without their say. */
export async function repairGeometry(
  geometry: AreaGeometry,
  fetchImpl: typeof fetch = fetch,
): Promise<{ geometry: AreaGeometry; note?: string }> {
  return (await requestJson('/api/focus-areas/repair', { method: 'POST', body: { geometry } }, fetchImpl)) as {
    geometry: AreaGeometry;
    note?: string;
  };
}

/** Where the areas (with their actions) can be downloaded. */
export function focusAreasExportUrl(format: 'geojson' | 'csv'): string {
  return `/api/focus-areas/export?format=${format}`;
}

/** The features of a layer (GeoJSON) with filters (bbox, datetime, …), up to `limit`. */
export async function fetchFeatures(
  layer: Pick<LayerDescription, 'links'>,
  limit: number,
  filters: URLSearchParams = new URLSearchParams(),
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<FeatureCollection> {
  const url = featuresUrl(layer.links.features, limit, filters);
  const body = (await getJson(url, fetchImpl, 'application/geo+json, application/json', signal)) as FeatureCollection;
  if (body?.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
    throw new Error(`${url}: not a GeoJSON FeatureCollection`);
  }
  return body;
}

/* Signals and partners (issue 10): coordinators and admins, and partner users for their own signals. */

const signalUrl = (id: number) => `/api/signals/${encodeURIComponent(String(id))}`;

/** The signals this user may see, filtered (`params`: status, kind, phase, partner, bbox). */
export async function fetchSignals(
  params: URLSearchParams,
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<SignalCollection> {
  const query = params.toString();
  const url = query ? `/api/signals?${query}` : '/api/signals';
  const body = (await requestJson(url, { signal }, fetchImpl)) as SignalCollection;
  if (!Array.isArray(body?.features)) throw new Error(`${url}: not a GeoJSON FeatureCollection`);
  return body;
}

/** One signal with its trail (404 for a signal this user may not see: its existence is not revealed). */
export async function fetchSignal(
  id: number,
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<SignalDetail> {
  return (await requestJson(signalUrl(id), { signal }, fetchImpl)) as SignalDetail;
}

export async function createSignal(input: SignalInput, fetchImpl: typeof fetch = fetch): Promise<SignalDetail> {
  return (await requestJson('/api/signals', { method: 'POST', body: input }, fetchImpl)) as SignalDetail;
}

/** Changes fields of a signal (409 when `version` is no longer the current one); `note` goes with a change of partner. */
export async function updateSignal(
  id: number,
  changes: Partial<Omit<SignalInput, 'partnerId'>> & { partnerId?: number | null; version: number; note?: string },
  fetchImpl: typeof fetch = fetch,
): Promise<SignalDetail> {
  return (await requestJson(signalUrl(id), { method: 'PATCH', body: changes }, fetchImpl)) as SignalDetail;
}

/** Moves a signal to `to` (409 for a move the workflow does not allow). */
export async function transitionSignal(
  id: number,
  to: SignalStatus,
  note: string | null,
  fetchImpl: typeof fetch = fetch,
): Promise<SignalDetail> {
  const body = note ? { to, note } : { to };
  return (await requestJson(`${signalUrl(id)}/transitions`, { method: 'POST', body }, fetchImpl)) as SignalDetail;
}

export async function fetchPartners(fetchImpl: typeof fetch = fetch): Promise<Partner[]> {
  const body = (await requestJson('/api/partners', {}, fetchImpl)) as { partners?: Partner[] };
  if (!Array.isArray(body?.partners)) throw new Error('/api/partners: no "partners" array in the answer');
  return body.partners;
}

/** 409 when the name is taken. */
export async function createPartner(
  partner: { name: string; kind: PartnerKind; contactRole?: string },
  fetchImpl: typeof fetch = fetch,
): Promise<Partner> {
  return (await requestJson('/api/partners', { method: 'POST', body: partner }, fetchImpl)) as Partner;
}
