import { describe, expect, it } from 'vitest';
import { parameterOf } from '../../../tests/support/parameter-of.ts';
import { parsePeriod } from './period.ts';
import { assertSeriesIndicator, MAX_SERIES_POINTS, planFigures, planSeries } from './plan.ts';
import { findIndicator } from './registry.ts';

const rate = findIndicator('incidents-per-1000-residents')!;
const change = findIndicator('incidents-change')!;
const youth = findIndicator('youth-facilities-within-500m')!;
const openSignals = findIndicator('open-signals')!;
const daysToClose = findIndicator('median-days-to-close')!;
const d = (iso: string) => new Date(iso);

describe('planFigures', () => {
  it('counts all time without a period', () => {
    expect(planFigures(rate, null)).toEqual({
      period: null,
      previousPeriod: null,
      periods: [{ start: null, end: null }],
    });
  });
  it('ignores the period of an indicator without time', () => {
    expect(planFigures(youth, parsePeriod('2024-01-01/2024-12-31')).period).toBeNull();
  });
  it('counts a change in the previous period first, then the period', () => {
    const period = parsePeriod('2024-02-01/2024-02-29');
    const previous = { start: d('2024-01-01T00:00:00.000Z'), end: d('2024-01-31T23:59:59.999Z') }; // February compares with January
    expect(planFigures(change, period)).toEqual({ period, previousPeriod: previous, periods: [previous, period] });
  });
  it('needs a closed period for a change', () => {
    expect(parameterOf(() => planFigures(change, null))).toBe('period');
    expect(parameterOf(() => planFigures(change, parsePeriod('2024-01-01/..')))).toBe('period');
  });
});

describe('planFigures for signals', () => {
  it('counts open signals at the last instant of the period, and now for all time or an open end', () => {
    const year = parsePeriod('2025-01-01/2025-12-31');
    const end = d('2025-12-31T23:59:59.999Z');
    expect(planFigures(openSignals, year)).toEqual({
      period: year,
      previousPeriod: null,
      periods: [{ start: end, end }],
    });
    const now = d('2026-03-04T05:06:07.000Z');
    expect(planFigures(openSignals, null, now).periods).toEqual([{ start: now, end: now }]);
    expect(planFigures(openSignals, parsePeriod('2025-01-01/..'), now).periods).toEqual([{ start: now, end: now }]);
  });
  it('takes the median over the period as asked (the signals closed in it)', () => {
    const year = parsePeriod('2025-01-01/2025-12-31');
    expect(planFigures(daysToClose, year).periods).toEqual([year]);
    expect(planFigures(daysToClose, null).periods).toEqual([{ start: null, end: null }]);
  });
});

describe('planSeries', () => {
  const data = { first: d('2024-01-15T22:00:00Z'), last: d('2025-03-01T08:00:00Z') };

  it('spans the data when no period is given', () => {
    const plan = planSeries(rate, 'year', null, data);
    expect(plan.buckets.map((b) => b.label)).toEqual(['2024', '2025']);
    expect(plan.periods).toEqual(plan.buckets);
  });
  it('adds the bucket before the first for a change', () => {
    const plan = planSeries(change, 'month', parsePeriod('2025-01-01/2025-02-15'), data);
    expect(plan.buckets.map((b) => b.label)).toEqual(['2025-01', '2025-02']);
    expect(plan.periods.map((b) => b.label)).toEqual(['2024-12', '2025-01', '2025-02']);
  });
  it('fills an open side of the period from the data', () => {
    expect(planSeries(rate, 'year', parsePeriod('2025-06-01/..'), data).buckets.map((b) => b.label)).toEqual(['2025']);
  });
  it('is empty without data or when the period lies after the data', () => {
    expect(planSeries(rate, 'year', null, { first: null, last: null })).toEqual({ buckets: [], periods: [] });
    expect(planSeries(rate, 'year', parsePeriod('2030-01-01/..'), data).buckets).toEqual([]);
  });
  it(`refuses more than ${MAX_SERIES_POINTS} points, naming what to change`, () => {
    // 2001-01 … 2020-12 is exactly 240 months; one more year is 252.
    expect(planSeries(rate, 'month', parsePeriod('2001-01-01/2020-12-31'), data).buckets).toHaveLength(240);
    expect(parameterOf(() => planSeries(rate, 'month', parsePeriod('2000-01-01/2020-12-31'), data))).toBe('period');
    expect(
      parameterOf(() => planSeries(rate, 'month', null, { first: d('2000-01-01T00:00:00Z'), last: data.last })),
    ).toBe('interval');
  });
  it('refuses a change series whose first bucket has no bucket before it in year 1', () => {
    expect(parameterOf(() => planSeries(change, 'year', parsePeriod('0001-01-01/0001-12-31'), data))).toBe('period');
  });
});

describe('assertSeriesIndicator', () => {
  it('refuses an indicator without time', () => {
    expect(parameterOf(() => assertSeriesIndicator(youth))).toBe('indicator');
    expect(() => assertSeriesIndicator(rate)).not.toThrow();
  });
});

describe('planSeries for open signals', () => {
  it('counts what is open at the end of each bucket, keeping the buckets as labelled', () => {
    const data = { first: d('2024-03-01T00:00:00Z'), last: d('2025-02-01T00:00:00Z') };
    const plan = planSeries(openSignals, 'year', null, data);
    expect(plan.buckets.map((b) => b.label)).toEqual(['2024', '2025']);
    expect(plan.periods.map((p) => [p.label, p.start.toISOString(), p.end.toISOString()])).toEqual([
      ['2024', '2024-12-31T23:59:59.999Z', '2024-12-31T23:59:59.999Z'],
      ['2025', '2025-12-31T23:59:59.999Z', '2025-12-31T23:59:59.999Z'],
    ]);
  });
});
