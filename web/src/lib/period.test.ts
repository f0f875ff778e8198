import { describe, expect, it } from 'vitest';
import { isIsoDate, isPeriod, nextIndex, parseIsoDate, windowIndexOf, windows } from './period.ts';

const span = (list: { start: string; end: string }[]) => list.map((w) => `${w.start}/${w.end}`);
const labels = (list: { label: string }[]) => list.map((w) => w.label);

describe('windows', () => {
  it('cuts a year into months, with February’s length from the leap year', () => {
    const months = windows({ start: '2024-01-01', end: '2024-12-31' }, 'month');
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ start: '2024-01-01', end: '2024-01-31', label: 'jan 2024' });
    expect(months[1]).toEqual({ start: '2024-02-01', end: '2024-02-29', label: 'feb 2024' });
    expect(months[3]).toEqual({ start: '2024-04-01', end: '2024-04-30', label: 'apr 2024' });
    expect(months[11]).toEqual({ start: '2024-12-01', end: '2024-12-31', label: 'dec 2024' });
    expect(windows({ start: '2023-02-01', end: '2023-02-28' }, 'month')).toEqual([
      { start: '2023-02-01', end: '2023-02-28', label: 'feb 2023' },
    ]);
    // 1900 is not a leap year, 2000 is.
    expect(span(windows({ start: '1900-02-10', end: '1900-02-10' }, 'month'))).toEqual(['1900-02-01/1900-02-28']);
    expect(span(windows({ start: '2000-02-10', end: '2000-02-10' }, 'month'))).toEqual(['2000-02-01/2000-02-29']);
  });

  it('labels months in Dutch and English', () => {
    const range = { start: '2024-03-01', end: '2024-05-31' };
    expect(labels(windows(range, 'month', 'nl'))).toEqual(['mrt 2024', 'apr 2024', 'mei 2024']);
    expect(labels(windows(range, 'month', 'en'))).toEqual(['Mar 2024', 'Apr 2024', 'May 2024']);
  });

  it('cuts into calendar quarters, ending on the quarter’s last day', () => {
    expect(windows({ start: '2024-01-01', end: '2024-12-31' }, 'quarter')).toEqual([
      { start: '2024-01-01', end: '2024-03-31', label: '2024 K1' },
      { start: '2024-04-01', end: '2024-06-30', label: '2024 K2' },
      { start: '2024-07-01', end: '2024-09-30', label: '2024 K3' },
      { start: '2024-10-01', end: '2024-12-31', label: '2024 K4' },
    ]);
    expect(labels(windows({ start: '2024-01-01', end: '2024-06-30' }, 'quarter', 'en'))).toEqual([
      '2024 Q1',
      '2024 Q2',
    ]);
  });

  it('covers a range that starts and ends mid-month with whole calendar windows', () => {
    const range = { start: '2023-11-15', end: '2024-02-10' };
    expect(span(windows(range, 'month'))).toEqual([
      '2023-11-01/2023-11-30',
      '2023-12-01/2023-12-31',
      '2024-01-01/2024-01-31',
      '2024-02-01/2024-02-29',
    ]);
    expect(labels(windows(range, 'month', 'en'))).toEqual(['Nov 2023', 'Dec 2023', 'Jan 2024', 'Feb 2024']);
    expect(windows(range, 'quarter', 'en')).toEqual([
      { start: '2023-10-01', end: '2023-12-31', label: '2023 Q4' },
      { start: '2024-01-01', end: '2024-03-31', label: '2024 Q1' },
    ]);
    expect(windows(range, 'year')).toEqual([
      { start: '2023-01-01', end: '2023-12-31', label: '2023' },
      { start: '2024-01-01', end: '2024-12-31', label: '2024' },
    ]);
  });

  it('ends with the window holding the range’s end, even on its first or last day', () => {
    expect(span(windows({ start: '2024-03-31', end: '2024-04-01' }, 'quarter'))).toEqual([
      '2024-01-01/2024-03-31',
      '2024-04-01/2024-06-30',
    ]);
    expect(span(windows({ start: '2024-02-29', end: '2024-02-29' }, 'month'))).toEqual(['2024-02-01/2024-02-29']);
    expect(span(windows({ start: '2021-06-30', end: '2024-01-01' }, 'year'))).toEqual([
      '2021-01-01/2021-12-31',
      '2022-01-01/2022-12-31',
      '2023-01-01/2023-12-31',
      '2024-01-01/2024-12-31',
    ]);
  });

  it('leaves no gaps: each window starts the day after the previous one ends', () => {
    for (const step of ['month', 'quarter', 'year'] as const) {
      const list = windows({ start: '2019-05-17', end: '2025-08-02' }, step);
      for (let i = 1; i < list.length; i++) {
        const dayAfter = parseIsoDate(list[i - 1]!.end)! + 86_400_000;
        expect(parseIsoDate(list[i]!.start)).toBe(dayAfter);
      }
    }
    expect(windows({ start: '2019-05-17', end: '2025-08-02' }, 'month')).toHaveLength(76);
  });

  it('has no windows for a malformed or reversed range', () => {
    expect(windows({ start: '2024-12-31', end: '2024-01-01' }, 'month')).toEqual([]);
    expect(windows({ start: '2024-02-30', end: '2024-12-31' }, 'month')).toEqual([]);
    expect(windows({ start: '2024-1-1', end: '2024-12-31' }, 'year')).toEqual([]);
    expect(windows({ start: '', end: '' }, 'quarter')).toEqual([]);
  });
});

