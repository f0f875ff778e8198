import type { Position } from './geo.ts';
import { roundPosition, type Placement } from './placement.ts';
import { createRng, deriveSeed, WeightedSampler } from './prng.ts';
import { largestRemainder } from './sectors.ts';
import { brusselsToUtc, dayNumber, isoDate } from './time.ts';
import type { YouthFacility } from './youth.ts';

/*
 * Synthetic incidents over three years. Each category has its own mix of where (background ∝
 * residents, hotspots such as the station and the market square, youth facilities, or anywhere
 * in the municipality) and when (month, weekday and hour-of-day weights in Brussels local time).
 * The weights are illustrative, not fitted to any real crime statistics.
 */

export const INCIDENT_CATEGORIES = [
  'overlast',
  'vandalisme',
  'woninginbraak',
  'diefstal',
  'geweld',
  'drugs',
  'sluikstort',
  'burenconflict',
  'verkeer',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export type IncidentSource = 'politie' | 'meldpunt';
export type LocationPrecision = 'exact' | 'straat' | 'sector';

export const INCIDENT_COUNT = 6000;
/** Local calendar dates, both inclusive: three full years. */
export const INCIDENT_PERIOD = { from: '2023-10-01', to: '2026-09-30' } as const;

export interface Incident {
  sourceId: string;
  category: IncidentCategory;
  /** UTC instant, ISO 8601. */
  occurredAt: string;
  source: IncidentSource;
  locationPrecision: LocationPrecision;
  position: Position;
}

type Hotspot = 'station' | 'markt' | 'buizingen' | 'lembeek';
type SpaceComponent = 'background' | 'anywhere' | 'youth' | Hotspot;

/**
 * Hotspot centres: Halle station (Infrabel/Wikipedia coordinates), the Grote Markt shopping
 * area (approximate), and the village centres of Buizingen and Lembeek (label point of the sector).
 */
export const HALLE_HOTSPOTS: Readonly<
  Record<Hotspot, { position: Position; sigmaM: number } | { sector: string; sigmaM: number }>
> = {
  station: { position: [4.239956, 50.733399], sigmaM: 150 },
  markt: { position: [4.2375, 50.7348], sigmaM: 200 },
  buizingen: { sector: '23027B00-', sigmaM: 250 },
  lembeek: { sector: '23027C00-', sigmaM: 250 },
};
const YOUTH_HOTSPOT_KINDS: readonly string[] = ['jeugdhuis', 'skatepark', 'speelplein'];
const YOUTH_SIGMA_M = 100;

export const PRECISION_SHARES: readonly [LocationPrecision, number][] = [
  ['exact', 0.8],
  ['straat', 0.14],
  ['sector', 0.06],
];

interface CategoryModel {
  share: number;
  /** Probability the report came through the city's report line rather than the police. */
  meldpunt: number;
  /** January … December */
  months: readonly number[];
  /** Sunday … Saturday */
  weekdays: readonly number[];
  /** 00:00 … 23:00 local */
  hours: readonly number[];
  /** Hour weights in November–February, when it is dark early. */
  winterHours?: readonly number[];
  /** Multiplier for Friday and Saturday nights (21:00–03:59). */
  weekendNights?: number;
  space: Partial<Record<SpaceComponent, number>>;
}

export const INCIDENT_MODELS: Readonly<Record<IncidentCategory, CategoryModel>> = {
  overlast: {
    share: 0.22,
    meldpunt: 0.55,
    months: [0.7, 0.7, 0.8, 0.9, 1.1, 1.4, 1.6, 1.6, 1.2, 0.9, 0.7, 0.8],
    weekdays: [1.2, 0.8, 0.8, 0.9, 0.9, 1.3, 1.5],
    hours: [9, 7, 5, 3, 2, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 11, 12, 12, 11],
    weekendNights: 1.6,
    space: { background: 0.35, youth: 0.3, markt: 0.2, station: 0.15 },
  },
  vandalisme: {
    share: 0.12,
    meldpunt: 0.35,
    months: [1.1, 0.8, 0.9, 1.0, 1.1, 1.2, 1.2, 1.2, 1.0, 1.1, 0.9, 1.1],
    weekdays: [1.2, 0.9, 0.9, 0.9, 0.9, 1.2, 1.4],
    hours: [8, 7, 6, 4, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 10],
    weekendNights: 1.4,
    space: { background: 0.55, youth: 0.25, station: 0.12, markt: 0.08 },
  },
  woninginbraak: {
    share: 0.08,
    meldpunt: 0.05,
    months: [1.7, 1.5, 1.1, 0.9, 0.8, 0.7, 0.7, 0.8, 0.9, 1.2, 1.7, 1.9],
    weekdays: [1, 1, 1, 1, 1, 1.1, 1.1],
    hours: [1, 1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 6, 6, 7, 7, 7, 8, 9, 9, 8, 5, 3, 2],
    winterHours: [1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 5, 8, 14, 16, 15, 12, 6, 3, 2],
    space: { background: 1 },
  },
  diefstal: {
    share: 0.17,
    meldpunt: 0.1,
    months: [1.0, 0.9, 0.9, 1.0, 1.0, 1.0, 1.1, 1.1, 1.0, 1.0, 1.1, 1.3],
    weekdays: [0.6, 1.0, 1.0, 1.0, 1.0, 1.1, 1.4],
    hours: [1, 1, 1, 1, 1, 1, 2, 3, 4, 6, 8, 10, 10, 10, 10, 10, 10, 9, 7, 5, 4, 3, 2, 1],
    space: { background: 0.4, markt: 0.3, station: 0.15, buizingen: 0.07, lembeek: 0.08 },
  },
  geweld: {
    share: 0.08,
    meldpunt: 0.03,
    months: [0.9, 0.9, 0.9, 1.0, 1.1, 1.2, 1.2, 1.2, 1.0, 1.0, 0.9, 1.0],
    weekdays: [1.3, 0.8, 0.8, 0.8, 0.9, 1.3, 1.6],
    hours: [10, 9, 7, 4, 2, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    weekendNights: 1.6,
    space: { background: 0.5, markt: 0.3, station: 0.2 },
  },
  drugs: {
    share: 0.06,
    meldpunt: 0.2,
    months: [0.9, 0.9, 1.0, 1.0, 1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 0.9, 0.9],
    weekdays: [1.0, 0.9, 0.9, 1.0, 1.0, 1.2, 1.3],
    hours: [6, 5, 3, 2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 10, 10, 9, 8],
    space: { background: 0.35, station: 0.35, youth: 0.2, markt: 0.1 },
  },
  sluikstort: {
    share: 0.12,
    meldpunt: 0.9,
    months: [0.8, 0.8, 1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 1.1, 1.0, 0.9, 0.8],
    weekdays: [1.2, 1.1, 1.0, 1.0, 1.0, 1.0, 1.0],
    // Dumping is reported when someone sees it, mostly in daytime.
    hours: [1, 1, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 9, 9, 9, 8, 7, 6, 4, 3, 2, 1, 1, 1],
    // Field roads and wood edges: uniform over the whole area, not only where people live.
    space: { background: 0.45, anywhere: 0.45, station: 0.1 },
  },
  burenconflict: {
    share: 0.07,
    meldpunt: 0.5,
    months: [0.8, 0.8, 0.9, 1.0, 1.1, 1.3, 1.4, 1.3, 1.1, 0.9, 0.8, 0.8],
    weekdays: [1.3, 0.9, 0.9, 0.9, 0.9, 1.0, 1.3],
    hours: [2, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 6, 7, 8, 9, 9, 9, 8, 5, 3],
    space: { background: 1 },
  },
  verkeer: {
    share: 0.08,
    meldpunt: 0.1,
    months: [1.1, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.8, 1.0, 1.1, 1.2, 1.1],
    weekdays: [0.6, 1.1, 1.1, 1.1, 1.1, 1.1, 0.8],
    hours: [1, 1, 1, 1, 1, 2, 4, 9, 11, 7, 5, 5, 6, 6, 6, 8, 11, 12, 9, 6, 4, 3, 2, 1],
    space: { background: 0.55, markt: 0.15, station: 0.15, buizingen: 0.07, lembeek: 0.08 },
  },
};

export interface Day {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

export function periodDays(): Day[] {
  const days: Day[] = [];
  for (let n = dayNumber(INCIDENT_PERIOD.from); n <= dayNumber(INCIDENT_PERIOD.to); n++) {
    const d = new Date(isoDate(n));
    days.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() });
  }
  return days;
}

function isWeekendNight(weekday: number, hour: number): boolean {
  // Friday/Saturday evening, and the small hours of the Saturday/Sunday that follow.
  return (hour >= 21 && (weekday === 5 || weekday === 6)) || (hour < 4 && (weekday === 6 || weekday === 0));
}

function hourWeights(model: CategoryModel, month: number, weekday: number): number[] {
  const winter = month >= 11 || month <= 2;
  const base = winter && model.winterHours ? model.winterHours : model.hours;
  return base.map((w, h) => w * (model.weekendNights && isWeekendNight(weekday, h) ? model.weekendNights : 1));
}

interface Centre {
  position: Position;
  sigmaM: number;
}

function resolveHotspots(place: Placement): Partial<Record<Hotspot, Centre>> {
  const out: Partial<Record<Hotspot, Centre>> = {};
  for (const [name, spec] of Object.entries(HALLE_HOTSPOTS) as [Hotspot, (typeof HALLE_HOTSPOTS)[Hotspot]][]) {
    let position: Position | undefined;
    if ('position' in spec) position = place.inBoundary(spec.position) ? spec.position : undefined;
    else {
      const index = place.indexOfCode(spec.sector);
      position = index >= 0 ? place.labelPoint(index) : undefined;
    }
    // Outside the area given (e.g. another municipality's data): that share falls back to background.
    if (position) out[name] = { position, sigmaM: spec.sigmaM };
  }
  return out;
}

/** Street-level precision is imitated by snapping to a ~100 m grid (3 decimals), kept in the same sector. */
function coarsen(
  place: Placement,
  precision: LocationPrecision,
  exact: Position,
): { precision: LocationPrecision; position: Position } {
  if (precision === 'exact') return { precision, position: exact };
  const sector = place.sectorIndexOf(exact);
  if (sector < 0) return { precision: 'exact', position: exact };
  if (precision === 'sector') return { precision, position: place.labelPoint(sector) };
  const snapped = roundPosition([Math.round(exact[0] * 1000) / 1000, Math.round(exact[1] * 1000) / 1000]);
  return {
    precision,
    position: place.inBoundary(snapped) && place.sectorIndexOf(snapped) === sector ? snapped : exact,
  };
}

export function generateIncidents(
  place: Placement,
  youthFacilities: readonly YouthFacility[],
  seed: number,
  count = INCIDENT_COUNT,
): Incident[] {
  const rng = createRng(deriveSeed(seed, 'incidents'));
  const days = periodDays();
  const hotspots = resolveHotspots(place);
  const youth = youthFacilities.filter((f) => YOUTH_HOTSPOT_KINDS.includes(f.kind)).map((f) => f.position);
  const residents = place.sampler((s) => s.population);
  const precisionSampler = new WeightedSampler(PRECISION_SHARES.map(([, w]) => w));

  const locate = (component: SpaceComponent): Position => {
    if (component === 'background') return place.randomPointInSector(rng, residents.sample(rng));
    if (component === 'anywhere') return place.randomPointInBoundary(rng);
    if (component === 'youth') return place.pointNear(rng, rng.pick(youth), YOUTH_SIGMA_M);
    const centre = hotspots[component] as Centre;
    return place.pointNear(rng, centre.position, centre.sigmaM);
  };

  const counts = largestRemainder(
    INCIDENT_CATEGORIES.map((c) => INCIDENT_MODELS[c].share),
    count,
  );
  const rows: Omit<Incident, 'sourceId'>[] = [];
  INCIDENT_CATEGORIES.forEach((category, c) => {
    const model = INCIDENT_MODELS[category];
    const daySampler = new WeightedSampler(
      days.map((d) => (model.months[d.month - 1] ?? 0) * (model.weekdays[d.weekday] ?? 0)),
    );
    const hourSamplers = new Map<string, WeightedSampler>();
    const components = (Object.entries(model.space) as [SpaceComponent, number][]).filter(
      ([name]) =>
        name === 'background' ||
        name === 'anywhere' ||
        (name === 'youth' ? youth.length > 0 : hotspots[name as Hotspot]),
    );
    // Shares of unavailable hotspots go to the background, so the category keeps its count.
    const missing = 1 - components.reduce((s, [, w]) => s + w, 0);
    const withBackground = components.some(([n]) => n === 'background')
      ? components
      : [...components, ['background', 0] as [SpaceComponent, number]];
    const componentWeights = withBackground.map(([n, w]) => (n === 'background' ? w + Math.max(0, missing) : w));
    const componentSampler = new WeightedSampler(componentWeights);

    for (let i = 0; i < (counts[c] as number); i++) {
      const day = days[daySampler.sample(rng)] as Day;
      const key = `${day.month}:${day.weekday}`;
      let hours = hourSamplers.get(key);
      if (!hours) {
        hours = new WeightedSampler(hourWeights(model, day.month, day.weekday));
        hourSamplers.set(key, hours);
      }
      const occurredAt = brusselsToUtc(day.year, day.month, day.day, hours.sample(rng), rng.int(60)).toISOString();
      const component = (withBackground[componentSampler.sample(rng)] as [SpaceComponent, number])[0];
      const exact = locate(component);
      const located = coarsen(
        place,
        (PRECISION_SHARES[precisionSampler.sample(rng)] as [LocationPrecision, number])[0],
        exact,
      );
      rows.push({
        category,
        occurredAt,
        source: rng.chance(model.meldpunt) ? 'meldpunt' : 'politie',
        locationPrecision: located.precision,
        position: located.position,
      });
    }
  });
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => order(a.occurredAt, b.occurredAt) || order(a.category, b.category));
  return rows.map((row, i) => ({ sourceId: `DEMO-INC-${String(i + 1).padStart(6, '0')}`, ...row }));
}
