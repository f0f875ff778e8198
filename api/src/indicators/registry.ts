import { findLayer } from '../layers/registry.ts';
import type { LayerDefinition, Localized } from '../layers/types.ts';
import type { Theme } from '../themes.ts';
import { findStaffOnlySource } from './sources.ts';

/*
 * The indicator registry: the one place an indicator is described. `/api/indicators`, the
 * figures and the series are all derived from it, like the layers from the layer registry.
 */

/*
 * Below these denominators a rate swings with every single event (one incident among 50
 * residents is 20 per 1,000; one more incident after two is +50 %), so the sector is flagged
 * `unstable` and the map marks it instead of colouring it as an extreme.
 */
export const MIN_RESIDENTS_FOR_STABLE_RATE = 100;
export const MIN_DWELLINGS_FOR_STABLE_RATE = 50;
export const MIN_PREVIOUS_COUNT_FOR_STABLE_CHANGE = 5;

/** Straight-line (hemelsbreed) distance, not walking distance: we have no path network. */
export const YOUTH_FACILITY_RADIUS_METRES = 500;

/** Nuisance this close to a youth facility (straight-line) counts as nuisance near it. */
export const NEAR_YOUTH_FACILITY_METRES = 100;

/** A building this long on the vacancy register counts as long-term vacant. */
export const LONG_TERM_VACANCY_YEARS = 2;

/** Whether a higher value means a sector needs more attention or less. */
export type Direction = 'higher-is-worse' | 'higher-is-better';

/** How an indicator turns a count of the layer's features into a value. */
export type Measure =
  /** `per` × features in the sector during the period / the sector's residents or dwellings. */
  | {
      kind: 'rate';
      per: number;
      denominator: 'population' | 'dwellings';
      /** Only features on record at least this many years by the end of the period (or by now). */
      minimumYearsOnRecord?: number;
      /** Only features within `metres` (straight-line) of a feature of `layer`. */
      near?: { layer: string; metres: number };
    }
  /** Percent change of the count in the sector against the previous period of equal length. */
  | { kind: 'change' }
  /** Features inside the sector or within `metres` of its edge; no time, no denominator. */
  | { kind: 'count-within'; metres: number }
  /**
   * Features in the sector during the period; with `atEnd`, only those whose [start, end]
   * still holds the period's last instant (open at its end; for all time: open now). No denominator.
   */
  | { kind: 'count'; atEnd?: boolean }
  /**
   * The median of end − start in whole calendar days (UTC) over the sector's features whose
   * end falls in the period; `numerator` is how many. No denominator.
   */
  | { kind: 'median-duration' };

export interface IndicatorDefinition {
  id: string;
  title: Localized;
  description: Localized;
  unit: Localized;
  /**
   * The layer whose features are counted (its table and columns come from the layer registry),
   * or a staff-only source of indicators/sources.ts (signals).
   */
  layer: string;
  /** Optional filter parameters: `category` (the layer's category alias) or enumerated property names. */
  filters: string[];
  /**
   * The features the indicator counts at all, e.g. only `burenconflict` incidents: allowed
   * values per property name. A request's filters narrow this further, never widen it.
   */
  subset?: Record<string, string[]>;
  measure: Measure;
  direction: Direction;
  /** Where the counted features come from. */
  source: Localized;
  /** The themes whose priority score this indicator counts in; empty: map only, not scored. */
  themes: Theme[];
  /** Below this denominator the value is flagged unstable; null when there is no denominator. */
  minimumDenominator: number | null;
}

const SOURCES = {
  incidents: {
    nl: 'Politie en meldpunt van de stad (synthetische demodata); inwoners: schatting per Statbel-sector',
    en: "Police and the city's report line (synthetic demo data); residents: estimate per Statbel sector",
  },
  vacancy: {
    nl: 'Leegstandsregister van de stad (synthetische demodata); woningen: schatting per Statbel-sector',
    en: "The city's vacancy register (synthetic demo data); dwellings: estimate per Statbel sector",
  },
  burglaries: {
    nl: 'Politie (synthetische demodata); woningen: schatting per Statbel-sector',
    en: 'Police (synthetic demo data); dwellings: estimate per Statbel sector',
  },
  youth: {
    nl: 'Jeugddienst van de stad (synthetische demodata)',
    en: "The city's youth service (synthetic demo data)",
  },
  signals: {
    nl: 'Signalen, geregistreerd door de stad en haar partners in de kaart; alleen voor medewerkers',
    en: 'Signals recorded in the map by the city and its partners; staff only',
  },
} satisfies Record<string, Localized>;

