import type pg from 'pg';
import type { Database } from '../db/database.ts';

const CHANNEL = 'data_changed';
const RETRY_MS = 1_000;

/**
 * The current version of each data table (see sql/migrations/002_data_versions.sql), so
 * caches can key on it. On a PostgreSQL server the versions are kept in memory and refreshed
 * when the database announces a change (LISTEN/NOTIFY), which costs no query per request; while
 * that connection is down, and on the embedded backend (one shared session, where
 * notifications cannot be routed to a listener), every read asks the database.
 */
export class DataVersions {
  private versions = new Map<string, number>();
  private listener: pg.PoolClient | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly db: Database) {}

  async start(): Promise<this> {
    if (this.db.backend === 'server') await this.listen();
    return this;
  }

  async version(table: string): Promise<number> {
    if (!this.listener) await this.reload();
    return this.versions.get(table) ?? 0;
  }

  /** The versions of several tables, read together (one query at most). */
  async versionsOf(tables: readonly string[]): Promise<number[]> {
    if (!this.listener) await this.reload();
    return tables.map((table) => this.versions.get(table) ?? 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.listener;
    this.listener = null;
    if (!client) return;
    // Hand the connection back to the pool clean, so the pool's own end() closes it in order.
    try {
      await client.query(`UNLISTEN ${CHANNEL}`);
      client.removeAllListeners('notification');
      client.release();
    } catch {
      client.release(true);
    }
  }

  private async reload(): Promise<void> {
    const { rows } = await this.db.pool.query<{ table_name: string; version: number }>(
      'SELECT table_name, version FROM data_versions',
    );
    this.versions = new Map(rows.map((row) => [row.table_name, Number(row.version)]));
  }

  private async listen(): Promise<void> {
    let client: pg.PoolClient | null = null;
    try {
      client = await this.db.pool.connect();
      client.on('notification', () => {
        // A failed reload leaves the map stale only until the next notification or reconnect;
        // drop the listener so reads go to the database meanwhile.
        this.reload().catch(() => this.dropListener(true));
      });
      client.on('error', () => this.dropListener(true));
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
      await this.reload(); // after LISTEN, so no change can fall between the two
    } catch {
      // A connection that failed before it became the listener goes back to the pool broken.
      if (client && client !== this.listener) client.release(true);
      this.dropListener(true);
    }
  }

  private dropListener(reconnect = false): void {
    const client = this.listener;
    this.listener = null;
    client?.release(true);
    if (reconnect && !this.closed && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.listen();
      }, RETRY_MS);
    }
  }
}
