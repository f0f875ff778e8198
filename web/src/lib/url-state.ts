import type { ClassMethod } from './classify.ts';
import { parseLang } from './i18n.ts';
import { isPeriod, type Period } from './period.ts';
import {
  DEFAULT_THEME,
  DEFAULT_WEIGHT,
  isPriorityTheme,
  type PriorityTheme,
  snapWeight,
  type Weights,
  WEIGHT_RANGE,
} from './priorities.ts';
import type { Lang } from './types.ts';

/*
 * The view in the query string, so that a shared link reproduces it:
 *
 *   map=13.25/50.7339/4.2373            zoom/latitude/longitude (2 and 5 decimals, trailing zeros dropped)
 *   layers=neighbourhoods,incidents     visible layers (`layers=` for none)
 *   f.incidents.category=overlast,drugs a layer's filter on an enumerated property (`=` alone: none selected)
 *   period=2024-01-01/2024-12-31        first and last day
 *   indicator=incidents-per-1000-residents
 *   i.category=overlast                 the indicator's filters
 *   classes=jenks                       class method (quantile when absent)
 *   density=incidents:250               density layer and cell size
 *   priorities=on                       the priorities view is shown (staff)
 *   theme=jongeren                      its theme (wonen when absent)
 *   weights=burglaries-per-1000-dwellings:2.5,neighbour-disputes-per-1000-residents:0
 *                                       its weights that are not the default 1
 *   sector=23027A00-                    the sector whose panel is open
 *   lang=en
 *
 * Keys come in this order, filters sorted by layer and property; list values keep the state's
 * order (duplicates dropped). Keys at their default or empty are left out; the reader leaves
 * them out too, and the app fills in its defaults.
 *
 * Encoding, in two levels so that a link survives being re-serialized by URLSearchParams (as
 * `withLangParam` does, turning every `/ , :` into `%2F %2C %3A`): each name and item is
 * percent-encoded on its own (`encodeURIComponent`, but keeping `:` and `/` plain: `/` only
 * separates numbers and dates, and the density's size follows the last `:`), the items are joined with their separators, and the result is made safe for
 * the query string, which only means escaping `%` as `%25`. Plain slugs, codes and dates (the
 * usual case) thus read as they are; an item with a comma, space or non-ASCII letter is escaped
 * twice ("a,b" is `a%252Cb`). The reader decodes the parameter once (URLSearchParams), splits
 * on the separators, and decodes each item; an item that does not decode is taken as it is, so
 * a hand-typed `indicator=change-in-%25` still works.
 */

export interface ViewState {
  /** [longitude, latitude] */
  center: [number, number];
  zoom: number;
  /** Visible layer ids, in any order. */
  layers: string[];
  /** Per layer id: enumerated property name → selected values. An absent property means all values. */
  filters: Record<string, Record<string, string[]>>;
  period: Period | null;
  indicator: string | null;
  indicatorFilters: Record<string, string[]>;
  classMethod: ClassMethod;
  density: { layer: string; size: number } | null;
  /** The sector whose side panel is open. */
  sector: string | null;
  /** The priorities view (staff only; absent: hidden, default theme and weights). */
  priorities?: PrioritiesView;
  lang?: Lang;
}

export interface PrioritiesView {
  shown: boolean;
  theme: PriorityTheme;
  /** Weight per indicator id; an indicator not in it weighs the default. */
  weights: Weights;
}

/** What the app knows exists, to drop whatever an old or hand-edited link names that does not. */
export interface KnownValues {
  layers: string[];
  /** Per layer id: enumerated property name → its values. */
  filterValues: Record<string, Record<string, string[]>>;
  indicators: string[];
  /** The indicator filters' values, per filter name; without it any indicator filter is accepted. */
  indicatorFilterValues?: Record<string, string[]>;
}

export const DEFAULT_CLASS_METHOD: ClassMethod = 'quantile';

export const MAX_ZOOM = 24;
const MAX_SECTOR_LENGTH = 100;

/** Where `writeViewState` may leave the map out: the app's start view. */
export type ViewDefaults = Partial<Pick<ViewState, 'center' | 'zoom' | 'layers'>>;

/** One name or list item, percent-encoded on its own; `:` and `/` stay plain (see above). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%3A/g, ':').replace(/%2F/g, '/');
}

/** Safe in a query string: the items' own escapes escaped once more. */
function escapePercent(text: string): string {
  return text.replace(/%/g, '%25');
}

/**
 * An item as the state has it: percent-decoded, or as it came when that fails (a hand-typed
 * lone `%`); null when the link held bytes that are no UTF-8 (decoded to U+FFFD).
 */
function decodeItem(value: string): string | null {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Not an escape sequence: a literal `%`.
  }
  return decoded.includes('\uFFFD') ? null : decoded;
}