const PER_1000_RESIDENTS: Localized = { nl: 'per 1.000 inwoners', en: 'per 1,000 residents' };
const PER_1000_DWELLINGS: Localized = { nl: 'per 1.000 woningen', en: 'per 1,000 dwellings' };

export const indicators: readonly IndicatorDefinition[] = [
  {
    id: 'incidents-per-1000-residents',
    title: { nl: 'Incidenten per 1.000 inwoners', en: 'Incidents per 1,000 residents' },
    description: {
      nl: 'Incidenten in de sector tijdens de periode, per 1.000 inwoners (schatting).',
      en: 'Incidents in the sector during the period, per 1,000 residents (estimate).',
    },
    unit: PER_1000_RESIDENTS,
    layer: 'incidents',
    filters: ['category'],
    measure: { kind: 'rate', per: 1000, denominator: 'population' },
    minimumDenominator: MIN_RESIDENTS_FOR_STABLE_RATE,
    direction: 'higher-is-worse',
    source: SOURCES.incidents,
    themes: ['buurten'],
  },
  {
    id: 'vacant-buildings-per-1000-dwellings',
    title: {
      nl: 'Leegstaande en verkrotte panden per 1.000 woningen',
      en: 'Vacant and derelict buildings per 1,000 dwellings',
    },
    description: {
      nl: 'Panden die tijdens (een deel van) de periode in het leegstandsregister stonden, per 1.000 woningen (schatting).',
      en: 'Buildings on the vacancy register during (part of) the period, per 1,000 dwellings (estimate).',
    },
    unit: PER_1000_DWELLINGS,
    layer: 'vacant-buildings',
    filters: ['status', 'kind'],
    measure: { kind: 'rate', per: 1000, denominator: 'dwellings' },
    minimumDenominator: MIN_DWELLINGS_FOR_STABLE_RATE,
    direction: 'higher-is-worse',
    source: SOURCES.vacancy,
    themes: ['wonen'],
  },
  {
    id: 'long-term-vacant-per-1000-dwellings',
    title: {
      nl: `Langdurige leegstand (${LONG_TERM_VACANCY_YEARS}+ jaar) per 1.000 woningen`,
      en: `Long-term vacancy (${LONG_TERM_VACANCY_YEARS}+ years) per 1,000 dwellings`,
    },
    description: {
      nl: `Panden in de periode in het leegstandsregister die er bij het einde van de periode (of bij schrapping) al minstens ${LONG_TERM_VACANCY_YEARS} jaar in stonden, per 1.000 woningen (schatting).`,
      en: `Buildings on the vacancy register during the period that had been on it for at least ${LONG_TERM_VACANCY_YEARS} years by the end of the period (or by their removal), per 1,000 dwellings (estimate).`,
    },
    unit: PER_1000_DWELLINGS,
    layer: 'vacant-buildings',
    filters: ['status', 'kind'],
    measure: { kind: 'rate', per: 1000, denominator: 'dwellings', minimumYearsOnRecord: LONG_TERM_VACANCY_YEARS },
    minimumDenominator: MIN_DWELLINGS_FOR_STABLE_RATE,
    direction: 'higher-is-worse',
    source: SOURCES.vacancy,
    themes: ['wonen'],
  },
  {
    id: 'burglaries-per-1000-dwellings',
    title: { nl: 'Woninginbraken per 1.000 woningen', en: 'Burglaries per 1,000 dwellings' },
    description: {
      nl: 'Woninginbraken in de sector tijdens de periode, per 1.000 woningen (schatting).',
      en: 'Residential burglaries in the sector during the period, per 1,000 dwellings (estimate).',
    },
    unit: PER_1000_DWELLINGS,
    layer: 'incidents',
    filters: [],
    subset: { category: ['woninginbraak'] },
    measure: { kind: 'rate', per: 1000, denominator: 'dwellings' },
    minimumDenominator: MIN_DWELLINGS_FOR_STABLE_RATE,
    direction: 'higher-is-worse',
    source: SOURCES.burglaries,
    themes: ['wonen'],
  },
  {
    id: 'neighbour-disputes-per-1000-residents',
    title: { nl: 'Burenconflicten per 1.000 inwoners', en: 'Neighbour disputes per 1,000 residents' },
    description: {
      nl: 'Gemelde burenconflicten in de sector tijdens de periode, per 1.000 inwoners (schatting): de vraag naar buurtbemiddeling.',
      en: 'Reported neighbour disputes in the sector during the period, per 1,000 residents (estimate): the call for neighbour mediation.',
    },
    unit: PER_1000_RESIDENTS,
    layer: 'incidents',
    filters: [],
    subset: { category: ['burenconflict'] },
    measure: { kind: 'rate', per: 1000, denominator: 'population' },
    minimumDenominator: MIN_RESIDENTS_FOR_STABLE_RATE,
    direction: 'higher-is-worse',
    source: SOURCES.incidents,
    themes: ['wonen'],
  },
  {
    id: 'nuisance-per-1000-residents',
    title: { nl: 'Overlast en vandalisme per 1.000 inwoners', en: 'Nuisance and vandalism per 1,000 residents' },
    description: {
      nl: 'Meldingen van overlast en vandalisme in de sector tijdens de periode, per 1.000 inwoners (schatting).',
      en: 'Reports of nuisance and vandalism in the sector during the period, per 1,000 residents (estimate).',
    },
    unit: PER_1000_RESIDENTS,
    layer: 'incidents',
    filters: ['category'],
    subset: { category: ['overlast', 'vandalisme'] },
    measure: { kind: 'rate', per: 1000, denominator: 'population' },
    minimumDenominator: MIN_RESIDENTS_FOR_STABLE_RATE,
    direction: 'higher-is-worse',
    source: SOURCES.incidents,
    themes: ['jongeren'],
  },
  {
    id: 'nuisance-near-youth-facilities-per-1000-residents',
    title: {
      nl: `Overlast binnen ${NEAR_YOUTH_FACILITY_METRES} m van een jeugdvoorziening, per 1.000 inwoners`,
      en: `Nuisance within ${NEAR_YOUTH_FACILITY_METRES} m of a youth facility, per 1,000 residents`,
    },
    description: {
      nl: `Meldingen van overlast en vandalisme in de sector, hemelsbreed binnen ${NEAR_YOUTH_FACILITY_METRES} m van een jeugdvoorziening, tijdens de periode, per 1.000 inwoners (schatting).`,
      en: `Reports of nuisance and vandalism in the sector within ${NEAR_YOUTH_FACILITY_METRES} m straight-line of a youth facility, during the period, per 1,000 residents (estimate).`,
    },
    unit: PER_1000_RESIDENTS,
    layer: 'incidents',
    filters: ['category'],
    subset: { category: ['overlast', 'vandalisme'] },
    measure: {
      kind: 'rate',
      per: 1000,
      denominator: 'population',
      near: { layer: 'youth-facilities', metres: NEAR_YOUTH_FACILITY_METRES },
    },
    minimumDenominator: MIN_RESIDENTS_FOR_STABLE_RATE,
    direction: 'higher-is-worse',
    source: SOURCES.incidents,
    themes: ['jongeren'],
  },
  {
    id: 'youth-facilities-within-500m',
    title: {
      nl: `Jeugdvoorzieningen binnen ${YOUTH_FACILITY_RADIUS_METRES} m (hemelsbreed)`,
      en: `Youth facilities within ${YOUTH_FACILITY_RADIUS_METRES} m (straight-line)`,
    },
    description: {
      nl: `Jeugdvoorzieningen in de sector of hemelsbreed binnen ${YOUTH_FACILITY_RADIUS_METRES} m van de sectorgrens; geen wandelafstand.`,
      en: `Youth facilities inside the sector or within ${YOUTH_FACILITY_RADIUS_METRES} m straight-line distance of its edge; not walking distance.`,
    },
    unit: { nl: 'voorzieningen', en: 'facilities' },
    layer: 'youth-facilities',
    filters: ['kind'],
    measure: { kind: 'count-within', metres: YOUTH_FACILITY_RADIUS_METRES },
    minimumDenominator: null,
    direction: 'higher-is-better',
    source: SOURCES.youth,
    themes: ['jongeren'],
  },
  {
    id: 'illegal-dumping-per-1000-residents',
    title: { nl: 'Sluikstort per 1.000 inwoners', en: 'Illegal dumping per 1,000 residents' },
    description: {
      nl: 'Meldingen van sluikstort in de sector tijdens de periode, per 1.000 inwoners (schatting).',
      en: 'Reports of illegal dumping in the sector during the period, per 1,000 residents (estimate).',
    },
    unit: PER_1000_RESIDENTS,
    layer: 'incidents',
    filters: [],
    subset: { category: ['sluikstort'] },
    measure: { kind: 'rate', per: 1000, denominator: 'population' },
    minimumDenominator: MIN_RESIDENTS_FOR_STABLE_RATE,
    direction: 'higher-is-worse',
    source: SOURCES.incidents,
    themes: ['buurten'],
  },
  {
    id: 'incidents-change',
    title: { nl: 'Verandering in incidenten', en: 'Change in incidents' },
    description: {
      nl: 'Verandering van het aantal incidenten in de sector tegenover de vorige periode van gelijke lengte, in procent. Alleen op de kaart: een procent op kleine aantallen is te grillig om op te rangschikken.',
      en: 'Change in the number of incidents in the sector against the previous period of equal length, in percent. Map only: a percentage of small counts is too erratic to rank on.',
    },
    unit: { nl: '%', en: '%' },
    layer: 'incidents',
    filters: ['category'],
    measure: { kind: 'change' },
    minimumDenominator: MIN_PREVIOUS_COUNT_FOR_STABLE_CHANGE,
    direction: 'higher-is-worse',
    source: SOURCES.incidents,
    themes: [],
  },
  // Staff only (the signals source): never listed or served to the public, not scored (record 23).
  {
    id: 'open-signals',
    title: { nl: 'Open signalen', en: 'Open signals' },
    description: {
      nl: 'Signalen in de sector die op het einde van de periode gemeld en nog niet afgesloten waren (zonder periode: die nu open zijn), ook geanonimiseerde. Alleen voor medewerkers.',
      en: 'Signals in the sector reported and not yet closed at the end of the period (without a period: open now), anonymised ones included. Staff only.',
    },
    unit: { nl: 'signalen', en: 'signals' },
    layer: 'signals',
    filters: ['kind', 'phase'],
    measure: { kind: 'count', atEnd: true },
    minimumDenominator: null,
    direction: 'higher-is-worse',
    source: SOURCES.signals,
    themes: [],
  },
  {
    id: 'median-days-to-close',
    title: { nl: 'Mediane doorlooptijd van een signaal', en: 'Median days to close a signal' },
    description: {
      nl: 'Mediaan van het aantal kalenderdagen (UTC) van de melding tot de afsluiting, over de signalen in de sector die tijdens de periode afgesloten werden, ook geanonimiseerde; de teller is hun aantal. Alleen voor medewerkers.',
      en: 'Median number of calendar days (UTC) from the report to the closing, over the signals in the sector closed during the period, anonymised ones included; the numerator is how many. Staff only.',
    },
    unit: { nl: 'dagen', en: 'days' },
    layer: 'signals',
    filters: ['kind', 'phase'],
    measure: { kind: 'median-duration' },
    minimumDenominator: null,
    direction: 'higher-is-worse',
    source: SOURCES.signals,
    themes: [],
  },
];

