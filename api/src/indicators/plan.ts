import { InvalidParameterError, type TimeInterval } from '../layers/filters.ts';
import {
  assertSupportedRange,
  type Bucket,
  bucketCount,
  calendarBuckets,
  type ClosedPeriod,
  isClosed,
  precedingBucket,
  previousPeriod,
  type SeriesInterval,
} from './period.ts';
import { type IndicatorDefinition, indicators, isTemporal } from './registry.ts';

/** A series longer than this is refused: no chart shows it, and the query would be large. */
export const MAX_SERIES_POINTS = 240;

const ALL_TIME: TimeInterval = { start: null, end: null };

/** The periods a figures request counts in, and the ones it reports. */
export interface FiguresPlan {
  /** As requested; null for all time or for an indicator without time. */
  period: TimeInterval | null;
  /** The period a change is compared with; null for other indicators. */
  previousPeriod: ClosedPeriod | null;
  /** What to count in: [period] or, for a change, [previous period, period]. */
  periods: TimeInterval[];
}

/** Whether the indicator counts what is open at the end of each period (open signals). */
const countsAtEnd = (indicator: IndicatorDefinition) => indicator.measure.kind === 'count' && indicator.measure.atEnd;

/** The last instant of a period, as an interval of its own: what is open then intersects it. */
const endInstant = (end: Date): ClosedPeriod => ({ start: end, end });

export function planFigures(
  indicator: IndicatorDefinition,
  requested: TimeInterval | null,
  now: Date = new Date(),
): FiguresPlan {
  // An indicator without time gives the same figures for any period: the period is ignored.
  if (!isTemporal(indicator)) return { period: null, previousPeriod: null, periods: [ALL_TIME] };
  if (countsAtEnd(indicator)) {
    if (requested) assertSupportedRange([requested]);
    // Open at the end of the period; a period without an end (or none at all): open now.
    return { period: requested, previousPeriod: null, periods: [endInstant(requested?.end ?? now)] };
  }
  if (indicator.measure.kind === 'change') {
    if (!isClosed(requested)) {
      throw new InvalidParameterError(
        'period',
        `indicator "${indicator.id}" compares a period with the one of equal length before it, so it needs a closed period start/end (e.g. 2025-01-01/2025-12-31)`,
      );
    }
    const previous = previousPeriod(requested);
    assertSupportedRange([previous, requested]);
    return { period: requested, previousPeriod: previous, periods: [previous, requested] };
  }
  if (requested) assertSupportedRange([requested]);
  return { period: requested, previousPeriod: null, periods: [requested ?? ALL_TIME] };
}

/** A series' calendar buckets and what to count in (a change also counts the bucket before the first). */
export interface SeriesPlan {
  buckets: Bucket[];
  periods: Bucket[];
}

/** Refuses an indicator without time before anything is queried (naming those of `listed` that have one). */
export function assertSeriesIndicator(
  indicator: IndicatorDefinition,
  listed: readonly IndicatorDefinition[] = indicators,
): void {
  if (isTemporal(indicator)) return;
  const temporal = listed.filter(isTemporal).map((i) => i.id);
  throw new InvalidParameterError(
    'indicator',
    `indicator "${indicator.id}" does not change over time, so it has no series; indicators with one: ${temporal.join(', ')}`,
  );
}

/**
 * Whole calendar years or months from the one holding the period's start to the one holding
 * its end; an open or missing side is the first or last instant of the layer's data. Points
 * cover whole years or months, so they compare with each other.
 */
export function planSeries(
  indicator: IndicatorDefinition,
  interval: SeriesInterval,
  requested: TimeInterval | null,
  data: { first: Date | null; last: Date | null },
): SeriesPlan {
  const first = requested?.start ?? data.first;
  const last = requested?.end ?? data.last;
  if (!first || !last) return { buckets: [], periods: [] };
  const count = bucketCount(interval, first, last);
  if (count > MAX_SERIES_POINTS) {
    throw new InvalidParameterError(
      requested ? 'period' : 'interval',
      `the series would have ${count} points (${interval}s); at most ${MAX_SERIES_POINTS}: choose a shorter period${interval === 'month' ? ' or interval=year' : ''}`,
    );
  }
  const buckets = calendarBuckets(interval, first, last);
  // A change also counts the bucket before the first; what is open is counted at each bucket's end.
  const periods = countsAtEnd(indicator)
    ? buckets.map((bucket) => ({ ...bucket, ...endInstant(bucket.end) }))
    : indicator.measure.kind === 'change' && buckets[0]
      ? [precedingBucket(interval, buckets[0]), ...buckets]
      : buckets;
  assertSupportedRange(periods);
  return { buckets, periods };
}
