import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/registry.ts';
import { csvHeader, csvRecord, formatCsvLines } from './csv.ts';

const incidents = findLayer('incidents')!;
const neighbourhoods = findLayer('neighbourhoods')!;

describe('csvHeader', () => {
  it('is id, the property names in registry order, then longitude,latitude for points', () => {
    expect(csvHeader(incidents)).toEqual([
      'id',
      'category',
      'occurredAt',
      'source',
      'locationPrecision',
      'synthetic',
      'longitude',
      'latitude',
    ]);
  });

  it('ends in wkt for a polygon layer', () => {
    expect(csvHeader(neighbourhoods)).toEqual([
      'id',
      'code',
      'name',
      'ward',
      'deelgemeente',
      'population',
      'dwellings',
      'figuresEstimated',
      'wkt',
    ]);
  });
});

describe('csvRecord', () => {
  it('puts the row values under the header, by position', () => {
    const row = { key: 7, p0: 'overlast', p1: '2024-01-15T22:00:00Z', p2: 'politie', p3: 'exact', p4: false };
    expect(csvRecord(incidents, { ...row, longitude: 4.01, latitude: 50.02 })).toEqual([
      7,
      'overlast',
      '2024-01-15T22:00:00Z',
      'politie',
      'exact',
      false,
      4.01,
      50.02,
    ]);
  });
});

describe('formatCsvLines', () => {
  it('writes RFC 4180: CRLF, quotes only where needed, doubled quotes inside', () => {
    const text = formatCsvLines([
      ['plain', 'a,b', 'say "hi"', 'two\nlines'],
      [1, 2.5, 'x', 'y'],
    ]);
    expect(text).toBe('plain,"a,b","say ""hi""","two\nlines"\r\n1,2.5,x,y\r\n');
  });

  it('writes booleans as true/false and null as an empty field', () => {
    expect(formatCsvLines([[true, false, null, undefined, 'end']])).toBe('true,false,,,end\r\n');
  });

  it('keeps accents as they are (UTF-8)', () => {
    expect(formatCsvLines([['Sint-Rochus', 'Hélène']])).toBe('Sint-Rochus,Hélène\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(formatCsvLines([['=1+1', '@SUM(A1)', '+32', -4.5]])).toBe("'=1+1,'@SUM(A1),'+32,-4.5\r\n");
  });

  it('round-trips through csv-parse', () => {
    const records = [
      ['id', 'wkt'],
      ['99999A00-', 'MULTIPOLYGON(((4 50,4 50.1,4.05 50.1,4.05 50,4 50)))'],
    ];
    expect(parse(formatCsvLines(records))).toEqual(records);
  });
});
