import type {
  DEFAULT_WEIGHT as API_DEFAULT_WEIGHT,
  Priorities,
  PrioritySector,
  PriorityTheme,
  WEIGHT_RANGE as API_WEIGHT_RANGE,
} from '../../../api/src/priorities/schema.ts';
import { THEME_TITLES } from '../../../api/src/themes.ts';
import { ApiProblem, HttpError } from './api.ts';
import { classOf, divergingPalette } from './classify.ts';
import type { Period } from './filters.ts';
import { localeTag, localized, translate } from './i18n.ts';
import type { Indicator, Lang } from './types.ts';

/*
 * The priorities view's arithmetic (docs/decisions.md record 13): which indicators a theme
 * weighs, the request's parameters, the score classes on the map, the ranking table's order.
 * Pure functions; the store (priorities.svelte.ts) holds the state.
 */

export type {
  Priorities,
  PriorityIndicator,
  PrioritySector,
  PriorityTheme,
} from '../../../api/src/priorities/schema.ts';

/*
 * The API's constants, restated here because importing them would pull the server's schema
 * library into the bundle; `satisfies` the API's own types, so a change there fails the typecheck.
 */
/** Every theme once, in the order the theme choice lists them (a theme the API adds fails the typecheck here). */
const THEME_ORDER: Record<PriorityTheme, number> = { wonen: 0, jongeren: 1, buurten: 2, all: 3 };
export const PRIORITY_THEMES = (Object.keys(THEME_ORDER) as PriorityTheme[]).sort(
  (a, b) => THEME_ORDER[a] - THEME_ORDER[b],
);
export const WEIGHT_RANGE = { min: 0, max: 10 } as const satisfies typeof API_WEIGHT_RANGE;
export const DEFAULT_WEIGHT = 1 satisfies typeof API_DEFAULT_WEIGHT;
/** The weight sliders' step. */
export const WEIGHT_STEP = 0.5;
export const DEFAULT_THEME: PriorityTheme = 'wonen';

/** Weight per indicator id; an indicator not in it weighs DEFAULT_WEIGHT. */
export type Weights = Readonly<Record<string, number>>;

export function isPriorityTheme(value: string | null | undefined): value is PriorityTheme {
  return (PRIORITY_THEMES as readonly string[]).includes(value ?? '');
}

/** The indicators a theme's score weighs, in the registry's order; `all`: every scored one. */
export function themeIndicators<T extends Pick<Indicator, 'themes'>>(
  indicators: readonly T[],
  theme: PriorityTheme,
): T[] {
  return indicators.filter((i) => (theme === 'all' ? i.themes.length > 0 : i.themes.includes(theme)));
}

/** A weight within the range, on the sliders' step; null for anything that is not a finite number. */
export function snapWeight(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const clamped = Math.min(WEIGHT_RANGE.max, Math.max(WEIGHT_RANGE.min, value));
  return Math.round(clamped / WEIGHT_STEP) * WEIGHT_STEP;
}

export function weightOf(weights: Weights, id: string): number {
  return Object.hasOwn(weights, id) ? weights[id]! : DEFAULT_WEIGHT;
}

/** "2.5", "0", "10": plain decimals, as the API and the address bar take them. */
function weightText(weight: number): string {
  return String(weight);
}

/**
 * The `weights` parameter for a theme: `ID:W` for each of its indicators (in `ids`' order)
 * whose weight is not the default, so the default ranking has no parameter at all; "" when
 * every weight is the default. Weights of indicators outside the theme are left out (the API
 * refuses them).
 */
export function weightsParam(ids: readonly string[], weights: Weights): string {
  return ids
    .filter((id) => weightOf(weights, id) !== DEFAULT_WEIGHT)
    .map((id) => `${id}:${weightText(weightOf(weights, id))}`)
    .join(',');
}

/** Whether any of `ids` still counts: the API refuses a ranking in which every weight is 0. */
export function anyWeighted(ids: readonly string[], weights: Weights): boolean {
  return ids.some((id) => weightOf(weights, id) > 0);
}

/** The query of `GET /api/priorities` (and its CSV): theme, period, and weights when not all default. */
export function prioritiesParams(theme: PriorityTheme, period: Period, ids: readonly string[], weights: Weights) {
  const params = new URLSearchParams({ theme, period: `${period.start}/${period.end}` });
  const weighted = weightsParam(ids, weights);
  if (weighted) params.set('weights', weighted);
  return params;
}

