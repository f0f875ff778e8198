import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidParameterError } from '../layers/filters.ts';

/** RFC 9457 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The offending query or path parameter, for 400s. */
  parameter?: string;
  instance?: string;
  /** Extension members (RFC 9457 §3.2) a handler adds: `field`, `reason`, `location`, … */
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Thrown by handlers for expected client errors (404 unknown layer, …). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly parameter?: string,
    /** Extension members copied into the problem (they never replace the standard ones). */
    readonly extensions?: Readonly<Record<string, unknown>>,
  ) {
    super(detail);
  }
}

export const MESSAGES = {
  internal: 'The server could not complete the request; the error has been logged.',
  databaseUnavailable: 'The database is not reachable right now; try again shortly.',
  queryTimeout: 'The request took too long and was stopped; try a smaller area or a narrower filter.',
  notFound: (url: string) => `No resource at ${url}`,
} as const;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

// Connection-level failures (refused, reset, terminated) mean the database is away, not a bug.
function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = (error as Error | null)?.message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001'].includes(code) ||
    /Connection terminated|connection timeout/i.test(message)
  );
}

/** Parameter name from a Fastify schema-validation error ("querystring/limit must be <= 10000"). */
function validationParameter(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const fromPath = first.instancePath?.replace(/^\//, '').split('/')[0];
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  return fromPath || missing || undefined;
}

/**
 * Fastify's own routing errors (a malformed %-escape in the path: 400; a path parameter over
 * maxParamLength: 414) never reach the error handler and would leave as plain JSON: the
 * `frameworkErrors` option of the Fastify constructor sends them as problems too.
 */
export function frameworkErrorProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const client = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
  const status = client ? error.statusCode! : 500;
  if (!client) request.log.error({ err: error }, 'framework error');
  const problem: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Client Error',
    status,
    detail: client ? error.message : MESSAGES.internal,
    instance: request.url,
  };
  return reply.status(status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * One error handler: every error leaves as application/problem+json. Clients see the message
 * for 4xx only; 5xx bodies never carry database or stack text (that goes to the log).
 */
export default fp(async function errors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let problem: Problem;
    if (error instanceof HttpProblem) {
      problem = {
        ...error.extensions,
        type: 'about:blank',
        title: error.title,
        status: error.status,
        detail: error.message,
      };
      if (error.parameter) problem.parameter = error.parameter;
    } else if (error instanceof InvalidParameterError) {
      problem = {
        type: 'about:blank',
        title: TITLES[400]!,
        status: 400,
        detail: error.message,
        parameter: error.parameter,
      };
    } else if (error.validation) {
      const parameter = validationParameter(error);
      problem = { type: 'about:blank', title: TITLES[400]!, status: 400, detail: error.message };
      if (parameter) problem.parameter = parameter;
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      problem = {
        type: 'about:blank',
        title: TITLES[error.statusCode] ?? 'Client Error',
        status: error.statusCode,
        detail: error.message,
      };
    } else if ((error as { code?: string }).code === '57014') {
      request.log.error({ err: error }, 'statement timeout');
      problem = { type: 'about:blank', title: TITLES[503]!, status: 503, detail: MESSAGES.queryTimeout };
    } else if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      problem = { type: 'about:blank', title: TITLES[503]!, status: 503, detail: MESSAGES.databaseUnavailable };
    } else {
      request.log.error({ err: error }, 'unhandled error');
      problem = { type: 'about:blank', title: TITLES[500]!, status: 500, detail: MESSAGES.internal };
    }
    problem.instance = request.url;
    return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const problem: Problem = {
      type: 'about:blank',
      title: TITLES[404]!,
      status: 404,
      detail: MESSAGES.notFound(request.url),
      instance: request.url,
    };
    return reply.status(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
});
