import { describe, expect, it } from 'vitest';
import { withLangParam } from './i18n.ts';
import { readViewState, writeViewState, type KnownValues, type ViewState } from './url-state.ts';

const known: KnownValues = {
  layers: ['neighbourhoods', 'incidents', 'youth-facilities', 'vacant-buildings'],
  filterValues: {
    incidents: { category: ['overlast', 'drugs', 'diefstal', 'geweld:fysiek'], source: ['politie', 'stad'] },
    'youth-facilities': { kind: ['jeugdhuis', 'speelplein'] },
  },
  indicators: ['incidents-per-1000-residents', 'vacancy-rate', 'change-in-%'],
};

const base: ViewState = {
  center: [4.2373, 50.7339],
  zoom: 13.25,
  layers: ['neighbourhoods', 'incidents'],
  filters: {},
  period: null,
  indicator: null,
  indicatorFilters: {},
  classMethod: 'quantile',
  density: null,
  sector: null,
};

const full: ViewState = {
  center: [4.2373, 50.7339],
  zoom: 13.25,
  layers: ['neighbourhoods', 'incidents'],
  filters: { incidents: { category: ['overlast', 'drugs'] } },
  period: { start: '2024-01-01', end: '2024-12-31' },
  indicator: 'incidents-per-1000-residents',
  indicatorFilters: {},
  classMethod: 'jenks',
  density: { layer: 'incidents', size: 250 },
  sector: '23027A00-',
};

describe('writeViewState', () => {
  it('writes a short, readable query string in a fixed key order', () => {
    expect(writeViewState(full)).toBe(
      'map=13.25/50.7339/4.2373&layers=neighbourhoods,incidents&f.incidents.category=overlast,drugs' +
        '&period=2024-01-01/2024-12-31&indicator=incidents-per-1000-residents&classes=jenks' +
        '&density=incidents:250&sector=23027A00-',
    );
  });

  it('leaves out what is empty or at its default', () => {
    expect(writeViewState(base)).toBe('map=13.25/50.7339/4.2373&layers=neighbourhoods,incidents');
  });

  it('rounds the zoom to 2 decimals and the position to 5, dropping trailing zeros', () => {
    expect(writeViewState({ ...base, center: [4.123456789, 50.7], zoom: 12.3456 })).toMatch(
      /^map=12\.35\/50\.7\/4\.12346&/,
    );
    expect(writeViewState({ ...base, center: [-0.000001, 10], zoom: 14 })).toMatch(/^map=14\/10\/0&/);
  });

  it('sorts filter keys by layer and property, whatever the object’s order', () => {
    const state: ViewState = {
      ...base,
      filters: {
        'youth-facilities': { kind: ['speelplein'] },
        incidents: { source: ['stad'], category: ['drugs', 'drugs', 'overlast'] },
      },
      indicatorFilters: { source: ['stad'], category: ['geweld'] },
    };
    expect(writeViewState(state)).toBe(
      'map=13.25/50.7339/4.2373&layers=neighbourhoods,incidents' +
        '&f.incidents.category=drugs,overlast&f.incidents.source=stad&f.youth-facilities.kind=speelplein' +
        '&i.category=geweld&i.source=stad',
    );
  });

  it('writes an empty layer list and an empty selection explicitly', () => {
    expect(writeViewState({ ...base, layers: [], filters: { incidents: { category: [] } } })).toBe(
      'map=13.25/50.7339/4.2373&layers=&f.incidents.category=',
    );
  });

  it('percent-encodes items on their own, then escapes their % for the query string', () => {
    const state: ViewState = {
      ...base,
      filters: { incidents: { category: ['geweld:fysiek', 'a,b', 'x y&z=1', 'ü'] } },
      sector: '23027A00-',
      indicator: 'change-in-%',
      lang: 'en',
    };
    expect(writeViewState(state)).toBe(
      'map=13.25/50.7339/4.2373&layers=neighbourhoods,incidents' +
        '&f.incidents.category=geweld:fysiek,a%252Cb,x%2520y%2526z%253D1,%25C3%25BC' +
        '&indicator=change-in-%2525&sector=23027A00-&lang=en',
    );
  });

  it('leaves out the start view’s map position and layers when given', () => {
    const defaults = {
      center: [4.237301, 50.733904] as [number, number],
      zoom: 13.251,
      layers: ['incidents', 'neighbourhoods'],
    };
    expect(writeViewState(full, defaults)).toBe(
      'f.incidents.category=overlast,drugs&period=2024-01-01/2024-12-31&indicator=incidents-per-1000-residents' +
        '&classes=jenks&density=incidents:250&sector=23027A00-',
    );
    expect(writeViewState({ ...base, zoom: 14, layers: ['incidents'] }, defaults)).toBe(
      'map=14/50.7339/4.2373&layers=incidents',
    );
  });
});

