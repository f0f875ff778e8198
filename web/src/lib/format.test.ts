import { describe, expect, it } from 'vitest';
import { cellSummary, EMPTY_VALUE, formatCount, formatFigure, formatValue, propertyRows } from './format.ts';
import type { LayerDescription, PropertyDescription } from './types.ts';

const title = { nl: 'T', en: 'T' };
const prop = (type: PropertyDescription['type'], extra: Partial<PropertyDescription> = {}): PropertyDescription => ({
  name: 'p',
  type,
  title,
  ...extra,
});

describe('formatValue', () => {
  it('formats dates as Belgian Dutch and British English', () => {
    expect(formatValue(prop('date'), '2024-03-01', 'nl')).toBe('1 maart 2024');
    expect(formatValue(prop('date'), '2024-03-01', 'en')).toBe('1 March 2024');
  });

  it('does not shift a date across midnight, whatever the time zone', () => {
    expect(formatValue(prop('date'), '2023-12-31', 'nl')).toBe('31 december 2023');
    expect(formatValue(prop('date'), '2023-12-31T00:00:00Z', 'en')).toBe('31 December 2023');
  });

  it('formats timestamps in Brussels time, 24-hour clock', () => {
    // 13:05 UTC is 14:05 in Brussels in winter (CET) ...
    expect(formatValue(prop('datetime'), '2024-03-01T13:05:00Z', 'nl')).toBe('1 maart 2024, 14:05');
    expect(formatValue(prop('datetime'), '2024-03-01T13:05:00Z', 'en')).toBe('1 March 2024, 14:05');
    // ... and 15:05 in summer (CEST), where the Brussels date is already the next day at 23:30 UTC.
    expect(formatValue(prop('datetime'), '2024-07-14T23:30:00+00:00', 'nl')).toBe('15 juli 2024, 01:30');
  });

  it('formats booleans as ja/nee and yes/no', () => {
    expect(formatValue(prop('boolean'), true, 'nl')).toBe('ja');
    expect(formatValue(prop('boolean'), false, 'nl')).toBe('nee');
    expect(formatValue(prop('boolean'), true, 'en')).toBe('yes');
    expect(formatValue(prop('boolean'), 'false', 'en')).toBe('no');
  });

  it('formats numbers with the language’s separators', () => {
    expect(formatValue(prop('integer'), 12345, 'nl')).toBe('12.345');
    expect(formatValue(prop('integer'), 12345, 'en')).toBe('12,345');
    expect(formatValue(prop('number'), 1234.567, 'nl')).toBe('1.234,57');
    expect(formatValue(prop('number'), 1234.567, 'en')).toBe('1,234.57');
    expect(formatValue(prop('integer'), '42', 'nl')).toBe('42');
  });

  it('shows enumerated values by their localized title', () => {
    const status = prop('string', {
      values: [{ value: 'leegstaand', title: { nl: 'Leegstaand', en: 'Vacant' }, color: '#DDAA33' }],
    });
    expect(formatValue(status, 'leegstaand', 'nl')).toBe('Leegstaand');
    expect(formatValue(status, 'leegstaand', 'en')).toBe('Vacant');
    expect(formatValue(status, 'onbekend', 'en')).toBe('onbekend');
  });

  it('shows missing values as a dash and unparseable ones as they came', () => {
    expect(formatValue(prop('string'), null, 'nl')).toBe(EMPTY_VALUE);
    expect(formatValue(prop('date'), undefined, 'en')).toBe(EMPTY_VALUE);
    expect(formatValue(prop('string'), '', 'en')).toBe(EMPTY_VALUE);
    expect(formatValue(prop('date'), 'soon', 'en')).toBe('soon');
    expect(formatValue(prop('integer'), 'many', 'nl')).toBe('many');
    expect(formatValue(prop('boolean'), 'maybe', 'nl')).toBe('maybe');
  });
});

describe('formatCount', () => {
  it('groups thousands per language', () => {
    expect(formatCount(10000, 'nl')).toBe('10.000');
    expect(formatCount(10000, 'en')).toBe('10,000');
  });
});

describe('cellSummary', () => {
  it('says how many features an aggregated cell holds, in either language', () => {
    expect(cellSummary({ id: 'incidents' }, 12, 'nl')).toBe('12 incidenten in deze cel — zoom in voor details');
    expect(cellSummary({ id: 'incidents' }, 12, 'en')).toBe('12 incidents in this cell — zoom in for details');
    expect(cellSummary({ id: 'youth-facilities' }, 1, 'nl')).toBe(
      '1 jeugdvoorziening in deze cel — zoom in voor details',
    );
    expect(cellSummary({ id: 'incidents' }, 1234, 'nl')).toBe('1.234 incidenten in deze cel — zoom in voor details');
  });
});

describe('propertyRows', () => {
  const layer = {
    properties: [
      { name: 'name', type: 'string', title: { nl: 'Naam', en: 'Name' } },
      { name: 'isPublic', type: 'boolean', title: { nl: 'Publiek toegankelijk', en: 'Open to the public' } },
    ],
  } as LayerDescription;

  it('labels every described property, in order, and skips undescribed ones', () => {
    expect(propertyRows(layer, { isPublic: true, name: 'Jeugdhuis De Populier', secret: 'x' }, 'nl')).toEqual([
      { name: 'name', label: 'Naam', value: 'Jeugdhuis De Populier' },
      { name: 'isPublic', label: 'Publiek toegankelijk', value: 'ja' },
    ]);
    expect(propertyRows(layer, null, 'en')).toEqual([
      { name: 'name', label: 'Name', value: EMPTY_VALUE },
      { name: 'isPublic', label: 'Open to the public', value: EMPTY_VALUE },
    ]);
  });
});

describe('formatFigure', () => {
  it('gives one decimal in the locale, two below 1', () => {
    expect(formatFigure(12.345, 'nl')).toBe('12,3');
    expect(formatFigure(1234.56, 'en')).toBe('1,234.6');
    expect(formatFigure(0.456, 'nl')).toBe('0,46');
    expect(formatFigure(-25, 'en')).toBe('-25');
  });
});
