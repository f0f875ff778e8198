import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { SourceRow, SourceTable } from '../types.ts';
import { SourceError } from './detect.ts';
import { readShapefile } from './shapefile.ts';

const fixturePath = (name: string) => new URL(`../../../../tests/fixtures/imports/${name}`, import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(fixturePath(name)));

async function allRows(table: SourceTable): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

/** The Lambert 72 fixture's files, to be zipped again changed. */
const lambert72Files = () => unzipSync(fixture('youth-facilities-lambert72.zip'));
const STEM = 'youth-facilities-lambert72';

/** The fixture's coordinates as `ogrinfo` prints them (15 significant digits). */
const LAMBERT72 = [
  [124467.727950812, 78249.0932092434],
  [127020.199524129, 80128.3544454267],
  [128682.957528143, 83847.5758194951],
  [130302.700885965, 86232.7382981991],
];

describe('readShapefile on the fixtures', () => {
  it('reads the Lambert 72 Shapefile: UTF-8 from the .cpg, EPSG:31370 from the .prj', async () => {
    const table = await readShapefile('youth-facilities-lambert72.zip', fixture('youth-facilities-lambert72.zip'));
    expect(table).toMatchObject({
      format: 'shapefile',
      encoding: 'utf-8',
      separator: null,
      decimalComma: null,
      columns: ['nr', 'naam', 'soort', 'publiek', 'capaciteit', 'geopend'],
      geometryType: 'Point',
      srid: 31370,
      sridSource: 'prj',
    });
    const rows = await allRows(table);
    expect(rows.map((row) => row.row)).toEqual([1, 2, 3, 4]);
    expect(rows.map((row) => row.values)).toEqual([
      {
        nr: 'JV-001',
        naam: "Jeugdhuis 't Krüske",
        soort: 'jeugdhuis',
        publiek: 1,
        capaciteit: 120,
        geopend: '2015-09-01',
      },
      {
        nr: 'JV-002',
        naam: 'Chiro Sint-Géry',
        soort: 'jeugdbeweging',
        publiek: 0,
        capaciteit: 80,
        geopend: '1998-03-14',
      },
      // An empty date field is null, not 1899-11-30 (what new Date(0, -1, 0) would give).
      {
        nr: 'JV-003',
        naam: "Speeltuin Rue de l'Église",
        soort: 'speeltuin',
        publiek: 1,
        capaciteit: null,
        geopend: null,
      },
      {
        nr: 'JV-004',
        naam: 'Skatepark Zénobe Gramme',
        soort: 'skatepark',
        publiek: 1,
        capaciteit: 40,
        geopend: '2021-06-30',
      },
    ]);
    rows.forEach((row, i) => {
      expect(row.geometry?.type).toBe('Point');
      const [x, y] = row.geometry!.coordinates as number[];
      expect(x).toBeCloseTo(LAMBERT72[i]![0]!, 6);
      expect(y).toBeCloseTo(LAMBERT72[i]![1]!, 6);
    });
  });

  it('reads Windows-1252 without a .cpg, from a subfolder, and has no CRS without a .prj', async () => {
    const table = await readShapefile('jeugd.zip', fixture('youth-facilities-cp1252-noprj.zip'));
    expect(table).toMatchObject({ encoding: 'windows-1252', srid: null, sridSource: null, geometryType: 'Point' });
    const rows = await allRows(table);
    // ’ is byte 0x92 in Windows-1252, ü 0xFC, é 0xE9, É 0xC9.
    expect(rows.map((row) => row.values.naam)).toEqual([
      'Jeugdhuis ’t Krüske',
      'Chiro Sint-Géry',
      "Speeltuin Rue de l'Église",
      'Skatepark Zénobe Gramme',
    ]);
    expect(rows[0]!.geometry).toEqual({ type: 'Point', coordinates: [4.0125, 50.015] });
    expect(rows[3]!.values.geopend).toBe('2021-06-30');
  });

  it('reads the rows again from the first on a second call', async () => {
    const table = await readShapefile('a.zip', fixture('youth-facilities-lambert72.zip'));
    const first = await allRows(table);
    expect(await allRows(table)).toEqual(first);
  });
});

