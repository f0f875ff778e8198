import { describe, expect, it } from 'vitest';
import { chunked, pointEwkbHex, resolveCounts } from './scale.ts';

const take = <T>(items: Iterable<T>): T[] => [...items];

describe('helpers', () => {
  it('fills in the default counts: vacant = incidents / 20, facilities = incidents / 200', () => {
    expect(resolveCounts({ incidents: 1_000_000 })).toEqual({
      incidents: 1_000_000,
      vacantBuildings: 50_000,
      youthFacilities: 5000,
    });
    expect(resolveCounts({ incidents: 199, vacantBuildings: 0 })).toEqual({
      incidents: 199,
      vacantBuildings: 0,
      youthFacilities: 0,
    });
    expect(() => resolveCounts({ incidents: -1 })).toThrow(RangeError);
    expect(() => resolveCounts({ incidents: 10, youthFacilities: 1.5 })).toThrow(RangeError);
  });

  it('chunks lazily without losing or repeating rows', () => {
    expect(take(chunked([1, 2, 3, 4, 5], 2))).toEqual([[1, 2], [3, 4], [5]]);
    expect(take(chunked([], 2))).toEqual([]);
  });

  it('writes points as hex EWKB with SRID 4326', () => {
    const hex = pointEwkbHex([4.2373, 50.7339]);
    expect(hex.slice(0, 18)).toBe('0101000020e6100000');
    const bytes = Buffer.from(hex, 'hex');
    expect([bytes.readDoubleLE(9), bytes.readDoubleLE(17)]).toEqual([4.2373, 50.7339]);
  });
});
