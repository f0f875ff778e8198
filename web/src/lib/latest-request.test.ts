import { describe, expect, it } from 'vitest';
import { LatestRequest } from './latest-request.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LatestRequest', () => {
  it('keeps only the newest answer, even when an older one arrives later', async () => {
    const latest = new LatestRequest();
    const results: string[] = [];
    const signals: AbortSignal[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    latest.run(
      (signal) => (signals.push(signal), first.promise),
      (v) => results.push(v),
      () => results.push('error'),
    );
    latest.run(
      (signal) => (signals.push(signal), second.promise),
      (v) => results.push(v),
      () => results.push('error'),
    );
    second.resolve('new');
    first.resolve('old');
    await Promise.allSettled([first.promise, second.promise]);
    await Promise.resolve();
    expect(results).toEqual(['new']);
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
  });

  it('reports the error of the newest request, and nothing after cancel', async () => {
    const latest = new LatestRequest();
    const errors: unknown[] = [];
    const failing = deferred<string>();
    latest.run(
      () => failing.promise,
      () => undefined,
      (e) => errors.push(e),
    );
    failing.reject(new Error('boom'));
    await failing.promise.catch(() => undefined);
    await Promise.resolve();
    expect(errors).toHaveLength(1);

    const cancelled = deferred<string>();
    latest.run(
      () => cancelled.promise,
      () => errors.push('result'),
      (e) => errors.push(e),
    );
    latest.cancel();
    cancelled.resolve('late');
    await cancelled.promise;
    await Promise.resolve();
    expect(errors).toHaveLength(1);
  });
});
