import type pg from 'pg';

/**
 * Runs `work` in a transaction on one client: committed when it returns, rolled back when it
 * throws (the error goes on) or returns null (nothing worth keeping, e.g. a stale version).
 * Nothing else may use the pool meanwhile: the embedded backend serves one connection.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(result === null ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A client whose rollback failed is closed rather than handed out again.
    client.release(broken);
  }
}
