import { THEMES, type Theme } from '../../../api/src/themes.ts';
import { parseLang } from '../lib/lang.ts';
import type { Lang } from '../lib/types.ts';

/*
 * The embed's options, from its address:
 *
 *   /embed?layers=neighbourhoods,youth-facilities&center=4.2373,50.7339&zoom=13&theme=jongeren&lang=en&legend=0
 *
 *   layers   layer ids of the registry, comma-separated (unknown or not public: left out)
 *   center   longitude,latitude in WGS 84 degrees
 *   zoom     0 to 22
 *   theme    wonen | jongeren | buurten: the indicator on the sectors and the areas of focus shown
 *   lang     nl | en
 *   legend   1 (shown) or 0 (hidden)
 *
 * A site pastes this once and never looks at it again, so nothing in it may break the map: a
 * value that does not read is left out and its default applies. Pure functions, no DOM.
 */

/** The liveability plan's themes, as the API declares them. */
export const EMBED_THEMES = THEMES;
export type EmbedTheme = Theme;

export const DEFAULT_EMBED_THEME: EmbedTheme = 'buurten';
/** The sectors (with the theme's figures) and the youth facilities: public layers, light to draw. */
export const DEFAULT_EMBED_LAYERS: readonly string[] = ['neighbourhoods', 'youth-facilities'];
export const MAX_EMBED_ZOOM = 22;
/** A link names a handful of layers; more is a mistake (or an attempt to make the page work hard). */
const MAX_LAYERS = 20;
const LAYER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface EmbedParams {
  /** The layers asked for, in the order given; null: the defaults. Not yet checked against the registry. */
  layers: string[] | null;
  /** [longitude, latitude]; null: the whole municipality. */
  center: [number, number] | null;
  zoom: number | null;
  theme: EmbedTheme;
  lang: Lang;
  legend: boolean;
}

export const DEFAULT_EMBED_PARAMS: EmbedParams = {
  layers: null,
  center: null,
  zoom: null,
  theme: DEFAULT_EMBED_THEME,
  lang: 'nl',
  legend: true,
};

export function isEmbedTheme(value: unknown): value is EmbedTheme {
  return EMBED_THEMES.includes(value as EmbedTheme);
}

/** A plain decimal number ("4.2373", "-0.5"); no exponents, hex, blanks or infinities. */
function parseDecimal(text: string | undefined): number | null {
  if (text === undefined || !/^-?(?:\d+(?:\.\d*)?|\.\d+)$/.test(text.trim())) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value + 0 : null; // + 0: no -0
}

function parseLayers(text: string | null): string[] | null {
  if (text === null) return null;
  const ids = [...new Set(text.split(',').map((id) => id.trim().toLowerCase()))].filter((id) => LAYER_ID.test(id));
  return ids.length > 0 && ids.length <= MAX_LAYERS ? ids : null;
}

function parseCenter(text: string | null): [number, number] | null {
  const [lonText, latText, ...rest] = (text ?? '').split(',');
  const lon = parseDecimal(lonText);
  const lat = parseDecimal(latText);
  // Web Mercator stops at ±85.05°.
  if (rest.length > 0 || lon === null || lat === null || Math.abs(lon) > 180 || Math.abs(lat) > 85.05) return null;
  return [lon, lat];
}

function parseZoom(text: string | null): number | null {
  const zoom = parseDecimal(text ?? undefined);
  return zoom !== null && zoom >= 0 && zoom <= MAX_EMBED_ZOOM ? zoom : null;
}

function parseLegend(text: string | null): boolean {
  const value = text?.trim().toLowerCase();
  if (value === '0' || value === 'false' || value === 'no') return false;
  return true;
}

/** The options in a query string (`?` optional). Never throws; the first of a repeated key counts. */
export function readEmbedParams(search: string): EmbedParams {
  const query = new URLSearchParams(search);
  const theme = query.get('theme')?.trim().toLowerCase();
  return {
    layers: parseLayers(query.get('layers')),
    center: parseCenter(query.get('center')),
    zoom: parseZoom(query.get('zoom')),
    theme: isEmbedTheme(theme) ? theme : DEFAULT_EMBED_THEME,
    lang: parseLang(query.get('lang')) ?? DEFAULT_EMBED_PARAMS.lang,
    legend: parseLegend(query.get('legend')),
  };
}

/**
 * The layers to draw: those asked for that the public may see (in the registry's order, as
 * `embeddable` lists them); the defaults when none was asked for or none of them is allowed.
 */
export function resolveLayers(requested: readonly string[] | null, embeddable: readonly string[]): string[] {
  const asked = requested ? embeddable.filter((id) => requested.includes(id)) : [];
  if (asked.length > 0) return asked;
  return embeddable.filter((id) => DEFAULT_EMBED_LAYERS.includes(id));
}

/** A number with at most `digits` decimals and no trailing zeros: 50.73390 → "50.7339". */
export function fixed(value: number, digits: number): string {
  let text = value.toFixed(digits);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

/**
 * The options as a query string (no `?`), in the order above, every option written out so that
 * the pasted code says what it shows. Commas stay plain: the ids and numbers need no escaping.
 */
export function writeEmbedParams(params: EmbedParams): string {
  const parts: string[] = [];
  if (params.layers) parts.push(`layers=${params.layers.map(encodeURIComponent).join(',')}`);
  if (params.center) parts.push(`center=${fixed(params.center[0], 5)},${fixed(params.center[1], 5)}`);
  if (params.zoom !== null) parts.push(`zoom=${fixed(params.zoom, 2)}`);
  parts.push(`theme=${params.theme}`, `lang=${params.lang}`, `legend=${params.legend ? 1 : 0}`);
  return parts.join('&');
}

export interface FullMapView {
  center: [number, number];
  zoom: number;
  layers: readonly string[];
  theme: EmbedTheme;
  lang: Lang;
  /** The indicator on the sectors, and the period of its figures (first and last day). */
  indicator: string | null;
  period: { start: string; end: string } | null;
}

/**
 * The full map (`/`) on the same view, in the full map's own link format (web/src/lib/url-state.ts):
 * `map=zoom/lat/lon`, `layers`, `period`, `indicator`, `theme`, `lang`. Relative to `base`, the
 * embed's own address, so it points at the server the embed came from.
 */
export function fullMapUrl(view: FullMapView, base: string): string {
  const parts = [
    `map=${fixed(view.zoom, 2)}/${fixed(view.center[1], 5)}/${fixed(view.center[0], 5)}`,
    `layers=${view.layers.map(encodeURIComponent).join(',')}`,
  ];
  if (view.period) parts.push(`period=${view.period.start}/${view.period.end}`);
  if (view.indicator) parts.push(`indicator=${encodeURIComponent(view.indicator)}`);
  parts.push(`theme=${view.theme}`, `lang=${view.lang}`);
  return new URL(`/?${parts.join('&')}`, base).href;
}
