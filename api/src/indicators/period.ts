import { InvalidParameterError, parseDatetime, type TimeInterval } from '../layers/filters.ts';

/*
 * Periods are inclusive at both ends to the millisecond, as parseDatetime reads them (a bare
 * end date ends at 23:59:59.999 UTC). The SQL counts up to, not including, the millisecond
 * after the end, so consecutive periods leave no gap for sub-millisecond timestamps.
 */

/** A period with both ends known. */
export interface ClosedPeriod {
  start: Date;
  end: Date;
}

export type SeriesInterval = 'year' | 'month';

/** One calendar year or month (UTC, like bare dates in `period`). */
export interface Bucket extends ClosedPeriod {
  /** "2024" or "2024-03". */
  label: string;
}

// PostgreSQL has no year 0, and JavaScript writes years after 9999 with a sign PostgreSQL
// does not read: every instant sent to the database stays within these.
export const EARLIEST_INSTANT = new Date('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z');

/** `period=` has the grammar of the features API's `datetime`; errors name `period`. */
export function parsePeriod(raw: string): TimeInterval {
  try {
    return parseDatetime(raw);
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    throw new InvalidParameterError('period', error.message.replace(/^datetime\b/, 'period'));
  }
}

export function isClosed(period: TimeInterval | null): period is ClosedPeriod {
  return period?.start != null && period.end != null;
}

/**
 * `period=` that must be closed, e.g. for comparing within or against it; `why` starts the
 * 400's detail ("hotspots compare the cells within one period").
 */
export function parseClosedPeriod(raw: string, why: string): ClosedPeriod {
  const period = parsePeriod(raw);
  if (!isClosed(period)) {
    throw new InvalidParameterError(
      'period',
      `${why}, so period must be closed: START/END (e.g. 2025-01-01/2025-12-31)`,
    );
  }
  assertSupportedRange([period]);
  return period;
}

/** How many whole calendar months (UTC) the period spans exactly, or null when it does not. */
function wholeMonths(period: ClosedPeriod): number | null {
  const { start } = period;
  const after = new Date(period.end.getTime() + 1);
  const onMonthStart = (d: Date) =>
    d.getUTCDate() === 1 && d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() + d.getUTCMilliseconds() === 0;
  if (!onMonthStart(start) || !onMonthStart(after)) return null;
  const months = (after.getUTCFullYear() - start.getUTCFullYear()) * 12 + after.getUTCMonth() - start.getUTCMonth();
  return months > 0 ? months : null;
}

/**
 * The period to compare with: for whole calendar months (a year, a quarter, a month, as the
 * time slider picks them) the same number of calendar months just before, so 2025 compares
 * with 2024 whatever the leap days; otherwise the period of the same length that ends one
 * millisecond before `period` starts.
 */
export function previousPeriod(period: ClosedPeriod): ClosedPeriod {
  const end = new Date(period.start.getTime() - 1);
  const months = wholeMonths(period);
  if (months !== null) {
    return { start: utcDate(period.start.getUTCFullYear(), period.start.getUTCMonth() - months), end };
  }
  return { start: new Date(end.getTime() - (period.end.getTime() - period.start.getTime())), end };
}

/** Refuses periods (including derived ones: previous periods, buckets) outside years 1–9999. */
export function assertSupportedRange(periods: readonly TimeInterval[]): void {
  for (const { start, end } of periods) {
    for (const instant of [start, end]) {
      if (instant && (instant < EARLIEST_INSTANT || instant > LATEST_INSTANT)) {
        throw new InvalidParameterError(
          'period',
          `period reaches ${instant.toISOString()}; periods (and the previous period they are compared with) must lie within the years 0001–9999`,
        );
      }
    }
  }
}

// Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear does not.
function utcDate(year: number, month: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date;
}

function bucketAt(interval: SeriesInterval, year: number, month: number): Bucket {
  const start = utcDate(year, interval === 'year' ? 0 : month);
  const next = interval === 'year' ? utcDate(year + 1, 0) : utcDate(year, month + 1);
  const yyyy = String(start.getUTCFullYear()).padStart(4, '0');
  const label = interval === 'year' ? yyyy : `${yyyy}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
  return { label, start, end: new Date(next.getTime() - 1) };
}

/** The calendar year or month that holds `instant`. */
export function bucketOf(interval: SeriesInterval, instant: Date): Bucket {
  return bucketAt(interval, instant.getUTCFullYear(), instant.getUTCMonth());
}

/** The calendar year or month just before `bucket`. */
export function precedingBucket(interval: SeriesInterval, bucket: Bucket): Bucket {
  return bucketOf(interval, new Date(bucket.start.getTime() - 1));
}

/** How many years or months from the one holding `first` to the one holding `last` (0 if last < first). */
export function bucketCount(interval: SeriesInterval, first: Date, last: Date): number {
  const years = last.getUTCFullYear() - first.getUTCFullYear();
  const count = interval === 'year' ? years + 1 : years * 12 + last.getUTCMonth() - first.getUTCMonth() + 1;
  return Math.max(count, 0);
}

/** Every calendar year or month from the one holding `first` to the one holding `last`. */
export function calendarBuckets(interval: SeriesInterval, first: Date, last: Date): Bucket[] {
  const buckets: Bucket[] = [];
  const { start } = bucketOf(interval, first);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth();
  const count = bucketCount(interval, first, last);
  for (let i = 0; i < count; i++) {
    buckets.push(interval === 'year' ? bucketAt(interval, year + i, 0) : bucketAt(interval, year, month + i));
  }
  return buckets;
}
