import type { Lang, Localized } from './types.ts';

/* All UI strings, Dutch first. English must have exactly the same keys (checked by the type). */
const nl = {
  appTitle: 'Leefbaarheidskaart Halle',
  mapLabel: 'Kaart van Halle',
  layersHeading: 'Kaartlagen',
  showLayers: 'Lagen tonen',
  hideLayers: 'Lagen verbergen',
  language: 'Taal',
  syntheticBadge: 'synthetische demodata',
  syntheticBadgeHint: 'Gegenereerde gegevens om de kaart te demonstreren, geen echte meldingen.',
  syntheticAttribution: 'Synthetische demodata',
  loading: 'laden…',
  featureCountOne: '1 object',
  featureCount: '{n} objecten',
  cellCount: '{n} {noun} in deze cel — zoom in voor details',
  cellLegend: 'Uitgezoomd: aantal per cel',
  layerError: 'kon niet geladen worden',
  layerForbidden: 'alleen voor aangemelde medewerkers',
  layersError: 'De kaartlagen konden niet geladen worden. De kaart toont alleen de achtergrond.',
  legend: 'Legende',
  previous: 'Vorige',
  next: 'Volgende',
  position: '{i} van {n}',
  yes: 'ja',
  no: 'nee',
  zoomIn: 'Inzoomen',
  zoomOut: 'Uitzoomen',
  resetBearing: 'Noorden boven',
  close: 'Sluiten',
  toggleAttribution: 'Bronvermelding tonen of verbergen',
  countInView: '{n} {noun} in beeld',
  legendOf: 'Legende en filter: {layer}',
  selectAll: 'Alle',
  selectNone: 'Geen',
  layerOptions: 'Filters, doorzichtigheid en download',
  filtered: 'gefilterd',
  opacity: 'Dekking',
  download: 'Downloaden',
  downloadFiltered: 'Alleen de objecten die aan de filters en de periode voldoen.',
  downloadAll: 'Alle objecten van deze laag.',
  periodHeading: 'Periode',
  stepLabel: 'Stap van de tijdschuif',
  stepYear: 'Per jaar',
  stepQuarter: 'Per kwartaal',
  stepMonth: 'Per maand',
  allDates: 'Alle datums',
  noDates: 'Geen gedateerde gegevens.',
  play: 'Afspelen',
  pause: 'Pauzeren',
  figuresHeading: 'Cijfers per buurt',
  indicator: 'Indicator',
  noIndicator: 'Geen (alleen grenzen)',
  allValues: 'Alle',
  classMethod: 'Klassen',
  quantiles: 'Kwantielen',
  naturalBreaks: 'Natuurlijke grenzen',
  classesQuantile: '{n} klassen met elk ongeveer evenveel sectoren (kwantielen)',
  classesJenks: '{n} klassen volgens natuurlijke grenzen (Jenks)',
  classesChange: 'Vaste klassen: sterke daling, daling, ongeveer gelijk (±10 %), stijging, sterke stijging',
  unstable: 'Te weinig voor een stabiel cijfer (minder dan {n})',
  unstableShort: 'te weinig inwoners of gevallen voor een stabiel cijfer',
  noData: 'Geen cijfer',
  figuresError: 'De cijfers konden niet geladen worden.',
  needsPeriod: 'Kies met de tijdschuif een periode om met de vorige te vergelijken.',
  densityHeading: 'Dichtheid (zeshoeken)',
  densityLayer: 'Laag',
  densityOff: 'Uit',
  hexagonSize: 'Zijde',
  densityError: 'De dichtheid kon niet geladen worden.',
  densityNote: 'Aantal per zeshoek met zijde {n} m; zelfde filters en periode als de laag.',
  searchLabel: 'Zoek een buurt, wijk of straat',
  searchPlaceholder: 'Zoek buurt, wijk of straat…',
  searchResults: 'Zoekresultaten',
  searchNothing: 'Niets gevonden',
  searchError: 'Zoeken lukt nu niet.',
  kindSector: 'Statistische sector',
  kindWard: 'Wijk',
  kindDeelgemeente: 'Deelgemeente',
  kindStreet: 'Straat',
  residents: 'Inwoners',
  dwellings: 'Woningen',
  figuresEstimated: 'Inwoners en woningen zijn schattingen.',
  perYear: 'per jaar',
  exportHeading: 'Exporteren',
  exportPng: 'Kaart als PNG',
  exportBusy: 'Afbeelding maken…',
  exportError: 'De afbeelding kon niet gemaakt worden.',
  exportDate: 'Afgedrukt op {date}',
  exportPeriod: 'Periode: {period}',
};

export type MessageKey = keyof typeof nl;

