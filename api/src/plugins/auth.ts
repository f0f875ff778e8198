import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import '../auth/guard.ts';
import { findSessionUser, SESSION_COOKIE } from '../auth/sessions.ts';
import { type Problem, PROBLEM_CONTENT_TYPE } from './errors.ts';
import { PROBE_PATHS } from '../routes/health.ts';

export const CSRF_PROBLEM_TYPE = 'urn:leefbaarheidskaart:problem:csrf';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where what a response holds depends on who asks (privacy/policy.ts), so the session is read. */
const SESSION_PREFIXES = ['/api/', '/tiles/', '/ogc/'];

export function readsSession(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  // The health probes are polled every few seconds and show nobody anything: no session query.
  if ((PROBE_PATHS as readonly string[]).includes(path)) return false;
  return SESSION_PREFIXES.some((prefix) => path.startsWith(prefix)) || path === '/report' || path === '/ogc';
}

/**
 * Whether a write comes from the app's own pages: its Origin is the app's own origin or, for a
 * browser that sends no Origin, Sec-Fetch-Site says same-origin. Anything else (another site,
 * `Origin: null`, a bare client with neither header) is refused.
 */
export function isSameOriginWrite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const own = `${request.protocol}://${request.headers.host ?? ''}`;
    return origin.toLowerCase() === own.toLowerCase();
  }
  return request.headers['sec-fetch-site'] === 'same-origin';
}

function refuseCrossSite(request: FastifyRequest, reply: FastifyReply) {
  const problem: Problem = {
    type: CSRF_PROBLEM_TYPE,
    title: 'Forbidden',
    status: 403,
    detail:
      'This request does not come from the app itself (its Origin header is another site, or it has ' +
      'neither Origin nor Sec-Fetch-Site: same-origin); changes are only accepted from the app.',
    instance: request.url,
  };
  return reply.code(403).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Who is asking, and whether a write may proceed, decided in onRequest (before the body is
 * read, so a cross-site write never reaches a handler or the database):
 * - every POST/PUT/PATCH/DELETE (all writes are under /api; login too) must be same-origin,
 *   else 403 problem with type …csrf;
 * - `request.user` is the session cookie's user (read for /api/, /tiles/, /ogc/ and /report), or null.
 * Register before any route.
 */
export default fp(
  async function auth(app: FastifyInstance) {
    await app.register(fastifyCookie);
    app.decorateRequest('user', null);
    const lifetimes = { idleMs: app.config.sessionIdleMs, maxMs: app.config.sessionMaxMs };

    app.addHook('onRequest', async (request, reply) => {
      if (WRITE_METHODS.has(request.method) && !isSameOriginWrite(request)) {
        return refuseCrossSite(request, reply);
      }
      // Only the API, the tiles, the OGC API and the report look at the user (staff see more
      // there than the public); the front end's files are served without a database query.
      const token = readsSession(request.url) ? request.cookies[SESSION_COOKIE] : undefined;
      request.user = token ? await findSessionUser(app.db.pool, token, lifetimes) : null;
    });
  },
  { name: 'auth' },
);
