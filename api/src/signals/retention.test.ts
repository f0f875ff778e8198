import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETENTION_INTERVAL_MS, retentionSummary, scheduleRetention, type RetentionResult } from './retention.ts';

/*
 * The schedule of the retention job (what it runs is tested against both databases in
 * tests/api/retention.test.ts): at start, then every 24 hours, failures logged and survived.
 */

const RESULT: RetentionResult = { anonymised: 2, closedBefore: new Date('2024-03-01T10:00:00Z') };

function recordingLog() {
  const lines: { level: 'info' | 'error'; message: string; object: object }[] = [];
  return {
    lines,
    info: (object: object, message: string) => lines.push({ level: 'info', message, object }),
    error: (object: object, message: string) => lines.push({ level: 'error', message, object }),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('retentionSummary', () => {
  it('is the line npm run retention prints', () => {
    expect(retentionSummary(RESULT)).toBe('anonymised 2 signals (closed before 2024-03-01)');
  });
});

describe('scheduleRetention', () => {
  it('runs at once and then every 24 hours, logging each count, until stopped', async () => {
    const run = vi.fn(async () => RESULT);
    const log = recordingLog();
    const schedule = scheduleRetention(run, log);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(RETENTION_INTERVAL_MS - 1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(RETENTION_INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(3);
    expect(log.lines.map((line) => line.message)).toEqual(Array(3).fill(retentionSummary(RESULT)));
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(3 * RETENTION_INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('logs a failed run and tries again at the next interval, never throwing', async () => {
    const run = vi.fn<() => Promise<RetentionResult>>().mockRejectedValueOnce(new Error('database away'));
    run.mockResolvedValue(RESULT);
    const log = recordingLog();
    const schedule = scheduleRetention(run, log, 1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'error', message: 'signal retention failed; tried again at the next interval' }),
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(log.lines[1]).toMatchObject({ level: 'info', object: { anonymised: 2 } });
    await schedule.stop();
  });

  it('does not start a run while the previous one is still going; stop waits for it', async () => {
    let finish: (result: RetentionResult) => void = () => {};
    const run = vi.fn(() => new Promise<RetentionResult>((resolve) => (finish = resolve)));
    const schedule = scheduleRetention(run, recordingLog(), 1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish(RESULT);
    await stopping;
    expect(stopped).toBe(true);
  });

  it('keeps no process alive: the timer is unref’d', () => {
    const unref = vi.spyOn(globalThis, 'setInterval');
    const schedule = scheduleRetention(async () => RESULT, recordingLog());
    const timer = unref.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    void schedule.stop();
  });
});
