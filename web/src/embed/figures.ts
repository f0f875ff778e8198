import { classify, sequentialPalette } from '../lib/classify.ts';
import type { Period } from '../lib/filters.ts';
import type { Figures, Indicator, LayerDescription } from '../lib/types.ts';
import type { EmbedTheme } from './params.ts';

/*
 * What the embed colours the sectors by: one indicator per theme, for the latest whole
 * calendar year of its data, in five quantile classes of the values the public receives.
 */

/**
 * The indicator a theme shows in the embed: the one that says most about the theme to a
 * resident, among those the public receives (vacancy only as counts per sector, incidents only
 * as counts per sector with small ones suppressed, facilities in full).
 */
export const THEME_INDICATORS: Record<EmbedTheme, string> = {
  wonen: 'vacant-buildings-per-1000-dwellings',
  jongeren: 'youth-facilities-within-500m',
  buurten: 'incidents-per-1000-residents',
};

/** Five classes, as on the full map. */
export const EMBED_CLASS_COUNT = 5;

/**
 * The theme's indicator: the preferred one when the API lists it, else the first of the theme
 * in the registry's order; a change against the previous period is left out (it needs a period
 * to compare and its percentages on small counts are erratic). Null when the theme has none.
 */
export function themeIndicator(indicators: readonly Indicator[], theme: EmbedTheme): Indicator | null {
  const preferred = indicators.find((i) => i.id === THEME_INDICATORS[theme]);
  return preferred ?? indicators.find((i) => i.themes.includes(theme) && i.kind !== 'change') ?? null;
}

/**
 * The latest calendar year that the range (first and last day, `YYYY-MM-DD`) covers entirely,
 * from 1 January to 31 December; null when it covers none.
 */
export function latestWholeYear(range: readonly [string, string] | null | undefined): number | null {
  if (!range) return null;
  const [start, end] = range;
  const startYear = Number(start.slice(0, 4));
  const endYear = Number(end.slice(0, 4));
  if (!Number.isInteger(startYear) || !Number.isInteger(endYear)) return null;
  const last = end.slice(5) === '12-31' ? endYear : endYear - 1;
  const first = start.slice(5) === '01-01' ? startYear : startYear + 1;
  return last >= first ? last : null;
}

/**
 * The period of the figures: a whole calendar year (whole months, as the public's time
 * precision allows), the latest the indicator's layer covers; null for an indicator without
 * time, or when the data covers no whole year (then the figures are over all dates).
 */
export function figuresPeriod(
  indicator: Pick<Indicator, 'temporal' | 'layer'> | null,
  layers: readonly Pick<LayerDescription, 'id' | 'extent'>[],
): Period | null {
  if (!indicator?.temporal) return null;
  const year = latestWholeYear(layers.find((layer) => layer.id === indicator.layer)?.extent.temporal);
  return year === null ? null : { start: `${year}-01-01`, end: `${year}-12-31` };
}

/** A sector's figure as the embed shows it. */
export interface SectorFigure {
  code: string;
  name: string;
  value: number | null;
  /** Too few residents, dwellings or earlier cases for a stable rate: grey, not a class. */
  unstable: boolean;
  /** Withheld by the server (fewer than k cases): no value, grey. */
  suppressed: boolean;
}

/** The rows of a figures answer; `suppressed` is read when the server sends it (issue 7). */
export function sectorFigures(figures: Pick<Figures, 'rows'>): SectorFigure[] {
  return figures.rows.map((row) => {
    const suppressed = (row as { suppressed?: unknown }).suppressed === true;
    return {
      code: row.code,
      name: row.name,
      value: suppressed || typeof row.value !== 'number' ? null : row.value,
      unstable: row.unstable === true,
      suppressed,
    };
  });
}

export interface SectorClasses {
  breaks: number[];
  colors: string[];
  min: number;
  max: number;
}

/**
 * Quantile classes of the values that are shown as a class: neither unstable nor suppressed
 * (an unstable rate must not stretch the scale). Null when no sector has such a value.
 */
export function sectorClasses(rows: readonly SectorFigure[]): SectorClasses | null {
  const values = rows.flatMap((row) => (row.unstable || row.suppressed || row.value === null ? [] : [row.value]));
  const result = classify(values, 'quantile', EMBED_CLASS_COUNT);
  if (result.classes === 0) return null;
  return { breaks: result.breaks, colors: sequentialPalette(result.classes), min: result.min, max: result.max };
}
