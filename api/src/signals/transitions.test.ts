import { describe, expect, it } from 'vitest';
import { SIGNAL_STATUSES, type SignalStatus } from './schema.ts';
import { allowedTargets, checkTransition } from './transitions.ts';

describe('allowedTargets', () => {
  it('staff move forward from any open status, skipping allowed, and reopen a closed signal to assessed', () => {
    expect(allowedTargets('new', 'staff')).toEqual(['assessed', 'referred', 'in-progress', 'closed']);
    expect(allowedTargets('assessed', 'staff')).toEqual(['referred', 'in-progress', 'closed']);
    expect(allowedTargets('referred', 'staff')).toEqual(['in-progress', 'closed']);
    expect(allowedTargets('in-progress', 'staff')).toEqual(['closed']);
    expect(allowedTargets('closed', 'staff')).toEqual(['assessed']);
  });

  it('a partner moves forward to in-progress or closed only, and never reopens', () => {
    expect(allowedTargets('new', 'partner')).toEqual(['in-progress', 'closed']);
    expect(allowedTargets('referred', 'partner')).toEqual(['in-progress', 'closed']);
    expect(allowedTargets('in-progress', 'partner')).toEqual(['closed']);
    expect(allowedTargets('closed', 'partner')).toEqual([]);
  });
});

describe('checkTransition', () => {
  it('agrees with allowedTargets on every pair of statuses, for both movers', () => {
    // 5 × 5 pairs × 2 movers = 50 verdicts; exactly the listed targets are allowed.
    let allowed = 0;
    for (const mover of ['staff', 'partner'] as const) {
      for (const from of SIGNAL_STATUSES) {
        for (const to of SIGNAL_STATUSES) {
          const verdict = checkTransition(from, to, mover);
          expect(verdict.allowed, `${mover}: ${from} → ${to}`).toBe(allowedTargets(from, mover).includes(to));
          if (verdict.allowed) allowed++;
        }
      }
    }
    // staff: 4 + 3 + 2 + 1 forward moves + 1 reopen = 11; partner: 2 + 2 + 2 + 1 = 7.
    expect(allowed).toBe(18);
  });

  it.each<[SignalStatus, SignalStatus, 'staff' | 'partner', RegExp]>([
    [
      'referred',
      'assessed',
      'staff',
      /a signal moves forward only; from referred it can move to in-progress or closed/,
    ],
    ['assessed', 'assessed', 'staff', /the signal is assessed already/],
    ['closed', 'new', 'staff', /a closed signal can only be reopened, to assessed/],
    ['closed', 'in-progress', 'staff', /can only be reopened/],
    ['closed', 'assessed', 'partner', /reopened by the city \(a coordinator or admin\), not by a partner/],
    ['new', 'assessed', 'partner', /a partner moves its signals to in-progress or closed only/],
    ['new', 'referred', 'partner', /in-progress or closed only/],
    ['in-progress', 'new', 'partner', /in-progress or closed only/],
    ['in-progress', 'in-progress', 'partner', /already; from in-progress it can move to closed/],
  ])('refuses %s → %s for %s, saying why', (from, to, mover, reason) => {
    const verdict = checkTransition(from, to, mover);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) {
      expect(verdict.reason).toMatch(new RegExp(`^cannot move from ${from} to ${to}: `));
      expect(verdict.reason).toMatch(reason);
    }
  });

  it('says a closed signal cannot be moved by a partner at all', () => {
    const verdict = checkTransition('closed', 'closed', 'partner');
    expect(verdict).toEqual({
      allowed: false,
      reason:
        'cannot move from closed to closed: a closed signal is reopened by the city (a coordinator or admin), ' +
        'not by a partner; from closed it cannot be moved',
    });
  });
});
