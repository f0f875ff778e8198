import type { Position } from './geo.ts';
import type { Placement } from './placement.ts';
import { createRng, deriveSeed, shuffled, WeightedSampler, type Rng } from './prng.ts';
import { largestRemainder } from './sectors.ts';
import { dayNumber, isoDate } from './time.ts';

/*
 * A synthetic vacancy register (leegstandsregister): mostly dwellings, concentrated in the old
 * centres and in a few streets, registered over six years, about 40 % resolved since.
 * Addresses use clearly fictional street names; there is no owner or other personal data.
 */

export const VACANCY_KINDS = ['woning', 'gebouw', 'bedrijfsruimte'] as const;
export type VacancyKind = (typeof VACANCY_KINDS)[number];
export const VACANCY_STATUSES = ['leegstaand', 'verwaarloosd', 'ongeschikt', 'onbewoonbaar'] as const;
export type VacancyStatus = (typeof VACANCY_STATUSES)[number];

export const VACANCY_COUNT = 300;
export const VACANCY_KIND_SHARES: Readonly<Record<VacancyKind, number>> = {
  woning: 0.7,
  gebouw: 0.17,
  bedrijfsruimte: 0.13,
};
// Unfit/uninhabitable are housing-quality verdicts, so they only apply to dwellings.
export const VACANCY_STATUS_SHARES: Readonly<Record<VacancyKind, readonly number[]>> = {
  woning: [0.45, 0.25, 0.18, 0.12],
  gebouw: [0.65, 0.35, 0, 0],
  bedrijfsruimte: [0.65, 0.35, 0, 0],
};

/** Registrations fall in the six years before this date; nothing is resolved on or after it. */
export const VACANCY_REFERENCE_DATE = '2026-10-01';
const REGISTER_FROM = '2020-10-01';

/** Older central sectors carry more vacancy: multiplier on residents (sector codes, 2024). */
export const VACANCY_CORE_FACTORS: Readonly<Record<string, number>> = {
  '23027A00-': 4, // Halle-centrum
  '23027A011': 2, // Bascuul
  '23027A02-': 1.5, // Don Bosco
  '23027A03-': 1.5, // Stroppen
  '23027A100': 1.5, // Sint-Rochus-kern (station)
  '23027B00-': 2, // Buizingen-dorp
  '23027C00-': 2, // Lembeek kern (oost)
  '23027C01-': 1.5, // Lembeek kern (west)
};
/** Industrial sectors, where a share of the empty business premises goes. */
export const INDUSTRIAL_SECTORS: readonly string[] = ['23027A572', '23027B07-'];
const INDUSTRIAL_SHARE = 0.3;
const STREET_CLUSTERS = 8;
const CLUSTER_SHARE = 0.25;
const CLUSTER_SIGMA_M = 70;

// Fictional street names: fairy-tale words × street kinds, so no address can be mistaken for a real one.
const STREET_WORDS = [
  'Eenhoorn',
  'Kabouter',
  'Fabel',
  'Sprookjes',
  'Wolken',
  'Regenboog',
  'Maanlicht',
  'Zonnedauw',
  'Komeet',
  'Noorderlicht',
  'Toverfluit',
  'Draken',
  'Feeën',
  'Reuzen',
  'Dwergen',
  'Elfen',
  'Zilvermaan',
  'Sterrenhemel',
  'Luchtkasteel',
  'Droom',
  'Verzinsel',
  'Denkbeeld',
  'Fantasie',
  'Verbeelding',
  'Pegasus',
  'Griffioen',
  'Zeemeermin',
  'Heksen',
  'Tovenaars',
  'Kobold',
];
const STREET_KINDS = ['straat', 'laan', 'dreef', 'weg', 'plein', 'steenweg', 'wegel'];
const STREETS_PER_SECTOR = 3;

export interface VacantBuilding {
  sourceId: string;
  address: string;
  kind: VacancyKind;
  status: VacancyStatus;
  registeredOn: string;
  resolvedOn: string | null;
  position: Position;
}

function coreFactor(code: string): number {
  return VACANCY_CORE_FACTORS[code] ?? 1;
}

