import { localeTag } from './i18n.ts';
import type { Lang } from './types.ts';

/*
 * The time slider's arithmetic. Dates are calendar dates (YYYY-MM-DD), computed in UTC so no
 * time zone or daylight-saving change can shift them; periods include their end date.
 */

export type Step = 'month' | 'quarter' | 'year';

export const STEPS: readonly Step[] = ['month', 'quarter', 'year'];

export interface Period {
  start: string;
  end: string;
}

export interface Window extends Period {
  label: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD date as UTC milliseconds, or null when it is not a real calendar date (2023-02-29). */
export function parseIsoDate(value: string): number | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear: years 0–99 are not mapped to 19xx
  date.setUTCHours(0, 0, 0, 0);
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date.getTime() : null;
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/** A period whose dates are real and in order (start on or before end). */
export function isPeriod(period: Period): boolean {
  const start = parseIsoDate(period.start);
  const end = parseIsoDate(period.end);
  return start !== null && end !== null && start <= end;
}

function isoDate(year: number, monthIndex: number, day: number): string {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

const MONTHS_PER_STEP: Record<Step, number> = { month: 1, quarter: 3, year: 12 };

function label(year: number, monthIndex: number, step: Step, lang: Lang): string {
  switch (step) {
    case 'year':
      return String(year);
    case 'quarter':
      return `${year} ${lang === 'nl' ? 'K' : 'Q'}${monthIndex / 3 + 1}`;
    case 'month': {
      const date = new Date(0);
      date.setUTCFullYear(year, monthIndex, 1);
      return new Intl.DateTimeFormat(localeTag(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        date,
      );
    }
  }
}

/**
 * Consecutive calendar months, quarters or years covering the range: the first holds the range's
 * start, the last its end. Windows are whole calendar periods (2024-01-01/2024-03-31), also where
 * the range starts or ends inside one. Labels: "2024", "2024 K1" / "2024 Q1", "jan 2024" /
 * "Jan 2024". No windows for a malformed range or one that ends before it starts.
 */
export function windows(range: Period, step: Step, lang: Lang = 'nl'): Window[] {
  if (!isPeriod(range)) return [];
  const months = MONTHS_PER_STEP[step];
  const [startYear, startMonth] = range.start.split('-').map(Number) as [number, number];
  let year = startYear;
  let monthIndex = Math.floor((startMonth - 1) / months) * months;
  const result: Window[] = [];
  for (;;) {
    const start = isoDate(year, monthIndex, 1);
    if (start > range.end) break;
    result.push({
      start,
      end: isoDate(year, monthIndex + months, 0), // day 0 of the next window: the last day of this one
      label: label(year, monthIndex, step, lang),
    });
    monthIndex += months;
    if (monthIndex >= 12) {
      monthIndex -= 12;
      year += 1;
    }
  }
  return result;
}

/** The window that holds the period's start, or -1. */
export function windowIndexOf(list: readonly Period[], period: Period | null): number {
  if (!period || !isIsoDate(period.start)) return -1;
  return list.findIndex((w) => w.start <= period.start && period.start <= w.end);
}

/** The window after `i` when playing: back to the first after the last (and from -1). -1 without windows. */
export function nextIndex(i: number, count: number): number {
  if (count <= 0) return -1;
  return Number.isInteger(i) && i >= 0 && i + 1 < count ? i + 1 : 0;
}
