import { describe, expect, it } from 'vitest';
import { detectFormat, SourceError } from './detect.ts';

const text = (value: string) => new TextEncoder().encode(value);
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
const SQLITE = text('SQLite format 3\0rest of the header');

describe('detectFormat', () => {
  it('goes by content', () => {
    expect(detectFormat('data.zip', ZIP)).toBe('shapefile');
    expect(detectFormat('data.gpkg', SQLITE)).toBe('geopackage');
    expect(detectFormat('data.geojson', text('  \n{"type":"FeatureCollection"}'))).toBe('geojson');
    expect(detectFormat('data.json', text('\uFEFF{"type":"Feature"}'))).toBe('geojson');
    expect(detectFormat('data.csv', text('Nr;X;Y\n1;2;3\n'))).toBe('csv');
    expect(detectFormat('data.txt', text('Nr\tX\n'))).toBe('csv');
  });

  it('trusts the content when the extension is unknown or missing', () => {
    expect(detectFormat('export', SQLITE)).toBe('geopackage');
    expect(detectFormat('incidents.dat', text('a;b\n'))).toBe('csv');
    expect(detectFormat('jeugd.shz', ZIP)).toBe('shapefile');
  });

  it('refuses an extension that contradicts the content', () => {
    expect(() => detectFormat('data.csv', SQLITE)).toThrow('data.csv is named .csv but holds a GeoPackage (SQLite)');
    expect(() => detectFormat('data.gpkg', text('a;b\n'))).toThrow('is named .gpkg but holds text (CSV)');
    expect(() => detectFormat('data.geojson', text('a;b\n'))).toThrow('is named .geojson but holds text (CSV)');
    expect(() => detectFormat('data.zip', text('{}'))).toThrow('is named .zip but holds GeoJSON');
  });

  it('explains the files no reader takes', () => {
    expect(() => detectFormat('data.xlsx', ZIP)).toThrow(/workbook cannot be read: save it as CSV/);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(() => detectFormat('data.bin', xls)).toThrow('old Excel workbook');
    expect(() => detectFormat('a.shp', new Uint8Array([0, 0, 0x27, 0x0a, 0, 0]))).toThrow(
      'put them together in one .zip',
    );
    expect(() => detectFormat('a.csv', new Uint8Array([0xff, 0xfe, 0x41, 0]))).toThrow('UTF-16');
    expect(() => detectFormat('a.csv', new Uint8Array([]))).toThrow('the file is empty');
    expect(() => detectFormat('a.csv', text(' \r\n '))).toThrow('the file is empty');
    expect(() => detectFormat('a.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1]))).toThrow('not text');
    expect(() => detectFormat('a.csv', new Uint8Array([]))).toThrow(SourceError);
  });
});
