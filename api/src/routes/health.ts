import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { ProblemSchema } from '../schemas.ts';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Object({
    backend: Type.Union([Type.Literal('server'), Type.Literal('embedded')]),
    postgres: Type.String(),
    postgis: Type.String(),
  }),
});

/** Reachability of the database, its PostGIS version and which backend serves it. */
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
};

export default healthRoutes;
