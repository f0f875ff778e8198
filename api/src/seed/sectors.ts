import { formatCsv, parseCsv } from './csv.ts';
import { overlapShares, toArea } from './geo.ts';
import type { AreaFeature, IncomeRow } from './geodata.ts';

/*
 * Estimated residents and dwellings per statistical sector. No official population per sector
 * is available here, so Halle's official total is spread over the sectors in proportion to the
 * number of tax declarations (Statbel fiscal statistics). These are estimates, labelled as such.
 */

/** Halle's official population on 1 January 2020 (Statbel). */
export const HALLE_POPULATION = 40_182;
/** Average household size assumed for Halle (≈ Statbel's figure); dwellings ≈ residents / this. */
export const HOUSEHOLD_SIZE = 2.35;

export const DEELGEMEENTEN: Readonly<Record<string, string>> = { A: 'Halle', B: 'Buizingen', C: 'Lembeek' };

/** Former municipality from the sector code's 6th character (23027A… Halle, B… Buizingen, C… Lembeek). */
export function deelgemeenteOf(code: string): string {
  const name = DEELGEMEENTEN[code.charAt(5)];
  if (!name) throw new RangeError(`sector ${code}: unknown deelgemeente letter "${code.charAt(5)}"`);
  return name;
}

/**
 * Integers proportional to `weights` that sum exactly to `total` (Hamilton / largest-remainder
 * method): everyone gets the floor of their quota, the units left go to the largest remainders,
 * ties to the earlier index.
 */
