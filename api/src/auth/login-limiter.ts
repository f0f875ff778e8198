/*
 * Failed sign-ins per username and IP address, in memory (one API process). An attempt counts
 * as a failure from the moment it starts, so parallel guesses cannot slip past the limit while
 * their passwords are being checked; a successful sign-in clears the count.
 */

export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  /** Keys kept at most; the oldest are dropped first. Bounds memory under a username spray. */
  maxKeys?: number;
  now?: () => number;
}

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  /** Failure times (ms) per key, oldest first, all within the window after pruning. */
  private readonly failures = new Map<string, number[]>();

  constructor({ maxFailures = 5, windowMs = 15 * 60_000, maxKeys = 10_000, now = Date.now }: LoginLimiterOptions = {}) {
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.now = now;
  }

  static key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  /**
   * Starts an attempt: refused (with the seconds until the oldest failure leaves the window)
   * when `maxFailures` failures lie within the window; otherwise counted as a failure until
   * `succeeded` is called.
   */
  attempt(key: string): AttemptVerdict {
    const now = this.now();
    const times = this.recent(key, now);
    if (times.length >= this.maxFailures) {
      const oldest = times[times.length - this.maxFailures]!;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.failures.delete(key); // re-insert: the Map's order is the order of last activity
    this.failures.set(key, times);
    this.evict();
    return { allowed: true };
  }

  /** The password was right: forget the failures. */
  succeeded(key: string): void {
    this.failures.delete(key);
  }

  /** Number of keys held (for tests). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  /** Drops the least recently active keys (the Map's first ones; expired keys are among them). */
  private evict(): void {
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}
