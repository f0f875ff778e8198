import { describe, expect, it } from 'vitest';
import { createRng } from './prng.ts';
import { brusselsParts, brusselsToUtc, dayNumber, isoDate } from './time.ts';

/** Wall-clock parts in Brussels according to ICU: an independent oracle for the hand-written rule. */
const icu = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

function icuParts(date: Date): number[] {
  const parts = icu.formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute')];
}

describe('brusselsToUtc', () => {
  it('uses UTC+1 in winter and UTC+2 in summer', () => {
    expect(brusselsToUtc(2024, 1, 15, 18, 30).toISOString()).toBe('2024-01-15T17:30:00.000Z');
    expect(brusselsToUtc(2024, 7, 1, 12, 0).toISOString()).toBe('2024-07-01T10:00:00.000Z');
    // New Year's night in local time is still the previous day in UTC.
    expect(brusselsToUtc(2025, 1, 1, 0, 30).toISOString()).toBe('2024-12-31T23:30:00.000Z');
  });

  it('switches on the last Sundays of March and October', () => {
    expect(brusselsToUtc(2024, 3, 31, 1, 59).toISOString()).toBe('2024-03-31T00:59:00.000Z');
    expect(brusselsToUtc(2024, 3, 31, 3, 0).toISOString()).toBe('2024-03-31T01:00:00.000Z');
    // 02:30 does not exist that night: read as the instant an hour later on the clock.
    expect(brusselsToUtc(2024, 3, 31, 2, 30).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    // 02:30 happens twice on 27 October 2024: the first (summer-time) one is taken.
    expect(brusselsToUtc(2024, 10, 27, 2, 30).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(brusselsToUtc(2024, 10, 27, 3, 0).toISOString()).toBe('2024-10-27T02:00:00.000Z');
    expect(brusselsToUtc(2025, 3, 30, 12, 0).toISOString()).toBe('2025-03-30T10:00:00.000Z');
    expect(brusselsToUtc(2025, 3, 29, 12, 0).toISOString()).toBe('2025-03-29T11:00:00.000Z');
  });

  it('agrees with ICU time-zone data on random instants 2020–2027, both ways', () => {
    const rng = createRng(1);
    const from = Date.UTC(2020, 0, 1);
    const to = Date.UTC(2027, 11, 31);
    for (let i = 0; i < 3000; i++) {
      const instant = new Date(Math.floor(rng.range(from, to) / 60_000) * 60_000);
      const [year, month, day, hour, minute] = icuParts(instant) as [number, number, number, number, number];
      const local = brusselsParts(instant);
      expect([local.year, local.month, local.day, local.hour, local.minute]).toEqual([year, month, day, hour, minute]);
      const back = brusselsToUtc(year, month, day, hour, minute);
      // The repeated autumn hour maps back to its first occurrence; everything else round-trips.
      if (back.getTime() !== instant.getTime()) expect(instant.getTime() - back.getTime()).toBe(3_600_000);
      expect(icuParts(back)).toEqual([year, month, day, hour, minute]);
    }
  });
});

describe('day numbers', () => {
  it('round-trip ISO dates', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(isoDate(dayNumber('2024-02-29') + 1)).toBe('2024-03-01');
    expect(() => dayNumber('2024-13-01')).toThrow(RangeError);
  });
});
