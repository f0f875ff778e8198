import type { Position } from './geo.ts';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_MODELS,
  type Day,
  type Incident,
  type IncidentCategory,
  periodDays,
  PRECISION_SHARES,
  type LocationPrecision,
} from './incidents.ts';
import { roundPosition, titleCase } from './placement.ts';
import { createRng, deriveSeed, WeightedSampler } from './prng.ts';
import { BACKGROUND_SHARE, type ScaleSpace } from './scale-space.ts';
import { brusselsToUtc, dayNumber, isoDate } from './time.ts';
import {
  VACANCY_KIND_SHARES,
  VACANCY_KINDS,
  VACANCY_REFERENCE_DATE,
  VACANCY_STATUS_SHARES,
  type VacantBuilding,
  VACANCY_STATUSES,
  type VacancyKind,
  type VacancyStatus,
} from './vacancy.ts';
import { YOUTH_COUNTS, YOUTH_KINDS, YOUTH_PUBLIC_SHARE, type YouthKind } from './youth.ts';

/*
 * What and when (see scale.ts): the scale data set's rows, generated lazily and placed by a
 * ScaleSpace.
 */

export const SOURCE_ID_PREFIX = {
  incidents: 'SCALE-INC-',
  vacantBuildings: 'SCALE-LEEG-',
  youthFacilities: 'SCALE-JEUGD-',
};

/** Grid steps in degrees: street ≈ 100 m as in the demo; no sectors here, so ≈ 500 m stands in for them. */
const SNAP_DEGREES: Readonly<Record<LocationPrecision, number>> = { exact: 0, straat: 0.001, sector: 0.005 };
const VACANCY_YEARS = 6;

/** Rows of the same shape as the demo's, so both load through the same columns. */
export type ScaleIncident = Incident;
export type ScaleVacantBuilding = VacantBuilding;

export interface ScaleYouthFacility {
  sourceId: string;
  name: string;
  kind: YouthKind;
  isPublic: boolean;
  position: Position;
}