const en: Record<MessageKey, string> = {
  appTitle: 'Liveability map Halle',
  mapLabel: 'Map of Halle',
  layersHeading: 'Map layers',
  showLayers: 'Show layers',
  hideLayers: 'Hide layers',
  language: 'Language',
  syntheticBadge: 'synthetic demo data',
  syntheticBadgeHint: 'Generated data to demonstrate the map, not real records.',
  syntheticAttribution: 'Synthetic demo data',
  loading: 'loading…',
  featureCountOne: '1 feature',
  featureCount: '{n} features',
  cellCount: '{n} {noun} in this cell — zoom in for details',
  cellLegend: 'Zoomed out: count per cell',
  layerError: 'could not be loaded',
  layerForbidden: 'for signed-in staff only',
  layersError: 'The map layers could not be loaded. The map shows the background only.',
  legend: 'Legend',
  previous: 'Previous',
  next: 'Next',
  position: '{i} of {n}',
  yes: 'yes',
  no: 'no',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  resetBearing: 'Reset bearing to north',
  close: 'Close',
  toggleAttribution: 'Toggle attribution',
  countInView: '{n} {noun} in view',
  legendOf: 'Legend and filter: {layer}',
  selectAll: 'All',
  selectNone: 'None',
  layerOptions: 'Filters, opacity and download',
  filtered: 'filtered',
  opacity: 'Opacity',
  download: 'Download',
  downloadFiltered: 'Only the features that pass the filters and the period.',
  downloadAll: 'All features of this layer.',
  periodHeading: 'Period',
  stepLabel: 'Time slider step',
  stepYear: 'By year',
  stepQuarter: 'By quarter',
  stepMonth: 'By month',
  allDates: 'All dates',
  noDates: 'No dated data.',
  play: 'Play',
  pause: 'Pause',
  figuresHeading: 'Figures per neighbourhood',
  indicator: 'Indicator',
  noIndicator: 'None (boundaries only)',
  allValues: 'All',
  classMethod: 'Classes',
  quantiles: 'Quantiles',
  naturalBreaks: 'Natural breaks',
  classesQuantile: '{n} classes with about as many sectors each (quantiles)',
  classesJenks: '{n} classes by natural breaks (Jenks)',
  classesChange: 'Fixed classes: strong fall, fall, about the same (±10 %), rise, strong rise',
  unstable: 'Too few for a stable figure (fewer than {n})',
  unstableShort: 'too few residents or cases for a stable figure',
  noData: 'No figure',
  figuresError: 'The figures could not be loaded.',
  needsPeriod: 'Pick a period with the time slider to compare it with the one before.',
  densityHeading: 'Density (hexagons)',
  densityLayer: 'Layer',
  densityOff: 'Off',
  hexagonSize: 'Edge',
  densityError: 'The density could not be loaded.',
  densityNote: 'Count per hexagon with a {n} m edge; same filters and period as the layer.',
  searchLabel: 'Find a neighbourhood, ward or street',
  searchPlaceholder: 'Find neighbourhood, ward or street…',
  searchResults: 'Search results',
  searchNothing: 'Nothing found',
  searchError: 'Search is unavailable right now.',
  kindSector: 'Statistical sector',
  kindWard: 'Ward',
  kindDeelgemeente: 'Former municipality',
  kindStreet: 'Street',
  residents: 'Residents',
  dwellings: 'Dwellings',
  figuresEstimated: 'Residents and dwellings are estimates.',
  perYear: 'by year',
  exportHeading: 'Export',
  exportPng: 'Map as PNG',
  exportBusy: 'Making the image…',
  exportError: 'The image could not be made.',
  exportDate: 'Printed on {date}',
  exportPeriod: 'Period: {period}',
};

const messages: Record<Lang, Record<MessageKey, string>> = { nl, en };

interface Noun {
  one: string;
  other: string;
}

/** What features are called in a count ("12 incidenten"), per layer id; other layers say "objecten". */
const featureNouns: Record<Lang, { fallback: Noun; layers: Record<string, Noun> }> = {
  nl: {
    fallback: { one: 'object', other: 'objecten' },
    layers: {
      incidents: { one: 'incident', other: 'incidenten' },
      'vacant-buildings': { one: 'pand', other: 'panden' },
      'youth-facilities': { one: 'jeugdvoorziening', other: 'jeugdvoorzieningen' },
    },
  },
  en: {
    fallback: { one: 'feature', other: 'features' },
    layers: {
      incidents: { one: 'incident', other: 'incidents' },
      'vacant-buildings': { one: 'building', other: 'buildings' },
      'youth-facilities': { one: 'youth facility', other: 'youth facilities' },
    },
  },
};

/** The noun for `count` features of a layer, singular for exactly one. */
export function featureNoun(lang: Lang, layerId: string, count: number): string {
  const nouns = featureNouns[lang];
  const noun = Object.hasOwn(nouns.layers, layerId) ? nouns.layers[layerId]! : nouns.fallback;
  return count === 1 ? noun.one : noun.other;
}

export const LANGS: readonly Lang[] = ['nl', 'en'];
export const DEFAULT_LANG: Lang = 'nl';
export const LANG_STORAGE_KEY = 'leefbaarheidskaart.lang';

/** BCP 47 tag used for number and date formatting. */
export function localeTag(lang: Lang): string {
  return lang === 'nl' ? 'nl-BE' : 'en-GB';
}

export function parseLang(value: string | null | undefined): Lang | null {
  const lower = value?.trim().toLowerCase();
  return lower === 'nl' || lower === 'en' ? lower : null;
}

/** `?lang=` wins over the stored choice, which wins over the default (Dutch). */
export function initialLang(search: string, stored: string | null): Lang {
  return parseLang(new URLSearchParams(search).get('lang')) ?? parseLang(stored) ?? DEFAULT_LANG;
}

/** The same address with `?lang=` set, so that a shared link keeps the language. */
export function withLangParam(href: string, lang: Lang): string {
  const url = new URL(href);
  url.searchParams.set('lang', lang);
  return url.href;
}

/** The message for `key`, with `{name}` placeholders replaced from `params`. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export function localized(text: Localized, lang: Lang): string {
  return text[lang] || text.nl;
}
