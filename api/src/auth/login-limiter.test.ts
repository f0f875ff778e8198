import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const MINUTE = 60_000;

describe('LoginLimiter', () => {
  it('allows five failures in 15 minutes and refuses the sixth with Retry-After', () => {
    const c = clock();
    const limiter = new LoginLimiter({ now: c.now });
    const key = LoginLimiter.key('ann', '10.0.0.1');
    // failures at t = 0, 1, 2, 3, 4 minutes
    for (let i = 0; i < 5; i++) {
      expect(limiter.attempt(key)).toEqual({ allowed: true });
      c.advance(MINUTE);
    }
    // now t = 5 min; the oldest failure (t = 0) leaves the window at 15 min: 10 min = 600 s
    expect(limiter.attempt(key)).toEqual({ allowed: false, retryAfterSeconds: 600 });
    // refused attempts are not counted: still 600 s - 30 s = 570 s half a minute later
    c.advance(MINUTE / 2);
    expect(limiter.attempt(key)).toEqual({ allowed: false, retryAfterSeconds: 570 });
  });

  it('lets the next attempt through once the oldest failure has left the window', () => {
    const c = clock();
    const limiter = new LoginLimiter({ now: c.now });
    const key = LoginLimiter.key('ann', '10.0.0.1');
    for (let i = 0; i < 5; i++) {
      limiter.attempt(key);
      c.advance(MINUTE); // failures at 0..4 min
    }
    c.advance(10 * MINUTE); // t = 15 min: the failure at 0 is exactly 15 min old, out of the window
    expect(limiter.attempt(key)).toEqual({ allowed: true });
    // window (0, 15] now holds 1, 2, 3, 4 and 15 min: full again; the one at 1 min leaves at 16 min
    expect(limiter.attempt(key)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const c = clock();
    const limiter = new LoginLimiter({ maxFailures: 1, windowMs: 1_500, now: c.now });
    const key = LoginLimiter.key('ann', '::1');
    limiter.attempt(key);
    c.advance(1); // 1499 ms left -> 2 s
    expect(limiter.attempt(key)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    c.advance(1_000); // 499 ms left -> 1 s
    expect(limiter.attempt(key)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('keys on username and IP: another username, or another address, is not affected', () => {
    const c = clock();
    const limiter = new LoginLimiter({ now: c.now });
    for (let i = 0; i < 5; i++) limiter.attempt(LoginLimiter.key('ann', '10.0.0.1'));
    expect(limiter.attempt(LoginLimiter.key('ann', '10.0.0.1')).allowed).toBe(false);
    expect(limiter.attempt(LoginLimiter.key('ANN', '10.0.0.1')).allowed).toBe(false); // case-insensitive
    expect(limiter.attempt(LoginLimiter.key('bob', '10.0.0.1')).allowed).toBe(true);
    expect(limiter.attempt(LoginLimiter.key('ann', '10.0.0.2')).allowed).toBe(true);
  });

  it('a success clears the failures', () => {
    const c = clock();
    const limiter = new LoginLimiter({ now: c.now });
    const key = LoginLimiter.key('ann', '10.0.0.1');
    for (let i = 0; i < 4; i++) limiter.attempt(key);
    limiter.attempt(key); // the fifth attempt turns out right
    limiter.succeeded(key);
    for (let i = 0; i < 5; i++) expect(limiter.attempt(key).allowed).toBe(true);
    expect(limiter.attempt(key).allowed).toBe(false);
  });

  it('holds at most maxKeys keys, dropping the least recently active', () => {
    const c = clock();
    const limiter = new LoginLimiter({ maxKeys: 3, now: c.now });
    for (const name of ['a', 'b', 'c']) limiter.attempt(LoginLimiter.key(name, 'ip'));
    limiter.attempt(LoginLimiter.key('a', 'ip')); // a is now the most recent
    limiter.attempt(LoginLimiter.key('d', 'ip')); // evicts b
    expect(limiter.size).toBe(3);
    for (let i = 0; i < 3; i++) limiter.attempt(LoginLimiter.key('a', 'ip'));
    // a kept its earlier two failures: 2 + 3 = 5, so the next is refused
    expect(limiter.attempt(LoginLimiter.key('a', 'ip')).allowed).toBe(false);
  });
});
