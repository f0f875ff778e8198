import pg from 'pg';
import type { Config } from '../config.ts';
import { startEmbeddedPostgis, type EmbeddedPostgis } from './embedded.ts';
import { applyMigrations } from './migrate.ts';

export type Backend = 'server' | 'embedded';

export const STATEMENT_TIMEOUT_MS = 30_000;

export interface Database {
  pool: pg.Pool;
  backend: Backend;
  close(): Promise<void>;
}

// PostgreSQL's int8 and numeric come back as strings by default; counts here fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * An idle client that loses its server must not crash the process (a pool without an 'error'
 * listener throws): the next query fails with a 503 and the pool opens a fresh connection.
 */
export function watchLostConnections(pool: pg.Pool): void {
  pool.on('error', (error) => console.warn(`database connection lost: ${error.message}`));
}

/**
 * Opens the database the configuration names: the PostGIS server at DATABASE_URL, or the
 * embedded PGlite + PostGIS (pool of one: PGlite serves one connection at a time).
 * Migrations are applied before it is handed out.
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'pgliteDataDir'>): Promise<Database> {
  let embedded: EmbeddedPostgis | undefined;
  let pool: pg.Pool;
  if (config.databaseUrl) {
    // A runaway query (a huge tile, a pathological filter) is cut off rather than hog a connection.
    pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10, statement_timeout: STATEMENT_TIMEOUT_MS });
  } else {
    embedded = await startEmbeddedPostgis(config.pgliteDataDir);
    pool = new pg.Pool({ host: embedded.host, port: embedded.port, user: 'postgres', database: 'postgres', max: 1 });
  }
  watchLostConnections(pool);
  const close = async () => {
    await pool.end();
    await embedded?.stop();
  };
  try {
    await applyMigrations(pool);
  } catch (error) {
    await close();
    throw new Error('while applying database migrations', { cause: error });
  }
  return { pool, backend: embedded ? 'embedded' : 'server', close };
}
