import { describe, expect, it } from 'vitest';
import { contains, type Position } from './geo.ts';
import { INCIDENT_CATEGORIES, INCIDENT_PERIOD } from './incidents.ts';
import { generateScaleIncidents, generateScaleVacantBuildings, generateScaleYouthFacilities } from './scale-rows.ts';
import { HALLE_CENTRE, readScaleMunicipalities, ScaleSpace, URBAN_MUNICIPALITIES } from './scale-space.ts';
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
