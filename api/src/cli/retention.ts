import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { anonymiseClosedSignals, retentionSummary } from '../signals/retention.ts';
import { describeError } from './describe-error.ts';
import { isMainModule } from './main-module.ts';

/*
 * `npm run retention` anonymises, once, the signals closed longer than SIGNAL_RETENTION_MONTHS
 * (default 24) ago in the configured database (DATABASE_URL, or the embedded PGLITE_DATA_DIR;
 * not while the server has that folder open), and prints exactly
 * `anonymised N signals (closed before YYYY-MM-DD)`. The server runs the same job at start and
 * every 24 hours; this is for a cron job or a check by hand. Exit 1 with the reason on stderr
 * when it could not run.
 */

export const USAGE = 'usage: [SIGNAL_RETENTION_MONTHS=24] npm run retention';

async function main(argv: string[]): Promise<void> {
  if (argv.length > 0) throw new Error(`no arguments are taken (got ${argv.join(' ')})\n${USAGE}`);
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    console.log(retentionSummary(await anonymiseClosedSignals(db.pool, config.signalRetentionMonths)));
  } finally {
    await db.close();
  }
}

if (isMainModule(import.meta.url)) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`retention failed: ${describeError(error)}`);
    process.exitCode = 1;
  }
}
