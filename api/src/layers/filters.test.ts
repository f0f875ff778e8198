import { describe, expect, it } from 'vitest';
import { parameterOf } from '../../../tests/support/parameter-of.ts';
import { parseBBox, parseCategories, parseDatetime, parseFilters } from './filters.ts';
import { findLayer } from './registry.ts';

const incidents = findLayer('incidents')!;
const facilities = findLayer('youth-facilities')!;

describe('parseBBox', () => {
  it('reads west,south,east,north', () => {
    expect(parseBBox('4.17,50.68,4.32,50.78')).toEqual([4.17, 50.68, 4.32, 50.78]);
  });
  it('accepts a degenerate (point) box', () => {
    expect(parseBBox('4.2,50.7,4.2,50.7')).toEqual([4.2, 50.7, 4.2, 50.7]);
  });
  it.each([
    '',
    '1,2,3',
    '1,2,3,4,5',
    'a,b,c,d',
    '1,,3,4',
    '0,0,181,1',
    '0,-90.5,1,1',
    '2,0,1,1',
    '0,2,1,1',
    'NaN,0,1,1',
  ])('rejects %j', (raw) => {
    expect(parameterOf(() => parseBBox(raw))).toBe('bbox');
  });
});

describe('parseDatetime', () => {
  it('reads an instant as a zero-length interval', () => {
    const t = new Date('2024-05-01T10:00:00Z');
    expect(parseDatetime('2024-05-01T12:00:00+02:00')).toEqual({ start: t, end: t });
  });
  it('reads a bare date as its whole UTC day', () => {
    expect(parseDatetime('2024-05-01')).toEqual({
      start: new Date('2024-05-01T00:00:00.000Z'),
      end: new Date('2024-05-01T23:59:59.999Z'),
    });
  });
  it('reads open intervals', () => {
    expect(parseDatetime('../2024-01-31')).toEqual({ start: null, end: new Date('2024-01-31T23:59:59.999Z') });
    expect(parseDatetime('2024-01-01/')).toEqual({ start: new Date('2024-01-01T00:00:00Z'), end: null });
  });
  it('accepts the leap day of a leap year only', () => {
    expect(parseDatetime('2024-02-29').start).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(parameterOf(() => parseDatetime('2023-02-29'))).toBe('datetime');
  });
  it.each([
    'now',
    '2024-5-1',
    '2024-05-01T12:00:00',
    '2024-05-01 12:00:00Z',
    '../..',
    '/',
    '2024-02-01/2024-01-01',
    'a/b/c',
  ])('rejects %j', (raw) => {
    expect(parameterOf(() => parseDatetime(raw))).toBe('datetime');
  });
});

describe('parseCategories and parseFilters', () => {
  it('filters any enumerated property by name, and category by its alias', () => {
    const vacant = findLayer('vacant-buildings')!;
    expect(parseFilters(vacant, { category: 'leegstaand,ongeschikt', kind: 'woning' })).toEqual({
      values: { status: ['leegstaand', 'ongeschikt'], kind: ['woning'] },
    });
    expect(parseFilters(vacant, { category: 'leegstaand,ongeschikt', status: 'ongeschikt' })).toEqual({
      values: { status: ['ongeschikt'] },
    });
    expect(parameterOf(() => parseFilters(vacant, { kind: 'kasteel' }))).toBe('kind');
    expect(parseFilters(vacant, { unrelated: 'x' })).toEqual({});
  });

  it('keeps the known categories once each', () => {
    expect(parseCategories(incidents, 'overlast,drugs,overlast')).toEqual(['overlast', 'drugs']);
  });
  it('names the unknown category', () => {
    expect(() => parseCategories(incidents, 'drugs,Drugs')).toThrow(/"Drugs"/);
  });
  it('refuses datetime on a layer without time and category on one without categories', () => {
    expect(parameterOf(() => parseFilters(facilities, { datetime: '2024-01-01' }))).toBe('datetime');
    expect(parameterOf(() => parseFilters(findLayer('neighbourhoods')!, { category: 'x' }))).toBe('category');
  });
  it('combines all three', () => {
    expect(parseFilters(incidents, { bbox: '4,50,5,51', datetime: '2024-01-01/..', category: 'geweld' })).toEqual({
      bbox: [4, 50, 5, 51],
      datetime: { start: new Date('2024-01-01T00:00:00Z'), end: null },
      values: { category: ['geweld'] },
    });
  });
});
