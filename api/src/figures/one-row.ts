import type pg from 'pg';

/*
 * When the embedded backend swallows a GEOS error, the statement returns no row instead of
 * failing, and stray protocol messages follow on the connection: the next statement on it
 * fails ("portal "" does not exist", then "Received unexpected parseComplete message" and a
 * client that is no longer queryable; tried: it does not recover). Statements that must
 * return exactly one row therefore run here, on a client of their own (one client, one
 * statement, nothing else on the pool meanwhile), and a connection that returned no row is
 * destroyed instead of going back to the pool for the next request to trip over.
 */

function ignoreStrayMessages(): void {}

/** The statement's one row, or null when it returned none (a swallowed GEOS error). */
export async function queryOneRow<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values: unknown[],
): Promise<Row | null> {
  const client = await pool.connect();
  // Stray messages arrive as client errors: never unhandled while the client is ours.
  client.on('error', ignoreStrayMessages);
  let rows: Row[];
  try {
    ({ rows } = await client.query<Row>(text, values));
  } catch (error) {
    // An ordinary error (the server's GEOS exception included): the connection is fine.
    client.off('error', ignoreStrayMessages);
    client.release();
    throw error;
  }
  if (rows.length === 1) {
    client.off('error', ignoreStrayMessages);
    client.release();
    return rows[0]!;
  }
  client.release(true);
  // The pool listens for errors of the connection it is closing, to report them; the stray
  // messages still arriving there are expected: drop them quietly.
  for (const listener of client.listeners('error')) {
    if (listener !== ignoreStrayMessages) client.off('error', listener as () => void);
  }
  return null;
}
