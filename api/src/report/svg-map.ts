import { classOf, divergingPalette } from '../../../web/src/lib/classify.ts';
import { html, type SafeHtml } from './html.ts';
import { formatNumber, type ReportLang, REPORT_MESSAGES } from './messages.ts';
import type { MapExtent, ReportFocusArea, SectorShape } from './queries.ts';

/*
 * The report's map: an SVG choropleth drawn from PostGIS's ST_AsSVG in Belgian Lambert 72,
 * so one SVG unit is one metre (the scale bar is plain arithmetic) and the print is vector,
 * crisp at any zoom, identical in every browser. Fixed classes of standard deviations, the
 * same whatever the year or weights, so two reports can be compared side by side.
 */

/** Class breaks in standard deviations; a score equal to a break goes to the class above. */
export const SCORE_BREAKS: readonly number[] = [-1, -0.25, 0.25, 1];
/** Paul Tol's sunset, five classes: blue (less attention) through pale yellow to red (more). */
export const SCORE_COLOURS: readonly string[] = divergingPalette(SCORE_BREAKS.length + 1);
const UNRANKED_BASE = '#E8E8E8';
const UNRANKED_HATCH = '#888888';

/** 0 (lowest) to 4 (highest) for a score; classify.ts's convention, as on the map. */
export const scoreClass = (score: number): number => classOf(score, SCORE_BREAKS);

export interface SectorScore {
  ranked: boolean;
  score: number | null;
}

export interface MapInput {
  lang: ReportLang;
  title: string;
  extent: MapExtent | null;
  sectors: SectorShape[];
  scores: Map<string, SectorScore>;
  focusAreas: ReportFocusArea[];
  minimumPopulation: number;
  sourceLine: string;
}

/** One decimal is a tenth of a metre: plenty for labels and bars. */
const r = (value: number) => Math.round(value * 10) / 10;

/** The largest 1, 2 or 5 × 10^k metres that is at most `target`. */
export function niceLength(target: number): number {
  const power = 10 ** Math.floor(Math.log10(target));
  return [5, 2, 1].map((m) => m * power).find((length) => length <= target) ?? power;
}

function lengthLabel(lang: ReportLang, metres: number): string {
  return metres >= 1000 ? `${formatNumber(lang, metres / 1000, metres % 1000 === 0 ? 0 : 1)} km` : `${metres} m`;
}

function hatch(id: string, size: number): SafeHtml {
  return html`<pattern
    id="${id}"
    patternUnits="userSpaceOnUse"
    width="${r(size)}"
    height="${r(size)}"
    patternTransform="rotate(45)"
    ><rect width="${r(size)}" height="${r(size)}" fill="${UNRANKED_BASE}" /><line
      x1="0"
      y1="0"
      x2="0"
      y2="${r(size)}"
      stroke="${UNRANKED_HATCH}"
      stroke-width="${r(size / 4)}"
  /></pattern>`;
}

function sectorPath(lang: ReportLang, shape: SectorShape, score: SectorScore | undefined): SafeHtml {
  const scored = score?.ranked === true && score.score !== null;
  const k = scored ? scoreClass(score.score!) : null;
  const fill = k === null ? 'url(#unranked-hatch)' : SCORE_COLOURS[k]!;
  const label = `${shape.name} (${shape.code})${scored ? `: ${formatNumber(lang, score.score!, 2, true)}` : ''}`;
  return html`<path
    class="sector"
    data-code="${shape.code}"
    data-class="${k ?? 'unranked'}"
    fill="${fill}"
    d="${shape.path}"
    ><title>${label}</title></path
  >`;
}

function scaleBar(lang: ReportLang, x: number, y: number, width: number, unit: number): SafeHtml {
  const length = niceLength(width / 4);
  const h = unit * 0.8;
  const font = unit * 1.6;
  return html`<g class="scale-bar" font-size="${r(font)}">
    <rect x="${r(x)}" y="${r(y)}" width="${r(length / 2)}" height="${r(h)}" fill="#222" />
    <rect
      x="${r(x + length / 2)}"
      y="${r(y)}"
      width="${r(length / 2)}"
      height="${r(h)}"
      fill="#fff"
      stroke="#222"
      stroke-width="${r(unit / 8)}"
    />
    <text x="${r(x)}" y="${r(y + h + font * 1.1)}">0</text>
    <text x="${r(x + length)}" y="${r(y + h + font * 1.1)}" text-anchor="end">${lengthLabel(lang, length)}</text>
  </g>`;
}

function northArrow(x: number, y: number, unit: number): SafeHtml {
  const s = unit * 2;
  return html`<g class="north-arrow"
    ><path
      d="M ${r(x)} ${r(y)} L ${r(x + s / 2)} ${r(y + s * 1.4)} L ${r(x)} ${r(y + s)} L ${r(x - s / 2)} ${r(y + s * 1.4)} Z"
      fill="#222"
    /><text x="${r(x)}" y="${r(y - unit * 0.4)}" text-anchor="middle" font-size="${r(unit * 1.6)}">N</text></g
  >`;
}

