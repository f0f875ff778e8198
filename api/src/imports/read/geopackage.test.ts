import { readFileSync } from 'node:fs';
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { loadSqlite } from '../../gpkg/sqlite.ts';
import type { SourceRow, SourceTable } from '../types.ts';
import { SourceError } from './detect.ts';
import { readGeoPackage } from './geopackage.ts';

const FIXTURE = 'youth-facilities-lambert2008.gpkg';
const fixture = () =>
  new Uint8Array(readFileSync(new URL(`../../../../tests/fixtures/imports/${FIXTURE}`, import.meta.url)));

async function allRows(table: SourceTable): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

/** The fixture changed by `sql` (run with sql.js; `params` bind the first statement), as a new file's bytes. */
async function changed(sql: string, params: (string | number | Uint8Array)[] = []): Promise<Uint8Array> {
  const SQL = await loadSqlite();
  const db: Database = new SQL.Database(fixture());
  try {
    sql
      .split(';')
      .filter((statement) => statement.trim())
      .forEach((statement, i) => db.run(statement, i === 0 && params.length ? params : undefined));
    return db.export();
  } finally {
    db.close();
  }
}

/** A GeoPackage blob header: "GP", version 0, flags (bit 0 little endian, bit 4 empty), srs_id, no envelope. */
function blobHeader(flags: number, srsId: number): Uint8Array {
  const header = new Uint8Array(8);
  header.set([0x47, 0x50, 0, flags]);
  new DataView(header.buffer).setInt32(4, srsId, true);
  return header;
}

/** WKB of a 2D point, little endian. */
function wkbPoint(x: number, y: number): Uint8Array {
  const wkb = new Uint8Array(21);
  const view = new DataView(wkb.buffer);
  view.setUint8(0, 1);
  view.setUint32(1, 1, true);
  view.setFloat64(5, x, true);
  view.setFloat64(13, y, true);
  return wkb;
}

const concat = (a: Uint8Array, b: Uint8Array) => new Uint8Array([...a, ...b]);

/** The fixture's coordinates as `ogrinfo` prints them (15 significant digits). */
const LAMBERT2008 = [
  [624478.559426193, 578247.200280437],
  [627030.786281135, 580126.750856595],
  [628693.087242271, 583846.140580762],
  [630312.533051979, 586231.477027459],
];

describe('readGeoPackage on the fixture', () => {
  it('reads the one feature table, typed, in Lambert 2008', async () => {
    const table = await readGeoPackage(FIXTURE, fixture());
    expect(table).toMatchObject({
      format: 'geopackage',
      encoding: null,
      separator: null,
      decimalComma: null,
      columns: ['fid', 'nr', 'naam', 'soort', 'publiek', 'capaciteit', 'geopend'],
      geometryType: 'Point',
      srid: 3812,
      sridSource: 'geopackage',
    });
    const rows = await allRows(table);
    expect(rows.map((row) => row.values)).toEqual([
      {
        fid: 1,
        nr: 'JV-001',
        naam: "Jeugdhuis 't Krüske",
        soort: 'jeugdhuis',
        publiek: true,
        capaciteit: 120,
        geopend: '2015-09-01',
      },
      {
        fid: 2,
        nr: 'JV-002',
        naam: 'Chiro Sint-Géry',
        soort: 'jeugdbeweging',
        publiek: false,
        capaciteit: 80,
        geopend: '1998-03-14',
      },
      {
        fid: 3,
        nr: 'JV-003',
        naam: "Speeltuin Rue de l'Église",
        soort: 'speeltuin',
        publiek: true,
        capaciteit: null,
        geopend: null,
      },
      {
        fid: 4,
        nr: 'JV-004',
        naam: 'Skatepark Zénobe Gramme',
        soort: 'skatepark',
        publiek: true,
        capaciteit: 40,
        geopend: '2021-06-30',
      },
    ]);
    rows.forEach((row, i) => {
      expect(row.row).toBe(i + 1);
      expect(row.problem).toBeUndefined();
      expect(row.geometry?.type).toBe('Point');
      const [x, y] = row.geometry!.coordinates as number[];
      expect(x).toBeCloseTo(LAMBERT2008[i]![0]!, 6);
      expect(y).toBeCloseTo(LAMBERT2008[i]![1]!, 6);
    });
    expect(await allRows(table)).toEqual(rows);
  });
});

