import { describe, expect, it } from 'vitest';
import { computeFigure, countsBySector, figureAt } from './compute.ts';
import {
  findIndicator,
  MIN_DWELLINGS_FOR_STABLE_RATE,
  MIN_PREVIOUS_COUNT_FOR_STABLE_CHANGE,
  MIN_RESIDENTS_FOR_STABLE_RATE,
} from './registry.ts';

const residents = findIndicator('incidents-per-1000-residents')!;
const dwellings = findIndicator('vacant-buildings-per-1000-dwellings')!;
const youth = findIndicator('youth-facilities-within-500m')!;
const change = findIndicator('incidents-change')!;
const openSignals = findIndicator('open-signals')!;
const daysToClose = findIndicator('median-days-to-close')!;

describe('computeFigure', () => {
  it('gives rates per 1,000 of the right denominator', () => {
    const sector = { population: 1000, dwellings: 400 };
    expect(computeFigure(residents, sector, 3)).toEqual({ value: 3, numerator: 3, denominator: 1000, unstable: false });
    expect(computeFigure(dwellings, sector, 1)).toEqual({
      value: 2.5,
      numerator: 1,
      denominator: 400,
      unstable: false,
    });
  });
  it('flags small denominators as unstable, at the thresholds exactly', () => {
    const at = { population: MIN_RESIDENTS_FOR_STABLE_RATE, dwellings: MIN_DWELLINGS_FOR_STABLE_RATE };
    const below = { population: MIN_RESIDENTS_FOR_STABLE_RATE - 1, dwellings: MIN_DWELLINGS_FOR_STABLE_RATE - 1 };
    expect(computeFigure(residents, at, 1).unstable).toBe(false);
    expect(computeFigure(residents, below, 1).unstable).toBe(true);
    expect(computeFigure(dwellings, at, 1).unstable).toBe(false);
    expect(computeFigure(dwellings, below, 1).unstable).toBe(true);
    expect(computeFigure(change, at, 1, MIN_PREVIOUS_COUNT_FOR_STABLE_CHANGE).unstable).toBe(false);
    expect(computeFigure(change, at, 1, MIN_PREVIOUS_COUNT_FOR_STABLE_CHANGE - 1).unstable).toBe(true);
  });
  it('gives null, not Infinity, for a denominator of 0', () => {
    expect(computeFigure(residents, { population: 0, dwellings: 0 }, 2)).toEqual({
      value: null,
      numerator: 2,
      denominator: 0,
      unstable: true,
    });
    expect(computeFigure(change, { population: 0, dwellings: 0 }, 2, 0).value).toBeNull();
  });
  it('gives the percent change against the previous count', () => {
    const sector = { population: 1000, dwellings: 400 };
    expect(computeFigure(change, sector, 6, 8)).toEqual({ value: -25, numerator: 6, denominator: 8, unstable: false });
  });
  it('counts facilities without a denominator, never unstable', () => {
    expect(computeFigure(youth, { population: 0, dwellings: 0 }, 4)).toEqual({
      value: 4,
      numerator: 4,
      denominator: null,
      unstable: false,
    });
  });
});

describe('computeFigure for signals', () => {
  const sector = { population: 1000, dwellings: 400 };
  it('counts open signals without a denominator, never unstable', () => {
    expect(computeFigure(openSignals, sector, 3)).toEqual({
      value: 3,
      numerator: 3,
      denominator: null,
      unstable: false,
    });
  });
  it('gives the median with how many signals it is over, and null when none closed', () => {
    expect(computeFigure(daysToClose, sector, 4, 0, 12.5)).toEqual({
      value: 12.5,
      numerator: 4,
      denominator: null,
      unstable: false,
    });
    expect(computeFigure(daysToClose, sector, 0, 0, null).value).toBeNull();
  });
});

describe('countsBySector and figureAt', () => {
  const rows = [
    { code: 'A', name: 'a', population: 200, dwellings: 80, period: 1, count: 4 },
    { code: 'A', name: 'a', population: 200, dwellings: 80, period: 2, count: 6 },
    { code: 'B', name: 'b', population: 10, dwellings: 5, period: 1, count: 0 },
    { code: 'B', name: 'b', population: 10, dwellings: 5, period: 2, count: 1 },
  ];
  it('groups rows per sector, counts in period order', () => {
    expect(countsBySector(rows).map((s) => [s.code, s.counts])).toEqual([
      ['A', [4, 6]],
      ['B', [0, 1]],
    ]);
  });
  it('compares a change with the period before; other indicators take the count alone', () => {
    const [a] = countsBySector(rows);
    expect(figureAt(change, a!, 1)).toEqual({ value: 50, numerator: 6, denominator: 4, unstable: true }); // 100 * (6 - 4) / 4
    expect(figureAt(residents, a!, 1)).toEqual({ value: 30, numerator: 6, denominator: 200, unstable: false }); // 1000 * 6 / 200
  });
  it('keeps the median of each period for a median-duration indicator', () => {
    const medians = [
      { code: 'A', name: 'a', population: 200, dwellings: 80, period: 1, count: 2, median: 7.5 },
      { code: 'B', name: 'b', population: 10, dwellings: 5, period: 1, count: 0, median: null },
    ];
    const [a, b] = countsBySector(medians);
    expect(figureAt(daysToClose, a!, 0)).toEqual({ value: 7.5, numerator: 2, denominator: null, unstable: false });
    expect(figureAt(daysToClose, b!, 0)).toEqual({ value: null, numerator: 0, denominator: null, unstable: false });
  });
});
