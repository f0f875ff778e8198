import { describe, expect, it } from 'vitest';
import { parameterOf } from '../../../tests/support/parameter-of.ts';
import {
  assertSupportedRange,
  bucketCount,
  bucketOf,
  calendarBuckets,
  parsePeriod,
  precedingBucket,
  previousPeriod,
} from './period.ts';

const d = (iso: string) => new Date(iso);

describe('parsePeriod', () => {
  it('reads the datetime grammar', () => {
    expect(parsePeriod('2024-01-01/2024-12-31')).toEqual({
      start: d('2024-01-01T00:00:00.000Z'),
      end: d('2024-12-31T23:59:59.999Z'),
    });
    expect(parsePeriod('2024-01-01/..')).toEqual({ start: d('2024-01-01T00:00:00.000Z'), end: null });
  });
  it('names period, not datetime, in its errors', () => {
    expect(parameterOf(() => parsePeriod('2024-02-30'))).toBe('period');
    expect(() => parsePeriod('2024-02-01/2024-01-01')).toThrow(/^period interval must not end before it starts$/);
  });
});

describe('previousPeriod', () => {
  it('compares whole calendar months with as many calendar months just before', () => {
    // A month with the month before.
    expect(previousPeriod({ start: d('2024-01-01T00:00:00.000Z'), end: d('2024-01-31T23:59:59.999Z') })).toEqual({
      start: d('2023-12-01T00:00:00.000Z'),
      end: d('2023-12-31T23:59:59.999Z'),
    });
    // 2025 with 2024, although 2024 has a leap day.
    expect(previousPeriod({ start: d('2025-01-01T00:00:00.000Z'), end: d('2025-12-31T23:59:59.999Z') })).toEqual({
      start: d('2024-01-01T00:00:00.000Z'),
      end: d('2024-12-31T23:59:59.999Z'),
    });
    // March 2025 with February (28 days).
    expect(previousPeriod({ start: d('2025-03-01T00:00:00.000Z'), end: d('2025-03-31T23:59:59.999Z') })).toEqual({
      start: d('2025-02-01T00:00:00.000Z'),
      end: d('2025-02-28T23:59:59.999Z'),
    });
    // The second quarter of 2024 with the first, across a year boundary for the first quarter.
    expect(previousPeriod({ start: d('2024-04-01T00:00:00.000Z'), end: d('2024-06-30T23:59:59.999Z') })).toEqual({
      start: d('2024-01-01T00:00:00.000Z'),
      end: d('2024-03-31T23:59:59.999Z'),
    });
    expect(previousPeriod({ start: d('2024-01-01T00:00:00.000Z'), end: d('2024-03-31T23:59:59.999Z') })).toEqual({
      start: d('2023-10-01T00:00:00.000Z'),
      end: d('2023-12-31T23:59:59.999Z'),
    });
  });

  it('otherwise has the same length and ends 1 ms before the period starts', () => {
    // 10 days, 2025-03-05 … 2025-03-14: the 10 days before are 2025-02-23 … 2025-03-04.
    expect(previousPeriod({ start: d('2025-03-05T00:00:00.000Z'), end: d('2025-03-14T23:59:59.999Z') })).toEqual({
      start: d('2025-02-23T00:00:00.000Z'),
      end: d('2025-03-04T23:59:59.999Z'),
    });
  });

  it('gives an instant the instant 1 ms before it', () => {
    const t = d('2025-03-01T08:00:00.000Z');
    const before = d('2025-03-01T07:59:59.999Z');
    expect(previousPeriod({ start: t, end: t })).toEqual({ start: before, end: before });
  });
});

describe('calendar buckets', () => {
  it('finds the UTC year and month holding an instant', () => {
    expect(bucketOf('year', d('2024-12-31T23:30:00Z'))).toEqual({
      label: '2024',
      start: d('2024-01-01T00:00:00.000Z'),
      end: d('2024-12-31T23:59:59.999Z'),
    });
    expect(bucketOf('month', d('2024-02-10T00:00:00Z'))).toEqual({
      label: '2024-02',
      start: d('2024-02-01T00:00:00.000Z'),
      end: d('2024-02-29T23:59:59.999Z'),
    });
  });
  it('labels years before 100 with four digits (Date.UTC would read them as 19xx)', () => {
    expect(bucketOf('year', d('0050-06-01T00:00:00Z'))).toMatchObject({
      label: '0050',
      start: d('0050-01-01T00:00:00Z'),
    });
  });
  it('steps back across a year boundary', () => {
    expect(precedingBucket('month', bucketOf('month', d('2025-01-15T00:00:00Z'))).label).toBe('2024-12');
    expect(precedingBucket('year', bucketOf('year', d('2025-01-15T00:00:00Z'))).label).toBe('2024');
  });
  it('counts from the bucket holding the first instant to the one holding the last', () => {
    expect(bucketCount('year', d('2024-01-15T00:00:00Z'), d('2025-03-01T00:00:00Z'))).toBe(2);
    // 2024-11, 2024-12, 2025-01, 2025-02, 2025-03
    expect(bucketCount('month', d('2024-11-30T00:00:00Z'), d('2025-03-01T00:00:00Z'))).toBe(5);
    expect(bucketCount('month', d('2025-03-01T00:00:00Z'), d('2024-03-01T00:00:00Z'))).toBe(0);
  });
  it('lists consecutive buckets that leave no gap', () => {
    const months = calendarBuckets('month', d('2024-11-30T00:00:00Z'), d('2025-02-01T00:00:00Z'));
    expect(months.map((b) => b.label)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    for (let i = 1; i < months.length; i++) {
      expect(months[i]!.start.getTime() - months[i - 1]!.end.getTime()).toBe(1);
    }
    expect(months.at(-1)!.end).toEqual(d('2025-02-28T23:59:59.999Z'));
  });
});

describe('assertSupportedRange', () => {
  it('accepts years 1 to 9999 and open ends', () => {
    expect(() =>
      assertSupportedRange([{ start: d('0001-01-01T00:00:00Z'), end: d('9999-12-31T23:59:59.999Z') }]),
    ).not.toThrow();
    expect(() => assertSupportedRange([{ start: null, end: null }])).not.toThrow();
  });
  it('refuses year 0 (PostgreSQL has none)', () => {
    expect(parameterOf(() => assertSupportedRange([{ start: d('0000-06-01T00:00:00Z'), end: null }]))).toBe('period');
  });
});
