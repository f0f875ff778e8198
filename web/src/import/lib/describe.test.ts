import { describe, expect, it } from 'vitest';
import {
  cellText,
  crsName,
  encodingName,
  fileCrs,
  fileSize,
  formatName,
  geometryText,
  pageOf,
  runCrs,
  separatorName,
} from './describe.ts';

describe('what was found in a file', () => {
  it('names the coordinate systems by their code and their Belgian name', () => {
    expect(crsName(31370)).toBe('EPSG:31370 (Lambert 72)');
    expect(crsName(3812)).toBe('EPSG:3812 (Lambert 2008)');
    expect(crsName(4326)).toBe('EPSG:4326 (WGS 84, GPS)');
    expect(crsName(32631)).toBe('EPSG:32631');
  });

  it('names formats, encodings and separators in the UI language', () => {
    expect(formatName('shapefile')).toBe('Shapefile (zip)');
    expect(encodingName('utf-8-bom', 'nl')).toBe('UTF-8 met BOM');
    expect(encodingName('windows-1252', 'en')).toBe('Windows-1252');
    expect(encodingName(null, 'nl')).toBeNull();
    expect(separatorName(';', 'nl')).toBe('puntkomma (;)');
    expect(separatorName('\t', 'en')).toBe('tab');
    expect(separatorName(null, 'en')).toBeNull();
  });

  it('says how the coordinate system is known: declared by the file, detected, or not at all', () => {
    expect(fileCrs({ srid: 31370, sridSource: 'prj' }, null, 'nl')).toBe(
      'EPSG:31370 (Lambert 72), volgens het .prj-bestand',
    );
    // A declaration wins over a detection.
    expect(fileCrs({ srid: 3812, sridSource: 'geopackage' }, 31370, 'en')).toBe(
      'EPSG:3812 (Lambert 2008), from the GeoPackage',
    );
    expect(fileCrs({ srid: null, sridSource: null }, 31370, 'nl')).toBe(
      'EPSG:31370 (Lambert 72), gedetecteerd uit de coördinaten',
    );
    expect(fileCrs({ srid: null, sridSource: null }, null, 'en')).toBe('not determined: choose it below');
  });

  it("says how a run's coordinates were read", () => {
    expect(runCrs({ srid: 31370, how: 'declared' }, 'nl')).toBe('EPSG:31370 (Lambert 72), zoals u het opgaf');
    expect(runCrs({ srid: 4326, how: 'file' }, 'en')).toBe('EPSG:4326 (WGS 84, GPS), from the file');
    expect(runCrs(null, 'en')).toBe('no coordinates read');
  });
});

describe('preview cells', () => {
  it('shows values as the file holds them, an empty cell empty', () => {
    expect(cellText('149123,45')).toBe('149123,45');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(false)).toBe('false');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
  });

  it('shows a point with its coordinates and any other geometry by its type', () => {
    expect(geometryText({ type: 'Point', coordinates: [140628.52, 158171.21] })).toBe('Point (140628.52 158171.21)');
    expect(geometryText({ type: 'MultiPolygon', coordinates: [[[[0, 0]]]] })).toBe('MultiPolygon');
    expect(geometryText(null)).toBe('');
  });
});

describe('fileSize', () => {
  it('uses powers of 1,000 and the language’s decimal mark', () => {
    expect(fileSize(850, 'nl')).toBe('850 B');
    // 12,400 / 1,000 = 12.4
    expect(fileSize(12_400, 'nl')).toBe('12,4 kB');
    // 3,140,000 / 1,000,000 = 3.14 -> 3.1
    expect(fileSize(3_140_000, 'en')).toBe('3.1 MB');
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 120 }, (_, i) => i + 1);

  it('cuts a list into pages and says which items are shown', () => {
    // 120 items by 50: pages of 50, 50 and 20.
    expect(pageOf(items, 0, 50)).toMatchObject({ page: 0, pages: 3, first: 1, last: 50 });
    const last = pageOf(items, 2, 50);
    expect(last).toMatchObject({ page: 2, pages: 3, first: 101, last: 120 });
    expect(last.items).toHaveLength(20);
    expect(last.items[0]).toBe(101);
  });

  it('clamps a page out of range, and has one empty page for an empty list', () => {
    expect(pageOf(items, 7, 50).page).toBe(2);
    expect(pageOf(items, -1, 50).page).toBe(0);
    expect(pageOf([], 0, 50)).toEqual({ items: [], page: 0, pages: 1, first: 0, last: 0 });
  });
});