/** A number with at most `digits` decimals and no trailing zeros: 50.73390 → "50.7339". */
function fixed(value: number, digits: number): string {
  let text = value.toFixed(digits);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((v) => set.has(v));
}

const list = (values: readonly string[]): string => unique(values).map(encode).join(',');

/**
 * The view as a query string without `?`. With `defaults`, the map position (compared as
 * written) and the layers (as a set) are left out when they are the start view's.
 */
export function writeViewState(state: ViewState, defaults: ViewDefaults = {}): string {
  const params: [string, string][] = [];
  const [lon, lat] = state.center;
  if (Number.isFinite(lon) && Number.isFinite(lat) && Number.isFinite(state.zoom)) {
    const map = `${fixed(state.zoom, 2)}/${fixed(lat, 5)}/${fixed(lon, 5)}`;
    const start =
      defaults.center && defaults.zoom !== undefined
        ? `${fixed(defaults.zoom, 2)}/${fixed(defaults.center[1], 5)}/${fixed(defaults.center[0], 5)}`
        : null;
    if (map !== start) params.push(['map', map]);
  }
  if (!defaults.layers || !sameSet(state.layers, defaults.layers)) params.push(['layers', list(state.layers)]);
  for (const layer of Object.keys(state.filters).sort(byCodeUnit)) {
    const properties = state.filters[layer]!;
    for (const property of Object.keys(properties).sort(byCodeUnit)) {
      params.push([`f.${encode(layer)}.${encode(property)}`, list(properties[property]!)]);
    }
  }
  if (state.period) params.push(['period', `${encode(state.period.start)}/${encode(state.period.end)}`]);
  if (state.indicator) params.push(['indicator', encode(state.indicator)]);
  for (const name of Object.keys(state.indicatorFilters).sort(byCodeUnit)) {
    params.push([`i.${encode(name)}`, list(state.indicatorFilters[name]!)]);
  }
  if (state.classMethod !== DEFAULT_CLASS_METHOD) params.push(['classes', state.classMethod]);
  if (state.density && Number.isFinite(state.density.size)) {
    params.push(['density', `${encode(state.density.layer)}:${String(state.density.size)}`]);
  }
  if (state.priorities) params.push(...prioritiesParams(state.priorities));
  if (state.sector) params.push(['sector', encode(state.sector)]);
  if (state.lang) params.push(['lang', state.lang]);
  return params.map(([key, value]) => `${escapePercent(key)}=${escapePercent(value)}`).join('&');
}

/** The priorities view's keys; the default weight (1) is left out, the others in id order. */
function prioritiesParams({ shown, theme, weights }: PrioritiesView): [string, string][] {
  const params: [string, string][] = [];
  if (shown) params.push(['priorities', 'on']);
  if (theme !== DEFAULT_THEME) params.push(['theme', theme]);
  const weighted = Object.keys(weights)
    .filter((id) => weights[id] !== DEFAULT_WEIGHT && Number.isFinite(weights[id]))
    .sort(byCodeUnit)
    .map((id) => `${encode(id)}:${String(weights[id])}`);
  if (weighted.length > 0) params.push(['weights', weighted.join(',')]);
  return params;
}

/** A plain decimal number ("12", "-4.5", ".5"); no exponents, hex, blanks or infinities. */
function parseDecimal(text: string | undefined): number | null {
  if (text === undefined || !/^-?(?:\d+(?:\.\d*)?|\.\d+)$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value + 0 : null; // + 0: no -0
}

function inRange(value: number | null, min: number, max: number): value is number {
  return value !== null && value >= min && value <= max;
}

/** The query string's parameters, decoded once; the first occurrence of each key. */
function queryParams(search: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(search)) if (!params.has(key)) params.set(key, value);
  return params;
}

/** A comma-separated list, each item decoded; undecodable items dropped. */
function decodeList(text: string): string[] {
  if (text === '') return [];
  return unique(text.split(',').flatMap((item) => decodeItem(item) ?? []));
}

/**
 * The known items of a listed value: an explicit empty list stays empty (nothing selected),
 * but a list of only unknown items gives null, so the app's default applies instead of nothing.
 */
function knownItems(text: string, known: readonly string[] | undefined): string[] | null {
  const items = decodeList(text);
  if (items.length === 0) return text === '' ? [] : null;
  const kept = known ? items.filter((item) => known.includes(item)) : items.filter((item) => item !== '');
  return kept.length > 0 ? kept : null;
}

function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * What a query string says about the view: only what it could read. Unknown layers, filters,
 * values and indicators, malformed numbers and dates, and positions out of range are dropped, so
 * an old or hand-edited link still opens the map. Never throws.
 */
