import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from './errors.ts';

/** The routes that cost a database query: the API, tiles, the report (and OGC API, issue 8). */
const LIMITED_PREFIXES = ['/api/', '/tiles/', '/ogc/', '/report'];

export function isLimitedUrl(url: string): boolean {
  return LIMITED_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/** Signed-in staff are not limited (every role is staff; the auth plugin has set `user` by now). */
function isExempt(request: FastifyRequest): boolean {
  return request.user !== null || !isLimitedUrl(request.url);
}

/**
 * An anonymous client may make `RATE_LIMIT_PER_MINUTE` requests a minute to the routes that
 * query the database, counted per IP address (IPv6 per /56, the plugin's default) in a fixed
 * one-minute window; more get a 429 problem with `Retry-After` (seconds until the window
 * ends). The front end's files are not counted: they cost no query and a page needs several.
 * Off when the setting is 0. Register after the auth plugin (its onRequest hook must have run)
 * and before any route (the limit is attached to each route as it is declared).
 */
export default fp(
  async function anonymousRateLimit(app: FastifyInstance) {
    const max = app.config.rateLimitPerMinute;
    if (max === 0) return;
    await app.register(rateLimit, {
      global: true,
      max,
      timeWindow: 60_000,
      allowList: (request) => isExempt(request),
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(
          429,
          'Too Many Requests',
          `More than ${context.max} requests a minute from this address; try again in ${context.after}. ` +
            'Signed-in staff are not limited.',
          undefined,
          { retryAfter: Math.ceil(context.ttl / 1000) },
        ),
    });
  },
  { name: 'anonymous-rate-limit', dependencies: ['auth'] },
);
