import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { HttpProblem, MESSAGES } from '../plugins/errors.ts';
import { ProblemSchema } from '../schemas.ts';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Object({
    backend: Type.Union([Type.Literal('server'), Type.Literal('embedded')]),
    postgres: Type.String(),
    postgis: Type.String(),
  }),
});

const StatusSchema = Type.Object({ status: Type.Literal('ok') });

/** The probes a load balancer or orchestrator calls every few seconds: never rate-limited. */
export const PROBE_PATHS = ['/api/health/live', '/api/health/ready'] as const;

/** How long readiness waits for `SELECT 1`: longer means the database is as good as away. */
export const READY_TIMEOUT_MS = 2000;

class ReadyTimeout extends Error {}

/** Runs `query`, or rejects with ReadyTimeout after `ms`; the timer never keeps the process alive. */
async function within<T>(ms: number, query: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ReadyTimeout()), ms);
    timer.unref();
  });
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reachability of the database, its PostGIS version and which backend serves it; and the two
 * probes: `live` (the process answers; no database query, so a database outage never gets the
 * process restarted) and `ready` (the database answers `SELECT 1` within 2 s; else 503, so a
 * load balancer sends traffic elsewhere). The probes skip the session lookup (auth.ts) and the
 * anonymous rate limit.
 */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/health', { schema: { response: { 200: HealthSchema, 503: ProblemSchema } } }, async () => {
    const { rows } = await app.db.pool.query<{ postgres: string; postgis: string }>(
      `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`,
    );
    const [row] = rows;
    return {
      status: 'ok' as const,
      database: { backend: app.db.backend, postgres: row!.postgres, postgis: row!.postgis },
    };
  });

  const probe = { config: { rateLimit: false as const } };

  app.get('/api/health/live', { ...probe, schema: { response: { 200: StatusSchema } } }, async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok' as const };
  });

  app.get(
    '/api/health/ready',
    { ...probe, schema: { response: { 200: StatusSchema, 503: ProblemSchema } } },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      try {
        await within(READY_TIMEOUT_MS, app.db.pool.query('SELECT 1'));
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database not answering');
        const late = error instanceof ReadyTimeout ? ` (no answer to SELECT 1 within ${READY_TIMEOUT_MS} ms)` : '';
        throw new HttpProblem(503, 'Service Unavailable', `${MESSAGES.databaseUnavailable}${late}`);
      }
      return { status: 'ok' as const };
    },
  );
};

export default healthRoutes;
