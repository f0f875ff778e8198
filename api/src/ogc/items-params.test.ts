import { describe, expect, it } from 'vitest';
import { parameterOf } from '../../../tests/support/parameter-of.ts';
import { findLayer } from '../layers/registry.ts';
import { CRS84 } from './constants.ts';
import { itemsParameterNames, parseItemsQuery } from './items-params.ts';

const incidents = findLayer('incidents')!;
const sectors = findLayer('neighbourhoods')!;
const youth = findLayer('youth-facilities')!;

describe('itemsParameterNames', () => {
  it('gives paging, bbox, datetime for dated layers and the enumerated properties', () => {
    expect(itemsParameterNames(sectors)).toEqual(['limit', 'offset', 'bbox', 'bbox-crs']);
    expect(itemsParameterNames(youth)).toEqual(['limit', 'offset', 'bbox', 'bbox-crs', 'kind', 'category']);
    expect(itemsParameterNames(incidents)).toEqual([
      'limit',
      'offset',
      'bbox',
      'bbox-crs',
      'datetime',
      'category',
      'source',
      'locationPrecision',
    ]);
  });
});

describe('parseItemsQuery', () => {
  it('defaults to the first 10 features, unfiltered', () => {
    expect(parseItemsQuery(sectors, {})).toEqual({ limit: 10, offset: 0, filters: {} });
  });

  it('reads paging and the features API filters', () => {
    const parsed = parseItemsQuery(incidents, {
      limit: '10000',
      offset: '20',
      bbox: '4,50,4.1,50.1',
      'bbox-crs': CRS84,
      datetime: '2024-01-01/..',
      category: 'overlast,drugs',
      source: 'politie',
    });
    expect(parsed).toEqual({
      limit: 10000,
      offset: 20,
      filters: {
        bbox: [4, 50, 4.1, 50.1],
        datetime: { start: new Date('2024-01-01T00:00:00Z'), end: null },
        values: { category: ['overlast', 'drugs'], source: ['politie'] },
      },
    });
    // the alias on a layer whose category is `kind`
    expect(parseItemsQuery(youth, { category: 'school' }).filters).toEqual({ values: { kind: ['school'] } });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '10001' }, 'limit'],
    [{ limit: '1e3' }, 'limit'],
    [{ limit: ' 5' }, 'limit'],
    [{ limit: ['1', '2'] }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ offset: '99999999999' }, 'offset'],
    [{ bbox: '4,50,4.1' }, 'bbox'],
    [{ 'bbox-crs': 'EPSG:4326' }, 'bbox-crs'],
    [{ datetime: '2024-02-30' }, 'datetime'],
    [{ kind: 'jeugdhuis' }, 'kind'],
    [{ f: 'json' }, 'f'],
    [{ Limit: '5' }, 'Limit'],
  ])('%j on incidents -> names %s', (query, parameter) => {
    expect(parameterOf(() => parseItemsQuery(incidents, query))).toBe(parameter);
  });

  it('refuses datetime on a layer without time, naming it', () => {
    expect(parameterOf(() => parseItemsQuery(sectors, { datetime: '2024-01-01' }))).toBe('datetime');
    expect(() => parseItemsQuery(sectors, { datetime: '2024-01-01' })).toThrow(/no time dimension/);
  });
});