describe('readViewState', () => {
  it('reads back what was written', () => {
    for (const state of [base, full]) {
      expect(readViewState(writeViewState(state), known)).toEqual({
        center: state.center,
        zoom: state.zoom,
        layers: state.layers,
        ...(Object.keys(state.filters).length > 0 ? { filters: state.filters } : {}),
        ...(state.period ? { period: state.period } : {}),
        ...(state.indicator ? { indicator: state.indicator } : {}),
        ...(state.classMethod === 'jenks' ? { classMethod: 'jenks' } : {}),
        ...(state.density ? { density: state.density } : {}),
        ...(state.sector ? { sector: state.sector } : {}),
      });
    }
  });

  it('round-trips every field, with awkward characters', () => {
    const state: ViewState = {
      center: [-3.70379, 40.41678],
      zoom: 0,
      layers: ['youth-facilities', 'incidents', 'vacant-buildings'],
      filters: {
        incidents: { category: ['geweld:fysiek', 'drugs'], source: [] },
        'youth-facilities': { kind: ['speelplein'] },
      },
      period: { start: '2024-02-29', end: '2024-02-29' },
      indicator: 'change-in-%',
      indicatorFilters: { category: ['a,b', 'c d', 'ü+é'] },
      classMethod: 'jenks',
      density: { layer: 'vacant-buildings', size: 12.5 },
      sector: '23027A00-',
      lang: 'en',
    };
    const read = readViewState(writeViewState(state), known);
    expect(read).toEqual(state);
    // And again: writing what was read gives the same string.
    expect(writeViewState({ ...base, ...read })).toBe(writeViewState(state));
  });

  it('reads a link that URLSearchParams re-serialized (as withLangParam does)', () => {
    const state: ViewState = {
      ...full,
      filters: { incidents: { category: ['geweld:fysiek', 'drugs'] } },
      indicatorFilters: { category: ['a,b', 'c d', 'ü'] },
      indicator: 'change-in-%',
    };
    const written = writeViewState(state);
    const reserialized = new URLSearchParams(written).toString();
    expect(reserialized).not.toBe(written);
    expect(reserialized).toContain('map=13.25%2F50.7339%2F4.2373');
    expect(readViewState(reserialized, known)).toEqual(readViewState(written, known));
    const relabelled = new URL(withLangParam(`https://kaart.example/?${written}`, 'en')).search;
    expect(readViewState(relabelled, known)).toEqual({ ...readViewState(written, known), lang: 'en' });
    expect(readViewState(written, known)).toMatchObject({
      filters: state.filters,
      indicatorFilters: state.indicatorFilters,
      indicator: 'change-in-%',
    });
  });

  it('reads hand-typed links that escape once or not at all', () => {
    expect(
      readViewState(
        '?map=13.25%2F50.7339%2F4.2373&f.incidents.category=geweld%3Afysiek%2Cdrugs&indicator=change-in-%25&i.category=%C3%BC',
        known,
      ),
    ).toEqual({
      zoom: 13.25,
      center: [4.2373, 50.7339],
      filters: { incidents: { category: ['geweld:fysiek', 'drugs'] } },
      indicator: 'change-in-%',
      indicatorFilters: { category: ['ü'] },
    });
  });

  it('returns nothing for an empty query string, with or without ?', () => {
    expect(readViewState('', known)).toEqual({});
    expect(readViewState('?', known)).toEqual({});
    expect(readViewState('?layers=incidents&lang=nl', known)).toEqual({ layers: ['incidents'], lang: 'nl' });
  });

  it('drops unknown layers, filters, values and indicators, keeping the known ones', () => {
    const read = readViewState(
      'layers=incidents,rivers,neighbourhoods&f.incidents.category=drugs,unknown&f.incidents.colour=red' +
        '&f.rivers.kind=x&f.neighbourhoods.code=1&indicator=happiness&density=rivers:100',
      known,
    );
    expect(read).toEqual({ layers: ['incidents', 'neighbourhoods'], filters: { incidents: { category: ['drugs'] } } });
  });

  it('lets the app’s default apply when nothing listed is known, rather than showing nothing', () => {
    expect(readViewState('layers=rivers,lakes&f.incidents.category=old,older', known)).toEqual({});
    expect(readViewState('layers=&f.incidents.category=', known)).toEqual({
      layers: [],
      filters: { incidents: { category: [] } },
    });
  });

  it('drops malformed and out-of-range positions, keeping what is readable', () => {
    expect(readViewState('map=13/50.7/4.2', known)).toEqual({ zoom: 13, center: [4.2, 50.7] });
    expect(readViewState('map=30/50.7/4.2', known)).toEqual({ center: [4.2, 50.7] });
    expect(readViewState('map=-1/50.7/4.2', known)).toEqual({ center: [4.2, 50.7] });
    expect(readViewState('map=13/91/4.2', known)).toEqual({ zoom: 13 });
    expect(readViewState('map=13/50.7/-180.5', known)).toEqual({ zoom: 13 });
    expect(readViewState('map=13/50.7', known)).toEqual({ zoom: 13 });
    expect(readViewState('map=13/50.7/4.2/9', known)).toEqual({ zoom: 13 });
    expect(readViewState('map=abc/1e3/0x10', known)).toEqual({});
    expect(readViewState('map=13/ /4.2', known)).toEqual({ zoom: 13 });
    expect(readViewState('map=Infinity/NaN/4', known)).toEqual({});
    expect(readViewState('map=', known)).toEqual({});
    expect(readViewState('map=.5/-.5/-0', known)).toEqual({ zoom: 0.5, center: [0, -0.5] });
  });

  it('drops malformed, impossible and reversed periods', () => {
    expect(readViewState('period=2024-01-01/2024-12-31', known)).toEqual({
      period: { start: '2024-01-01', end: '2024-12-31' },
    });
    expect(readViewState('period=2024-01-01', known)).toEqual({});
    expect(readViewState('period=2024-12-31/2024-01-01', known)).toEqual({});
    expect(readViewState('period=2023-02-29/2023-03-31', known)).toEqual({});
    expect(readViewState('period=2024-1-1/2024-12-31', known)).toEqual({});
    expect(readViewState('period=2024-01-01/2024-06-30/2024-12-31', known)).toEqual({});
  });

  it('drops unknown class methods, densities with bad sizes, and unknown languages', () => {
    expect(readViewState('classes=equal&lang=fr', known)).toEqual({});
    expect(readViewState('classes=quantile&lang=EN', known)).toEqual({ classMethod: 'quantile', lang: 'en' });
    expect(readViewState('density=incidents:0', known)).toEqual({});
    expect(readViewState('density=incidents:-5', known)).toEqual({});
    expect(readViewState('density=incidents:big', known)).toEqual({});
    expect(readViewState('density=incidents', known)).toEqual({});
    expect(readViewState('density=:250', known)).toEqual({});
    expect(readViewState('density=incidents%3A250', known)).toEqual({ density: { layer: 'incidents', size: 250 } });
  });

  it('decodes escapes and form-style spaces, and survives malformed escapes', () => {
    expect(readViewState('sector=23027A00-&indicator=change-in-%25', known)).toEqual({
      sector: '23027A00-',
      indicator: 'change-in-%',
    });
    expect(readViewState('i.category=c+d,%C3%BC%2B%C3%A9', known)).toEqual({
      indicatorFilters: { category: ['c d', 'ü+é'] },
    });
    expect(readViewState('sector=%E0%A4%A&layers=incidents,%ZZ&f.incidents.category=drugs,%', known)).toEqual({
      layers: ['incidents'],
      filters: { incidents: { category: ['drugs'] } },
    });
    expect(readViewState('%ZZ=1&lang=en', known)).toEqual({ lang: 'en' });
  });

  it('reads a key’s first occurrence only, and ignores unknown keys', () => {
    expect(readViewState('classes=jenks&classes=quantile&foo=bar&utm_source=x', known)).toEqual({
      classMethod: 'jenks',
    });
  });

  it('drops blank or overlong sectors', () => {
    expect(readViewState('sector=', known)).toEqual({});
    expect(readViewState('sector=%20%20', known)).toEqual({});
    expect(readViewState(`sector=${'x'.repeat(101)}`, known)).toEqual({});
  });

  it('checks indicator filters against their values when the app knows them', () => {
    const withValues = { ...known, indicatorFilterValues: { category: ['overlast', 'drugs'] } };
    expect(readViewState('i.category=drugs,nope&i.colour=red', withValues)).toEqual({
      indicatorFilters: { category: ['drugs'] },
    });
    expect(readViewState('i.category=nope', withValues)).toEqual({});
    expect(readViewState('i.=x', known)).toEqual({});
  });

  it('matches layer ids that contain dots to the longest known id', () => {
    const dotted: KnownValues = {
      layers: ['a', 'a.b'],
      filterValues: { a: { 'b.c': ['1'] }, 'a.b': { c: ['2'] } },
      indicators: [],
    };
    expect(readViewState('f.a.b.c=2', dotted)).toEqual({ filters: { 'a.b': { c: ['2'] } } });
    expect(readViewState('f.a.b.c=1', dotted)).toEqual({});
  });

  it('does not read names inherited from Object.prototype as known', () => {
    expect(readViewState('f.incidents.constructor=x&f.incidents.__proto__=y&i.toString=z', known)).toEqual({
      indicatorFilters: { toString: ['z'] },
    });
    const withValues = { ...known, indicatorFilterValues: { category: ['drugs'] } };
    expect(readViewState('i.toString=z&i.__proto__=z', withValues)).toEqual({});
  });
});
