import type { Confidence } from '../../../api/src/hotspots/significance.ts';
import { TOL_SUNSET } from './classify.ts';
import { filterParams, type Period } from './filters.ts';
import { formatCount } from './format.ts';
import { featureNoun, localeTag, translate } from './i18n.ts';
import { isPeriod } from './period.ts';
import type { LayerSpecification } from './maplibre-types.ts';
import type { Lang, LayerDescription } from './types.ts';

export type { HotspotCollection, HotspotFeature } from '../../../api/src/hotspots/compute.ts';
export type { Confidence };

/*
 * The hotspot overlay (GET /api/hotspots, docs/decisions.md record 14): which request to make,
 * and how cells look. Pure functions; the store and the components use them.
 */

/** The layer whose hotspots the map shows. */
export const HOTSPOT_LAYER_ID = 'incidents';
/** Hexagon edges offered, in metres. */
export const HOTSPOT_CELLS = [100, 250, 500] as const;
export const DEFAULT_HOTSPOT_CELL = 250;

export const HOTSPOT_SOURCE_ID = 'hotspots';
export const HOTSPOT_FILL_ID = 'hotspots-fill';
export const HOTSPOT_OUTLINE_ID = 'hotspots-outline';

/** Bins from hot to cold, as the legend lists them. */
export const CONFIDENCE_ORDER: readonly Confidence[] = [99, 95, 90, 0, -90, -95, -99];

/** Paul Tol's sunset: its three darkest reds for hot spots, its three darkest blues for cold; none for the rest. */
export const HOTSPOT_COLORS: Record<Exclude<Confidence, 0>, string> = {
  99: TOL_SUNSET[10], // #A50026
  95: TOL_SUNSET[9], // #DD3D2D
  90: TOL_SUNSET[8], // #F67E4B
  [-90]: TOL_SUNSET[2], // #6EA6CD
  [-95]: TOL_SUNSET[1], // #4A7BB7
  [-99]: TOL_SUNSET[0], // #364B9A
};
export const HOTSPOT_OUTLINE_COLOR = '#777777';
const TRANSPARENT = 'rgba(0, 0, 0, 0)';

/**
 * The period to test: the time slider's, or for "all time" the latest calendar year that the
 * layer's data cover entirely (one year of counts compares cells over like time), else the year
 * the data end in. Null without data.
 */
export function hotspotPeriod(selected: Period | null, extent: readonly [string, string] | null): Period | null {
  if (selected) return selected;
  if (!extent || !isPeriod({ start: extent[0], end: extent[1] })) return null;
  const [first, last] = extent;
  const lastYear = Number(last.slice(0, 4));
  const whole = last.slice(5) === '12-31' ? lastYear : lastYear - 1;
  const year = `${String(whole).padStart(4, '0')}-01-01` >= first ? whole : lastYear;
  const yyyy = String(year).padStart(4, '0');
  return { start: `${yyyy}-01-01`, end: `${yyyy}-12-31` };
}

/** The query of GET /api/hotspots: the layer's own filters (no `datetime`), the cell and the period. */
export function hotspotParams(
  layer: LayerDescription,
  selected: Readonly<Record<string, readonly string[]>>,
  period: Period,
  cell: number,
): URLSearchParams {
  const params = new URLSearchParams({ layer: layer.id, cell: String(cell), period: `${period.start}/${period.end}` });
  for (const [name, value] of filterParams(layer, selected, null)) params.set(name, value);
  return params;
}

export function hotspotsUrl(params: URLSearchParams, baseUrl: string): string {
  return new URL(`/api/hotspots?${params}`, baseUrl).href;
}

/** The cells' fill (coloured by bin, transparent when not significant, so hovering still finds them) and outline. */
export function hotspotLayers(): LayerSpecification[] {
  const confidence = ['get', 'confidence'];
  const colours = Object.entries(HOTSPOT_COLORS).flatMap(([bin, colour]) => [Number(bin), colour]);
  return [
    {
      id: HOTSPOT_FILL_ID,
      type: 'fill',
      source: HOTSPOT_SOURCE_ID,
      paint: { 'fill-color': ['match', confidence, ...colours, TRANSPARENT], 'fill-opacity': 0.75 },
    } as unknown as LayerSpecification,
    {
      id: HOTSPOT_OUTLINE_ID,
      type: 'line',
      source: HOTSPOT_SOURCE_ID,
      paint: { 'line-color': HOTSPOT_OUTLINE_COLOR, 'line-width': 0.5, 'line-opacity': 0.6 },
    } as unknown as LayerSpecification,
  ];
}

/** How many cells fall in each bin. */
export function binCounts(features: readonly { properties: { confidence: Confidence } }[]): Record<Confidence, number> {
  const counts = Object.fromEntries(CONFIDENCE_ORDER.map((c) => [c, 0])) as Record<Confidence, number>;
  for (const feature of features) counts[feature.properties.confidence] += 1;
  return counts;
}

/** A bin in words: "Hotspot, 99 % betrouwbaarheid", "Niet significant". */
export function binLabel(confidence: Confidence, lang: Lang): string {
  if (confidence === 0) return translate(lang, 'hotspotNotSignificant');
  return translate(lang, confidence > 0 ? 'hotspotHot' : 'hotspotCold', { c: Math.abs(confidence) });
}

/** One cell in words: "12 incidenten · z = 3,21 · Hotspot, 99 % betrouwbaarheid" (z "—" when undefined). */
export function cellLabel(
  cell: { count: number; z: number | null; confidence: Confidence },
  layerId: string,
  lang: Lang,
): string {
  const z =
    cell.z === null
      ? '—'
      : new Intl.NumberFormat(localeTag(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cell.z);
  return translate(lang, 'hotspotCell', {
    count: formatCount(cell.count, lang),
    noun: featureNoun(lang, layerId, cell.count),
    z,
    bin: binLabel(cell.confidence, lang),
  });
}
