import type pg from 'pg';

/*
 * Retention of the personal data in signals (decision record 22): a signal closed longer than
 * SIGNAL_RETENTION_MONTHS ago loses its description, its reporter and its steps' notes, and gets
 * anonymised_at. The row itself (kind, phase, point, dates, partner, status) and its steps stay,
 * so counts and durations (the indicators) survive. Run by `npm run retention` and by the server
 * at start and every 24 hours.
 */

export interface RetentionResult {
  /** Signals anonymised by this run. */
  anonymised: number;
  /** Signals closed before this instant were due. */
  closedBefore: Date;
}

/**
 * Anonymises the closed signals that are due, in one statement (the signals and their steps'
 * notes together). A signal anonymised once is not counted again.
 */
export async function anonymiseClosedSignals(pool: pg.Pool, months: number): Promise<RetentionResult> {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`retention months must be a positive integer`);
  // One statement (its CTEs included) is atomic: the signals and their notes together or not at all.
  const { rows } = await pool.query<{ anonymised: number; closed_before: Date }>(
    `WITH cutoff AS (SELECT now() - make_interval(months => $1::integer) AS at),
     anonymised AS (
       UPDATE signals s SET description = NULL, reporter = NULL, anonymised_at = now()
         FROM cutoff
        WHERE s.status = 'closed' AND s.closed_at < cutoff.at AND s.anonymised_at IS NULL
        RETURNING s.id
     ),
     notes AS (
       UPDATE signal_steps st SET note = NULL FROM anonymised a WHERE st.signal_id = a.id AND st.note IS NOT NULL
     )
     SELECT (SELECT count(*) FROM anonymised)::integer AS anonymised, (SELECT at FROM cutoff) AS closed_before`,
    [months],
  );
  return { anonymised: rows[0]!.anonymised, closedBefore: rows[0]!.closed_before };
}

/** The line `npm run retention` prints, and the server logs. */
export const retentionSummary = ({ anonymised, closedBefore }: RetentionResult) =>
  `anonymised ${anonymised} signals (closed before ${closedBefore.toISOString().slice(0, 10)})`;

export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface RetentionSchedule {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `run` now and every `intervalMs` until stopped. The timer is unref'd (it never keeps the
 * process alive); a run that fails is logged and the next one tried as planned; a run never
 * starts while the previous one is still going.
 */
export function scheduleRetention(
  run: () => Promise<RetentionResult>,
  log: { info(object: object, message: string): void; error(object: object, message: string): void },
  intervalMs = RETENTION_INTERVAL_MS,
): RetentionSchedule {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = run()
      .then((result) =>
        log.info(
          { anonymised: result.anonymised, closedBefore: result.closedBefore.toISOString() },
          retentionSummary(result),
        ),
      )
      .catch((error: unknown) => log.error({ err: error }, 'signal retention failed; tried again at the next interval'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
