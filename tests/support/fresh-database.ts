import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../api/src/db/database.ts';
import { startEmbeddedPostgis } from '../../api/src/db/embedded.ts';
import { applyMigrations } from '../../api/src/db/migrate.ts';

/**
 * An empty, migrated database of its own on the suite's backend, for tests that replace whole
 * tables (the shared fixture database stays untouched). Embedded: a new in-memory PGlite.
 */
export async function openFreshDatabase(label: string): Promise<Database> {
  const backend = inject('backend');
  let pool: pg.Pool;
  let dispose: () => Promise<void>;
  if (backend === 'embedded') {
    const embedded = await startEmbeddedPostgis('memory://');
    pool = new pg.Pool({ host: embedded.host, port: embedded.port, user: 'postgres', database: 'postgres', max: 1 });
    dispose = () => embedded.stop();
  } else {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const name = `liveability_${label}_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
    dispose = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // pool.end() resolves before its connections have closed: wait for them rather than
        // force them (a forced drop kills them mid-goodbye with an error).
        for (let attempt = 0; ; attempt++) {
          try {
            await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)}`);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      } finally {
        await client.end();
      }
    };
  }
  await applyMigrations(pool);
  return {
    pool,
    backend,
    async close() {
      await pool.end();
      await dispose();
    },
  };
}
