/*
 * Europe/Brussels wall-clock time to UTC, by the EU rule (summer time from the last Sunday of
 * March to the last Sunday of October, switching at 01:00 UTC). Computed rather than read from
 * ICU so the output cannot change with the Node build's time-zone data.
 */

const HOUR = 3_600_000;

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Whether a UTC instant falls in Central European Summer Time. */
export function isBrusselsSummerTime(utcMs: number): boolean {
  const year = new Date(utcMs).getUTCFullYear();
  return utcMs >= lastSundayUtc(year, 2) && utcMs < lastSundayUtc(year, 9);
}

/**
 * The UTC instant of a Brussels wall-clock time (month 1–12). A time skipped by the spring
 * change (02:00–02:59) is read as the instant an hour later on the clock; a time repeated in
 * autumn is read as its first (summer-time) occurrence.
 */
export function brusselsToUtc(year: number, month: number, day: number, hour: number, minute = 0, second = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const summer = wall - 2 * HOUR;
  if (isBrusselsSummerTime(summer)) return new Date(summer);
  return new Date(wall - HOUR);
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** Brussels wall-clock parts of an instant (inverse of brusselsToUtc, same rule). */
export function brusselsParts(instant: Date | string): LocalParts {
  const utc = new Date(instant).getTime();
  const local = new Date(utc + (isBrusselsSummerTime(utc) ? 2 : 1) * HOUR);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
  };
}

/** ISO date (YYYY-MM-DD) of a day number counted from 1970-01-01. */
export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * 24 * HOUR).toISOString().slice(0, 10);
}

/** Day number (days since 1970-01-01) of an ISO date. */
export function dayNumber(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${iso}`);
  return Math.round(ms / (24 * HOUR));
}