export function readViewState(search: string, known: KnownValues): Partial<ViewState> {
  const params = queryParams(search);
  const state: Partial<ViewState> = {};

  const map = params.get('map');
  if (map !== undefined) {
    const [zoomText, latText, lonText, ...rest] = map.split('/');
    const zoom = parseDecimal(zoomText);
    if (inRange(zoom, 0, MAX_ZOOM)) state.zoom = zoom;
    const lat = parseDecimal(latText);
    const lon = parseDecimal(lonText);
    if (rest.length === 0 && inRange(lat, -90, 90) && inRange(lon, -180, 180)) state.center = [lon, lat];
  }

  const layers = params.get('layers');
  if (layers !== undefined) {
    const read = knownItems(layers, known.layers);
    if (read) state.layers = read;
  }

  const filters: ViewState['filters'] = {};
  // Longest layer id first, so that "f.a.b.c" is layer "a.b" property "c" when there is such a layer.
  const filterLayers = known.layers
    .filter((layer) => own(known.filterValues, layer))
    .map((layer) => ({ layer, prefix: `f.${encode(layer)}.` }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const [key, text] of params) {
    const match = filterLayers.find(({ prefix }) => key.startsWith(prefix));
    if (match === undefined) continue;
    const { layer, prefix } = match;
    const property = decodeItem(key.slice(prefix.length));
    const values = property === null ? undefined : own(own(known.filterValues, layer), property);
    if (property === null || !values) continue;
    const selected = knownItems(text, values);
    if (selected) (filters[layer] ??= {})[property] = selected;
  }
  if (Object.keys(filters).length > 0) state.filters = filters;

  const period = params.get('period');
  if (period !== undefined) {
    const [start, end, ...rest] = period.split('/');
    if (start !== undefined && end !== undefined && rest.length === 0 && isPeriod({ start, end })) {
      state.period = { start, end };
    }
  }

  const indicator = decodeItem(params.get('indicator') ?? '');
  if (indicator && known.indicators.includes(indicator)) state.indicator = indicator;

  const indicatorFilters: ViewState['indicatorFilters'] = {};
  for (const [key, text] of params) {
    if (!key.startsWith('i.')) continue;
    const name = decodeItem(key.slice(2));
    if (!name || name === '__proto__') continue;
    const values = known.indicatorFilterValues ? own(known.indicatorFilterValues, name) : undefined;
    if (known.indicatorFilterValues && !values) continue;
    const selected = knownItems(text, values);
    if (selected) indicatorFilters[name] = selected;
  }
  if (Object.keys(indicatorFilters).length > 0) state.indicatorFilters = indicatorFilters;

  const classes = params.get('classes');
  if (classes === 'quantile' || classes === 'jenks') state.classMethod = classes;

  const density = params.get('density');
  if (density !== undefined) {
    const at = density.lastIndexOf(':');
    const layer = at < 0 ? null : decodeItem(density.slice(0, at));
    const size = at < 0 ? null : parseDecimal(density.slice(at + 1));
    if (layer && known.layers.includes(layer) && size !== null && size > 0) state.density = { layer, size };
  }

  const priorities = readPriorities(params, known.indicators);
  if (priorities) state.priorities = priorities;

  const sector = decodeItem(params.get('sector') ?? '')?.trim();
  if (sector && sector.length <= MAX_SECTOR_LENGTH) state.sector = sector;

  const lang = parseLang(params.get('lang'));
  if (lang) state.lang = lang;

  return state;
}

/**
 * The priorities view of a link, or undefined when it says nothing about it. Unknown themes and
 * indicators and weights out of range (0 to 10) are dropped; a weight is put on the sliders' step (0.5).
 */
function readPriorities(params: Map<string, string>, indicators: readonly string[]): PrioritiesView | undefined {
  const shownText = params.get('priorities');
  const themeText = params.get('theme');
  const weightsText = params.get('weights');
  if (shownText === undefined && themeText === undefined && weightsText === undefined) return undefined;
  const weights: Record<string, number> = {};
  for (const item of (weightsText ?? '').split(',')) {
    const at = item.lastIndexOf(':');
    const id = at < 0 ? null : decodeItem(item.slice(0, at));
    const weight = at < 0 ? null : parseDecimal(item.slice(at + 1));
    const snapped = inRange(weight, WEIGHT_RANGE.min, WEIGHT_RANGE.max) ? snapWeight(weight) : null;
    if (id && indicators.includes(id) && snapped !== null && !Object.hasOwn(weights, id)) weights[id] = snapped;
  }
  return {
    shown: shownText === 'on' || shownText === '1' || shownText === 'true',
    theme: isPriorityTheme(themeText) ? themeText : DEFAULT_THEME,
    weights,
  };
}
