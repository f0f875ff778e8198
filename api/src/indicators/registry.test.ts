import { describe, expect, it } from 'vitest';
import { parameterOf } from '../../../tests/support/parameter-of.ts';
import { parseIndicatorFilters, indicatorOr400 } from './filters.ts';
import { THEMES } from '../themes.ts';
import { listedIndicators } from '../privacy/policy.ts';
import { describeIndicator, indicators, isStaffOnly, isTemporal, layerOf } from './registry.ts';

describe('the indicator registry', () => {
  it('counts existing layers, filtering only on their enumerated properties', () => {
    for (const indicator of indicators) {
      const layer = layerOf(indicator);
      for (const filter of indicator.filters) {
        const property = filter === 'category' ? layer.categoryProperty : filter;
        expect(layer.properties.find((p) => p.name === property)?.values, `${indicator.id}: ${filter}`).toBeDefined();
      }
    }
  });
  it('knows which indicators change over time', () => {
    expect(indicators.filter(isTemporal).map((i) => i.id)).toEqual([
      'incidents-per-1000-residents',
      'vacant-buildings-per-1000-dwellings',
      'long-term-vacant-per-1000-dwellings',
      'burglaries-per-1000-dwellings',
      'neighbour-disputes-per-1000-residents',
      'nuisance-per-1000-residents',
      'nuisance-near-youth-facilities-per-1000-residents',
      'illegal-dumping-per-1000-residents',
      'incidents-change',
      'open-signals',
      'median-days-to-close',
    ]);
  });
  it('keeps the signal indicators staff only, unscored, and off the public list', () => {
    const staffOnly = indicators.filter(isStaffOnly).map((i) => i.id);
    expect(staffOnly).toEqual(['open-signals', 'median-days-to-close']);
    for (const id of staffOnly) expect(indicatorOr400(id).themes).toEqual([]);
    expect(listedIndicators('staff')).toEqual(indicators);
    expect(listedIndicators('public').map((i) => i.id)).toEqual(
      indicators.map((i) => i.id).filter((id) => !staffOnly.includes(id)),
    );
    // The signals' free text is not declared, so no query built from the source can read it.
    const columns = layerOf(indicatorOr400('open-signals')).properties.map((p) => p.column);
    expect(columns).toEqual(['kind', 'phase', 'reported_on', 'closed_at']);
  });
  it('describes an indicator without its measure internals', () => {
    expect(Object.keys(describeIndicator(indicators[0]!))).toEqual([
      'id',
      'title',
      'description',
      'unit',
      'kind',
      'temporal',
      'filters',
      'layer',
      'minimumDenominator',
      'direction',
      'source',
      'themes',
    ]);
  });
  it('gives every theme indicators to score, and subsets only of enumerated values', () => {
    for (const theme of THEMES) {
      expect(indicators.filter((i) => i.themes.includes(theme)).length, theme).toBeGreaterThanOrEqual(2);
    }
    for (const indicator of indicators) {
      const layer = layerOf(indicator);
      for (const [property, values] of Object.entries(indicator.subset ?? {})) {
        const known = layer.properties.find((p) => p.name === property)?.values?.map((v) => v.value);
        expect(known, `${indicator.id}: ${property}`).toBeDefined();
        expect(
          values.every((v) => known!.includes(v)),
          `${indicator.id}: ${values.join(',')}`,
        ).toBe(true);
      }
    }
  });
});

describe('indicator filters', () => {
  it('names unknown indicators', () => {
    expect(parameterOf(() => indicatorOr400('nope'))).toBe('indicator');
  });
  it('maps category to the layer property and keeps other filters by name', () => {
    expect(parseIndicatorFilters(indicatorOr400('incidents-change'), { category: 'drugs,overlast,drugs' })).toEqual({
      category: ['drugs', 'overlast'],
    });
    expect(
      parseIndicatorFilters(indicatorOr400('vacant-buildings-per-1000-dwellings'), {
        status: 'leegstaand',
        kind: 'woning',
      }),
    ).toEqual({ status: ['leegstaand'], kind: ['woning'] });
  });
  it('refuses filters the indicator does not take, and unknown values', () => {
    const youth = indicatorOr400('youth-facilities-within-500m');
    expect(parameterOf(() => parseIndicatorFilters(youth, { category: 'school' }))).toBe('category');
    expect(parameterOf(() => parseIndicatorFilters(youth, { kind: 'kasteel' }))).toBe('kind');
    expect(parseIndicatorFilters(youth, { unrelated: 'x' })).toEqual({});
  });
  it('filters signals by kind and safety-chain phase', () => {
    const open = indicatorOr400('open-signals');
    expect(parseIndicatorFilters(open, { kind: 'housing-care', phase: 'aftercare,repression' })).toEqual({
      kind: ['housing-care'],
      phase: ['aftercare', 'repression'],
    });
    expect(parameterOf(() => parseIndicatorFilters(open, { phase: 'nazorg' }))).toBe('phase');
    expect(parameterOf(() => parseIndicatorFilters(open, { category: 'overlast' }))).toBe('category');
  });
  it('keeps a category filter inside the indicator subset', () => {
    const nuisance = indicatorOr400('nuisance-per-1000-residents');
    expect(parseIndicatorFilters(nuisance, { category: 'overlast' })).toEqual({ category: ['overlast'] });
    expect(parameterOf(() => parseIndicatorFilters(nuisance, { category: 'overlast,drugs' }))).toBe('category');
  });
});
