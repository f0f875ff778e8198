import { describe, expect, it } from 'vitest';
import { contains, type Position } from './geo.ts';
import { createRng } from './prng.ts';
import { generateScaleIncidents, generateScaleVacantBuildings, generateScaleYouthFacilities } from './scale-rows.ts';
import {
  MunicipalityIndex,
  readScaleMunicipalities,
  ScaleSpace,
  URBAN_MUNICIPALITIES,
  type ScaleMunicipality,
} from './scale-space.ts';

const SEED = 23027;
const municipalities = await readScaleMunicipalities();
const space = new ScaleSpace({ municipalities }, SEED);

describe('the municipalities file', () => {
  it('holds the 304 municipalities of Flanders and Brussels, with every listed regional city', () => {
    expect(municipalities).toHaveLength(304);
    expect(municipalities.filter((m) => m.code.startsWith('21'))).toHaveLength(19);
    const codes = new Set(municipalities.map((m) => m.code));
    expect([...URBAN_MUNICIPALITIES].filter((c) => !codes.has(c))).toEqual([]);
    expect(municipalities.find((m) => m.code === '23027')?.name).toBe('Halle');
  });
});

describe('MunicipalityIndex', () => {
  it('agrees with the plain point-in-polygon test, also right next to the borders', () => {
    const index = new MunicipalityIndex(municipalities, space.bbox);
    const rng = createRng(1);
    const points: Position[] = [];
    const { minX, minY, maxX, maxY } = space.bbox;
    for (let i = 0; i < 4000; i++) points.push([rng.range(minX, maxX), rng.range(minY, maxY)]);
    // Points a few metres from vertices, where the grid cells hold edges.
    for (let i = 0; i < 4000; i++) {
      const m = rng.pick(municipalities);
      const ring = m.area.coords[0]?.[0] ?? [];
      const [x, y] = rng.pick(ring);
      points.push([x + rng.range(-1e-4, 1e-4), y + rng.range(-1e-4, 1e-4)]);
    }
    const mismatches = points.filter((p) => {
      const found = index.find(p);
      const expected = municipalities.findIndex((m) => contains(m.area, p));
      // Simplified neighbours may overlap by a sliver: any municipality holding the point will do.
      return found === -1 ? expected !== -1 : !contains((municipalities[found] as ScaleMunicipality).area, p);
    });
    expect(mismatches).toEqual([]);
  });
});

describe('a bounding box instead of the municipalities', () => {
  const bbox = { minX: 4.1, minY: 50.65, maxX: 4.4, maxY: 50.8 };
  const boxSpace = new ScaleSpace({ bbox }, SEED);

  it('keeps every point inside the box, Halle’s clusters included', () => {
    const rows = [
      ...generateScaleIncidents(boxSpace, 5000, SEED),
      ...generateScaleVacantBuildings(boxSpace, 500, SEED),
      ...generateScaleYouthFacilities(boxSpace, 100, SEED),
    ];
    const outside = rows.filter(
      ({ position: [x, y] }) => x < bbox.minX || x > bbox.maxX || y < bbox.minY || y > bbox.maxY,
    );
    expect(outside).toEqual([]);
    expect(boxSpace.halleClusters).toBe(3);
  });

  it('drops the Halle clusters when the box leaves Halle out', () => {
    const gent = new ScaleSpace({ bbox: { minX: 3.6, minY: 51.0, maxX: 3.8, maxY: 51.1 } }, SEED);
    expect(gent.halleClusters).toBe(0);
    expect(gent.clusters.length).toBeGreaterThanOrEqual(10);
  });
});
