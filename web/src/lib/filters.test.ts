import { describe, expect, it } from 'vitest';
import { figuresParams, filterableProperties, filterParams, selectsNothing, valuesOf } from './filters.ts';
import { youthFacilities } from './test-fixtures.ts';
import type { LayerDescription } from './types.ts';

const title = { nl: 'T', en: 'T' };
/** A dated layer with a category (status) and a second enumerated property (kind). */
const vacancy: LayerDescription = {
  ...youthFacilities,
  id: 'vacant-buildings',
  temporal: true,
  categoryProperty: 'status',
  properties: [
    { name: 'address', type: 'string', title },
    {
      name: 'kind',
      type: 'string',
      title,
      values: [
        { value: 'woning', title, color: '#111111' },
        { value: 'gebouw', title, color: '#222222' },
      ],
    },
    {
      name: 'status',
      type: 'string',
      title,
      values: [
        { value: 'leegstaand', title, color: '#333333' },
        { value: 'verwaarloosd', title, color: '#444444' },
        { value: 'onbewoonbaar', title, color: '#555555' },
      ],
    },
  ],
};

describe('filterableProperties', () => {
  it('lists the enumerated properties, the category first', () => {
    expect(filterableProperties(vacancy).map((p) => p.name)).toEqual(['status', 'kind']);
    expect(valuesOf(filterableProperties(vacancy)[0])).toEqual(['leegstaand', 'verwaarloosd', 'onbewoonbaar']);
  });
});

describe('filterParams', () => {
  it('sends nothing for "everything", and a period only to a dated layer', () => {
    expect(filterParams(vacancy, {}, null).toString()).toBe('');
    expect(filterParams(vacancy, { kind: ['gebouw', 'woning'] }, null).toString()).toBe('');
    const period = { start: '2024-01-01', end: '2024-12-31' };
    expect(filterParams(vacancy, {}, period).toString()).toBe('datetime=2024-01-01%2F2024-12-31');
    expect(filterParams(youthFacilities, {}, period).toString()).toBe('');
  });

  it('sends a partial selection in the registry order, so equal filters give equal URLs', () => {
    const a = filterParams(vacancy, { status: ['onbewoonbaar', 'leegstaand'], kind: ['gebouw'] }, null);
    const b = filterParams(vacancy, { kind: ['gebouw'], status: ['leegstaand', 'onbewoonbaar'] }, null);
    expect(a.toString()).toBe('status=leegstaand%2Conbewoonbaar&kind=gebouw');
    expect(b.toString()).toBe(a.toString());
  });

  it('ignores values a property does not have', () => {
    expect(filterParams(vacancy, { status: ['leegstaand', 'gesloopt'] }, null).get('status')).toBe('leegstaand');
  });
});

describe('selectsNothing', () => {
  it('is true only when some property has no value left', () => {
    expect(selectsNothing(vacancy, {})).toBe(false);
    expect(selectsNothing(vacancy, { status: ['leegstaand'] })).toBe(false);
    expect(selectsNothing(vacancy, { status: [] })).toBe(true);
    expect(selectsNothing(vacancy, { kind: ['kasteel'] })).toBe(true);
  });
});

describe('figuresParams', () => {
  const rate = { temporal: true, filters: ['category'] };
  const facilities = { temporal: false, filters: ['kind'] };
  const period = { start: '2025-01-01', end: '2025-03-31' };

  it('sends the period to a dated indicator and its own filters only', () => {
    const params = figuresParams(rate, { category: ['overlast', 'drugs'], kind: ['school'] }, period);
    expect(params.toString()).toBe('period=2025-01-01%2F2025-03-31&category=overlast%2Cdrugs');
  });

  it('sends no period to an undated indicator and nothing without an indicator', () => {
    expect(figuresParams(facilities, { kind: ['school'] }, period).toString()).toBe('kind=school');
    expect(figuresParams(null, { category: ['overlast'] }, period).toString()).toBe('');
    expect(figuresParams(rate, { category: [] }, null).toString()).toBe('');
  });
});
