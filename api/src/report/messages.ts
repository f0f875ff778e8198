/*
 * Every string of the yearly report, in Dutch (the default) and English. Indicator and theme
 * titles are not here: they come from the registries (Localized), like everywhere else.
 */

export const REPORT_LANGS = ['nl', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

const nl = {
  locale: 'nl-BE',
  title: (municipality: string, year: number, theme: string) =>
    `Leefbaarheidsrapport ${municipality} ${year} — ${theme}`,
  allThemes: 'Alle thema’s',
  generatedOn: 'Gemaakt op',
  period: 'Periode',
  comparedWith: 'Vergeleken met',
  methodHeading: 'Methode',
  method: (minimumPopulation: number, zCap: number) =>
    `Per indicator wordt elke sector vergeleken met de gemiddelde sector. Tarieven (per 1.000 inwoners of woningen) worden eerst empirisch-Bayesiaans afgevlakt naar het stadsgemiddelde (Marshall), zodat een kleine sector niet op één geval meer of minder bovenaan komt; daarna wordt elke waarde een z-score over de gerangschikte sectoren, begrensd op ±${zCap}, met het teken zo gekozen dat positief altijd meer aandacht betekent. De score van een sector is het gewogen gemiddelde van die z-scores: de afwijking van de gemiddelde sector in standaardafwijkingen. Sectoren met minder dan ${minimumPopulation} inwoners worden getoond maar niet gerangschikt.`,
  weightsUsed: 'Gebruikte gewichten',
  weightsDefault: 'standaard: elke indicator weegt 1',
  weightLeftOut: 'niet meegeteld',
  csvLink: 'Rangschikking als CSV (zelfde parameters)',
  backToMap: 'Terug naar de kaart',
  printHint: 'Afdrukken of als PDF bewaren: Ctrl+P (⌘P op een Mac).',
  otherLanguage: 'English',
  mapHeading: 'Kaart',
  mapTitle: (theme: string, year: number) => `Prioriteitsscore per statistische sector — ${theme}, ${year}`,
  legendHeading: 'Score in standaardafwijkingen ten opzichte van de gemiddelde sector',
  lessAttention: 'minder aandacht',
  moreAttention: 'meer aandacht',
  below: (n: string) => `lager dan ${n}`,
  between: (from: string, to: string) => `${from} tot ${to}`,
  atLeast: (n: string) => `${n} of meer`,
  unranked: (minimumPopulation: number) => `Niet gerangschikt (minder dan ${minimumPopulation} inwoners)`,
  focusOutline: 'Aandachtsgebied (omtrek, met naam)',
  source: 'Bron',
  projection: 'Kaart: Belgische Lambert 72 (EPSG:31370).',
  rankingHeading: 'Rangschikking',
  rankingNote: 'Rang 1 vraagt de meeste aandacht. De trend vergelijkt met het vorige jaar, met dezelfde gewichten.',
  rank: 'Rang',
  sector: 'Sector',
  ward: 'Wijk',
  score: 'Score',
  trend: (previousYear: number) => `Trend t.o.v. ${previousYear}`,
  residents: 'Inwoners (schatting)',
  flag: 'Opmerking',
  notRanked: (minimumPopulation: number) => `niet gerangschikt: minder dan ${minimumPopulation} inwoners`,
  rankUp: (places: number) => `▲ ${places} ${plural(places, 'plaats', 'plaatsen')} hoger`,
  rankDown: (places: number) => `▼ ${places} ${plural(places, 'plaats', 'plaatsen')} lager`,
  rankSame: '= zelfde plaats',
  newlyRanked: (previousYear: number) => `nieuw: niet gerangschikt in ${previousYear}`,
  scoreChange: 'score',
  indicatorsHeading: 'Indicatoren',
  indicatorsNote:
    'Gemiddelde en standaardafwijking: over de gerangschikte sectoren, van de afgevlakte waarden (tarieven) of de aantallen.',
  indicator: 'Indicator en definitie',
  unit: 'Eenheid',
  direction: 'Richting',
  weight: 'Gewicht',
  cityValue: (municipality: string) => `${municipality} (geheel)`,
  mean: 'Gemiddelde',
  // a soft hyphen: the long word may break in a narrow column
  sd: 'Standaard\u00ADafwijking',
  higherIsWorse: 'hoger is slechter',
  higherIsBetter: 'hoger is beter',
  focusHeading: (year: number) => `Aandachtsgebieden en acties in ${year}`,
  noFocusAreas: 'Er zijn (nog) geen aandachtsgebieden voor dit thema.',
  theme: 'Thema',
  priority: 'Prioriteit',
  status: 'Status',
  action: 'Actie',
  partner: 'Partner',
  noActions: (year: number) => `Geen acties in ${year}.`,
  phase: 'Fase',
  chainHeading: 'Acties per thema en fase van de veiligheidsketen',
  chainNote: (year: number) =>
    `De acties van ${year} van de aandachtsgebieden hierboven, geteld per thema en per fase van de veiligheidsketen: proactie (oorzaken wegnemen), preventie, preparatie (de reactie voorbereiden), repressie en nazorg. Geschrapte acties tellen mee en staan met hun status in de lijst.`,
  noPhase: 'Zonder fase',
  total: 'Totaal',
  themeActions: (theme: string, year: number) => `${theme}: acties in ${year}`,
  noThemeActions: (year: number) => `Geen acties in ${year}.`,
  area: 'Aandachtsgebied',
  gapsHeading: 'Gaten in de keten',
  gapsNote: (year: number) =>
    `Per aandachtsgebied de fasen die gedekt zijn door zijn acties van ${year} (geschrapte niet meegeteld) en door de signalen die eraan gekoppeld zijn en in ${year} openstonden. Van signalen staan hier alleen aantallen, nooit hun inhoud. Een gat wordt gemeld bij (a) repressie zonder nazorg, (b) repressie zonder preventie of proactie, (c) signalen die eind ${year} nog open waren terwijl er dat jaar geen actie was.`,
  actionsCount: (n: number) => `${n} ${plural(n, 'actie', 'acties')}`,
  signalsCount: (n: number) => `${n} ${plural(n, 'signaal', 'signalen')}`,
  openSignals: (year: number) => `Open signalen eind ${year}`,
  gaps: 'Gaten',
  noGaps: 'geen gevonden',
  gapRules: {
    'repression-without-aftercare': '(a) repressie zonder nazorg',
    'repression-without-prevention': '(b) repressie zonder preventie of proactie',
    'open-signals-without-actions': '(c) open signalen, geen actie dit jaar',
  } as Record<string, string>,
  priorities: { high: 'hoog', medium: 'gemiddeld', low: 'laag' } as Record<string, string>,
  statuses: { proposed: 'voorgesteld', active: 'actief', closed: 'afgesloten' } as Record<string, string>,
  actionStatuses: { planned: 'gepland', ongoing: 'lopend', done: 'uitgevoerd', dropped: 'geschrapt' } as Record<
    string,
    string
  >,
  signInTitle: 'Aanmelden nodig',
  signInBody:
    'Het jaarrapport is er voor de medewerkers van de stad. Meld je aan op de kaart en open deze pagina daarna opnieuw.',
  signInLink: 'Naar de kaart om aan te melden',
  badParameterTitle: 'Ongeldige parameter',
  badParameter: (parameter: string) => `De parameter „${parameter}” is niet geldig.`,
  allowed: 'Toegestaan',
  details: 'Details',
  allowedValues: {
    theme: 'wonen, jongeren, buurten of all',
    year: 'een kalenderjaar van vier cijfers, 0002 tot 9999 (het rapport vergelijkt met het jaar ervoor)',
    weights: 'ID:GEWICHT,… voor indicatoren van het thema, gewichten van 0 tot 10, niet allemaal 0',
    lang: 'nl of en',
  } as Record<string, string>,
};

export type ReportMessages = typeof nl;

const en: ReportMessages = {
  locale: 'en-GB',
  title: (municipality, year, theme) => `Liveability report ${municipality} ${year} — ${theme}`,
  allThemes: 'All themes',
  generatedOn: 'Generated on',
  period: 'Period',
  comparedWith: 'Compared with',
  methodHeading: 'Method',
  method: (minimumPopulation, zCap) =>
    `Each indicator compares every sector with the average sector. Rates (per 1,000 residents or dwellings) are first smoothed toward the city rate by empirical Bayes (Marshall), so that a small sector does not top the list on one case more or less; then every value becomes a z-score over the ranked sectors, capped at ±${zCap}, its sign chosen so that positive always means more attention. A sector's score is the weighted mean of those z-scores: its deviation from the average sector in standard deviations. Sectors with fewer than ${minimumPopulation} residents are listed but not ranked.`,
  weightsUsed: 'Weights used',
  weightsDefault: 'default: every indicator weighs 1',
  weightLeftOut: 'left out',
  csvLink: 'Ranking as CSV (same parameters)',
  backToMap: 'Back to the map',
  printHint: 'Print or save as PDF: Ctrl+P (⌘P on a Mac).',
  otherLanguage: 'Nederlands',
  mapHeading: 'Map',
  mapTitle: (theme, year) => `Priority score per statistical sector — ${theme}, ${year}`,
  legendHeading: 'Score in standard deviations from the average sector',
  lessAttention: 'less attention',
  moreAttention: 'more attention',
  below: (n) => `below ${n}`,
  between: (from, to) => `${from} to ${to}`,
  atLeast: (n) => `${n} or more`,
  unranked: (minimumPopulation) => `Not ranked (fewer than ${minimumPopulation} residents)`,
  focusOutline: 'Area of focus (outline, with its name)',
  source: 'Source',
  projection: 'Map: Belgian Lambert 72 (EPSG:31370).',
  rankingHeading: 'Ranking',
  rankingNote: 'Rank 1 needs the most attention. The trend compares with the previous year, with the same weights.',
  rank: 'Rank',
  sector: 'Sector',
  ward: 'Ward',
  score: 'Score',
  trend: (previousYear) => `Trend against ${previousYear}`,
  residents: 'Residents (estimate)',
  flag: 'Note',
  notRanked: (minimumPopulation) => `not ranked: fewer than ${minimumPopulation} residents`,
  rankUp: (places) => `▲ ${places} ${plural(places, 'place', 'places')} up`,
  rankDown: (places) => `▼ ${places} ${plural(places, 'place', 'places')} down`,
  rankSame: '= same place',
  newlyRanked: (previousYear) => `new: not ranked in ${previousYear}`,
  scoreChange: 'score',
  indicatorsHeading: 'Indicators',
  indicatorsNote: 'Mean and standard deviation: over the ranked sectors, of the smoothed values (rates) or the counts.',
  indicator: 'Indicator and definition',
  unit: 'Unit',
  direction: 'Direction',
  weight: 'Weight',
  cityValue: (municipality) => `${municipality} (whole)`,
  mean: 'Mean',
  sd: 'Standard deviation',
  higherIsWorse: 'higher is worse',
  higherIsBetter: 'higher is better',
  focusHeading: (year) => `Areas of focus and actions in ${year}`,
  noFocusAreas: 'There are no areas of focus for this theme (yet).',
  theme: 'Theme',
  priority: 'Priority',
  status: 'Status',
  action: 'Action',
  partner: 'Partner',
  noActions: (year) => `No actions in ${year}.`,
  phase: 'Phase',
  chainHeading: 'Actions by theme and phase of the safety chain',
  chainNote: (year) =>
    `The ${year} actions of the areas of focus above, counted by theme and by phase of the safety chain: pro-action (removing causes), prevention, preparation (of the reaction), repression and aftercare. Dropped actions are counted and listed with their status.`,
  noPhase: 'No phase',
  total: 'Total',
  themeActions: (theme, year) => `${theme}: actions in ${year}`,
  noThemeActions: (year) => `No actions in ${year}.`,
  area: 'Area of focus',
  gapsHeading: 'Gaps in the chain',
  gapsNote: (year) =>
    `For each area of focus, the phases covered by its ${year} actions (dropped ones not counted) and by the signals linked to it that were open during ${year}. Signals appear here as counts only, never their content. A gap is flagged for (a) repression without aftercare, (b) repression without prevention or pro-action, (c) signals still open at the end of ${year} while there was no action that year.`,
  actionsCount: (n) => `${n} ${plural(n, 'action', 'actions')}`,
  signalsCount: (n) => `${n} ${plural(n, 'signal', 'signals')}`,
  openSignals: (year) => `Open signals at the end of ${year}`,
  gaps: 'Gaps',
  noGaps: 'none found',
  gapRules: {
    'repression-without-aftercare': '(a) repression without aftercare',
    'repression-without-prevention': '(b) repression without prevention or pro-action',
    'open-signals-without-actions': '(c) open signals, no action this year',
  },
  priorities: { high: 'high', medium: 'medium', low: 'low' },
  statuses: { proposed: 'proposed', active: 'active', closed: 'closed' },
  actionStatuses: { planned: 'planned', ongoing: 'ongoing', done: 'done', dropped: 'dropped' },
  signInTitle: 'Sign-in needed',
  signInBody: "The yearly report is for the city's staff. Sign in on the map, then open this page again.",
  signInLink: 'To the map to sign in',
  badParameterTitle: 'Invalid parameter',
  badParameter: (parameter) => `The parameter “${parameter}” is not valid.`,
  allowed: 'Allowed',
  details: 'Details',
  allowedValues: {
    theme: 'wonen, jongeren, buurten or all',
    year: 'a four-digit calendar year, 0002 to 9999 (the report compares with the year before)',
    weights: 'ID:WEIGHT,… for indicators of the theme, weights from 0 to 10, not all 0',
    lang: 'nl or en',
  },
};

export const REPORT_MESSAGES: Record<ReportLang, ReportMessages> = { nl, en };

/** Numbers in the report's language: `digits` decimals, `signed` for scores and changes. */
export function formatNumber(lang: ReportLang, value: number, digits: number, signed = false): string {
  return new Intl.NumberFormat(REPORT_MESSAGES[lang].locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: signed ? 'exceptZero' : 'auto',
  })
    .format(value)
    .replace('-', '−');
}

/** A calendar date (UTC, as periods are) in words: "31 december 2025". */
export function formatDate(lang: ReportLang, instant: Date): string {
  return new Intl.DateTimeFormat(REPORT_MESSAGES[lang].locale, { dateStyle: 'long', timeZone: 'UTC' }).format(instant);
}

/** The moment the report was made, on Halle's clock. */
export function formatGenerated(lang: ReportLang, instant: Date): string {
  return new Intl.DateTimeFormat(REPORT_MESSAGES[lang].locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Brussels',
  }).format(instant);
}
