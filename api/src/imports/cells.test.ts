import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/registry.ts';
import { cellParser, valueLookup } from './cells.ts';
import { importTarget } from './fields.ts';

const fieldOf = (layer: string, name: string) => importTarget(findLayer(layer)!)!.fields.find((f) => f.name === name)!;

describe('cellParser: a cell as the text PostgreSQL casts', () => {
  it('codes of enumerated fields from the code, either title or the mapping’s table', () => {
    const category = fieldOf('incidents', 'category');
    const parse = cellParser(category, {
      decimalComma: null,
      lookup: valueLookup(category, { 'Inbraak!': 'woninginbraak' }),
    });
    expect(parse('Woninginbraak')).toEqual({ value: 'woninginbraak' });
    expect(parse('burglary')).toEqual({ value: 'woninginbraak' });
    expect(parse('  Neighbour dispute ')).toEqual({ value: 'burenconflict' });
    expect(parse('inbraak')).toEqual({ value: 'woninginbraak' });
    expect(parse('')).toEqual({ value: null });
    expect(parse('Vuurwerk')).toEqual({
      error: expect.stringMatching(/^"Vuurwerk" is not a known category; expected one of overlast,/),
    });
  });

  it('whole numbers, with the file’s decimal mark; int4 at most', () => {
    const population = fieldOf('neighbourhoods', 'population');
    expect(cellParser(population, { decimalComma: true })('1.234')).toEqual({ value: '1234' });
    expect(cellParser(population, { decimalComma: true })(1200)).toEqual({ value: '1200' });
    expect(cellParser(population, { decimalComma: true })('12,5')).toEqual({ error: '"12,5" is not a whole number' });
    expect(cellParser(population, { decimalComma: false })('3000000000')).toEqual({
      error: '"3000000000" is too large (at most 2147483647)',
    });
  });

  it('booleans, dates and Brussels wall-clock date-times', () => {
    expect(cellParser(fieldOf('youth-facilities', 'isPublic'), { decimalComma: null })('Ja')).toEqual({
      value: 'true',
    });
    expect(cellParser(fieldOf('youth-facilities', 'isPublic'), { decimalComma: null })(false)).toEqual({
      value: 'false',
    });
    expect(cellParser(fieldOf('youth-facilities', 'isPublic'), { decimalComma: null })('misschien')).toEqual({
      error: '"misschien" is not yes or no (ja/nee, true/false, 1/0)',
    });
    const date = cellParser(fieldOf('vacant-buildings', 'registeredOn'), { decimalComma: null });
    expect(date('12.03.2019')).toEqual({ value: '2019-03-12' });
    expect(date('31/02/2024')).toEqual({ error: '"31/02/2024" is not a day of the calendar' });
    const time = cellParser(fieldOf('incidents', 'occurredAt'), { decimalComma: null });
    expect(time('15/07/2024 22:15')).toEqual({ value: '2024-07-15T22:15:00' });
    expect(time('2024-07-15T22:15:00+01:00')).toEqual({ value: '2024-07-15T21:15:00.000Z' });
  });

  it('text as written, trimmed; numbers from typed formats as text', () => {
    const name = cellParser(fieldOf('youth-facilities', 'name'), { decimalComma: null });
    expect(name('  Chiro  ')).toEqual({ value: 'Chiro' });
    expect(name(12)).toEqual({ value: '12' });
    expect(name(null)).toEqual({ value: null });
  });
});
