import type { FastifyRequest } from 'fastify';
import type { Role } from '../auth/guard.ts';

/**
 * Who a response is for: `staff` (a signed-in planner, coordinator or admin) sees the data as
 * they are; `public` (anyone else) sees only what api/src/privacy/policy.ts lets through.
 */
export type Viewer = 'staff' | 'public';

export const STAFF_ROLES: readonly Role[] = ['planner', 'coordinator', 'admin'];

/**
 * The viewer of a request, from the session the auth plugin read. Anything that is not a
 * signed-in staff role is the public: a missing, expired or unknown session never widens access,
 * and neither does a partner user's (signed in, but not staff: decision record 22).
 */
export function viewerOf(request: Pick<FastifyRequest, 'user'>): Viewer {
  const role = request.user?.role;
  return role !== undefined && STAFF_ROLES.includes(role) ? 'staff' : 'public';
}
