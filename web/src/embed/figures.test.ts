import { describe, expect, it } from 'vitest';
import type { Figures, Indicator, LayerDescription } from '../lib/types.ts';
import {
  figuresPeriod,
  latestWholeYear,
  sectorClasses,
  sectorFigures,
  themeIndicator,
  THEME_INDICATORS,
} from './figures.ts';

function indicator(
  id: string,
  themes: Indicator['themes'],
  kind: Indicator['kind'] = 'rate',
  layer = 'incidents',
): Indicator {
  return {
    id,
    title: { nl: id, en: id },
    description: { nl: '', en: '' },
    unit: { nl: 'per 1.000', en: 'per 1,000' },
    kind,
    temporal: kind !== 'count-within',
    filters: [],
    layer,
    minimumDenominator: 100,
    direction: 'higher-is-worse',
    source: { nl: '', en: '' },
    themes,
  };
}

describe('themeIndicator', () => {
  const registry = [
    indicator('incidents-change', []),
    indicator('burglaries-per-1000-dwellings', ['wonen']),
    indicator('vacant-buildings-per-1000-dwellings', ['wonen'], 'rate', 'vacant-buildings'),
    indicator('nuisance-per-1000-residents', ['jongeren']),
    indicator('youth-facilities-within-500m', ['jongeren'], 'count-within', 'youth-facilities'),
    indicator('incidents-per-1000-residents', ['buurten']),
    indicator('made-up-change', ['buurten'], 'change'),
  ];

  it('picks the embed’s indicator of each theme when the API lists it', () => {
    expect(themeIndicator(registry, 'wonen')?.id).toBe(THEME_INDICATORS.wonen);
    expect(themeIndicator(registry, 'jongeren')?.id).toBe('youth-facilities-within-500m');
    expect(themeIndicator(registry, 'buurten')?.id).toBe('incidents-per-1000-residents');
  });

  it('else the theme’s first indicator in the registry’s order, never a change', () => {
    const without = registry.filter((i) => !Object.values(THEME_INDICATORS).includes(i.id));
    expect(themeIndicator(without, 'wonen')?.id).toBe('burglaries-per-1000-dwellings');
    expect(themeIndicator(without, 'jongeren')?.id).toBe('nuisance-per-1000-residents');
    expect(themeIndicator(without, 'buurten')).toBeNull();
  });
});

describe('latestWholeYear and figuresPeriod', () => {
  it('is the last calendar year the range covers from 1 January to 31 December', () => {
    expect(latestWholeYear(['2023-10-01', '2026-09-30'])).toBe(2025);
    expect(latestWholeYear(['2023-01-01', '2025-12-31'])).toBe(2025);
    expect(latestWholeYear(['2025-01-01', '2025-12-31'])).toBe(2025);
    expect(latestWholeYear(['2025-01-02', '2026-12-30'])).toBeNull();
    expect(latestWholeYear(null)).toBeNull();
  });

  it('gives a dated indicator the latest whole year of its layer, an undated one none', () => {
    const layers = [
      { id: 'incidents', extent: { temporal: ['2023-10-01', '2026-09-30'] } },
      { id: 'youth-facilities', extent: { temporal: null } },
    ] as Pick<LayerDescription, 'id' | 'extent'>[];
    expect(figuresPeriod(indicator('incidents-per-1000-residents', ['buurten']), layers)).toEqual({
      start: '2025-01-01',
      end: '2025-12-31',
    });
    expect(
      figuresPeriod(indicator('youth-facilities-within-500m', [], 'count-within', 'youth-facilities'), layers),
    ).toBeNull();
    // The layer is not listed: the figures are over all dates.
    expect(figuresPeriod(indicator('x', [], 'rate', 'vacant-buildings'), layers)).toBeNull();
    expect(figuresPeriod(null, layers)).toBeNull();
  });
});

describe('sectorFigures and sectorClasses', () => {
  const row = (code: string, value: number | null, extra: Record<string, unknown> = {}) => ({
    code,
    name: `Sector ${code}`,
    value,
    numerator: 1,
    denominator: 1000,
    unstable: false,
    ...extra,
  });

  it('reads the server’s suppression: a withheld value is no value', () => {
    const figures = {
      rows: [row('A', 12.5), row('B', null, { numerator: null, suppressed: true }), row('C', 40, { unstable: true })],
    } as unknown as Figures;
    expect(sectorFigures(figures)).toEqual([
      { code: 'A', name: 'Sector A', value: 12.5, unstable: false, suppressed: false },
      { code: 'B', name: 'Sector B', value: null, unstable: false, suppressed: true },
      { code: 'C', name: 'Sector C', value: 40, unstable: true, suppressed: false },
    ]);
  });

  it('classes the stable, shown values in five quantiles; unstable and withheld ones do not stretch the scale', () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({
        code: `S${i + 1}`,
        name: '',
        value: i + 1,
        unstable: false,
        suppressed: false,
      })),
      { code: 'U', name: '', value: 100, unstable: true, suppressed: false },
      { code: 'W', name: '', value: null, unstable: false, suppressed: true },
    ];
    // Values 1…10, 5 classes: break i is the value with i·10/5 = 2i values below it: 3, 5, 7, 9.
    // Colours: Tol's YlOrBr 1, 3, 4, 6, 8 (the near-white first one left out).
    expect(sectorClasses(rows)).toEqual({
      breaks: [3, 5, 7, 9],
      colors: ['#FFF7BC', '#FEC44F', '#FB9A29', '#CC4C02', '#662506'],
      min: 1,
      max: 10,
    });
  });

  it('has no classes when every value is withheld or unstable', () => {
    expect(sectorClasses([{ code: 'A', name: '', value: null, unstable: false, suppressed: true }])).toBeNull();
  });
});
