import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgis {
  host: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Boots PGlite with PostGIS and serves it on a loopback port, so the API reaches it through
 * the same `pg` code path as a PostgreSQL server (architecture decision 1).
 * `dataDir` may be `memory://` for a throwaway database.
 */
export async function startEmbeddedPostgis(dataDir: string): Promise<EmbeddedPostgis> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { extensions: { postgis } });
  // The pool keeps to one connection, but a replacement can arrive before the socket server
  // has noticed the old one close; with its default of one slot it would refuse it
  // ("Too many connections"). Its query queue keeps a transaction to its own connection.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  const [host = '127.0.0.1', port] = server.getServerConn().split(':');
  return {
    host,
    port: Number(port),
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
