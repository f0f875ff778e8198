import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/registry.ts';
import { DEFAULT_SEED, generateDemoData } from './demo.ts';
import { contains, toArea, type Position } from './geo.ts';
import { HALLE_HOTSPOTS, INCIDENT_CATEGORIES, INCIDENT_COUNT, INCIDENT_PERIOD } from './incidents.ts';
import { readDemoInputs } from './inputs.ts';
import { brusselsParts } from './time.ts';
import { VACANCY_COUNT, VACANCY_KINDS, VACANCY_REFERENCE_DATE, VACANCY_STATUSES } from './vacancy.ts';
import { YOUTH_COUNTS, YOUTH_KINDS } from './youth.ts';

const { area } = await readDemoInputs();
const demo = generateDemoData(area, DEFAULT_SEED);
const schemaSql = await readFile(new URL('../../../sql/migrations/001_schema.sql', import.meta.url), 'utf8');

/** Values allowed by a `column IN (...)` CHECK in the schema. */
function schemaValues(column: string): string[] {
  const match = new RegExp(`${column} text NOT NULL CHECK \\(${column} IN \\(([^)]*)\\)`).exec(schemaSql);
  if (!match?.[1]) throw new Error(`no CHECK list for ${column}`);
  return [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
}

function registryValues(layerId: string, property: string): string[] {
  return (
    findLayer(layerId)
      ?.properties.find((p) => p.name === property)
      ?.values?.map((v) => v.value) ?? []
  );
}

function metres(a: Position, b: Position): number {
  const kx = 111_320 * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * 111_320);
}

const share = <T>(items: readonly T[], test: (item: T) => boolean): number => items.filter(test).length / items.length;
const incidentsOf = (category: string) => demo.incidents.filter((i) => i.category === category);
const local = (iso: string) => brusselsParts(iso);

describe('repeatability', () => {
  it('gives identical data for the same seed', () => {
    expect(generateDemoData(area, DEFAULT_SEED)).toEqual(demo);
  });

  it('gives different data in every layer for another seed', () => {
    const other = generateDemoData(area, DEFAULT_SEED + 1);
    expect(other.youthFacilities.map((f) => f.position)).not.toEqual(demo.youthFacilities.map((f) => f.position));
    expect(other.vacantBuildings).not.toEqual(demo.vacantBuildings);
    expect(other.incidents).not.toEqual(demo.incidents);
  });
});

