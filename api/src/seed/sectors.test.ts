import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from './csv.ts';
import { GEODATA_DIR, GEODATA_FILES, readGeodataSources, type IncomeRow } from './geodata.ts';
import {
  assignWards,
  declarationWeights,
  deelgemeenteOf,
  estimateSectorFigures,
  formatEstimatesCsv,
  HALLE_POPULATION,
  HOUSEHOLD_SIZE,
  largestRemainder,
  parseEstimatesCsv,
} from './sectors.ts';

const row = (year: number, sectorId: string, sourceStatus: string, numberOfDeclarations: number | null): IncomeRow => ({
  year,
  sectorId,
  sourceStatus,
  numberOfDeclarations,
});

describe('largestRemainder', () => {
  it('apportions the classic example by hand', () => {
    // Quotas 4.7, 1.6, 1.58, 1.2, 0.61, 0.31: floors give 7, the 3 left go to .7, .61 and .6.
    expect(largestRemainder([47_000, 16_000, 15_800, 12_000, 6_100, 3_100], 10)).toEqual([5, 2, 1, 1, 1, 0]);
    expect(largestRemainder([5, 3, 2], 7)).toEqual([4, 2, 1]);
  });

  it('breaks ties towards the earlier index and always sums to the total', () => {
    expect(largestRemainder([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(largestRemainder([1, 1, 1], 2)).toEqual([1, 1, 0]);
    const weights = [0.3, 7, 0, 123.4, 5.55, 1e-9];
    for (const total of [0, 1, 17, 999, 40_182]) {
      const out = largestRemainder(weights, total);
      expect(out.reduce((s, n) => s + n, 0)).toBe(total);
      expect(out[2]).toBe(0);
    }
  });

  it('rejects impossible input', () => {
    expect(() => largestRemainder([0, 0], 5)).toThrow(RangeError);
    expect(() => largestRemainder([1, -1], 5)).toThrow(RangeError);
    expect(() => largestRemainder([1], 2.5)).toThrow(RangeError);
    expect(largestRemainder([0, 0], 0)).toEqual([0, 0]);
  });
});

describe('declarationWeights', () => {
  const income = [
    row(2022, 'X1', 'available', 100),
    row(2023, 'X1', 'available', 300),
    row(2022, 'X2', 'available', 100),
    row(2023, 'X2', 'not-published', 50),
    row(2023, 'X3', 'not-published', 20),
    row(2023, 'X4', 'not-published', null),
  ];

  it('takes the latest published year, then a suppressed year’s count, then the floor', () => {
    expect(declarationWeights(['X1', 'X2', 'X3', 'X4', 'X5'], income)).toEqual([
      { code: 'X1', declarations: 300, year: 2023, basis: 'available' },
      { code: 'X2', declarations: 100, year: 2022, basis: 'available' },
      { code: 'X3', declarations: 20, year: 2023, basis: 'not-published' },
      { code: 'X4', declarations: 20, year: null, basis: 'floor' },
      { code: 'X5', declarations: 20, year: null, basis: 'floor' },
    ]);
  });
});

describe('estimateSectorFigures', () => {
  it('spreads residents over declarations and dwellings over residents, exactly', () => {
    const sectors = ['23027A00-', '23027B01-', '23027C02-', '23027C03-'].map((code) => ({
      code,
      name: code,
      wardCode: null,
    }));
    const income = [
      row(2023, '23027A00-', 'available', 300),
      row(2023, '23027B01-', 'available', 100),
      row(2023, '23027C02-', 'not-published', 20),
    ];
    const out = estimateSectorFigures(sectors, income, { population: 1000, householdSize: 2.5 });
    // Weights 300, 100, 20, 20 (floor) of 440: quotas 681.82, 227.27, 45.45, 45.45 → +1 to the first and third.
    expect(out.map((s) => s.population)).toEqual([682, 227, 46, 45]);
    // 400 dwellings: quotas 272.8, 90.8, 18.4, 18.0 → +1 to the first two.
    expect(out.map((s) => s.dwellings)).toEqual([273, 91, 18, 18]);
    expect(out.map((s) => s.deelgemeente)).toEqual(['Halle', 'Buizingen', 'Lembeek', 'Lembeek']);
    expect(out[3]?.basis).toBe('floor');
  });
});

describe('deelgemeenteOf', () => {
  it('reads the sixth character of the sector code', () => {
    expect(deelgemeenteOf('23027A1AA')).toBe('Halle');
    expect(deelgemeenteOf('23027B07-')).toBe('Buizingen');
    expect(deelgemeenteOf('23027C091')).toBe('Lembeek');
    expect(() => deelgemeenteOf('23027D00-')).toThrow(RangeError);
  });
});

describe('CSV', () => {
  it('quotes and parses commas, quotes and apostrophes', () => {
    const text = formatCsv(
      ['a', 'b'],
      [
        { a: "STWG.'S GRAVENBRAKEL", b: 'x, "y"' },
        { a: 1, b: null },
      ],
    );
    expect(text).toBe('a,b\nSTWG.\'S GRAVENBRAKEL,"x, ""y"""\n1,\n');
    expect(parseCsv(text)).toEqual([
      { a: "STWG.'S GRAVENBRAKEL", b: 'x, "y"' },
      { a: '1', b: '' },
    ]);
    expect(parseCsv('\uFEFFa,b\r\n1,2\r\n')).toEqual([{ a: '1', b: '2' }]);
    expect(() => parseCsv('a,b\n1\n')).toThrow(SyntaxError);
  });

  it('refuses a malformed estimates file', () => {
    expect(() =>
      parseEstimatesCsv('code,name,ward_code,deelgemeente,population,dwellings\n23027A00-,X,,Halle,12.5,3\n'),
    ).toThrow(SyntaxError);
  });
});

describe('Halle sector estimates (geodata/)', async () => {
  const sources = await readGeodataSources();
  const estimates = estimateSectorFigures(assignWards(sources.sectors, sources.wards), sources.income);

  it('cover all 41 sectors and sum to the official population and the dwelling total', () => {
    expect(estimates).toHaveLength(41);
    expect(estimates.reduce((s, e) => s + e.population, 0)).toBe(HALLE_POPULATION);
    expect(estimates.reduce((s, e) => s + e.dwellings, 0)).toBe(Math.round(HALLE_POPULATION / HOUSEHOLD_SIZE));
    expect(estimates.every((e) => e.population >= 0 && e.dwellings >= 0)).toBe(true);
  });

  it('use the 2023 declarations, and the suppressed-year count for the two small sectors', () => {
    const suppressed = estimates.filter((e) => e.basis !== 'available').map((e) => [e.code, e.basis, e.declarations]);
    expect(suppressed).toEqual([
      ['23027A183', 'not-published', 4],
      ['23027A1PA', 'not-published', 13],
    ]);
    expect(estimates.every((e) => e.year === 2023)).toBe(true);
    // Halle-centrum, by hand: 1,939 of 24,926 declarations → 40,182 · 1,939 / 24,926 = 3,125.77 → 3,126
    // residents; 3,126 · 17,099 / 40,182 = 1,330.2 → 1,330 dwellings.
    expect(estimates.reduce((s, e) => s + e.declarations, 0)).toBe(24_926);
    const centrum = estimates.find((e) => e.code === '23027A00-');
    expect([centrum?.declarations, centrum?.population, centrum?.dwellings]).toEqual([1939, 3126, 1330]);
  });

  it('give every sector a ward, by largest overlap', () => {
    expect(estimates.every((e) => e.wardCode !== null && (e.wardShare ?? 0) > 0.5)).toBe(true);
    const wardOf = (code: string) => estimates.find((e) => e.code === code)?.wardCode;
    expect(wardOf('23027A00-')).toBe('23027W03'); // Halle-centrum
    expect(wardOf('23027B01-')).toBe('23027W02'); // Buizingen
    expect(wardOf('23027A1PA')).toBe('23027W07'); // split 64/36 between Rodenem-Essenbeek and Sint-Rochus
  });

  it('match the committed geodata/halle_sector_estimates.csv (regenerate with api/src/cli/estimate-sectors.ts)', async () => {
    const committed = await readFile(new URL(GEODATA_FILES.estimates, GEODATA_DIR), 'utf8');
    expect(committed).toBe(formatEstimatesCsv(estimates));
  });
});
