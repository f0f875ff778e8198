import type { preHandlerAsyncHookHandler } from 'fastify';
import { HttpProblem } from '../plugins/errors.ts';

/** Staff roles, and `partner`: a user of one partner organisation, not staff (decision record 22). */
export const ROLES = ['admin', 'coordinator', 'planner', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  /** The partner organisation a `partner` user belongs to; null for staff. */
  partnerId: number | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, from the session cookie (auth plugin); null for the public. */
    user: SessionUser | null;
  }
}

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/**
 * A preHandler that lets a request through only for a signed-in user with one of `roles`:
 * 401 problem without a session, 403 problem for another role.
 * Use as `{ preHandler: requireRole('coordinator', 'admin') }`.
 */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  if (roles.length === 0) throw new Error('requireRole needs at least one role');
  return async (request) => {
    if (!request.user) throw new HttpProblem(401, 'Unauthorized', 'Sign in to do this.');
    if (!roles.includes(request.user.role)) {
      throw new HttpProblem(
        403,
        'Forbidden',
        `This needs the role ${roles.join(' or ')}; you are ${request.user.role}.`,
      );
    }
  };
}