export function largestRemainder(weights: readonly number[], total: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  const sum = weights.reduce((s, w) => {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and >= 0, got ${w}`);
    return s + w;
  }, 0);
  if (weights.length === 0 || sum <= 0) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError('cannot apportion a positive total over zero weights');
  }
  // Quota = w·total/sum; kept as numerator and remainder so integer weights apportion exactly.
  const result = weights.map((w) => Math.floor((w * total) / sum));
  let left = total - result.reduce((s, n) => s + n, 0);
  const order = weights
    .map((w, i) => ({ i, r: w * total - (result[i] as number) * sum }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = (result[i] as number) + 1;
    left--;
  }
  return result;
}

/**
 * Where a sector's weight came from: a year with published income figures; a year whose income
 * figures Statbel suppressed (too few declarations) but whose declaration count it still
 * publishes; or no count at all, in which case the floor (the smallest count of the other sectors).
 */
export type WeightBasis = 'available' | 'not-published' | 'floor';

export interface DeclarationWeight {
  code: string;
  declarations: number;
  year: number | null;
  basis: WeightBasis;
}

/** The number of tax declarations per sector: latest year first, preferring published years. */
export function declarationWeights(codes: readonly string[], rows: readonly IncomeRow[]): DeclarationWeight[] {
  const bySector = new Map<string, IncomeRow[]>();
  for (const row of rows) {
    if (row.numberOfDeclarations === null || row.numberOfDeclarations < 0) continue;
    const list = bySector.get(row.sectorId) ?? [];
    list.push(row);
    bySector.set(row.sectorId, list);
  }
  const found = codes.map((code): DeclarationWeight | null => {
    const list = [...(bySector.get(code) ?? [])].sort((a, b) => b.year - a.year);
    const row = list.find((r) => r.sourceStatus === 'available') ?? list[0];
    if (!row) return null;
    const basis: WeightBasis = row.sourceStatus === 'available' ? 'available' : 'not-published';
    return { code, declarations: row.numberOfDeclarations as number, year: row.year, basis };
  });
  const counted = found.filter((w): w is DeclarationWeight => w !== null);
  if (counted.length === 0) throw new RangeError('no sector has a declaration count');
  const floor = Math.min(...counted.map((w) => w.declarations));
  return found.map((w, i) => w ?? { code: codes[i] as string, declarations: floor, year: null, basis: 'floor' });
}

export interface SectorInput {
  code: string;
  name: string;
  wardCode: string | null;
  /** Share of the sector's area inside its ward (reviewability only). */
  wardShare?: number;
}

export interface SectorEstimate extends DeclarationWeight {
  name: string;
  wardCode: string | null;
  wardShare: number | null;
  deelgemeente: string;
  population: number;
  dwellings: number;
}

export interface EstimateOptions {
  population?: number;
  householdSize?: number;
}

/**
 * Residents ∝ declarations, summing exactly to the official total; dwellings ∝ residents,
 * summing exactly to round(total / household size). Both by largest remainder.
 */
export function estimateSectorFigures(
  sectors: readonly SectorInput[],
  income: readonly IncomeRow[],
  { population = HALLE_POPULATION, householdSize = HOUSEHOLD_SIZE }: EstimateOptions = {},
): SectorEstimate[] {
  if (!(householdSize > 0)) throw new RangeError(`household size must be positive, got ${householdSize}`);
  const weights = declarationWeights(
    sectors.map((s) => s.code),
    income,
  );
  const residents = largestRemainder(
    weights.map((w) => w.declarations),
    population,
  );
  const dwellings = largestRemainder(residents, Math.round(population / householdSize));
  return sectors.map((s, i) => ({
    ...(weights[i] as DeclarationWeight),
    name: s.name,
    wardCode: s.wardCode,
    wardShare: s.wardShare ?? null,
    deelgemeente: deelgemeenteOf(s.code),
    population: residents[i] as number,
    dwellings: dwellings[i] as number,
  }));
}

/**
 * Each sector's ward: the ward covering the largest part of it. The wards are built on the 2025
 * sectors, so codes do not join; the overlap is estimated on a fine grid (equal-area cells).
 */
export function assignWards(sectors: readonly AreaFeature[], wards: readonly AreaFeature[]): SectorInput[] {
  const wardAreas = wards.map((w) => toArea(w.coords));
  return sectors.map((s) => {
    const shares = overlapShares(toArea(s.coords), wardAreas, 6000);
    let best = -1;
    shares.forEach((share, i) => {
      if (share > 0 && (best < 0 || share > (shares[best] as number))) best = i;
    });
    return {
      code: s.code,
      name: s.name,
      wardCode: best >= 0 ? (wards[best] as AreaFeature).code : null,
      wardShare: best >= 0 ? Math.round((shares[best] as number) * 1000) / 1000 : 0,
    };
  });
}

export const ESTIMATE_COLUMNS = [
  'code',
  'name',
  'ward_code',
  'deelgemeente',
  'population',
  'dwellings',
  'declarations',
  'declarations_year',
  'declarations_status',
  'ward_share',
] as const;

export function formatEstimatesCsv(estimates: readonly SectorEstimate[]): string {
  return formatCsv(
    ESTIMATE_COLUMNS,
    estimates.map((e) => ({
      code: e.code,
      name: e.name,
      ward_code: e.wardCode,
      deelgemeente: e.deelgemeente,
      population: e.population,
      dwellings: e.dwellings,
      declarations: e.declarations,
      declarations_year: e.year,
      declarations_status: e.basis,
      ward_share: e.wardShare === null ? null : e.wardShare.toFixed(3),
    })),
  );
}

/** The figures the loader needs from geodata/halle_sector_estimates.csv. */
export interface SectorFigures {
  code: string;
  name: string;
  wardCode: string | null;
  deelgemeente: string;
  population: number;
  dwellings: number;
}

export function parseEstimatesCsv(text: string): SectorFigures[] {
  return parseCsv(text).map((r, n) => {
    const population = Number(r.population);
    const dwellings = Number(r.dwellings);
    if (!r.code || !r.name || !r.deelgemeente || !Number.isInteger(population) || !Number.isInteger(dwellings)) {
      throw new SyntaxError(`halle_sector_estimates.csv row ${n + 2} is malformed`);
    }
    return {
      code: r.code,
      name: r.name,
      wardCode: r.ward_code ? r.ward_code : null,
      deelgemeente: r.deelgemeente,
      population,
      dwellings,
    };
  });
}