describe('readGeoPackage', () => {
  it('orders the rows by the primary key and numbers them by position', async () => {
    const table = await readGeoPackage('a.gpkg', await changed('UPDATE jeugdvoorzieningen SET fid = 10 WHERE fid = 1'));
    expect((await allRows(table)).map((row) => [row.row, row.values.fid, row.values.nr])).toEqual([
      [1, 2, 'JV-002'],
      [2, 3, 'JV-003'],
      [3, 4, 'JV-004'],
      [4, 10, 'JV-001'],
    ]);
  });

  it('reads an empty geometry as null and an unreadable one as a row problem', async () => {
    const empty = concat(blobHeader(0x11, 3812), wkbPoint(Number.NaN, Number.NaN));
    const bytes = await changed(
      "UPDATE jeugdvoorzieningen SET geom = ? WHERE fid = 1; UPDATE jeugdvoorzieningen SET geom = X'0102' WHERE fid = 2",
      [empty],
    );
    const rows = await allRows(await readGeoPackage('a.gpkg', bytes));
    expect(rows[0]).toMatchObject({ row: 1, geometry: null });
    expect(rows[0]!.problem).toBeUndefined();
    expect(rows[1]).toMatchObject({
      row: 2,
      geometry: null,
      problem: expect.stringContaining('the geometry cannot be read'),
    });
    expect(rows[2]!.geometry?.type).toBe('Point');
  });

  it('reads WKB POINT EMPTY (NaN coordinates) without the empty flag as null too', async () => {
    const nan = concat(blobHeader(0x01, 3812), wkbPoint(Number.NaN, Number.NaN));
    const rows = await allRows(
      await readGeoPackage('a.gpkg', await changed('UPDATE jeugdvoorzieningen SET geom = ? WHERE fid = 3', [nan])),
    );
    expect(rows[2]!.geometry).toBeNull();
  });

  it('keeps integers beyond 2^53 exact, as digits', async () => {
    const bytes = await changed('UPDATE jeugdvoorzieningen SET capaciteit = 9007199254740993 WHERE fid = 1');
    const rows = await allRows(await readGeoPackage('a.gpkg', bytes));
    // 2^53 + 1 = 9007199254740993 has no double: as a number it would read 9007199254740992.
    expect(rows[0]!.values.capaciteit).toBe('9007199254740993');
  });

  it('has no srid for the undefined systems, and refuses one it does not read', async () => {
    const undefinedSrs = await changed(
      'UPDATE gpkg_geometry_columns SET srs_id = 0; UPDATE gpkg_contents SET srs_id = 0',
    );
    const table = await readGeoPackage('a.gpkg', undefinedSrs);
    expect([table.srid, table.sridSource]).toEqual([null, null]);
    const mercator = await changed(
      'UPDATE gpkg_spatial_ref_sys SET organization_coordsys_id = 3857 WHERE srs_id = 3812',
    );
    await expect(readGeoPackage('a.gpkg', mercator)).rejects.toThrow(
      "the GeoPackage's coordinate system (EPSG:3857) is not supported",
    );
  });

  it('refuses several feature tables, listing them', async () => {
    const bytes = await changed(
      "CREATE TABLE wijken (fid INTEGER PRIMARY KEY, geom BLOB, naam TEXT); INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('wijken', 'features', 'wijken', 3812); INSERT INTO gpkg_geometry_columns VALUES ('wijken', 'geom', 'MULTIPOLYGON', 3812, 0, 0)",
    );
    await expect(readGeoPackage('a.gpkg', bytes)).rejects.toThrow(
      'the GeoPackage holds 2 feature tables (jeugdvoorzieningen, wijken): export the one to import into a GeoPackage of its own',
    );
  });

  it('refuses a GeoPackage without a feature table, and an SQLite file that is no GeoPackage', async () => {
    const noFeatures = await changed("UPDATE gpkg_contents SET data_type = 'attributes'");
    await expect(readGeoPackage('a.gpkg', noFeatures)).rejects.toThrow('the GeoPackage holds no feature table');
    const plain = await changed('DROP TABLE gpkg_contents');
    await expect(readGeoPackage('a.gpkg', plain)).rejects.toThrow('not a GeoPackage: it has no gpkg_contents table');
  });

  it('refuses a damaged file', async () => {
    const damaged = new Uint8Array(4096);
    damaged.set(new TextEncoder().encode('SQLite format 3\0'));
    damaged.fill(0x5a, 16);
    await expect(readGeoPackage('a.gpkg', damaged)).rejects.toThrow(SourceError);
    await expect(readGeoPackage('a.gpkg', damaged)).rejects.toThrow(/^the file cannot be opened as SQLite/);
  });
});
