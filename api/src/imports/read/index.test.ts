import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSource, SourceError } from './index.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../../tests/fixtures/imports/${name}`, import.meta.url)));

async function countRows(name: string, bytes = fixture(name)): Promise<number> {
  let rows = 0;
  for await (const _row of (await openSource(name, bytes)).rows()) rows++;
  return rows;
}

describe('openSource', () => {
  it.each([
    ['incidents-excel-nl.csv', 'csv', 6],
    ['incidents-cp1252.csv', 'csv', 6],
    ['vacant-buildings-cp1252.csv', 'csv', 5],
    ['incidents-bad-rows.csv', 'csv', 14],
    ['youth-facilities.geojson', 'geojson', 4],
    ['youth-facilities-lambert72.zip', 'shapefile', 4],
    ['youth-facilities-cp1252-noprj.zip', 'shapefile', 4],
    ['youth-facilities-lambert2008.gpkg', 'geopackage', 4],
  ])('reads %s as %s with %d rows', async (name, format, rows) => {
    const table = await openSource(name, fixture(name));
    expect(table.format).toBe(format);
    expect(table.fileName).toBe(name);
    expect(await countRows(name)).toBe(rows);
  });

  it('goes by content when the name says nothing', async () => {
    expect((await openSource('upload', fixture('youth-facilities-lambert2008.gpkg'))).format).toBe('geopackage');
    expect((await openSource('upload', fixture('youth-facilities.geojson'))).format).toBe('geojson');
  });

  it('throws SourceError, with the file named, for every file it cannot read', async () => {
    await expect(openSource('jeugd.csv', fixture('youth-facilities-lambert72.zip'))).rejects.toThrow(
      'jeugd.csv is named .csv but holds a zip archive',
    );
    await expect(openSource('leeg.csv', new Uint8Array())).rejects.toThrow(SourceError);
    const notJson = new TextEncoder().encode('{"type": "FeatureCollection", "features": [}');
    await expect(openSource('kapot.geojson', notJson)).rejects.toThrow(/^invalid JSON at line 1, column 44/);
    await expect(openSource('kapot.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9]))).rejects.toThrow(SourceError);
  });
});
