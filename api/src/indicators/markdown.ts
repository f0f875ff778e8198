import { THEME_TITLES, THEMES } from '../themes.ts';
import { type IndicatorDefinition, indicators, isStaffOnly, isTemporal, layerOf } from './registry.ts';

/*
 * docs/indicators.md, written from the registry by `npm run docs:indicators` so the docs and
 * the UI (which reads /api/indicators) show the same declaration. A unit test fails when the
 * committed file and the registry disagree.
 */

const DIRECTION = { 'higher-is-worse': 'higher is worse', 'higher-is-better': 'higher is better' } as const;

// A table cell holds no line breaks or unescaped pipes.
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function themesOf(indicator: IndicatorDefinition): string {
  if (indicator.themes.length === 0) return 'map only (not scored)';
  return indicator.themes.map((theme) => `${THEME_TITLES[theme].en} (\`${theme}\`)`).join(', ');
}

/** Who receives the indicator's figures (decision records 16 and 23). */
function audienceOf(indicator: IndicatorDefinition): string {
  if (isStaffOnly(indicator)) return 'signed-in staff only: not listed or served to the public, in any form';
  if (layerOf(indicator).access === 'staff') return 'everyone; the public gets no count below k (`PRIVACY_MIN_COUNT`)';
  return 'everyone';
}

function section(indicator: IndicatorDefinition): string {
  const subset = Object.entries(indicator.subset ?? {})
    .map(([property, values]) => `${property} ${values.join(', ')}`)
    .join('; ');
  const rows: [string, string][] = [
    ['Id', `\`${indicator.id}\``],
    ['Dutch title', indicator.title.nl],
    ['Definition', indicator.description.en],
    ['Definitie', indicator.description.nl],
    ['Unit', indicator.unit.en],
    ['Direction', DIRECTION[indicator.direction]],
    ['Themes', themesOf(indicator)],
    [
      'Counts',
      `${isStaffOnly(indicator) ? 'staff-only source' : 'layer'} \`${indicator.layer}\`${subset ? `, only ${subset}` : ''}`,
    ],
    ['Who sees it', audienceOf(indicator)],
    ['Depends on the period', isTemporal(indicator) ? 'yes' : 'no'],
    ['Unstable below', indicator.minimumDenominator === null ? '—' : String(indicator.minimumDenominator)],
    ['Source', indicator.source.en],
  ];
  return [
    `### ${indicator.title.en}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`),
  ].join('\n');
}

export function indicatorsMarkdown(): string {
  const perTheme = THEMES.map(
    (theme) =>
      `- **${THEME_TITLES[theme].en}** (${THEME_TITLES[theme].nl}, \`${theme}\`): ` +
      indicators
        .filter((i) => i.themes.includes(theme))
        .map((i) => i.title.en)
        .join('; '),
  );
  return [
    '# Indicators',
    '',
    '<!-- Written by `npm run docs:indicators` from api/src/indicators/registry.ts; do not edit by hand. -->',
    '',
    'Every indicator the map and the priority scores use, as declared once in the indicator registry.',
    'The method of the scores is in [decisions.md](decisions.md), record 13.',
    '',
    '## Per theme',
    '',
    ...perTheme,
    '',
    '## Definitions',
    '',
    indicators.map(section).join('\n\n'),
    '',
  ].join('\n');
}
