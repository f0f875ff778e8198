import { writeFile } from 'node:fs/promises';
import { GEODATA_DIR, GEODATA_FILES, readGeodataSources } from '../seed/geodata.ts';
import {
  assignWards,
  estimateSectorFigures,
  formatEstimatesCsv,
  HALLE_POPULATION,
  HOUSEHOLD_SIZE,
} from '../seed/sectors.ts';

/*
 * Writes geodata/halle_sector_estimates.csv: estimated residents and dwellings per statistical
 * sector, with each sector's ward, so the figures the seed loads can be reviewed in a diff.
 * Run after changing the estimation: `npx tsx api/src/cli/estimate-sectors.ts`.
 */

try {
  const sources = await readGeodataSources();
  const estimates = estimateSectorFigures(assignWards(sources.sectors, sources.wards), sources.income);
  const target = new URL(GEODATA_FILES.estimates, GEODATA_DIR);
  await writeFile(target, formatEstimatesCsv(estimates), 'utf8');
  const dwellings = estimates.reduce((s, e) => s + e.dwellings, 0);
  const unassigned = estimates.filter((e) => e.wardCode === null).map((e) => e.code);
  console.log(
    `wrote ${estimates.length} sectors to geodata/${GEODATA_FILES.estimates}: ` +
      `${HALLE_POPULATION} residents, ${dwellings} dwellings (household size ${HOUSEHOLD_SIZE})` +
      (unassigned.length ? `; no ward for ${unassigned.join(', ')}` : ''),
  );
} catch (error) {
  console.error('estimate-sectors failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