/** Resolution probability grows with the time on the register: 0.65 · (1 − e^(−age / 2.5 y)), ≈ 40 % overall. */
function resolvedOn(rng: Rng, registered: number, reference: number): string | null {
  const age = reference - registered;
  if (!rng.chance(0.65 * (1 - Math.exp(-age / (2.5 * 365.25))))) return null;
  // Most cases close within months, a few take years; never on or after the reference date.
  const latest = age - 1;
  const days = Math.min(latest, Math.max(14, Math.round(latest * rng.next() ** 1.6)));
  return isoDate(registered + days);
}

export function generateVacantBuildings(place: Placement, seed: number, count = VACANCY_COUNT): VacantBuilding[] {
  const rng = createRng(deriveSeed(seed, 'vacant-buildings'));
  const residential = place.sampler((s) => s.population * coreFactor(s.code));
  const central = place.sampler((s) => s.population * coreFactor(s.code) ** 2);
  const industrial = place.sectors.map((s, i) => (INDUSTRIAL_SECTORS.includes(s.code) ? i : -1)).filter((i) => i >= 0);

  // Street names: a few per sector, plus one per cluster (a street with several empty houses).
  const streets = shuffled(
    rng,
    STREET_WORDS.flatMap((w) => STREET_KINDS.map((k) => w + k)),
  );
  let nextStreet = 0;
  const newStreet = (): string => streets[nextStreet++] ?? `Fictieve straat ${nextStreet}`;
  const sectorStreets = place.sectors.map(() => Array.from({ length: STREETS_PER_SECTOR }, newStreet));
  const clusters = Array.from({ length: STREET_CLUSTERS }, () => ({
    centre: place.randomPointInSector(rng, central.sample(rng)),
    street: newStreet(),
  }));
  const usedAddresses = new Set<string>();
  const address = (street: string): string => {
    for (;;) {
      const candidate = `${street} ${1 + rng.int(160)}`;
      if (!usedAddresses.has(candidate)) {
        usedAddresses.add(candidate);
        return candidate;
      }
    }
  };

  const kindCounts = largestRemainder(
    VACANCY_KINDS.map((k) => VACANCY_KIND_SHARES[k]),
    count,
  );
  const from = dayNumber(REGISTER_FROM);
  const reference = dayNumber(VACANCY_REFERENCE_DATE);
  const rows: Omit<VacantBuilding, 'sourceId'>[] = [];
  VACANCY_KINDS.forEach((kind, k) => {
    const statusSampler = new WeightedSampler(VACANCY_STATUS_SHARES[kind]);
    for (let i = 0; i < (kindCounts[k] as number); i++) {
      let position: Position;
      let street: string;
      if (kind === 'bedrijfsruimte' && industrial.length > 0 && rng.chance(INDUSTRIAL_SHARE)) {
        const sector = rng.pick(industrial);
        position = place.randomPointInSector(rng, sector);
        street = rng.pick(sectorStreets[sector] as string[]);
      } else if (kind !== 'bedrijfsruimte' && rng.chance(CLUSTER_SHARE)) {
        const cluster = rng.pick(clusters);
        position = place.pointNear(rng, cluster.centre, CLUSTER_SIGMA_M);
        street = cluster.street;
      } else {
        const sector = (kind === 'bedrijfsruimte' ? central : residential).sample(rng);
        position = place.randomPointInSector(rng, sector);
        street = rng.pick(sectorStreets[sector] as string[]);
      }
      const registered = from + rng.int(reference - from);
      rows.push({
        address: address(street),
        kind,
        status: VACANCY_STATUSES[statusSampler.sample(rng)] as VacancyStatus,
        registeredOn: isoDate(registered),
        resolvedOn: resolvedOn(rng, registered, reference),
        position,
      });
    }
  });
  // Register numbers follow the registration date, as in a real register.
  // Plain code-unit order, not localeCompare: the result must not depend on the ICU build.
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => order(a.registeredOn, b.registeredOn) || order(a.address, b.address));
  return rows.map((row, i) => ({ sourceId: `DEMO-LEEG-${String(i + 1).padStart(4, '0')}`, ...row }));
}
