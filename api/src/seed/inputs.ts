import { GEODATA_DIR, readEstimatesCsv, readGeodataSources, type AreaFeature, type GeodataSources } from './geodata.ts';
import type { DemoArea } from './placement.ts';
import { parseEstimatesCsv, type SectorFigures } from './sectors.ts';

/** Everything the demo loader needs from geodata/: the real layers, the sector estimates, and the area for the generators. */
export interface DemoInputs {
  sources: GeodataSources;
  /** In the order of the sectors file. */
  figures: SectorFigures[];
  area: DemoArea;
}

export async function readDemoInputs(dir: URL = GEODATA_DIR): Promise<DemoInputs> {
  const [sources, estimatesText] = await Promise.all([readGeodataSources(dir), readEstimatesCsv(dir)]);
  const byCode = new Map(parseEstimatesCsv(estimatesText).map((f) => [f.code, f]));
  const wardCodes = new Set(sources.wards.map((w) => w.code));
  // The estimates CSV is generated from the sectors file; refuse to load a stale or partial one.
  if (byCode.size !== sources.sectors.length) {
    throw new Error(
      `geodata/halle_sector_estimates.csv has ${byCode.size} sectors, the sectors file ${sources.sectors.length}: ` +
        'regenerate it with `npx tsx api/src/cli/estimate-sectors.ts`',
    );
  }
  const figures = sources.sectors.map((s: AreaFeature) => {
    const f = byCode.get(s.code);
    if (!f) throw new Error(`geodata/halle_sector_estimates.csv has no row for sector ${s.code}`);
    if (f.wardCode !== null && !wardCodes.has(f.wardCode)) {
      throw new Error(`geodata/halle_sector_estimates.csv: sector ${s.code} names unknown ward ${f.wardCode}`);
    }
    return f;
  });
  return {
    sources,
    figures,
    area: {
      boundary: sources.boundary.coords,
      sectors: sources.sectors.map((s, i) => ({
        code: s.code,
        name: s.name,
        wardCode: (figures[i] as SectorFigures).wardCode,
        population: (figures[i] as SectorFigures).population,
        coords: s.coords,
      })),
      wardNames: Object.fromEntries(sources.wards.map((w) => [w.code, w.name])),
    },
  };
}
