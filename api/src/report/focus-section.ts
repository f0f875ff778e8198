import { SAFETY_PHASE_TITLES } from '../safety-chain.ts';
import { type Theme, THEME_TITLES } from '../themes.ts';
import { partnerText } from './chain-section.ts';
import { html, type HtmlValue, type SafeHtml } from './html.ts';
import { type ReportLang, REPORT_MESSAGES } from './messages.ts';
import type { ReportFocusArea } from './queries.ts';

/*
 * The areas of focus of the report's theme, each with its actions of the report's year (the
 * query has already dropped the other years). An area without actions that year says so,
 * so a blank is never mistaken for a missing page.
 */

const titleOfTheme = (lang: ReportLang, theme: string) => THEME_TITLES[theme as Theme]?.[lang] ?? theme;

/** The description's own line breaks, kept (as <br>, which no reformatting of this file can change). */
const withLineBreaks = (text: string): HtmlValue[] =>
  text.split(/\r?\n/).map((line, i) => (i === 0 ? line : [html`<br />`, line]));

function actionsTable(lang: ReportLang, area: ReportFocusArea, year: number): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  if (area.actions.length === 0) return html`<p class="no-actions">${m.noActions(year)}</p>`;
  return html`<table class="actions">
    <thead>
      <tr>
        <th scope="col">${m.action}</th>
        <th scope="col">${m.phase}</th>
        <th scope="col">${m.partner}</th>
        <th scope="col">${m.status}</th>
      </tr>
    </thead>
    <tbody>
      ${area.actions.map(
        (a) =>
          html`<tr>
            <td>${a.action}</td>
            <td>${a.phase === null ? '—' : SAFETY_PHASE_TITLES[a.phase][lang]}</td>
            <td>${partnerText(a)}</td>
            <td>${m.actionStatuses[a.status] ?? a.status}</td>
          </tr> `,
      )}
    </tbody>
  </table>`;
}

function areaBlock(lang: ReportLang, area: ReportFocusArea, year: number, showTheme: boolean): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  return html`<article class="focus-area" data-id="${area.id}">
    <h3>${area.name}</h3>
    <p class="focus-meta">
      ${showTheme ? html`${m.theme}: ${titleOfTheme(lang, area.theme)} · ` : ''}${m.priority}:
      ${m.priorities[area.priority] ?? area.priority} · ${m.status}: ${m.statuses[area.status] ?? area.status}
    </p>
    ${area.description.trim() === '' ? '' : html`<p class="description">${withLineBreaks(area.description.trim())}</p>`}
    ${actionsTable(lang, area, year)}
  </article> `;
}

export function focusSection(lang: ReportLang, areas: ReportFocusArea[], year: number, allThemes: boolean): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  return html`<section class="focus-areas" aria-labelledby="focus-heading">
    <h2 id="focus-heading">${m.focusHeading(year)}</h2>
    ${areas.length === 0 ? html`<p>${m.noFocusAreas}</p>` : areas.map((area) => areaBlock(lang, area, year, allThemes))}
  </section>`;
}
