import { describe, expect, it } from 'vitest';
import { contains, type Position } from './geo.ts';
import { INCIDENT_CATEGORIES, INCIDENT_PERIOD } from './incidents.ts';
import { createRng } from './prng.ts';
import {
  chunked,
  generateScaleIncidents,
  generateScaleVacantBuildings,
  generateScaleYouthFacilities,
  HALLE_CENTRE,
  MunicipalityIndex,
  parseScaleArgs,
  pointEwkbHex,
  readScaleMunicipalities,
  resolveCounts,
  ScaleSpace,
  URBAN_MUNICIPALITIES,
  UsageError,
  type ScaleMunicipality,
} from './scale.ts';
import { brusselsParts } from './time.ts';
import { VACANCY_REFERENCE_DATE } from './vacancy.ts';

const SEED = 23027;
const municipalities = await readScaleMunicipalities();
const space = new ScaleSpace({ municipalities }, SEED);
const take = <T>(items: Iterable<T>): T[] => [...items];
const incidents = take(generateScaleIncidents(space, 20_000, SEED));

const inAnyMunicipality = (p: Position): boolean => municipalities.some((m) => contains(m.area, p));

/** Web-mercator tile bounds (lon/lat) of the tile holding a point. */
function tileAround(z: number, [lon, lat]: Position): { west: number; east: number; south: number; north: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  const latOf = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return { west: (x / n) * 360 - 180, east: ((x + 1) / n) * 360 - 180, north: latOf(y), south: latOf(y + 1) };
}

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

describe('scale incidents', () => {
  it('are repeatable for a seed and differ for another', () => {
    const again = take(generateScaleIncidents(new ScaleSpace({ municipalities }, SEED), 2000, SEED));
    expect(again).toEqual(incidents.slice(0, 2000));
    const other = take(generateScaleIncidents(new ScaleSpace({ municipalities }, SEED + 1), 2000, SEED + 1));
    expect(other.map((i) => i.position)).not.toEqual(again.map((i) => i.position));
  });

  it('come in the exact number asked for, numbered SCALE-INC-0000001 upwards', () => {
    expect(incidents).toHaveLength(20_000);
    expect(incidents[0]?.sourceId).toBe('SCALE-INC-0000001');
    expect(incidents.at(-1)?.sourceId).toBe('SCALE-INC-0020000');
    expect(new Set(incidents.map((i) => i.sourceId)).size).toBe(20_000);
    expect(take(generateScaleIncidents(space, 0, SEED))).toEqual([]);
  });

  it('lie inside a Flemish or Brussels municipality (a sample, by the plain test)', () => {
    const sample = incidents.filter((_, i) => i % 10 === 0);
    expect(sample.filter((i) => !inAnyMunicipality(i.position)).map((i) => i.sourceId)).toEqual([]);
  });

  it('use the demo categories, sources and precisions, over the demo period', () => {
    expect(new Set(incidents.map((i) => i.category))).toEqual(new Set(INCIDENT_CATEGORIES));
    expect(new Set(incidents.map((i) => i.source))).toEqual(new Set(['politie', 'meldpunt']));
    expect(new Set(incidents.map((i) => i.locationPrecision))).toEqual(new Set(['exact', 'straat', 'sector']));
    const dates = incidents.map((i) => {
      const p = brusselsParts(i.occurredAt);
      return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
    });
    expect(dates.every((d) => d >= INCIDENT_PERIOD.from && d <= INCIDENT_PERIOD.to)).toBe(true);
  });

  it('keep the demo’s seasons and hours: burglaries peak in winter evenings, traffic in rush hours', () => {
    const burglaries = incidents.filter((i) => i.category === 'woninginbraak').map((i) => brusselsParts(i.occurredAt));
    const winter = burglaries.filter((p) => p.month >= 11 || p.month <= 2);
    expect(winter.length / burglaries.length).toBeGreaterThan(0.4);
    expect(winter.filter((p) => p.hour >= 17 && p.hour <= 20).length / winter.length).toBeGreaterThan(0.3);
    const traffic = incidents.filter((i) => i.category === 'verkeer').map((i) => brusselsParts(i.occurredAt).hour);
    expect(traffic.filter((h) => (h >= 7 && h <= 8) || (h >= 16 && h <= 17)).length / traffic.length).toBeGreaterThan(
      0.25,
    );
  });

  it('put points in the z12 tile of Halle’s centre, and a dense core in its z16 tile', () => {
    const within = (z: number) => {
      const t = tileAround(z, HALLE_CENTRE);
      return incidents.filter(({ position: [x, y] }) => x >= t.west && x < t.east && y >= t.south && y < t.north)
        .length;
    };
    expect(space.halleClusters).toBe(3);
    expect(within(12)).toBeGreaterThan(150); // ≥ 0.75 % of all points in one of ~1,000 z12 tiles of the region
    expect(within(16)).toBeGreaterThan(30);
  });

  it('are denser in the regional cities and Brussels than elsewhere', () => {
    const tally = { urban: { points: 0, km2: 0 }, other: { points: 0, km2: 0 } };
    for (const m of municipalities) tally[URBAN_MUNICIPALITIES.has(m.code) ? 'urban' : 'other'].km2 += m.areaM2 / 1e6;
    for (const i of incidents) {
      const m = space.municipalityOf(i.position);
      if (m) tally[URBAN_MUNICIPALITIES.has(m.code) ? 'urban' : 'other'].points++;
    }
    const density = (t: { points: number; km2: number }) => t.points / t.km2;
    expect(density(tally.urban)).toBeGreaterThan(3 * density(tally.other));
  });
});

