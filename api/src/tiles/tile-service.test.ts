import { describe, expect, it } from 'vitest';
import { filterKey } from './tile-service.ts';

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
