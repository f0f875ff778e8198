import { InvalidParameterError, type TimeInterval } from '../layers/filters.ts';

/*
 * Month precision for the public: a time filter must cover whole calendar months (UTC, like
 * every period in the API), and counts never include the month that is still going on. Without
 * the second rule, the same month asked for today and tomorrow would differ by exactly the
 * incidents of one day.
 */

function isMonthStart(instant: Date): boolean {
  return (
    instant.getUTCDate() === 1 &&
    instant.getUTCHours() === 0 &&
    instant.getUTCMinutes() === 0 &&
    instant.getUTCSeconds() === 0 &&
    instant.getUTCMilliseconds() === 0
  );
}

/**
 * Whether each closed end of the interval falls on a calendar month's edge: the start on the
 * first instant of a month, the end on the last millisecond of one (a bare end date such as
 * 2025-03-31 reads as 23:59:59.999). An open end is a month edge by definition.
 */
export function isWholeMonths(interval: TimeInterval): boolean {
  const { start, end } = interval;
  return (start === null || isMonthStart(start)) && (end === null || isMonthStart(new Date(end.getTime() + 1)));
}

/** The last instant the public's counts include: the end of the last calendar month that has ended. */
export function publishedUntil(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 1);
}

/**
 * A public time filter: refused (400 naming `parameter`) unless it covers whole months, then
 * cut off at the end of the last month that has ended. No filter is all time up to that point.
 */
export function publicInterval(interval: TimeInterval | undefined, now: Date, parameter: string): TimeInterval {
  if (interval && !isWholeMonths(interval)) {
    throw new InvalidParameterError(
      parameter,
      `without signing in, ${parameter} must cover whole calendar months (UTC), e.g. 2025-01-01/2025-12-31 or 2025-03-01/2025-03-31`,
    );
  }
  const cutoff = publishedUntil(now);
  const end = interval?.end && interval.end < cutoff ? interval.end : cutoff;
  return { start: interval?.start ?? null, end };
}
