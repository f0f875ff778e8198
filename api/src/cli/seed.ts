import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { DEFAULT_SEED } from '../seed/demo.ts';
import { loadDemoData } from '../seed/load-demo.ts';
import { describeError } from './describe-error.ts';

/*
 * `npm run seed`: (re)loads Halle's demo data into the configured database (DATABASE_URL, or
 * the embedded PGlite folder), replacing what the demo tables hold. SEED=<integer> picks
 * another synthetic data set; the default is always the same one.
 */

function parseSeed(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`SEED must be an integer, got "${value}"`);
  return seed;
}

async function main(): Promise<void> {
  const seed = parseSeed(process.env.SEED);
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const started = performance.now();
    const counts = await loadDemoData(db.pool, { seed });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded ${db.backend} database (seed ${seed}, ${seconds} s): ${counts.neighbourhoods} neighbourhoods, ` +
        `${counts.wards} wards, ${counts.youthFacilities} youth facilities, ` +
        `${counts.vacantBuildings} vacant buildings, ${counts.incidents} incidents, ${counts.partners} partners`,
    );
  } finally {
    await db.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(`Seeding failed: ${describeError(error)}`);
  process.exitCode = 1;
}
