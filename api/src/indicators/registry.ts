import { findLayer } from '../layers/registry.ts';
import type { LayerDefinition, Localized } from '../layers/types.ts';

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

/** How an indicator turns a count of the layer's features into a value. */
export type Measure =
  /** `per` × features in the sector during the period / the sector's residents or dwellings. */
  | { kind: 'rate'; per: number; denominator: 'population' | 'dwellings' }
  /** Percent change of the count in the sector against the previous period of equal length. */
  | { kind: 'change' }
  /** Features inside the sector or within `metres` of its edge; no time, no denominator. */
  | { kind: 'count-within'; metres: number };

export interface IndicatorDefinition {
  id: string;
  title: Localized;
  description: Localized;
  unit: Localized;
  /** The layer whose features are counted (its table and columns come from the layer registry). */
  layer: string;
  /** Optional filter parameters: `category` (the layer's category alias) or enumerated property names. */
  filters: string[];
  measure: Measure;
  /** Below this denominator the value is flagged unstable; null when there is no denominator. */
  minimumDenominator: number | null;
}

export const indicators: readonly IndicatorDefinition[] = [
  {
    id: 'incidents-per-1000-residents',
    title: { nl: 'Incidenten per 1.000 inwoners', en: 'Incidents per 1,000 residents' },
    description: {
      nl: 'Incidenten in de sector tijdens de periode, per 1.000 inwoners (schatting).',
      en: 'Incidents in the sector during the period, per 1,000 residents (estimate).',
    },
    unit: { nl: 'per 1.000 inwoners', en: 'per 1,000 residents' },
    layer: 'incidents',
    filters: ['category'],
    measure: { kind: 'rate', per: 1000, denominator: 'population' },
    minimumDenominator: MIN_RESIDENTS_FOR_STABLE_RATE,
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
    unit: { nl: 'per 1.000 woningen', en: 'per 1,000 dwellings' },
    layer: 'vacant-buildings',
    filters: ['status', 'kind'],
    measure: { kind: 'rate', per: 1000, denominator: 'dwellings' },
    minimumDenominator: MIN_DWELLINGS_FOR_STABLE_RATE,
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
  },
  {
    id: 'incidents-change',
    title: { nl: 'Verandering in incidenten', en: 'Change in incidents' },
    description: {
      nl: 'Verandering van het aantal incidenten in de sector tegenover de vorige periode van gelijke lengte, in procent.',
      en: 'Change in the number of incidents in the sector against the previous period of equal length, in percent.',
    },
    unit: { nl: '%', en: '%' },
    layer: 'incidents',
    filters: ['category'],
    measure: { kind: 'change' },
    minimumDenominator: MIN_PREVIOUS_COUNT_FOR_STABLE_CHANGE,
  },
];

export function findIndicator(id: string): IndicatorDefinition | undefined {
  return indicators.find((indicator) => indicator.id === id);
}

/** The layer an indicator counts (a missing one is a registry mistake; the unit test catches it). */
export function layerOf(indicator: IndicatorDefinition): LayerDefinition {
  const layer = findLayer(indicator.layer);
  if (!layer) throw new Error(`indicator "${indicator.id}" counts unknown layer "${indicator.layer}"`);
  return layer;
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
  /** A rate per residents or dwellings, a change in per cent against the previous period, or a count. */
  kind: Measure['kind'];
  temporal: boolean;
  filters: string[];
  layer: string;
  minimumDenominator: number | null;
}

export function describeIndicator(indicator: IndicatorDefinition): IndicatorDescription {
  const { id, title, description, unit, filters, layer, minimumDenominator } = indicator;
  const kind = indicator.measure.kind;
  return { id, title, description, unit, kind, temporal: isTemporal(indicator), filters, layer, minimumDenominator };
}
