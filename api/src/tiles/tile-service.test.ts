import { describe, expect, it } from 'vitest';
import { audienceKey, filterKey } from './tile-service.ts';

describe('filterKey', () => {
  it('is the same for the same filters in any order', () => {
    const a = filterKey({ values: { status: ['b', 'a'], kind: ['woning'] } });
    const b = filterKey({ values: { kind: ['woning'], status: ['a', 'b'] } });
    expect(a).toBe(b);
    expect(a).toBe('kind=woning&status=a,b');
  });

  it('tells time filters apart, open ends included', () => {
    const start = new Date('2024-01-01T00:00:00Z');
    expect(filterKey({ datetime: { start, end: null } })).toBe('datetime=2024-01-01T00:00:00.000Z/..');
    expect(filterKey({ datetime: { start: null, end: start } })).toBe('datetime=../2024-01-01T00:00:00.000Z');
    expect(filterKey({})).toBe('');
  });
});

describe('audienceKey', () => {
  it('keeps staff and public tiles apart in the cache, and public cells of another k or size', () => {
    expect(audienceKey({ viewer: 'staff' })).toBe('staff');
    expect(audienceKey({ viewer: 'public' })).toBe('public');
    const five = audienceKey({ viewer: 'public', cells: { cellMetres: 200, minCount: 5 } });
    expect(five).toBe('public,cells=200,k=5');
    expect(audienceKey({ viewer: 'public', cells: { cellMetres: 200, minCount: 3 } })).not.toBe(five);
    expect(audienceKey({ viewer: 'public', cells: { cellMetres: 400, minCount: 5 } })).not.toBe(five);
  });
});
