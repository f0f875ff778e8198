import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSrid, crsLabel, detectSrid, looksLike, parseCrs, sridFromPrj, SUPPORTED_SRIDS } from './crs.ts';

/** A .prj written by GDAL 3.6 (tests/fixtures/imports/make-fixtures.sh). */
const prj = (name: string) =>
  readFileSync(new URL(`../../../tests/fixtures/imports/prj/${name}`, import.meta.url), 'latin1');

const withoutCodes = (wkt: string) => wkt.replace(/,\s*(AUTHORITY\["EPSG","\d+"\]|ID\["EPSG",\d+\])/g, '');

describe('parseCrs', () => {
  it.each([
    ['EPSG:31370', 31370],
    ['epsg:31370', 31370],
    [' 31370 ', 31370],
    ['EPSG:4326', 4326],
    ['3812', 3812],
    ['urn:ogc:def:crs:EPSG::31370', 31370],
    ['urn:ogc:def:crs:EPSG:6.6:3812', 3812],
    ['http://www.opengis.net/def/crs/EPSG/0/3812', 3812],
    ['https://www.opengis.net/def/crs/EPSG/0/31370', 31370],
    ['CRS84', 4326],
    ['OGC:CRS84', 4326],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 4326],
    ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', 4326],
  ])('reads %j as %d', (text, srid) => {
    expect(parseCrs(text)).toBe(srid);
  });

  it('refuses an EPSG code it does not read, saying which it does', () => {
    expect(() => parseCrs('EPSG:3857')).toThrow(/EPSG:3857 is not supported.*EPSG:4326.*EPSG:31370.*EPSG:3812/);
    expect(() => parseCrs('31300')).toThrow('EPSG:31300 is not supported');
  });

  it('refuses what is no CRS name', () => {
    expect(() => parseCrs('Lambert')).toThrow('"Lambert" is not a coordinate reference system');
    expect(() => parseCrs('')).toThrow('is not a coordinate reference system');
    expect(() => parseCrs('EPSG:')).toThrow('is not a coordinate reference system');
  });

  it('labels the supported systems', () => {
    expect(SUPPORTED_SRIDS).toEqual([4326, 31370, 3812]);
    expect(crsLabel(31370)).toBe('EPSG:31370 (Lambert 72)');
    expect(crsLabel(3857)).toBe('EPSG:3857');
  });
});

