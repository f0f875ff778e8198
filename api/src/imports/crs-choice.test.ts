import { describe, expect, it } from 'vitest';
import { chooseCrs } from './crs-choice.ts';
import type { Pair } from './geometries.ts';

const LAMBERT_72: Pair[] = [
  [124467.73, 78249.09],
  [125807.27, 81246],
];
const LON_LAT: Pair[] = [
  [4.0125, 50.015],
  [4.031, 50.042],
];
const none = { srid: null, sridSource: null };

describe('chooseCrs', () => {
  it('takes the declared CRS, else the file’s, else the one the coordinates look like', () => {
    expect(chooseCrs(31370, { srid: 4326, sridSource: 'geojson' }, LAMBERT_72)).toEqual({
      srid: 31370,
      how: 'declared',
    });
    expect(chooseCrs(null, { srid: 31370, sridSource: 'prj' }, LAMBERT_72)).toEqual({ srid: 31370, how: 'file' });
    expect(chooseCrs(null, none, LAMBERT_72)).toEqual({ srid: 31370, how: 'detected' });
    expect(chooseCrs(null, none, LON_LAT)).toEqual({ srid: 4326, how: 'detected' });
  });

  it('decides nothing when there are no coordinates and nothing was declared', () => {
    expect(chooseCrs(null, none, [])).toBeNull();
    expect(chooseCrs(3812, none, [])).toEqual({ srid: 3812, how: 'declared' });
  });

  it('refuses a declared or file CRS that the coordinates contradict', () => {
    expect(() => chooseCrs(4326, none, LAMBERT_72)).toThrow(
      /^the coordinates look like EPSG:31370 \(Lambert 72\), not EPSG:4326 \(WGS 84 longitude\/latitude\) as declared/,
    );
    expect(() => chooseCrs(null, { srid: 4326, sridSource: 'geojson' }, LAMBERT_72)).toThrow(
      /not EPSG:4326 .* as the file's own CRS says/,
    );
    const swapped = LON_LAT.map(([x, y]) => [y, x] as Pair);
    expect(() => chooseCrs(4326, none, swapped)).toThrow(/x and y columns look swapped/);
    expect(() => chooseCrs(null, none, swapped)).toThrow(/could not be recognised: the x and y columns look swapped/);
  });

  it('lets mixed coordinates through a declared CRS (each stray row is then rejected for its place)', () => {
    expect(chooseCrs(31370, none, [...LAMBERT_72, [4.0125, 50.015]])).toEqual({ srid: 31370, how: 'declared' });
  });

  it('refuses a file CRS the import does not read, unless another is declared', () => {
    expect(() => chooseCrs(null, { srid: 31300, sridSource: 'prj' }, LAMBERT_72)).toThrow(/EPSG:31300/);
    expect(chooseCrs(31370, { srid: 31300, sridSource: 'prj' }, LAMBERT_72)).toEqual({ srid: 31370, how: 'declared' });
  });
});
