import { describe, expect, it } from 'vitest';
import {
  binCounts,
  binLabel,
  cellLabel,
  type Confidence,
  HOTSPOT_COLORS,
  HOTSPOT_FILL_ID,
  hotspotLayers,
  hotspotParams,
  hotspotPeriod,
  hotspotsUrl,
} from './hotspots.ts';
import type { LayerDescription } from './types.ts';

const incidents: LayerDescription = {
  id: 'incidents',
  title: { nl: 'Incidenten', en: 'Incidents' },
  description: { nl: 'Meldingen.', en: 'Incidents.' },
  geometryType: 'Point',
  properties: [
    {
      name: 'category',
      type: 'string',
      title: { nl: 'Categorie', en: 'Category' },
      values: [
        { value: 'overlast', title: { nl: 'Overlast', en: 'Nuisance' }, color: '#CC6677' },
        { value: 'diefstal', title: { nl: 'Diefstal', en: 'Theft' }, color: '#117733' },
        { value: 'drugs', title: { nl: 'Drugs', en: 'Drugs' }, color: '#882255' },
      ],
    },
  ],
  categoryProperty: 'category',
  idProperty: null,
  temporal: true,
  access: 'staff',
  synthetic: true,
  attribution: 'Synthetische demodata',
  style: { color: '#CC6677' },
  legend: [],
  order: 10,
  links: { features: '/api/layers/incidents/features' },
  extent: { temporal: ['2023-01-04', '2025-12-30'] },
};

describe('hotspotPeriod', () => {
  it("keeps the time slider's period", () => {
    const q1 = { start: '2024-01-01', end: '2024-03-31' };
    expect(hotspotPeriod(q1, ['2023-01-01', '2025-12-31'])).toEqual(q1);
  });

  it('takes the latest whole calendar year of the data for all time', () => {
    // data to 31 December 2025: 2025 is whole
    expect(hotspotPeriod(null, ['2023-01-01', '2025-12-31'])).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    // data to 30 December 2025: 2025 is not whole, 2024 is (the data start in 2023)
    expect(hotspotPeriod(null, ['2023-01-04', '2025-12-30'])).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    // data from 1 January 2025 to 31 December 2025: exactly one whole year
    expect(hotspotPeriod(null, ['2025-01-01', '2025-12-31'])).toEqual({ start: '2025-01-01', end: '2025-12-31' });
  });

  it('falls back to the year the data end in when no year is whole, and to null without data', () => {
    expect(hotspotPeriod(null, ['2025-03-01', '2025-10-31'])).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    expect(hotspotPeriod(null, ['2024-07-01', '2025-06-30'])).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    expect(hotspotPeriod(null, null)).toBeNull();
    expect(hotspotPeriod(null, ['2025-12-31', '2025-01-01'])).toBeNull();
  });
});

describe('hotspotParams and hotspotsUrl', () => {
  const period = { start: '2025-01-01', end: '2025-12-31' };

  it("sends the layer, cell, period and the layer's category filter, never datetime", () => {
    const params = hotspotParams(incidents, { category: ['diefstal', 'overlast'] }, period, 250);
    // categories in the registry's order, as the tiles get them
    expect(params.toString()).toBe(
      'layer=incidents&cell=250&period=2025-01-01%2F2025-12-31&category=overlast%2Cdiefstal',
    );
    expect(params.has('datetime')).toBe(false);
  });

  it('leaves out a filter that selects every value', () => {
    const params = hotspotParams(incidents, { category: ['overlast', 'diefstal', 'drugs'] }, period, 500);
    expect([...params.keys()]).toEqual(['layer', 'cell', 'period']);
    expect(hotspotsUrl(params, 'http://127.0.0.1:3000/?map=12/50.7/4.2')).toBe(
      'http://127.0.0.1:3000/api/hotspots?layer=incidents&cell=500&period=2025-01-01%2F2025-12-31',
    );
  });
});

describe('hotspotLayers', () => {
  it("colours hot spots in Tol's reds and cold spots in Tol's blues, darker with confidence, and leaves the rest unfilled", () => {
    expect(HOTSPOT_COLORS).toEqual({
      99: '#A50026',
      95: '#DD3D2D',
      90: '#F67E4B',
      [-90]: '#6EA6CD',
      [-95]: '#4A7BB7',
      [-99]: '#364B9A',
    });
    const [fill, outline] = hotspotLayers() as { id: string; type: string; paint: Record<string, unknown> }[];
    expect(fill!.id).toBe(HOTSPOT_FILL_ID);
    const match = fill!.paint['fill-color'] as unknown[];
    expect(match.slice(0, 2)).toEqual(['match', ['get', 'confidence']]);
    const pairs = new Map<unknown, unknown>();
    for (let k = 2; k + 1 < match.length; k += 2) pairs.set(match[k], match[k + 1]);
    expect(pairs.get(99)).toBe('#A50026');
    expect(pairs.get(-99)).toBe('#364B9A');
    expect(pairs.has(0)).toBe(false);
    expect(match.at(-1)).toBe('rgba(0, 0, 0, 0)'); // not significant: no fill
    expect(outline!.type).toBe('line');
    expect(outline!.paint['line-width']).toBe(0.5);
  });
});

describe('binCounts', () => {
  it('counts the cells per bin, every bin present', () => {
    const cells = ([99, 99, 95, 0, 0, 0, -90] as Confidence[]).map((confidence) => ({ properties: { confidence } }));
    expect(binCounts(cells)).toEqual({ 99: 2, 95: 1, 90: 0, 0: 3, [-90]: 1, [-95]: 0, [-99]: 0 });
  });
});

describe('binLabel and cellLabel', () => {
  it('name the bin and the cell in Dutch and English', () => {
    expect(binLabel(99, 'nl')).toBe('Hotspot, 99 % betrouwbaarheid');
    expect(binLabel(-90, 'en')).toBe('Cold spot, 90 % confidence');
    expect(binLabel(0, 'nl')).toBe('Niet significant');
    expect(cellLabel({ count: 12, z: 3.2149, confidence: 99 }, 'incidents', 'nl')).toBe(
      '12 incidenten · z = 3,21 · Hotspot, 99 % betrouwbaarheid',
    );
    expect(cellLabel({ count: 1, z: -0.5, confidence: 0 }, 'incidents', 'en')).toBe(
      '1 incident · z = -0.50 · Not significant',
    );
    expect(cellLabel({ count: 0, z: null, confidence: 0 }, 'incidents', 'en')).toBe(
      '0 incidents · z = — · Not significant',
    );
  });
});
