import { describe, expect, it } from 'vitest';
import wkx from 'wkx';
import { ewkbHex, fromGeoJson, geometryReader, pairsOf } from './geometries.ts';
import type { SourceRow } from './types.ts';

const row = (values: SourceRow['values'], geometry: SourceRow['geometry'] = null): SourceRow => ({
  row: 2,
  values,
  geometry,
});

describe('geometryReader', () => {
  it('reads two coordinate columns with the file’s decimal mark', () => {
    const read = geometryReader('Point', { kind: 'xy', x: 'X', y: 'Y' }, true, () => 31370);
    expect(read(row({ X: '124467,73', Y: '78249,09' }))).toEqual({
      geometry: { type: 'Point', point: [124467.73, 78249.09] },
    });
    expect(read(row({ X: '', Y: null }))).toEqual({ geometry: null });
    expect(read(row({ X: '', Y: '5' }))).toEqual({ error: 'x is empty while y is given' });
    expect(read(row({ X: '4', Y: 'abc' }))).toEqual({ error: 'y "abc" is not a number' });
  });

  it('reads WKT, and refuses an EWKT SRID other than the import’s CRS', () => {
    const read = geometryReader('Point', { kind: 'wkt', column: 'wkt' }, null, () => 4326);
    expect(read(row({ wkt: 'POINT (4.05 50.05)' }))).toEqual({ geometry: { type: 'Point', point: [4.05, 50.05] } });
    expect(read(row({ wkt: 'SRID=31370;POINT(150000 170000)' }))).toEqual({
      error: 'the WKT says SRID=31370, but this import reads coordinates as EPSG:4326',
    });
    expect(read(row({ wkt: 'PUNT(1 2)' }))).toMatchObject({
      error: expect.stringMatching(/^the WKT could not be read/),
    });
  });
});

describe('fromGeoJson', () => {
  const ring = [
    [4.01, 50.01],
    [4.02, 50.01],
    [4.02, 50.02],
    [4.01, 50.01],
  ];

  it('takes a point, or a MultiPoint of one point, for a point layer; drops a third coordinate', () => {
    expect(fromGeoJson('Point', { type: 'Point', coordinates: [4.05, 50.05, 31] })).toEqual({
      geometry: { type: 'Point', point: [4.05, 50.05] },
    });
    expect(fromGeoJson('Point', { type: 'MultiPoint', coordinates: [[4.05, 50.05]] })).toEqual({
      geometry: { type: 'Point', point: [4.05, 50.05] },
    });
    expect(
      fromGeoJson('Point', {
        type: 'MultiPoint',
        coordinates: [
          [4, 50],
          [4.1, 50.1],
        ],
      }),
    ).toEqual({
      error: 'the geometry is a MultiPoint of several points; this layer takes points',
    });
    expect(fromGeoJson('Point', { type: 'Polygon', coordinates: [ring] })).toEqual({
      error: 'the geometry is a Polygon; this layer takes points',
    });
    expect(fromGeoJson('Point', { type: 'Point', coordinates: [] })).toEqual({ error: 'the point is empty' });
  });

  it('takes a Polygon as a MultiPolygon of one; refuses rings PostGIS could not even parse', () => {
    expect(fromGeoJson('MultiPolygon', { type: 'Polygon', coordinates: [ring] })).toEqual({
      geometry: { type: 'MultiPolygon', polygons: [[ring]] },
    });
    expect(fromGeoJson('MultiPolygon', { type: 'Polygon', coordinates: [ring.slice(0, 3)] })).toEqual({
      error: 'the outer ring has 3 positions; a ring needs at least 4',
    });
    expect(
      fromGeoJson('MultiPolygon', { type: 'Polygon', coordinates: [[...ring.slice(0, 3), [4.03, 50.03]]] }),
    ).toEqual({
      error: 'the outer ring is not closed (its last position is not its first)',
    });
    expect(
      fromGeoJson('MultiPolygon', { type: 'MultiPolygon', coordinates: [[ring], [ring, ring.slice(0, 2)]] }),
    ).toEqual({ error: 'hole 1 of part 2 has 2 positions; a ring needs at least 4' });
    expect(fromGeoJson('MultiPolygon', { type: 'Polygon', coordinates: [[[4, 'x'], ...ring]] })).toEqual({
      error: 'the outer ring has a position that is not two finite numbers',
    });
  });
});

describe('ewkbHex', () => {
  it('writes a point as little-endian EWKB with its SRID', () => {
    // 01 (little endian) | 01000020 (Point with SRID flag) | e6100000 (4326) | 1.0 | 2.0 as doubles
    expect(ewkbHex({ type: 'Point', point: [1, 2] }, 4326)).toBe('0101000020e6100000000000000000f03f0000000000000040');
  });

  it('writes a multipolygon that reads back the same', () => {
    const polygons = [
      [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 0],
        ],
      ],
    ] as [number, number][][][];
    const hex = ewkbHex({ type: 'MultiPolygon', polygons }, 31370);
    // 01 | 06000020 (MultiPolygon with SRID flag) | 8a7a0000 (31370) | 01000000 (one polygon)
    expect(hex.slice(0, 26)).toBe('01060000208a7a000001000000');
    const parsed = wkx.Geometry.parse(Buffer.from(hex, 'hex'));
    expect(parsed.srid).toBe(31370);
    expect(parsed.toGeoJSON()).toEqual({ type: 'MultiPolygon', coordinates: polygons });
  });
});

describe('pairsOf', () => {
  it('lists every position of every ring', () => {
    const square = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ] as [number, number][];
    expect([...pairsOf({ type: 'MultiPolygon', polygons: [[square], [square]] })]).toHaveLength(8);
    expect([...pairsOf({ type: 'Point', point: [3, 4] })]).toEqual([[3, 4]]);
  });
});
