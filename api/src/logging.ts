import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

/** The header a request id comes in on (from a proxy or a client) and goes back out on. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What an incoming id may look like to be trusted into the logs: short, no spaces or control characters. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id: the caller's `X-Request-Id` when it is sane (so a proxy's id follows the
 * request into our logs), else a random UUID. Anything else is ignored rather than logged: a
 * client must not be able to forge log lines or flood them with a megabyte of header.
 */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Secrets that must never reach a log line, wherever a serializer or a handler puts headers or
 * bodies: session cookies, credentials, the password of a sign-in. Fastify's default request
 * serializer logs no headers or bodies; this is the net under that.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'body.password',
  'req.body.password',
  'password',
];

/**
 * pino's options for the server: one JSON object per line on stdout (`level`, `time`, `reqId`,
 * `msg`, …), for a log collector to parse; secrets redacted.
 */
export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[Redacted]' } };
}