describe('readShapefile on damaged or unusual zips', () => {
  it('skips records marked deleted in the .dbf, keeping the others their numbers', async () => {
    const files = lambert72Files();
    const dbf = files[`${STEM}.dbf`]!;
    const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
    const [headerLength, recordLength] = [view.getUint16(8, true), view.getUint16(10, true)];
    dbf[headerLength + 1 * recordLength] = 0x2a; // the second record: '*' is dBASE's "deleted"
    const rows = await allRows(await readShapefile('a.zip', zipSync(files)));
    expect(rows.map((row) => [row.row, row.values.nr])).toEqual([
      [1, 'JV-001'],
      [3, 'JV-003'],
      [4, 'JV-004'],
    ]);
  });

  it("ignores macOS's __MACOSX copies", async () => {
    const files = lambert72Files();
    const table = await readShapefile(
      'a.zip',
      zipSync({
        ...files,
        [`__MACOSX/._${STEM}.shp`]: new Uint8Array([0, 5, 22, 7]),
        [`._${STEM}.shp`]: new Uint8Array(4),
      }),
    );
    expect(table.srid).toBe(31370);
  });

  it('refuses a zip without a .shp, naming what it holds', async () => {
    const { [`${STEM}.shp`]: _shp, ...rest } = lambert72Files();
    await expect(readShapefile('a.zip', zipSync(rest))).rejects.toThrow(
      /^the zip holds no \.shp file \(it holds youth-facilities-lambert72\.cpg, .*\.shx\)$/,
    );
    await expect(readShapefile('a.zip', zipSync({}))).rejects.toThrow('the zip holds no .shp file (it holds nothing)');
  });

  it('refuses a zip with two Shapefiles, listing them', async () => {
    const files = lambert72Files();
    const copy = Object.fromEntries(Object.entries(files).map(([name, data]) => [`kopie/${name}`, data]));
    await expect(readShapefile('a.zip', zipSync({ ...files, ...copy }))).rejects.toThrow(
      'the zip holds 2 Shapefiles (youth-facilities-lambert72.shp, kopie/youth-facilities-lambert72.shp)',
    );
  });

  it('refuses a .shp without its .dbf', async () => {
    const { [`${STEM}.dbf`]: _dbf, ...rest } = lambert72Files();
    await expect(readShapefile('a.zip', zipSync(rest))).rejects.toThrow(
      'the zip holds youth-facilities-lambert72.shp but not its .dbf',
    );
  });

  it('finds the .dbf whatever the case of its extension', async () => {
    const { [`${STEM}.dbf`]: dbf, ...rest } = lambert72Files();
    const table = await readShapefile('a.zip', zipSync({ ...rest, [`${STEM}.DBF`]: dbf! }));
    expect((await allRows(table)).length).toBe(4);
  });

  it('refuses a .prj of a system it does not read, never taking Belge Lambert 72 for Lambert 72', async () => {
    const files = lambert72Files();
    files[`${STEM}.prj`] = fixture('prj/esri-31300.prj');
    await expect(readShapefile('a.zip', zipSync(files))).rejects.toThrow(
      /EPSG:31300, Belge Lambert 72, not Lambert 72 \(EPSG:31370\)\) is not supported/,
    );
  });

  it('leaves an unrecognised .prj to detection from the coordinates', async () => {
    const files = lambert72Files();
    files[`${STEM}.prj`] = new TextEncoder().encode('PROJCS["Eigen stelsel",GEOGCS["x"]]');
    const table = await readShapefile('a.zip', zipSync(files));
    expect([table.srid, table.sridSource]).toEqual([null, null]);
  });

  it('refuses a .cpg naming an encoding it cannot read', async () => {
    const files = lambert72Files();
    files[`${STEM}.cpg`] = new TextEncoder().encode('UTF-16');
    await expect(readShapefile('a.zip', zipSync(files))).rejects.toThrow('the .cpg names the encoding "UTF-16"');
  });

  it('refuses a .shp and .dbf that do not belong together', async () => {
    const files = lambert72Files();
    const dbf = files[`${STEM}.dbf`]!;
    new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength).setUint32(4, 3, true);
    await expect(readShapefile('a.zip', zipSync(files))).rejects.toThrow(
      'the .shp holds 4 shapes but the .dbf 3 records',
    );
  });

  it('refuses what is not a zip', async () => {
    const notZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    await expect(readShapefile('a.zip', notZip)).rejects.toThrow(SourceError);
    await expect(readShapefile('a.zip', notZip)).rejects.toThrow(/^the zip cannot be opened/);
  });
});