describe('sridFromPrj', () => {
  it('recognises the ESRI .prj ogr2ogr writes next to a Shapefile, by name', () => {
    expect(prj('esri-31370.prj')).toMatch(/^PROJCS\["Belge_Lambert_1972"/);
    expect(sridFromPrj(prj('esri-31370.prj'))).toBe(31370);
    expect(prj('esri-3812.prj')).toMatch(/^PROJCS\["Belge_Lambert_2008"/);
    expect(sridFromPrj(prj('esri-3812.prj'))).toBe(3812);
    expect(prj('esri-4326.prj')).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    expect(sridFromPrj(prj('esri-4326.prj'))).toBe(4326);
  });

  it("takes the root's EPSG code from OGC WKT 1 and WKT 2, not a nested one", () => {
    // wkt1-31370 also holds AUTHORITY 4313 (the datum's CRS) and 9001 (the metre) deeper in.
    expect(sridFromPrj(prj('wkt1-31370.prj'))).toBe(31370);
    // wkt2-3812 holds ID 4258 (ETRS89) and method and parameter IDs deeper in.
    expect(sridFromPrj(prj('wkt2-3812.prj'))).toBe(3812);
  });

  it('recognises OGC WKT without its EPSG codes by name', () => {
    expect(sridFromPrj(withoutCodes(prj('wkt1-31370.prj')))).toBe(31370);
    expect(sridFromPrj(withoutCodes(prj('wkt2-3812.prj')))).toBe(3812);
  });

  it("recognises ArcGIS's name for Lambert 72", () => {
    const arcgis = prj('esri-31370.prj').replace('Belge_Lambert_1972', 'Belge_1972_Belgian_Lambert_72');
    expect(sridFromPrj(arcgis)).toBe(31370);
  });

  it('never takes Belge Lambert 72 (EPSG:31300, 750 m away) for Lambert 72', () => {
    expect(prj('esri-31300.prj')).toMatch(/^PROJCS\["BD72_Belge_Lambert_72"/);
    expect(sridFromPrj(prj('esri-31300.prj'))).toBe(31300);
  });

  it('gives the code of a system it does not support, and null for one it does not know', () => {
    // The ESRI Web Mercator .prj has no code and an unknown name.
    expect(sridFromPrj(prj('esri-3857.prj'))).toBeNull();
    expect(sridFromPrj('PROJCS["Whatever",GEOGCS["x"],AUTHORITY["EPSG","3857"]]')).toBe(3857);
    expect(sridFromPrj('')).toBeNull();
    expect(sridFromPrj('not WKT')).toBeNull();
  });
});

// Points inside the test square, as gdaltransform puts them (see the fixtures' README):
// lon 4.0125 lat 50.015 is Lambert 72 (124467.73, 78249.09), Lambert 2008 (624478.56, 578247.20).
const WGS84: [number, number][] = [
  [4.0125, 50.015],
  [4.0933, 50.087],
];
const LAMBERT72: [number, number][] = [
  [124467.73, 78249.09],
  [130302.7, 86232.74],
];
const LAMBERT2008: [number, number][] = [
  [624478.56, 578247.2],
  [630312.53, 586231.48],
];

describe('detectSrid', () => {
  it('recognises each system when every pair fits it', () => {
    expect(detectSrid(WGS84)).toEqual({ srid: 4326 });
    expect(detectSrid(LAMBERT72)).toEqual({ srid: 31370 });
    expect(detectSrid(LAMBERT2008)).toEqual({ srid: 3812 });
  });

  it('ignores pairs that are not finite numbers (unreadable cells)', () => {
    expect(detectSrid([...LAMBERT72, [Number.NaN, 80000], [125000, Number.POSITIVE_INFINITY]])).toEqual({
      srid: 31370,
    });
  });

  it('says when x and y look swapped', () => {
    const swapped = WGS84.map(([x, y]) => [y, x] as [number, number]);
    expect(detectSrid(swapped)).toEqual({ problem: expect.stringContaining('the x and y columns look swapped') });
  });

  it('names what it saw when the pairs are mixed or fit nothing', () => {
    const mixed = detectSrid([...WGS84, LAMBERT72[0]!]);
    expect(mixed).toEqual({
      problem: expect.stringContaining(
        '2 look like WGS 84 longitude/latitude (first: 4.0125, 50.015), 1 like Lambert 72 (first: 124467.73, 78249.09)',
      ),
    });
    // Web Mercator metres of Halle: no Belgian system.
    expect(detectSrid([[468000, 6585000]])).toEqual({
      problem: expect.stringContaining('1 look like none of them (first: 468000, 6585000)'),
    });
    expect(detectSrid([])).toEqual({ problem: expect.stringContaining('no coordinates') });
    expect(detectSrid([[Number.NaN, Number.NaN]])).toEqual({ problem: expect.stringContaining('no coordinates') });
  });
});

describe('checkSrid and looksLike', () => {
  it('find nothing to say when the declared system fits every pair', () => {
    expect(checkSrid(31370, LAMBERT72)).toBeNull();
    expect(looksLike(31370, LAMBERT72)).toBe(true);
    expect(looksLike(3812, LAMBERT2008)).toBe(true);
    expect(looksLike(4326, WGS84)).toBe(true);
  });

  it('say how many pairs do not fit and what they look like', () => {
    // Longitude/latitude also lie within Lambert 72's 0-300,000 m box: they must still not pass.
    expect(looksLike(31370, WGS84)).toBe(false);
    expect(checkSrid(31370, [...LAMBERT72, WGS84[0]!])).toBe(
      '1 of 3 coordinate pairs do not look like EPSG:31370 (Lambert 72): 1 look like WGS 84 longitude/latitude (first: 4.0125, 50.015)',
    );
    expect(looksLike(3812, LAMBERT72)).toBe(false);
    expect(looksLike(4326, LAMBERT2008)).toBe(false);
  });
});