export function findIndicator(id: string): IndicatorDefinition | undefined {
  return indicators.find((indicator) => indicator.id === id);
}

/** The layer (or staff-only source) an indicator counts; a missing one is a registry mistake the unit test catches. */
export function layerOf(indicator: IndicatorDefinition): LayerDefinition {
  const layer = findLayer(indicator.layer) ?? findStaffOnlySource(indicator.layer);
  if (!layer) throw new Error(`indicator "${indicator.id}" counts unknown layer "${indicator.layer}"`);
  return layer;
}

/**
 * Whether only signed-in staff may see the indicator at all: it counts a staff-only source
 * (signals), which has no public form, not even counts suppressed below k.
 */
export function isStaffOnly(indicator: IndicatorDefinition): boolean {
  return findStaffOnlySource(indicator.layer) !== undefined;
}

/** Whether the indicator depends on the period: it counts a layer with time, inside sectors. */
export function isTemporal(indicator: IndicatorDefinition): boolean {
  return indicator.measure.kind !== 'count-within' && layerOf(indicator).temporal !== undefined;
}

/** What `/api/indicators` tells a client: no table or column names leave the server. */
export interface IndicatorDescription {
  id: string;
  title: Localized;
  description: Localized;
  unit: Localized;
  /** A rate per residents or dwellings, a change in per cent against the previous period, a count, or a median. */
  kind: Measure['kind'];
  temporal: boolean;
  filters: string[];
  layer: string;
  minimumDenominator: number | null;
  direction: Direction;
  source: Localized;
  themes: Theme[];
}

export function describeIndicator(indicator: IndicatorDefinition): IndicatorDescription {
  const { id, title, description, unit, filters, layer, minimumDenominator, direction, source, themes } = indicator;
  const kind = indicator.measure.kind;
  const temporal = isTemporal(indicator);
  return {
    id,
    title,
    description,
    unit,
    kind,
    temporal,
    filters,
    layer,
    minimumDenominator,
    direction,
    source,
    themes,
  };
}
