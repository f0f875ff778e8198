import { createHash } from 'node:crypto';

/*
 * The report's one style sheet, inline in the page (no second request, so a saved HTML file
 * prints the same). The print rules set A4 portrait with margins, repeat table headers on
 * every page, never split a table row or the map, start the ranking on a fresh page, and
 * hide what only makes sense on screen (the toolbar).
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt;
  line-height: 1.4; color: #111; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 17pt; line-height: 1.2; margin: 0 0 0.4rem; }
h2 { font-size: 13pt; margin: 1.2rem 0 0.5rem; padding-bottom: 0.15rem; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin: 0.9rem 0 0.15rem; }
p { margin: 0.3rem 0; }
a { color: #1a4f8b; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; margin-bottom: 1rem;
  padding: 0.5rem 0.75rem; border: 1px solid #c8ccd4; border-radius: 4px; background: #f3f5f8; font-size: 10pt; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.05rem 0.75rem; margin: 0.3rem 0 0.6rem; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
.method { font-size: 9.5pt; }
.map-body { display: grid; grid-template-columns: minmax(0, 1fr) 14rem; gap: 1rem; align-items: end; }
figure.map { margin: 0; }
figure.map figcaption { font-weight: 600; margin-bottom: 0.3rem; }
.map-svg { display: block; width: 100%; height: auto; max-height: 150mm; }
.legend { font-size: 8.5pt; }
.legend-heading { font-weight: 600; }
.legend ul { list-style: none; margin: 0.2rem 0; padding: 0; }
.legend li { margin: 0.15rem 0; }
.swatch { width: 16px; height: 12px; vertical-align: -2px; }
.count { color: #555; }
.unranked-names { display: block; margin-left: 20px; font-size: 7.5pt; color: #333; }
.source { font-size: 8pt; color: #444; margin-top: 0.4rem; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
th, td { text-align: left; vertical-align: top; padding: 0.22rem 0.35rem; border-bottom: 1px solid #ccc; }
thead th { border-bottom: 1.5px solid #333; background: #eee; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
.ranking .rank { width: 2.8rem; }
.ranking .ward { width: 7rem; }
.ranking .score { width: 3.4rem; }
.ranking .trend { width: 12.5rem; }
.ranking .residents { width: 5.6rem; }
.ranking .flag { width: 7rem; }
.indicators .indicator { width: 42%; }
.indicators .unit, .indicators .direction { width: 6rem; }
.code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 7.5pt; color: #444; }
tr.unranked { font-style: italic; color: #444; }
.indicators th[scope="row"] { font-weight: normal; }
.indicator-title { display: block; font-weight: 600; }
.definition, .indicator-source { display: block; font-size: 8pt; color: #333; }
.indicator-source { font-style: italic; }
.note { font-size: 8.5pt; color: #333; }
.focus-meta { font-size: 9pt; color: #333; }
.no-actions { font-style: italic; }
.chain-matrix th[scope="row"], .chain-gaps th[scope="row"] { font-weight: 600; }
.chain-matrix tr.total { border-top: 1.5px solid #333; }
.chain-matrix tr.total th, .chain-matrix tr.total td { font-weight: 600; }
.chain-actions tr.group th { background: #f3f5f8; font-weight: 600; }
.chain-gaps ul.gaps { margin: 0; padding-left: 1rem; }
.chain-gaps tr.has-gaps td:last-child { font-weight: 600; }
.problem { max-width: 40rem; }

@page { size: A4 portrait; margin: 16mm 14mm 18mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .screen-only { display: none !important; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  a.csv-link::after { content: " (" attr(href) ")"; font-size: 7.5pt; word-break: break-all; }
  thead { display: table-header-group; }
  tr, .legend li { break-inside: avoid; page-break-inside: avoid; }
  figure.map, .map-body, .map-svg { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
  section.ranking-section { break-before: page; page-break-before: always; }
  .focus-area { break-inside: avoid; page-break-inside: avoid; }
  section.safety-chain { break-before: page; page-break-before: always; }
}
`;

/** For the Content-Security-Policy: this exact sheet may apply, no other inline style or script. */
export const REPORT_CSS_HASH = `sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}`;

/** The sheet in its element, exactly as hashed (built here: a formatter may re-indent markup in templates). */
export const STYLE_ELEMENT = `<style>${REPORT_CSS}</style>`;
