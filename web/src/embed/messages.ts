import type { Lang } from '../lib/types.ts';

/*
 * The embed's own strings, Dutch first; English must have the same keys (checked by the type).
 * Kept apart from the planner map's table (web/src/lib/i18n.ts), which the embed does not load.
 */
const nl = {
  title: 'Leefbaarheidskaart Halle',
  loading: 'De kaart wordt geladen…',
  fullMap: 'Open de volledige kaart',
  newWindow: '(opent in een nieuw venster)',
  legend: 'Legende',
  showLegend: 'Legende tonen',
  hideLegend: 'Legende verbergen',
  allDates: 'alle datums',
  tooFew: 'Te weinig gevallen, inwoners of woningen voor een cijfer',
  noData: 'Geen cijfer',
  figuresError: 'De cijfers konden niet geladen worden.',
  layersError: 'De kaartlagen konden niet geladen worden.',
  cells: 'aantal per vak van minstens {m} m',
  cellsNoSize: 'aantal per vak',
  areasHeading: 'Aandachtsgebieden: {theme}',
  areaLegend: 'Aandachtsgebied (rand: hoe dikker, hoe hoger de prioriteit)',
  priority_high: 'hoge prioriteit',
  priority_medium: 'gemiddelde prioriteit',
  priority_low: 'lage prioriteit',
  showTable: 'Cijfers als tabel tonen',
  hideTable: 'Tabel verbergen',
  tableCaption: '{title}, per statistische sector',
  tableRegion: 'Cijfers per sector',
  columnSector: 'Sector',
  columnValue: 'Waarde',
  columnUnit: 'Eenheid',
  suppressedValue: 'niet getoond (minder dan {k} gevallen)',
  suppressedValueNoK: 'niet getoond (te weinig gevallen)',
  unstableValue: '{value} (te weinig inwoners of woningen voor een stabiel cijfer)',
  privacyHeading: 'Hoe beschermen we privacy?',
  privacyIncidents: 'Incidenten tonen we alleen als aantallen per gebied van minstens {m} bij {m} m, nooit als punt.',
  privacyIncidentsNoSize: 'Incidenten tonen we alleen als aantallen per gebied, nooit als punt.',
  privacyMinCount: 'Een aantal onder {k} tonen we niet, zodat geen gebied of sector naar één adres wijst.',
  privacyMinCountNoK: 'Kleine aantallen tonen we niet, zodat geen gebied of sector naar één adres wijst.',
  privacyMonths: 'Tijd tonen we per maand (op deze kaart per jaar), nooit per dag of uur.',
  privacyVacancy: 'Leegstaande panden tellen we alleen per statistische sector.',
  privacyNoNames: 'Adressen, namen en eigenaars verlaten de server niet.',
  privacyServer: 'Dat alles beslist de server voor iedereen die niet aangemeld is, ook in deze ingesloten kaart.',
  mapTitle: 'Kaart van Halle',
  zoomIn: 'Inzoomen',
  zoomOut: 'Uitzoomen',
  fullscreenEnter: 'Volledig scherm',
  fullscreenExit: 'Volledig scherm verlaten',
  toggleAttribution: 'Bronvermelding tonen of verbergen',
  ctrlScroll: 'Gebruik Ctrl + scrollen om in of uit te zoomen',
  cmdScroll: 'Gebruik ⌘ + scrollen om in of uit te zoomen',
  twoFingers: 'Gebruik twee vingers om de kaart te verschuiven',
};

export type EmbedMessageKey = keyof typeof nl;

const en: Record<EmbedMessageKey, string> = {
  title: 'Liveability map of Halle',
  loading: 'Loading the map…',
  fullMap: 'Open the full map',
  newWindow: '(opens in a new window)',
  legend: 'Legend',
  showLegend: 'Show the legend',
  hideLegend: 'Hide the legend',
  allDates: 'all dates',
  tooFew: 'Too few cases, residents or dwellings for a figure',
  noData: 'No figure',
  figuresError: 'The figures could not be loaded.',
  layersError: 'The map layers could not be loaded.',
  cells: 'count per square of at least {m} m',
  cellsNoSize: 'count per square',
  areasHeading: 'Areas of focus: {theme}',
  areaLegend: 'Area of focus (outline: the thicker, the higher the priority)',
  priority_high: 'high priority',
  priority_medium: 'medium priority',
  priority_low: 'low priority',
  showTable: 'Show the figures as a table',
  hideTable: 'Hide the table',
  tableCaption: '{title}, per statistical sector',
  tableRegion: 'Figures per sector',
  columnSector: 'Sector',
  columnValue: 'Value',
  columnUnit: 'Unit',
  suppressedValue: 'not shown (fewer than {k} cases)',
  suppressedValueNoK: 'not shown (too few cases)',
  unstableValue: '{value} (too few residents or dwellings for a stable figure)',
  privacyHeading: 'How we protect privacy',
  privacyIncidents: 'Incidents are shown only as counts per area of at least {m} by {m} m, never as points.',
  privacyIncidentsNoSize: 'Incidents are shown only as counts per area, never as points.',
  privacyMinCount: 'A count below {k} is not shown, so that no area or sector points at a single address.',
  privacyMinCountNoK: 'Small counts are not shown, so that no area or sector points at a single address.',
  privacyMonths: 'Time is shown by month (on this map by year), never by day or hour.',
  privacyVacancy: 'Vacant buildings are counted only per statistical sector.',
  privacyNoNames: 'Addresses, names and owners never leave the server.',
  privacyServer: 'The server decides all this for everyone who is not signed in, this embedded map included.',
  mapTitle: 'Map of Halle',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  fullscreenEnter: 'Full screen',
  fullscreenExit: 'Exit full screen',
  toggleAttribution: 'Show or hide the sources',
  ctrlScroll: 'Use Ctrl + scroll to zoom the map',
  cmdScroll: 'Use ⌘ + scroll to zoom the map',
  twoFingers: 'Use two fingers to move the map',
};

const messages: Record<Lang, Record<EmbedMessageKey, string>> = { nl, en };

/** The message for `key`, with `{name}` placeholders replaced from `params`. */
export function embedText(lang: Lang, key: EmbedMessageKey, params: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** MapLibre's `locale` option: its controls' labels and the gesture hints in the embed's language. */
export function mapLocale(lang: Lang): Record<string, string> {
  const t = (key: EmbedMessageKey) => embedText(lang, key);
  return {
    'Map.Title': t('mapTitle'),
    'NavigationControl.ZoomIn': t('zoomIn'),
    'NavigationControl.ZoomOut': t('zoomOut'),
    'FullscreenControl.Enter': t('fullscreenEnter'),
    'FullscreenControl.Exit': t('fullscreenExit'),
    'AttributionControl.ToggleAttribution': t('toggleAttribution'),
    'CooperativeGesturesHandler.WindowsHelpText': t('ctrlScroll'),
    'CooperativeGesturesHandler.MacHelpText': t('cmdScroll'),
    'CooperativeGesturesHandler.MobileHelpText': t('twoFingers'),
  };
}
