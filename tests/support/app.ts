import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import type { Database } from '../../api/src/db/database.ts';

/** The real app on the suite's database (see global-setup.ts), for `inject`ed requests. */
export async function createTestApp() {
  const backend = inject('backend');
  // PGlite serves one connection at a time: keep to one, as the app does.
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: backend === 'embedded' ? 1 : 4 });
  const db: Database = { pool, backend, close: () => pool.end() };
  const app = await buildApp({ config: loadConfig({}), db });
  app.addHook('onClose', () => db.close());
  return app;
}