function focusOutline(area: ReportFocusArea, unit: number): SafeHtml {
  return html`<g class="focus-area" data-id="${area.id}"
    ><path d="${area.path}" fill="none" stroke="#fff" stroke-width="3.5" vector-effect="non-scaling-stroke" /><path
      d="${area.path}"
      fill="none"
      stroke="#000"
      stroke-width="1.5"
      vector-effect="non-scaling-stroke"
    /><text
      x="${r(area.labelX)}"
      y="${r(-area.labelY)}"
      text-anchor="middle"
      font-size="${r(unit * 1.8)}"
      stroke="#fff"
      stroke-width="${r(unit * 0.4)}"
      paint-order="stroke"
      >${area.name}</text
    ></g
  >`;
}

/** The legend's class labels: "lower than −1", "−1 to −0.25", …, "+1 or more". */
export function classLabels(lang: ReportLang): string[] {
  const m = REPORT_MESSAGES[lang];
  const f = (b: number) => formatNumber(lang, b, Number.isInteger(b) ? 0 : 2, true);
  return SCORE_COLOURS.map((_, k) => {
    if (k === 0) return m.below(f(SCORE_BREAKS[0]!));
    if (k === SCORE_BREAKS.length) return m.atLeast(f(SCORE_BREAKS[k - 1]!));
    return m.between(f(SCORE_BREAKS[k - 1]!), f(SCORE_BREAKS[k]!));
  });
}

const swatch = (fill: SafeHtml | string) =>
  html`<svg class="swatch" viewBox="0 0 16 12" aria-hidden="true">
    <rect width="16" height="12" fill="${fill}" stroke="#666" stroke-width="0.5" />
  </svg>`;

function legend(input: MapInput): SafeHtml {
  const m = REPORT_MESSAGES[input.lang];
  const counts = SCORE_COLOURS.map(() => 0);
  const unranked: string[] = [];
  for (const shape of input.sectors) {
    const s = input.scores.get(shape.code);
    if (s?.ranked && s.score !== null) counts[scoreClass(s.score)]! += 1;
    else unranked.push(shape.name);
  }
  const labels = classLabels(input.lang);
  const hatchSwatch = html`<svg class="swatch" viewBox="0 0 16 12" aria-hidden="true">
    <defs>${hatch('unranked-swatch', 4)}</defs>
    <rect width="16" height="12" fill="url(#unranked-swatch)" stroke="#666" stroke-width="0.5" />
  </svg>`;
  const outline = html`<svg class="swatch" viewBox="0 0 16 12" aria-hidden="true">
    <rect x="1" y="1" width="14" height="10" fill="none" stroke="#000" stroke-width="1.5" />
  </svg>`;
  return html`<div class="legend">
    <p class="legend-heading">${m.legendHeading}</p>
    <ul>
      ${[...SCORE_COLOURS]
        .map((colour, k) => ({ colour, k }))
        .reverse()
        .map(
          ({ colour, k }) =>
            html`<li data-class="${k}">
              ${swatch(colour)}
              ${labels[k]!}${k === SCORE_COLOURS.length - 1 ? ` (${m.moreAttention})` : ''}${k === 0 ? ` (${m.lessAttention})` : ''}
              <span class="count">(${counts[k]!})</span>
            </li> `,
        )}
      <li data-class="unranked">
        ${hatchSwatch} ${m.unranked(input.minimumPopulation)} <span class="count">(${unranked.length})</span>
        ${unranked.length > 0 ? html`<span class="unranked-names">${unranked.join(', ')}</span>` : ''}
      </li>
      ${input.focusAreas.length > 0 ? html`<li>${outline} ${m.focusOutline}</li>` : ''}
    </ul>
  </div>`;
}

/** The map figure: SVG, legend and source line; kept on one page by the print CSS. */
export function renderMap(input: MapInput): SafeHtml {
  const m = REPORT_MESSAGES[input.lang];
  const { extent } = input;
  if (!extent) return html`<figure class="map"><figcaption>${input.title}</figcaption></figure>`;
  const width = extent.xmax - extent.xmin;
  const height = extent.ymax - extent.ymin;
  const unit = Math.max(width, height, 1) / 100;
  const pad = unit * 3;
  const band = unit * 7; // below the sectors, for the scale bar
  const viewBox = [extent.xmin - pad, -extent.ymax - pad, width + 2 * pad, height + 2 * pad + band].map(r).join(' ');
  return html`<figure class="map">
    <figcaption>${input.title}</figcaption>
    <div class="map-body">
      <svg
        class="map-svg"
        xmlns="http://www.w3.org/2000/svg"
        viewBox="${viewBox}"
        role="img"
        aria-label="${input.title}"
        font-family="sans-serif"
        data-sectors="${input.sectors.length}"
      >
        <defs>${hatch('unranked-hatch', unit * 1.2)}</defs>
        <g class="sectors" stroke="#fff" stroke-width="${r(unit * 0.12)}" stroke-linejoin="round">
          ${input.sectors.map((shape) => html`${sectorPath(input.lang, shape, input.scores.get(shape.code))} `)}
        </g>
        <g class="focus-areas">${input.focusAreas.map((area) => focusOutline(area, unit))}</g>
        ${scaleBar(input.lang, extent.xmin, -extent.ymin + pad + band * 0.25, width, unit)}
        ${northArrow(extent.xmax - unit * 2, -extent.ymax + unit * 1.5, unit)}
      </svg>
      ${legend(input)}
    </div>
    <p class="source">${m.source}: ${input.sourceLine} ${m.projection}</p>
  </figure>`;
}
