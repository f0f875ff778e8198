import { generateIncidents, type Incident } from './incidents.ts';
import { Placement, type DemoArea } from './placement.ts';
import { generateVacantBuildings, type VacantBuilding } from './vacancy.ts';
import { generateYouthFacilities, type YouthFacility } from './youth.ts';

/** Default seed: Halle's NIS code, so `npm run seed` always produces the same demo. */
export const DEFAULT_SEED = 23027;

export interface DemoData {
  youthFacilities: YouthFacility[];
  vacantBuildings: VacantBuilding[];
  incidents: Incident[];
}

/** All synthetic layers for an area; pure and repeatable: the same area and seed give the same data. */
export function generateDemoData(area: DemoArea, seed: number = DEFAULT_SEED): DemoData {
  const place = new Placement(area);
  const youthFacilities = generateYouthFacilities(place, seed);
  return {
    youthFacilities,
    vacantBuildings: generateVacantBuildings(place, seed),
    // Incidents use the youth facilities as nuisance hotspots.
    incidents: generateIncidents(place, youthFacilities, seed),
  };
}
