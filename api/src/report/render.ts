import { findLayer } from '../layers/registry.ts';
import type { Priorities } from '../priorities/schema.ts';
import { THEME_TITLES } from '../themes.ts';
import { chainSections } from './chain-section.ts';
import { focusSection } from './focus-section.ts';
import { html, raw, type SafeHtml } from './html.ts';
import { formatDate, formatGenerated, type ReportLang, REPORT_MESSAGES } from './messages.ts';
import type { ReportRequest } from './params.ts';
import { focusThemes, type MapExtent, type ReportFocusArea, type SectorShape } from './queries.ts';
import type { AreaSignalCounts } from './safety-chain.ts';
import { STYLE_ELEMENT } from './styles.ts';
import { renderMap } from './svg-map.ts';
import { indicatorTable, rankingTable, weightsSummary } from './tables.ts';

/*
 * The whole report page, in the order the council reads it: title and method, the map, the
 * ranking, the indicators, the areas of focus with this year's actions, those actions by theme
 * and safety-chain phase, and the gaps in the chain. No script: the page reads and prints the
 * same in any browser.
 */

export interface ReportData {
  request: ReportRequest;
  municipality: string;
  priorities: Priorities;
  wards: Map<string, string>;
  sectors: SectorShape[];
  extent: MapExtent | null;
  focusAreas: ReportFocusArea[];
  /** Signals linked to each area of focus in the year, per phase: counts only (reportSignalCounts). */
  signalCounts: ReadonlyMap<number, AreaSignalCounts>;
  generatedAt: Date;
}

function page(lang: ReportLang, title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="icon" href="data:," />
        ${raw(STYLE_ELEMENT)}
      </head>
      <body>
        ${body}
      </body>
    </html> `.value;
}

/** The priorities API's query for the same report (theme, the year as a period, weights as given). */
export function prioritiesQuery(request: ReportRequest): URLSearchParams {
  const query = new URLSearchParams({ theme: request.theme, period: `${request.year}-01-01/${request.year}-12-31` });
  if (request.weightsParameter !== undefined) query.set('weights', request.weightsParameter);
  return query;
}

/** This report's own address in another language. */
function reportUrl(request: ReportRequest, lang: ReportLang): string {
  const query = new URLSearchParams({ theme: request.theme, year: String(request.year) });
  if (request.weightsParameter !== undefined) query.set('weights', request.weightsParameter);
  query.set('lang', lang);
  return `/report?${query}`;
}

/** Where the data come from: the sector layer's attribution and each indicator's source, once each. */
function sourceLine(lang: ReportLang, priorities: Priorities): string {
  const sources = new Set(priorities.indicators.map((i) => i.source[lang]));
  const sectors = findLayer('neighbourhoods')?.attribution;
  return [...sources, ...(sectors ? [sectors] : [])].join('; ') + '.';
}

function header(data: ReportData, title: string): SafeHtml {
  const { request, priorities } = data;
  const { lang } = request;
  const m = REPORT_MESSAGES[lang];
  const csvQuery = prioritiesQuery(request);
  csvQuery.set('format', 'csv');
  const weights = weightsSummary(lang, priorities);
  return html`<nav class="toolbar screen-only" aria-label="report">
      <a href="/">${m.backToMap}</a>
      <a href="${reportUrl(request, lang === 'nl' ? 'en' : 'nl')}" hreflang="${lang === 'nl' ? 'en' : 'nl'}"
        >${m.otherLanguage}</a
      >
      <span>${m.printHint}</span>
    </nav>
    <header>
      <h1>${title}</h1>
      <dl class="meta">
        <dt>${m.generatedOn}</dt>
        <dd>${formatGenerated(lang, data.generatedAt)}</dd>
        <dt>${m.period}</dt>
        <dd>${formatDate(lang, request.period.start)} – ${formatDate(lang, request.period.end)}</dd>
        <dt>${m.comparedWith}</dt>
        <dd>${request.year - 1}</dd>
      </dl>
      <p class="method">
        <strong>${m.methodHeading}.</strong> ${m.method(priorities.method.minimumPopulation, priorities.method.zCap)}
        <strong>${m.weightsUsed}:</strong>
        ${weights}${request.weightsParameter === undefined ? ` (${m.weightsDefault})` : ''}.
      </p>
      <p><a class="csv-link" href="${`/api/priorities?${csvQuery}`}">${m.csvLink}</a></p>
    </header>`;
}

export function renderReport(data: ReportData): string {
  const { request, priorities } = data;
  const { lang, year } = request;
  const m = REPORT_MESSAGES[lang];
  const themeTitle = request.theme === 'all' ? m.allThemes : THEME_TITLES[request.theme][lang];
  const title = m.title(data.municipality, year, themeTitle);
  const scores = new Map(priorities.sectors.map((s) => [s.code, { ranked: s.ranked, score: s.score }]));
  const map = renderMap({
    lang,
    title: m.mapTitle(themeTitle, year),
    extent: data.extent,
    sectors: data.sectors,
    scores,
    focusAreas: data.focusAreas,
    minimumPopulation: priorities.method.minimumPopulation,
    sourceLine: sourceLine(lang, priorities),
  });
  return page(
    lang,
    title,
    html`${header(data, title)}
      <section class="map-section" aria-labelledby="map-heading">
        <h2 id="map-heading">${m.mapHeading}</h2>
        ${map}
      </section>
      <section class="ranking-section" aria-labelledby="ranking-heading">
        <h2 id="ranking-heading">${m.rankingHeading}</h2>
        <p class="note">${m.rankingNote}</p>
        ${rankingTable(lang, priorities, data.wards, year)}
      </section>
      <section class="indicators-section" aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">${m.indicatorsHeading}</h2>
        ${indicatorTable(lang, priorities, data.municipality)}
        <p class="note">${m.indicatorsNote}</p>
      </section>
      ${focusSection(lang, data.focusAreas, year, request.theme === 'all')}
      ${chainSections(lang, focusThemes(request.theme), data.focusAreas, data.signalCounts, year)}`,
  );
}

/** 401: the report is for staff; where to sign in. */
export function renderSignIn(lang: ReportLang): string {
  const m = REPORT_MESSAGES[lang];
  return page(
    lang,
    m.signInTitle,
    html`<main class="problem">
      <h1>${m.signInTitle}</h1>
      <p>${m.signInBody}</p>
      <p><a href="/">${m.signInLink}</a></p>
    </main>`,
  );
}

/** 400: which parameter, what is allowed, and the exact reason. */
export function renderBadParameter(lang: ReportLang, parameter: string, detail: string): string {
  const m = REPORT_MESSAGES[lang];
  const allowed = m.allowedValues[parameter];
  return page(
    lang,
    m.badParameterTitle,
    html`<main class="problem" data-parameter="${parameter}">
      <h1>${m.badParameterTitle}</h1>
      <p>${m.badParameter(parameter)}</p>
      ${allowed ? html`<p><strong>${m.allowed}:</strong> ${allowed}</p>` : ''}
      <p><strong>${m.details}:</strong> ${detail}</p>
      <p><a href="/">${m.backToMap}</a></p>
    </main>`,
  );
}
