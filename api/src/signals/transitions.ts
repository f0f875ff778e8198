import { SIGNAL_STATUSES, type SignalStatus } from './schema.ts';

/*
 * The workflow of a signal (decision record 22), as pure rules: new → assessed → referred →
 * in-progress → closed. Any forward move is allowed from a status that is not closed (a step
 * may be skipped: a clear case goes from new straight to referred); nothing moves back, except
 * that coordinators and admins may reopen a closed signal, which goes back to `assessed` to be
 * looked at again. A partner moves the signals assigned to it to in-progress or closed, and
 * nothing else: assessing and referring are the city's.
 */

/** Who moves the signal: city staff (coordinator, admin) or a user of the assigned partner. */
export type Mover = 'staff' | 'partner';

/** The statuses a partner may move its signals to. */
export const PARTNER_TARGETS: readonly SignalStatus[] = ['in-progress', 'closed'];

/** Where a reopened signal goes. */
export const REOPENED_STATUS: SignalStatus = 'assessed';

export type Verdict = { allowed: true } | { allowed: false; reason: string };

const rank = (status: SignalStatus) => SIGNAL_STATUSES.indexOf(status);

/** The statuses `mover` may move a signal in status `from` to, in workflow order. */
export function allowedTargets(from: SignalStatus, mover: Mover): SignalStatus[] {
  if (from === 'closed') return mover === 'staff' ? [REOPENED_STATUS] : [];
  return SIGNAL_STATUSES.filter((to) => rank(to) > rank(from) && (mover === 'staff' || PARTNER_TARGETS.includes(to)));
}

/** Whether `mover` may move a signal from `from` to `to`; if not, why, in a sentence for the 409. */
export function checkTransition(from: SignalStatus, to: SignalStatus, mover: Mover): Verdict {
  if (allowedTargets(from, mover).includes(to)) return { allowed: true };
  const allowed = allowedTargets(from, mover);
  const options = allowed.length === 0 ? 'it cannot be moved' : `it can move to ${allowed.join(' or ')}`;
  let why: string;
  if (from === 'closed') {
    why =
      mover === 'partner'
        ? 'a closed signal is reopened by the city (a coordinator or admin), not by a partner'
        : `a closed signal can only be reopened, to ${REOPENED_STATUS}`;
  } else if (mover === 'partner' && !PARTNER_TARGETS.includes(to)) {
    why = `a partner moves its signals to ${PARTNER_TARGETS.join(' or ')} only`;
  } else {
    why = to === from ? `the signal is ${from} already` : 'a signal moves forward only';
  }
  return { allowed: false, reason: `cannot move from ${from} to ${to}: ${why}; from ${from} ${options}` };
}
