import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { type Config, loadConfig } from '../../api/src/config.ts';
import type { Database } from '../../api/src/db/database.ts';

/**
 * The real app on the suite's database (see global-setup.ts), for `inject`ed requests. The
 * anonymous rate limit is off (every injected request comes from one address) unless `env`
 * sets RATE_LIMIT_PER_MINUTE; `env` and `overrides` change the configuration for one test file.
 */
export async function createTestApp(env: NodeJS.ProcessEnv = {}, overrides: Partial<Config> = {}) {
  const backend = inject('backend');
  // PGlite serves one connection at a time: keep to one, as the app does.
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: backend === 'embedded' ? 1 : 4 });
  const db: Database = { pool, backend, close: () => pool.end() };
  const config = { ...loadConfig({ RATE_LIMIT_PER_MINUTE: '0', ...env }), ...overrides };
  const app = await buildApp({ config, db });
  app.addHook('onClose', () => db.close());
  return app;
}