describe('all layers', () => {
  const points: [string, Position][] = [
    ...demo.youthFacilities.map((f): [string, Position] => [f.sourceId, f.position]),
    ...demo.vacantBuildings.map((b): [string, Position] => [b.sourceId, b.position]),
    ...demo.incidents.map((i): [string, Position] => [i.sourceId, i.position]),
  ];

  it('place every point inside the Halle boundary', () => {
    const boundary = toArea(area.boundary);
    expect(points.filter(([, p]) => !contains(boundary, p)).map(([id]) => id)).toEqual([]);
    // Independent of the polygon test: Halle's published extent (geodata/README.md).
    const outsideExtent = points.filter(([, [x, y]]) => x < 4.17209 || x > 4.31194 || y < 50.68952 || y > 50.77812);
    expect(outsideExtent).toEqual([]);
  });

  it('use unique, sequential, clearly demo source ids', () => {
    const ids = points.map(([id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(demo.vacantBuildings[0]?.sourceId).toBe('DEMO-LEEG-0001');
    expect(demo.vacantBuildings.at(-1)?.sourceId).toBe('DEMO-LEEG-0300');
    expect(demo.incidents[0]?.sourceId).toBe('DEMO-INC-000001');
    expect(demo.incidents.at(-1)?.sourceId).toBe('DEMO-INC-006000');
    expect(ids.every((id) => /^DEMO-(JEUGD-\d{3}|LEEG-\d{4}|INC-\d{6})$/.test(id))).toBe(true);
  });

  it('use only codes the schema and the layer registry accept', () => {
    expect([...INCIDENT_CATEGORIES].sort()).toEqual(schemaValues('category').sort());
    expect([...INCIDENT_CATEGORIES].sort()).toEqual(registryValues('incidents', 'category').sort());
    expect([...YOUTH_KINDS].sort()).toEqual(registryValues('youth-facilities', 'kind').sort());
    expect([...VACANCY_KINDS].sort()).toEqual(registryValues('vacant-buildings', 'kind').sort());
    expect([...VACANCY_STATUSES].sort()).toEqual(schemaValues('status').sort());
    expect(new Set(demo.incidents.map((i) => i.source))).toEqual(new Set(schemaValues('source')));
    expect(new Set(demo.incidents.map((i) => i.locationPrecision))).toEqual(
      new Set(schemaValues('location_precision')),
    );
  });
});

describe('youth facilities', () => {
  it('have the stated number of each kind, with unique names', () => {
    for (const kind of YOUTH_KINDS) {
      expect(demo.youthFacilities.filter((f) => f.kind === kind)).toHaveLength(YOUTH_COUNTS[kind]);
    }
    const names = demo.youthFacilities.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.trim() !== '' && !/undefined|NaN/.test(n))).toBe(true);
  });

  it('are mostly public, school grounds mostly not', () => {
    expect(share(demo.youthFacilities, (f) => f.isPublic)).toBeGreaterThan(0.5);
    expect(
      share(
        demo.youthFacilities.filter((f) => f.kind === 'school'),
        (f) => f.isPublic,
      ),
    ).toBeLessThan(0.5);
    expect(demo.youthFacilities.filter((f) => f.kind === 'speeltuin').every((f) => f.isPublic)).toBe(true);
  });

  it('sit where people live: none in the near-empty sectors', () => {
    const empty = toArea(area.sectors.find((s) => s.code === '23027A183')?.coords ?? []);
    expect(demo.youthFacilities.filter((f) => contains(empty, f.position))).toEqual([]);
  });
});

describe('vacant buildings', () => {
  const buildings = demo.vacantBuildings;

  it('number 300, mostly dwellings, with housing-quality verdicts only on dwellings', () => {
    expect(buildings).toHaveLength(VACANCY_COUNT);
    expect(share(buildings, (b) => b.kind === 'woning')).toBeGreaterThan(0.6);
    expect(
      buildings.filter((b) => b.kind !== 'woning' && (b.status === 'ongeschikt' || b.status === 'onbewoonbaar')),
    ).toEqual([]);
    for (const status of VACANCY_STATUSES) expect(buildings.some((b) => b.status === status)).toBe(true);
  });

  it('are registered in the six years before the reference date and resolved after registration', () => {
    for (const b of buildings) {
      expect(b.registeredOn >= '2020-10-01' && b.registeredOn < VACANCY_REFERENCE_DATE).toBe(true);
      if (b.resolvedOn !== null) {
        expect(b.resolvedOn >= b.registeredOn).toBe(true);
        expect(b.resolvedOn < VACANCY_REFERENCE_DATE).toBe(true);
      }
    }
    const open = share(buildings, (b) => b.resolvedOn === null);
    expect(open).toBeGreaterThan(0.5);
    expect(open).toBeLessThan(0.7);
    // Older registrations are more often resolved.
    const old = buildings.filter((b) => b.registeredOn < '2022-10-01');
    const recent = buildings.filter((b) => b.registeredOn >= '2025-10-01');
    expect(share(old, (b) => b.resolvedOn !== null)).toBeGreaterThan(share(recent, (b) => b.resolvedOn !== null));
  });

  it('have unique fictional addresses', () => {
    const addresses = buildings.map((b) => b.address);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(addresses.every((a) => /^\S+(straat|laan|dreef|weg|plein|steenweg|wegel) \d{1,3}$/.test(a))).toBe(true);
  });

  it('cluster in Halle-centrum: more per resident there than in the municipality as a whole', () => {
    const centrum = area.sectors.find((s) => s.code === '23027A00-');
    const centrumArea = toArea(centrum?.coords ?? []);
    const inCentrum = buildings.filter((b) => contains(centrumArea, b.position)).length;
    const perResident = inCentrum / (centrum?.population ?? 1);
    const overall = buildings.length / area.sectors.reduce((s, x) => s + x.population, 0);
    expect(perResident).toBeGreaterThan(2 * overall);
  });
});

describe('incidents', () => {
  const incidents = demo.incidents;

  it('number 6000 over the three years, with UTC timestamps inside the period in Brussels time', () => {
    expect(incidents).toHaveLength(INCIDENT_COUNT);
    expect(incidentsOf('overlast')).toHaveLength(1320);
    expect(incidentsOf('woninginbraak')).toHaveLength(480);
    for (const i of incidents) {
      expect(i.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
      const p = local(i.occurredAt);
      const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
      expect(date >= INCIDENT_PERIOD.from && date <= INCIDENT_PERIOD.to).toBe(true);
    }
    // Every year of the period is used, and the list is in time order.
    expect(new Set(incidents.map((i) => i.occurredAt.slice(0, 4)))).toEqual(new Set(['2023', '2024', '2025', '2026']));
    expect(incidents.map((i) => i.occurredAt)).toEqual([...incidents.map((i) => i.occurredAt)].sort());
  });

  it('have more burglaries on winter evenings (Nov–Feb) than on summer evenings (Jun–Aug), per month', () => {
    const evening = incidentsOf('woninginbraak').filter(
      (i) => local(i.occurredAt).hour >= 17 && local(i.occurredAt).hour < 22,
    );
    // The period holds 12 winter months (Nov–Feb ×3) and 9 summer months (Jun–Aug ×3).
    const winter = evening.filter((i) => [11, 12, 1, 2].includes(local(i.occurredAt).month)).length / 12;
    const summer = evening.filter((i) => [6, 7, 8].includes(local(i.occurredAt).month)).length / 9;
    expect(winter).toBeGreaterThan(2 * summer);
  });

  it('have nuisance peaking at night, in summer and on weekend nights', () => {
    const nuisance = incidentsOf('overlast');
    const night = share(nuisance, (i) => local(i.occurredAt).hour >= 20 || local(i.occurredAt).hour < 2);
    const morning = share(nuisance, (i) => local(i.occurredAt).hour >= 6 && local(i.occurredAt).hour < 12);
    expect(night).toBeGreaterThan(3 * morning);
    const summer = nuisance.filter((i) => [6, 7, 8].includes(local(i.occurredAt).month)).length / 9;
    const winter = nuisance.filter((i) => [12, 1, 2].includes(local(i.occurredAt).month)).length / 9;
    expect(summer).toBeGreaterThan(1.5 * winter);
    const lateEvening = nuisance.filter((i) => local(i.occurredAt).hour >= 21);
    const weekend = lateEvening.filter((i) => [5, 6].includes(local(i.occurredAt).weekday)).length / 2;
    const weekday = lateEvening.filter((i) => [1, 2, 3, 4].includes(local(i.occurredAt).weekday)).length / 4;
    expect(weekend).toBeGreaterThan(1.5 * weekday);
  });

  it('have traffic incidents at rush hours rather than at night', () => {
    const traffic = incidentsOf('verkeer');
    const rush = share(traffic, (i) => [7, 8, 16, 17].includes(local(i.occurredAt).hour));
    const night = share(traffic, (i) => local(i.occurredAt).hour < 4);
    expect(rush).toBeGreaterThan(5 * night);
  });

  it('cluster in space: theft near the market square, nuisance near youth facilities', () => {
    const markt = (HALLE_HOTSPOTS.markt as { position: Position }).position;
    const nearMarkt = (category: string) => share(incidentsOf(category), (i) => metres(i.position, markt) < 400);
    expect(nearMarkt('diefstal')).toBeGreaterThan(3 * nearMarkt('woninginbraak'));

    const hubs = demo.youthFacilities.filter((f) => ['jeugdhuis', 'skatepark', 'speelplein'].includes(f.kind));
    const nearYouth = (category: string) =>
      share(incidentsOf(category), (i) => hubs.some((f) => metres(i.position, f.position) < 200));
    expect(nearYouth('overlast')).toBeGreaterThan(2 * nearYouth('burenconflict'));
  });

  it('come mostly from the police, but dumping and much nuisance from the report line', () => {
    const meldpunt = (category: string) => share(incidentsOf(category), (i) => i.source === 'meldpunt');
    expect(meldpunt('sluikstort')).toBeGreaterThan(0.8);
    expect(meldpunt('overlast')).toBeGreaterThan(0.4);
    expect(meldpunt('geweld')).toBeLessThan(0.1);
    expect(share(incidents, (i) => i.source === 'politie')).toBeGreaterThan(0.5);
  });

  it('are mostly located exactly, some to street or sector level', () => {
    const exact = share(incidents, (i) => i.locationPrecision === 'exact');
    expect(exact).toBeGreaterThan(0.75);
    expect(exact).toBeLessThan(0.9);
    // Sector-precision points sit on one label point per sector.
    const sectorPoints = new Set(
      incidents.filter((i) => i.locationPrecision === 'sector').map((i) => i.position.join(',')),
    );
    expect(sectorPoints.size).toBeLessThanOrEqual(area.sectors.length);
  });
});