describe('windowIndexOf', () => {
  const quarters = windows({ start: '2024-01-01', end: '2024-12-31' }, 'quarter');

  it('finds the window holding the period’s start', () => {
    expect(windowIndexOf(quarters, { start: '2024-01-01', end: '2024-03-31' })).toBe(0);
    expect(windowIndexOf(quarters, { start: '2024-03-31', end: '2024-12-31' })).toBe(0);
    expect(windowIndexOf(quarters, { start: '2024-04-01', end: '2024-04-01' })).toBe(1);
    expect(windowIndexOf(quarters, { start: '2024-12-31', end: '2024-12-31' })).toBe(3);
  });

  it('is -1 outside the windows, without a period or for a malformed date', () => {
    expect(windowIndexOf(quarters, { start: '2023-12-31', end: '2024-01-31' })).toBe(-1);
    expect(windowIndexOf(quarters, { start: '2025-01-01', end: '2025-01-31' })).toBe(-1);
    expect(windowIndexOf(quarters, null)).toBe(-1);
    expect(windowIndexOf(quarters, { start: 'soon', end: 'later' })).toBe(-1);
    expect(windowIndexOf([], { start: '2024-01-01', end: '2024-01-01' })).toBe(-1);
  });
});

describe('nextIndex', () => {
  it('steps on and wraps to the first window after the last', () => {
    expect(nextIndex(0, 4)).toBe(1);
    expect(nextIndex(2, 4)).toBe(3);
    expect(nextIndex(3, 4)).toBe(0);
    expect(nextIndex(0, 1)).toBe(0);
  });

  it('starts at the first window from nowhere or out of range, and is -1 without windows', () => {
    expect(nextIndex(-1, 4)).toBe(0);
    expect(nextIndex(9, 4)).toBe(0);
    expect(nextIndex(0, 0)).toBe(-1);
  });
});

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-00-10')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-4-3')).toBe(false);
    expect(isIsoDate('2024-04-03T00:00:00Z')).toBe(false);
    expect(parseIsoDate('1970-01-02')).toBe(86_400_000);
    expect(parseIsoDate('0050-01-01')).toBe(Date.parse('0050-01-01T00:00:00Z')); // not 1950
  });

  it('checks a period’s order', () => {
    expect(isPeriod({ start: '2024-01-01', end: '2024-01-01' })).toBe(true);
    expect(isPeriod({ start: '2024-01-02', end: '2024-01-01' })).toBe(false);
    expect(isPeriod({ start: '2024-01-01', end: '2024-02-30' })).toBe(false);
  });
});