const sourceId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(7, '0')}`;

/** Hour-of-day sampler per month and weekday, with the demo's winter hours and weekend-night boost. */
function hourSamplers(category: IncidentCategory): WeightedSampler[] {
  const model = INCIDENT_MODELS[category];
  const samplers: WeightedSampler[] = [];
  for (let month = 1; month <= 12; month++) {
    const winter = month >= 11 || month <= 2;
    const base = winter && model.winterHours ? model.winterHours : model.hours;
    for (let weekday = 0; weekday < 7; weekday++) {
      const weekendNight = (h: number) =>
        (h >= 21 && (weekday === 5 || weekday === 6)) || (h < 4 && (weekday === 6 || weekday === 0));
      samplers.push(new WeightedSampler(base.map((w, h) => w * (weekendNight(h) ? (model.weekendNights ?? 1) : 1))));
    }
  }
  return samplers;
}

function snap(space: ScaleSpace, precision: LocationPrecision, exact: Position): [LocationPrecision, Position] {
  const step = SNAP_DEGREES[precision];
  if (step === 0) return [precision, exact];
  const snapped = roundPosition([Math.round(exact[0] / step) * step, Math.round(exact[1] / step) * step]);
  return space.contains(snapped) ? [precision, snapped] : ['exact', exact];
}

/** `count` incidents, in source-id order; the same space, count and seed give the same rows. */
export function* generateScaleIncidents(space: ScaleSpace, count: number, seed: number): Generator<ScaleIncident> {
  const rng = createRng(deriveSeed(seed, 'scale-incidents'));
  const days = periodDays();
  const categorySampler = new WeightedSampler(INCIDENT_CATEGORIES.map((c) => INCIDENT_MODELS[c].share));
  const precisionSampler = new WeightedSampler(PRECISION_SHARES.map(([, w]) => w));
  const models = INCIDENT_CATEGORIES.map((category) => {
    const model = INCIDENT_MODELS[category];
    return {
      category,
      model,
      days: new WeightedSampler(days.map((d) => (model.months[d.month - 1] ?? 0) * (model.weekdays[d.weekday] ?? 0))),
      hours: hourSamplers(category),
      // Dumping also happens far from where people live ("anywhere" in the demo).
      background: Math.max(BACKGROUND_SHARE, model.space.anywhere ?? 0),
    };
  });
  for (let i = 1; i <= count; i++) {
    const m = models[categorySampler.sample(rng)] as (typeof models)[number];
    const day = days[m.days.sample(rng)] as Day;
    const hour = (m.hours[(day.month - 1) * 7 + day.weekday] as WeightedSampler).sample(rng);
    const occurredAt = brusselsToUtc(day.year, day.month, day.day, hour, rng.int(60)).toISOString();
    const exact = space.point(rng, m.background);
    const [locationPrecision, position] = snap(
      space,
      (PRECISION_SHARES[precisionSampler.sample(rng)] as [LocationPrecision, number])[0],
      exact,
    );
    yield {
      sourceId: sourceId(SOURCE_ID_PREFIX.incidents, i),
      category: m.category,
      occurredAt,
      source: rng.chance(m.model.meldpunt) ? 'meldpunt' : 'politie',
      locationPrecision,
      position,
    };
  }
}

/** Vacant buildings: kinds, statuses and resolution as in the demo register; fictional numbered streets. */
export function* generateScaleVacantBuildings(
  space: ScaleSpace,
  count: number,
  seed: number,
): Generator<ScaleVacantBuilding> {
  const rng = createRng(deriveSeed(seed, 'scale-vacant-buildings'));
  const kindSampler = new WeightedSampler(VACANCY_KINDS.map((k) => VACANCY_KIND_SHARES[k]));
  const statusSamplers = VACANCY_KINDS.map((k) => new WeightedSampler(VACANCY_STATUS_SHARES[k]));
  const reference = dayNumber(VACANCY_REFERENCE_DATE);
  const from = reference - Math.round(VACANCY_YEARS * 365.25);
  for (let i = 1; i <= count; i++) {
    const k = kindSampler.sample(rng);
    const registered = from + rng.int(reference - from);
    const age = reference - registered;
    let resolvedOn: string | null = null;
    // As in the demo: resolved with probability 0.65 · (1 − e^(−age / 2.5 y)), mostly within months.
    if (rng.chance(0.65 * (1 - Math.exp(-age / (2.5 * 365.25))))) {
      const latest = age - 1;
      resolvedOn = isoDate(registered + Math.min(latest, Math.max(14, Math.round(latest * rng.next() ** 1.6))));
    }
    yield {
      sourceId: sourceId(SOURCE_ID_PREFIX.vacantBuildings, i),
      address: `Fictieve straat ${1 + rng.int(5000)} nr. ${1 + rng.int(160)}`,
      kind: VACANCY_KINDS[k] as VacancyKind,
      status: VACANCY_STATUSES[(statusSamplers[k] as WeightedSampler).sample(rng)] as VacancyStatus,
      registeredOn: isoDate(registered),
      resolvedOn,
      // Vacancy sits in built-up areas: little background.
      position: space.point(rng, BACKGROUND_SHARE / 2),
    };
  }
}

/** Youth facilities: kinds in the demo's proportions, public shares as in the demo, numbered names. */
export function* generateScaleYouthFacilities(
  space: ScaleSpace,
  count: number,
  seed: number,
): Generator<ScaleYouthFacility> {
  const rng = createRng(deriveSeed(seed, 'scale-youth-facilities'));
  const kindSampler = new WeightedSampler(YOUTH_KINDS.map((k) => YOUTH_COUNTS[k]));
  for (let i = 1; i <= count; i++) {
    const kind = YOUTH_KINDS[kindSampler.sample(rng)] as YouthKind;
    yield {
      sourceId: sourceId(SOURCE_ID_PREFIX.youthFacilities, i),
      name: `${titleCase(kind)} ${i}`,
      kind,
      isPublic: rng.chance(YOUTH_PUBLIC_SHARE[kind]),
      position: space.point(rng, BACKGROUND_SHARE / 2),
    };
  }
}
