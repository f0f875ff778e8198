import pg from 'pg';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { type Config, loadConfig } from '../../api/src/config.ts';
import { type Database, watchLostConnections } from '../../api/src/db/database.ts';

/**
 * The real app on the suite's database (see global-setup.ts), for `inject`ed requests. The
 * anonymous rate limit is off (every injected request comes from one address) unless `env`
 * sets RATE_LIMIT_PER_MINUTE; `env` and `overrides` change the configuration for one test file,
 * and `logger` gives it a logger (none by default).
 */
export async function createTestApp(
  env: NodeJS.ProcessEnv = {},
  overrides: Partial<Config> = {},
  logger: FastifyServerOptions['logger'] = false,
) {
  const backend = inject('backend');
  // PGlite serves one connection at a time: keep to one, as the app does.
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: backend === 'embedded' ? 1 : 4 });
  watchLostConnections(pool);
  const db: Database = { pool, backend, close: () => pool.end() };
  const config = { ...loadConfig({ RATE_LIMIT_PER_MINUTE: '0', ...env }), ...overrides };
  const app = await buildApp({ config, db, logger });
  app.addHook('onClose', () => db.close());
  return app;
}

/**
 * Runs `write` (SQL straight to the database) and waits until the app has heard of the change
 * to `table`: on a PostgreSQL server the data versions arrive by LISTEN/NOTIFY, a moment later.
 */
export async function writeAndWait(app: FastifyInstance, table: string, write: () => Promise<unknown>) {
  const before = await app.dataVersions.version(table);
  await write();
  const deadline = Date.now() + 5000;
  while ((await app.dataVersions.version(table)) === before) {
    if (Date.now() > deadline) throw new Error(`the app did not hear of the write to ${table} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
