import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { parseScaleArgs, SCALE_USAGE, UsageError } from '../seed/scale-args.ts';
import { loadScaleData, resolveCounts } from '../seed/scale.ts';
import { describeError } from './describe-error.ts';

/*
 * `npm run seed:scale -- --incidents 1000000 [--vacant N] [--facilities N] [--bbox w,s,e,n] [--seed N]`:
 * replaces the SCALE-* rows in the configured database (DATABASE_URL, or the embedded PGlite
 * folder) with a large synthetic data set for vector-tile benchmarks. The Halle demo rows stay.
 */

async function main(): Promise<void> {
  const options = parseScaleArgs(process.argv.slice(2));
  const counts = resolveCounts(options);
  const total = counts.incidents + counts.vacantBuildings + counts.youthFacilities;
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    console.log(
      `loading ${total} rows into the ${db.backend} database` +
        (options.bbox ? ` (bbox ${options.bbox.join(',')})` : ' (Flemish and Brussels municipalities)'),
    );
    // A line per tenth, so a long load shows it is moving without flooding the log.
    let reported = 0;
    const result = await loadScaleData(db, options, (done) => {
      const tenth = Math.floor((done / total) * 10);
      if (tenth > reported) {
        reported = tenth;
        console.log(`  ${done} / ${total} rows (${tenth * 10} %)`);
      }
    });
    const rows = result.incidents + result.vacantBuildings + result.youthFacilities;
    console.log(
      `loaded ${result.incidents} incidents, ${result.vacantBuildings} vacant buildings, ` +
        `${result.youthFacilities} youth facilities in ${result.seconds.toFixed(1)} s ` +
        `(${Math.round(rows / result.seconds)} rows/s)`,
    );
  } finally {
    await db.close();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`seed:scale: ${error.message}\n${SCALE_USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`seed:scale failed: ${describeError(error)}`);
    process.exitCode = 1;
  }
}
