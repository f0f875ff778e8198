import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../layers/filters.ts';
import { checkTileCoord, tileAt, tileBounds3857 } from './tile-grid.ts';

const HALF = 20037508.342789244;

describe('tile grid', () => {
  it('gives the whole Web Mercator square at zoom 0 and its quarters at zoom 1', () => {
    expect(tileBounds3857({ z: 0, x: 0, y: 0 })).toEqual([-HALF, -HALF, HALF, HALF]);
    expect(tileBounds3857({ z: 1, x: 1, y: 0 })).toEqual([0, 0, HALF, HALF]);
    expect(tileBounds3857({ z: 1, x: 0, y: 1 })).toEqual([-HALF, -HALF, 0, 0]);
  });

  it('finds the tile of Halle centre (hand-computed: x = floor((4.2373+180)/360·2^z))', () => {
    expect(tileAt(4.2373, 50.7339, 10)).toEqual({ z: 10, x: 524, y: 344 });
    expect(tileAt(4.2373, 50.7339, 0)).toEqual({ z: 0, x: 0, y: 0 });
    expect(tileAt(180, -85.06, 2)).toEqual({ z: 2, x: 3, y: 3 });
  });

  it('refuses x or y beyond the zoom', () => {
    expect(checkTileCoord({ z: 3, x: 7, y: 7 })).toEqual({ z: 3, x: 7, y: 7 });
    expect(() => checkTileCoord({ z: 3, x: 8, y: 0 })).toThrow(InvalidParameterError);
    expect(() => checkTileCoord({ z: 3, x: 0, y: 8 })).toThrow(/y must be from 0 to 7 at zoom 3/);
  });
});
