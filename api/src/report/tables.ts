import type { Priorities, PriorityIndicator, PrioritySector } from '../priorities/schema.ts';
import { html, type SafeHtml } from './html.ts';
import { formatNumber, type ReportLang, REPORT_MESSAGES } from './messages.ts';

/*
 * The report's two tables, straight from GET /api/priorities's answer: the ranking in the
 * API's order, and the indicators as the registry declares them (no second list of
 * definitions). Trends are told in symbols and words, never by colour alone.
 */

const DASH = '—';

const number = (lang: ReportLang, value: number | null, digits: number, signed = false) =>
  value === null ? DASH : formatNumber(lang, value, digits, signed);

/**
 * The trend in words and a symbol, as lines: ["▲ 2 places up (3 → 1)", "score +0.21"], or
 * why there is none. The previous year is scored with the same weights (the API does that).
 */
export function trendLines(lang: ReportLang, sector: PrioritySector, previousYear: number): string[] {
  const m = REPORT_MESSAGES[lang];
  if (sector.rank === null) return [DASH];
  if (sector.previousRank === null || sector.previousScore === null) return [m.newlyRanked(previousYear)];
  const places = sector.previousRank - sector.rank;
  const movement = places > 0 ? m.rankUp(places) : places < 0 ? m.rankDown(-places) : m.rankSame;
  const change = formatNumber(lang, sector.score! - sector.previousScore, 2, true);
  return [`${movement} (${sector.previousRank} → ${sector.rank})`, `${m.scoreChange} ${change}`];
}

function rankingRow(
  lang: ReportLang,
  sector: PrioritySector,
  wards: Map<string, string>,
  year: number,
  minimumPopulation: number,
): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  const ward = sector.ward === null ? DASH : (wards.get(sector.ward) ?? sector.ward);
  return html`<tr data-code="${sector.code}" class="${sector.ranked ? 'ranked' : 'unranked'}">
    <td class="num">${sector.rank ?? DASH}</td>
    <td><span class="code">${sector.code}</span> ${sector.name}</td>
    <td>${ward}</td>
    <td class="num">${number(lang, sector.score, 2, true)}</td>
    <td>${trendLines(lang, sector, year - 1).map((line, i) => (i === 0 ? line : [html`<br />`, line]))}</td>
    <td class="num">${formatNumber(lang, sector.population, 0)}</td>
    <td>${sector.ranked ? '' : m.notRanked(minimumPopulation)}</td>
  </tr> `;
}

export function rankingTable(
  lang: ReportLang,
  priorities: Priorities,
  wards: Map<string, string>,
  year: number,
): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  const minimum = priorities.method.minimumPopulation;
  return html`<table class="ranking">
    <thead>
      <tr>
        <th scope="col" class="num rank">${m.rank}</th>
        <th scope="col">${m.sector}</th>
        <th scope="col" class="ward">${m.ward}</th>
        <th scope="col" class="num score">${m.score}</th>
        <th scope="col" class="trend">${m.trend(year - 1)}</th>
        <th scope="col" class="num residents">${m.residents}</th>
        <th scope="col" class="flag">${m.flag}</th>
      </tr>
    </thead>
    <tbody>
      ${priorities.sectors.map((sector) => rankingRow(lang, sector, wards, year, minimum))}
    </tbody>
  </table>`;
}

function weightText(lang: ReportLang, weight: number): string {
  const text = formatNumber(lang, weight, Number.isInteger(weight) ? 0 : 1);
  return weight === 0 ? `${text} (${REPORT_MESSAGES[lang].weightLeftOut})` : text;
}

function indicatorRow(lang: ReportLang, indicator: PriorityIndicator): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  return html`<tr data-indicator="${indicator.id}">
    <th scope="row">
      <span class="indicator-title">${indicator.title[lang]}</span>
      <span class="definition">${indicator.description[lang]}</span>
      <span class="indicator-source">${m.source}: ${indicator.source[lang]}</span>
    </th>
    <td>${indicator.unit[lang]}</td>
    <td>${indicator.direction === 'higher-is-worse' ? m.higherIsWorse : m.higherIsBetter}</td>
    <td class="num">${weightText(lang, indicator.weight)}</td>
    <td class="num">${number(lang, indicator.cityValue, 2)}</td>
    <td class="num">${number(lang, indicator.mean, 2)}</td>
    <td class="num">${number(lang, indicator.sd, 2)}</td>
  </tr> `;
}

export function indicatorTable(lang: ReportLang, priorities: Priorities, municipality: string): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  return html`<table class="indicators">
    <thead>
      <tr>
        <th scope="col" class="indicator">${m.indicator}</th>
        <th scope="col" class="unit">${m.unit}</th>
        <th scope="col" class="direction">${m.direction}</th>
        <th scope="col" class="num">${m.weight}</th>
        <th scope="col" class="num">${m.cityValue(municipality)}</th>
        <th scope="col" class="num">${m.mean}</th>
        <th scope="col" class="num">${m.sd}</th>
      </tr>
    </thead>
    <tbody>
      ${priorities.indicators.map((indicator) => indicatorRow(lang, indicator))}
    </tbody>
  </table>`;
}

/** "Vacancy 2, Burglaries 1, …" in the registry's order, for the method paragraph. */
export function weightsSummary(lang: ReportLang, priorities: Priorities): string {
  return priorities.indicators.map((i) => `${i.title[lang]}: ${weightText(lang, i.weight)}`).join('; ');
}