export function prioritiesCsvUrl(params: URLSearchParams): string {
  const query = new URLSearchParams(params);
  query.set('format', 'csv');
  return `/api/priorities?${query}`;
}

/** The printable yearly report of a theme with the same weights, in the UI's language. */
export function reportUrl(theme: PriorityTheme, year: number, weights: string, lang: Lang): string {
  const params = new URLSearchParams({ theme, year: String(year) });
  if (weights) params.set('weights', weights);
  params.set('lang', lang);
  return `/report?${params}`;
}

/**
 * The last calendar year that lies wholly within `range` (the data's time range, whole days):
 * its end year when the range ends on 31 December, else the year before; null when no
 * calendar year is covered from 1 January to 31 December.
 */
export function latestWholeYear(range: Period | null): number | null {
  if (!range) return null;
  const endYear = Number(range.end.slice(0, 4));
  const startYear = Number(range.start.slice(0, 4));
  if (!Number.isInteger(endYear) || !Number.isInteger(startYear)) return null;
  const year = range.end.slice(5) === '12-31' ? endYear : endYear - 1;
  const firstWhole = range.start.slice(5) === '01-01' ? startYear : startYear + 1;
  return year >= firstWhole ? year : null;
}

export function yearPeriod(year: number): Period {
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/**
 * The period the ranking is for: the time slider's (always a closed window of whole days), or
 * when it shows all dates the data's latest whole calendar year (`fallback` says so).
 */
export function rankingPeriod(
  slider: Period | null,
  range: Period | null,
): { period: Period; fallback: boolean } | null {
  if (slider) return { period: slider, fallback: false };
  const year = latestWholeYear(range);
  return year === null ? null : { period: yearPeriod(year), fallback: true };
}

/* The score's classes on the map: fixed, in standard deviations from the average sector. */

/**
 * Inner class limits of a score: below −1, −1 to −0.25, −0.25 to 0.25 ("about average"),
 * 0.25 to 1, 1 and more. Fixed, so a map reads the same whatever the weights or the year, and
 * zero is always in the neutral middle. A score equal to a limit goes to the class above.
 */
export const SCORE_BREAKS = [-1, -0.25, 0.25, 1] as const;
/** Paul Tol's sunset, blue (less attention than average) through pale yellow to red (more). */
export const SCORE_COLORS: readonly string[] = divergingPalette(SCORE_BREAKS.length + 1);

/** The class of a score, 0 (well below average) to 4 (well above: needs most attention); null without one. */
export function scoreClass(score: number | null | undefined): number | null {
  if (score === null || score === undefined || !Number.isFinite(score)) return null;
  return classOf(score, SCORE_BREAKS);
}

export function scoreColor(score: number | null | undefined): string | null {
  const index = scoreClass(score);
  return index === null ? null : SCORE_COLORS[index]!;
}

function signed(lang: Lang, value: number, digits: number): string {
  return new Intl.NumberFormat(localeTag(lang), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  }).format(value);
}

/** A score or contribution with its sign and 2 decimals: "+1,47", "-0,25", "0,00". */
export function formatScore(value: number, lang: Lang): string {
  return signed(lang, value, 2);
}

/** The classes' ranges, lowest first: "< -1", "-1 – -0,25", "-0,25 – +0,25", "+0,25 – +1", "≥ +1". */
export function scoreClassRanges(lang: Lang): string[] {
  const limits = SCORE_BREAKS.map((b) => signed(lang, b, b % 1 === 0 ? 0 : 2));
  return [
    `< ${limits[0]}`,
    ...limits.slice(1).map((limit, i) => `${limits[i]} – ${limit}`),
    `≥ ${limits[limits.length - 1]}`,
  ];
}

const CLASS_MEANINGS = [
  'priorityClass0',
  'priorityClass1',
  'priorityClass2',
  'priorityClass3',
  'priorityClass4',
] as const;

/**
 * The legend of the score classes, lowest first ("≥ +1: much more attention than average"),
 * then the grey of sectors too small to rank (`unrankedColor`, as the map marks unstable rates).
 */