describe('scale vacant buildings and youth facilities', () => {
  const vacant = take(generateScaleVacantBuildings(space, 1000, SEED));
  const youth = take(generateScaleYouthFacilities(space, 500, SEED));

  it('come in the exact numbers, with their own source ids, repeatably', () => {
    expect(vacant.map((v) => v.sourceId).slice(0, 2)).toEqual(['SCALE-LEEG-0000001', 'SCALE-LEEG-0000002']);
    expect(youth.at(-1)?.sourceId).toBe('SCALE-JEUGD-0000500');
    expect(take(generateScaleVacantBuildings(space, 1000, SEED))).toEqual(vacant);
    expect(take(generateScaleYouthFacilities(space, 500, SEED))).toEqual(youth);
  });

  it('lie inside the municipalities, with valid register dates', () => {
    const outside = [...vacant, ...youth].filter((r) => !inAnyMunicipality(r.position));
    expect(outside.map((r) => r.sourceId)).toEqual([]);
    for (const v of vacant) {
      expect(v.registeredOn < VACANCY_REFERENCE_DATE).toBe(true);
      if (v.resolvedOn !== null) {
        expect(v.resolvedOn > v.registeredOn && v.resolvedOn < VACANCY_REFERENCE_DATE).toBe(true);
      }
    }
    // Only dwellings get the housing-quality verdicts.
    expect(vacant.filter((v) => v.kind !== 'woning' && ['ongeschikt', 'onbewoonbaar'].includes(v.status))).toEqual([]);
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

describe('helpers', () => {
  it('fills in the default counts: vacant = incidents / 20, facilities = incidents / 200', () => {
    expect(resolveCounts({ incidents: 1_000_000 })).toEqual({
      incidents: 1_000_000,
      vacantBuildings: 50_000,
      youthFacilities: 5000,
    });
    expect(resolveCounts({ incidents: 199, vacantBuildings: 0 })).toEqual({
      incidents: 199,
      vacantBuildings: 0,
      youthFacilities: 0,
    });
    expect(() => resolveCounts({ incidents: -1 })).toThrow(RangeError);
    expect(() => resolveCounts({ incidents: 10, youthFacilities: 1.5 })).toThrow(RangeError);
  });

  it('chunks lazily without losing or repeating rows', () => {
    expect(take(chunked([1, 2, 3, 4, 5], 2))).toEqual([[1, 2], [3, 4], [5]]);
    expect(take(chunked([], 2))).toEqual([]);
  });

  it('writes points as hex EWKB with SRID 4326', () => {
    const hex = pointEwkbHex([4.2373, 50.7339]);
    expect(hex.slice(0, 18)).toBe('0101000020e6100000');
    const bytes = Buffer.from(hex, 'hex');
    expect([bytes.readDoubleLE(9), bytes.readDoubleLE(17)]).toEqual([4.2373, 50.7339]);
  });
});

describe('parseScaleArgs', () => {
  it('reads every flag', () => {
    expect(
      parseScaleArgs([
        '--incidents',
        '1000000',
        '--vacant',
        '10',
        '--facilities=0',
        '--bbox',
        '4.1,50.6,4.4,50.8',
        '--seed=-7',
      ]),
    ).toEqual({
      incidents: 1_000_000,
      vacantBuildings: 10,
      youthFacilities: 0,
      bbox: [4.1, 50.6, 4.4, 50.8],
      seed: -7,
    });
    expect(parseScaleArgs(['--incidents', '5'])).toEqual({ incidents: 5 });
  });

  it.each([
    [[], /--incidents is required/],
    [['--incidents', '10', '--verbose'], /Unknown option '--verbose'/],
    [['--incidents', '10', 'extra'], /positional argument/],
    [['--incidents', '1e6'], /--incidents must be a non-negative integer/],
    [['--incidents=-5'], /--incidents must be a non-negative integer/],
    [['--incidents', '10', '--vacant', '2.5'], /--vacant must be a non-negative integer/],
    [['--incidents', '10', '--facilities', ''], /--facilities must be a non-negative integer/],
    [['--incidents', '10', '--bbox', '4.1,50.6,4.4'], /--bbox must be four numbers/],
    [['--incidents', '10', '--bbox', '4.4,50.6,4.1,50.8'], /west < east/],
    [['--incidents', '10', '--bbox', '4.1,50.6,4.4,x'], /--bbox must be four numbers/],
    [['--incidents', '10', '--bbox', '4.1,95,4.4,96'], /lat ±90/],
    [['--incidents', '10', '--seed', 'abc'], /--seed must be an integer/],
  ])('rejects %j', (args, message) => {
    expect(() => parseScaleArgs(args)).toThrow(UsageError);
    expect(() => parseScaleArgs(args)).toThrow(message);
  });
});
