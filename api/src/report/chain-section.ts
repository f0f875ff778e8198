import { SAFETY_PHASE_TITLES, SAFETY_PHASES } from '../safety-chain.ts';
import { type Theme, THEME_TITLES } from '../themes.ts';
import { html, type SafeHtml } from './html.ts';
import { type ReportLang, REPORT_MESSAGES } from './messages.ts';
import type { ReportFocusArea } from './queries.ts';
import {
  type AreaSignalCounts,
  type ChainAction,
  chainCoverage,
  type ChainCoverage,
  groupByThemeAndPhase,
  PHASE_GROUPS,
  type PhaseGroup,
  type ThemeGroups,
} from './safety-chain.ts';

/*
 * The report's safety-chain sections (decision record 23): the year's actions by theme and
 * phase (a matrix of counts, then the actions under each group), and the gaps in the chain
 * per area of focus. Signals appear as counts only.
 */

const titleOfTheme = (lang: ReportLang, theme: string) => THEME_TITLES[theme as Theme]?.[lang] ?? theme;

function groupTitle(lang: ReportLang, group: PhaseGroup): string {
  return group === 'none' ? REPORT_MESSAGES[lang].noPhase : SAFETY_PHASE_TITLES[group][lang];
}

/** The organisation, with the action's own label after it when it says something more. */
export function partnerText(action: Pick<ChainAction, 'partner' | 'partnerName'>): string {
  const label = action.partner.trim();
  if (action.partnerName === null) return label || '—';
  return label && label !== action.partnerName ? `${action.partnerName} (${label})` : action.partnerName;
}

function matrix(lang: ReportLang, themes: ThemeGroups[]): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  const sum = (group: PhaseGroup) => themes.reduce((total, theme) => total + theme.counts[group], 0);
  return html`<table class="chain-matrix">
    <thead>
      <tr>
        <th scope="col">${m.theme}</th>
        ${PHASE_GROUPS.map((group) => html`<th scope="col" class="num">${groupTitle(lang, group)}</th>`)}
        <th scope="col" class="num">${m.total}</th>
      </tr>
    </thead>
    <tbody>
      ${themes.map(
        (theme) =>
          html`<tr data-theme="${theme.theme}">
            <th scope="row">${titleOfTheme(lang, theme.theme)}</th>
            ${PHASE_GROUPS.map((group) => html`<td class="num" data-phase="${group}">${theme.counts[group]}</td>`)}
            <td class="num" data-phase="total">${theme.total}</td>
          </tr> `,
      )}
      ${
        themes.length > 1
          ? html`<tr data-theme="total" class="total">
              <th scope="row">${m.total}</th>
              ${PHASE_GROUPS.map((group) => html`<td class="num" data-phase="${group}">${sum(group)}</td>`)}
              <td class="num" data-phase="total">${themes.reduce((total, theme) => total + theme.total, 0)}</td>
            </tr>`
          : ''
      }
    </tbody>
  </table>`;
}

function themeActions(lang: ReportLang, theme: ThemeGroups, year: number): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  const heading = html`<h3>${m.themeActions(titleOfTheme(lang, theme.theme), year)}</h3>`;
  if (theme.groups.length === 0) {
    return html`<div class="chain-theme" data-theme="${theme.theme}">
      ${heading}
      <p class="no-actions">${m.noThemeActions(year)}</p>
    </div>`;
  }
  return html`<div class="chain-theme" data-theme="${theme.theme}">
    ${heading}
    <table class="chain-actions">
      <thead>
        <tr>
          <th scope="col">${m.action}</th>
          <th scope="col">${m.area}</th>
          <th scope="col">${m.partner}</th>
          <th scope="col">${m.status}</th>
        </tr>
      </thead>
      ${theme.groups.map(
        (group) =>
          html`<tbody data-phase="${group.phase}">
            <tr class="group">
              <th scope="colgroup" colspan="4">${groupTitle(lang, group.phase)} (${group.actions.length})</th>
            </tr>
            ${group.actions.map(
              (a) =>
                html`<tr data-area="${a.areaId}">
                  <td>${a.action}</td>
                  <td>${a.areaName}</td>
                  <td>${partnerText(a)}</td>
                  <td>${m.actionStatuses[a.status] ?? a.status}</td>
                </tr> `,
            )}
          </tbody> `,
      )}
    </table>
  </div>`;
}

function coverageCell(lang: ReportLang, counts: { actions: number; signals: number }, phase: string): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  const parts = [
    ...(counts.actions > 0 ? [m.actionsCount(counts.actions)] : []),
    ...(counts.signals > 0 ? [m.signalsCount(counts.signals)] : []),
  ];
  return html`<td data-phase="${phase}" data-actions="${counts.actions}" data-signals="${counts.signals}">
    ${parts.length === 0 ? '—' : parts.map((part, i) => (i === 0 ? part : [html`<br />`, part]))}
  </td>`;
}

function gapsRow(lang: ReportLang, coverage: ChainCoverage): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  return html`<tr data-id="${coverage.areaId}" class="${coverage.gaps.length > 0 ? 'has-gaps' : 'no-gaps'}">
    <th scope="row">${coverage.areaName}</th>
    ${SAFETY_PHASES.map((phase) => coverageCell(lang, coverage.phases[phase], phase))}
    <td class="num" data-open="${coverage.openSignals}">${coverage.openSignals}</td>
    <td>
      ${
        coverage.gaps.length === 0
          ? m.noGaps
          : html`<ul class="gaps">
              ${coverage.gaps.map((gap) => html`<li data-gap="${gap}">${m.gapRules[gap] ?? gap}</li>`)}
            </ul>`
      }
    </td>
  </tr> `;
}

function gapsTable(lang: ReportLang, coverages: ChainCoverage[], year: number): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  if (coverages.length === 0) return html`<p>${m.noFocusAreas}</p>`;
  return html`<table class="chain-gaps">
    <thead>
      <tr>
        <th scope="col">${m.area}</th>
        ${SAFETY_PHASES.map((phase) => html`<th scope="col">${SAFETY_PHASE_TITLES[phase][lang]}</th>`)}
        <th scope="col" class="num">${m.openSignals(year)}</th>
        <th scope="col">${m.gaps}</th>
      </tr>
    </thead>
    <tbody>
      ${coverages.map((coverage) => gapsRow(lang, coverage))}
    </tbody>
  </table>`;
}

export function chainSections(
  lang: ReportLang,
  themes: readonly string[],
  areas: readonly ReportFocusArea[],
  signals: ReadonlyMap<number, AreaSignalCounts>,
  year: number,
): SafeHtml {
  const m = REPORT_MESSAGES[lang];
  const grouped = groupByThemeAndPhase(themes, areas);
  const coverages = areas.map((area) => chainCoverage(area, signals.get(area.id)));
  return html`<section class="safety-chain" aria-labelledby="chain-heading">
      <h2 id="chain-heading">${m.chainHeading}</h2>
      <p class="note">${m.chainNote(year)}</p>
      ${matrix(lang, grouped)} ${grouped.map((theme) => themeActions(lang, theme, year))}
    </section>
    <section class="chain-gaps-section" aria-labelledby="gaps-heading">
      <h2 id="gaps-heading">${m.gapsHeading}</h2>
      <p class="note">${m.gapsNote(year)}</p>
      ${gapsTable(lang, coverages, year)}
    </section>`;
}