export function scoreLegend(
  lang: Lang,
  minimumPopulation: number,
  unrankedColor: string,
): { label: string; color: string }[] {
  return [
    ...scoreClassRanges(lang).map((range, index) => ({
      label: `${range}: ${translate(lang, CLASS_MEANINGS[index]!)}`,
      color: SCORE_COLORS[index]!,
    })),
    {
      label: translate(lang, 'prioritiesUnranked', {
        n: new Intl.NumberFormat(localeTag(lang)).format(minimumPopulation),
      }),
      color: unrankedColor,
    },
  ];
}

/* The ranking table. */

export type SortKey = 'rank' | 'name' | 'score' | 'trend';
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}
export const DEFAULT_SORT: Sort = { key: 'rank', direction: 'ascending' };

/** The direction a column sorts in first: rank 1 first, highest score and largest climb first, names A–Z. */
const FIRST_DIRECTION: Record<SortKey, SortDirection> = {
  rank: 'ascending',
  name: 'ascending',
  score: 'descending',
  trend: 'descending',
};

/** The sort after clicking a column's header: the other direction on the sorted column, else its first direction. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: FIRST_DIRECTION[key] };
}

/** Places climbed since the previous period (positive: higher on the list, needs more attention than before). */
export function rankChange(sector: Pick<PrioritySector, 'rank' | 'previousRank'>): number | null {
  return sector.rank === null || sector.previousRank === null ? null : sector.previousRank - sector.rank;
}

function sortValue(sector: PrioritySector, key: Exclude<SortKey, 'name'>): number | null {
  if (key === 'rank') return sector.rank;
  if (key === 'score') return sector.score;
  return rankChange(sector);
}

/**
 * The table's rows in the chosen order. Ranked sectors are sorted on the column (ties and
 * missing trends by rank, after the rest); unranked sectors always come last, by name when
 * sorting on names, else in the API's order (by code).
 */
export function sortSectors(sectors: readonly PrioritySector[], sort: Sort, lang: Lang): PrioritySector[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(localeTag(lang), { sensitivity: 'base', numeric: true });
  const byRank = (a: PrioritySector, b: PrioritySector) => (a.rank ?? Infinity) - (b.rank ?? Infinity);
  const ranked = sectors.filter((s) => s.ranked && s.rank !== null);
  const unranked = sectors.filter((s) => !(s.ranked && s.rank !== null));
  if (sort.key === 'name') {
    const byName = (a: PrioritySector, b: PrioritySector) => sign * collator.compare(a.name, b.name) || byRank(a, b);
    return [...ranked.sort(byName), ...unranked.sort(byName)];
  }
  const key = sort.key;
  ranked.sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) return va === vb ? byRank(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byRank(a, b);
  });
  return [...ranked, ...unranked];
}

/**
 * A contribution as a bar from the middle of a track: `offset` and `width` in per cent of the
 * track, left of the middle for a negative contribution. `scale` is the absolute value that
 * fills half the track (the largest in the explanation, so the bars compare within a sector).
 */
export function contributionBar(contribution: number | null, scale: number): { offset: number; width: number } {
  if (contribution === null || !Number.isFinite(contribution) || !(scale > 0)) return { offset: 50, width: 0 };
  const width = Math.min(50, (Math.abs(contribution) / scale) * 50);
  return { offset: contribution < 0 ? 50 - width : 50, width };
}

/* The API. */

/** `GET /api/priorities` with the page's session (staff only); a newer call aborts through `signal`. */
export async function fetchPriorities(
  params: URLSearchParams,
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<Priorities> {
  const url = `/api/priorities?${params}`;
  const response = await fetchImpl(url, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) {
    let problem = {};
    try {
      problem = (await response.json()) as object;
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiProblem(response.status, url, problem ?? {});
  }
  const body = (await response.json()) as Priorities;
  if (!Array.isArray(body?.sectors) || !Array.isArray(body.indicators)) {
    throw new HttpError(response.status, `${url}: no "sectors" and "indicators" in the answer`);
  }
  return body;
}

/**
 * A theme's title as the API declares it (api/src/themes.ts: the titles the report and the
 * docs use too; a module without dependencies, so the bundle takes it as is); `all`, which is
 * no theme of its own, is called `allThemes`.
 */
export function themeTitle(theme: PriorityTheme, lang: Lang, allThemes: string): string {
  return theme === 'all' ? allThemes : localized(THEME_TITLES[theme], lang);
}
