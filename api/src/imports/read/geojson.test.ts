import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceRow, SourceTable } from '../types.ts';
import { SourceError } from './detect.ts';
import { readGeoJson } from './geojson.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../../tests/fixtures/imports/${name}`, import.meta.url)));
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function allRows(table: SourceTable): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

const point = (x: number, y: number) => ({ type: 'Point', coordinates: [x, y] });

describe('readGeoJson on the fixture', () => {
  it('reads the four youth facilities with typed properties and longitude/latitude', async () => {
    const table = readGeoJson('youth-facilities.geojson', fixture('youth-facilities.geojson'));
    expect(table).toMatchObject({
      format: 'geojson',
      encoding: 'utf-8',
      separator: null,
      decimalComma: null,
      columns: ['nr', 'naam', 'soort', 'publiek', 'capaciteit', 'geopend'],
      geometryType: 'Point',
      srid: 4326,
      sridSource: 'geojson',
    });
    const rows = await allRows(table);
    expect(rows.map((row) => row.row)).toEqual([1, 2, 3, 4]);
    expect(rows.map((row) => row.values.naam)).toEqual([
      "Jeugdhuis 't Krüske",
      'Chiro Sint-Géry',
      "Speeltuin Rue de l'Église",
      'Skatepark Zénobe Gramme',
    ]);
    expect(rows[0]).toEqual({
      row: 1,
      values: {
        nr: 'JV-001',
        naam: "Jeugdhuis 't Krüske",
        soort: 'jeugdhuis',
        publiek: true,
        capaciteit: 120,
        geopend: '2015-09-01',
      },
      geometry: point(4.0125, 50.015),
    });
    expect(rows[2]!.values).toMatchObject({ publiek: true, capaciteit: null, geopend: null });
    expect(rows[3]!.geometry).toEqual(point(4.0935, 50.087));
  });
});

describe('readGeoJson', () => {
  it('takes the union of property names in the order first seen, nested values as JSON text', async () => {
    const table = readGeoJson(
      'a.geojson',
      json({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { a: 1, b: 'x' }, geometry: point(4.05, 50.05) },
          { type: 'Feature', properties: { c: { d: [1, 2] }, a: 2, e: [3, 'vier'] }, geometry: null },
        ],
      }),
    );
    expect(table.columns).toEqual(['a', 'b', 'c', 'e']);
    const rows = await allRows(table);
    expect(rows[0]!.values).toEqual({ a: 1, b: 'x', c: null, e: null });
    expect(rows[1]).toEqual({ row: 2, values: { a: 2, b: null, c: '{"d":[1,2]}', e: '[3,"vier"]' }, geometry: null });
  });

  it('reads a single Feature as one row', async () => {
    const table = readGeoJson(
      'a.json',
      json({ type: 'Feature', properties: { naam: 'Één' }, geometry: point(4.01, 50.02) }),
    );
    expect(await allRows(table)).toEqual([{ row: 1, values: { naam: 'Één' }, geometry: point(4.01, 50.02) }]);
  });

  it('says Geometry when the types differ and null when there are none', () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [4.0, 50.0],
        [4.1, 50.1],
      ],
    };
    const mixed = json({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {}, geometry: point(4.05, 50.05) },
        { type: 'Feature', properties: {}, geometry: line },
      ],
    });
    expect(readGeoJson('a.geojson', mixed).geometryType).toBe('Geometry');
    const none = json({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: null }] });
    expect(readGeoJson('a.geojson', none).geometryType).toBeNull();
  });

  it('takes the CRS of the legacy crs member, as old QGIS exports in Lambert have it', () => {
    const named = (name: string) =>
      json({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [] });
    expect(readGeoJson('a.geojson', named('urn:ogc:def:crs:EPSG::31370')).srid).toBe(31370);
    expect(readGeoJson('a.geojson', named('EPSG:3812')).srid).toBe(3812);
    expect(readGeoJson('a.geojson', named('urn:ogc:def:crs:OGC:1.3:CRS84')).srid).toBe(4326);
    const linked = json({
      type: 'FeatureCollection',
      crs: { type: 'EPSG', properties: { code: 31370 } },
      features: [],
    });
    expect(readGeoJson('a.geojson', linked).srid).toBe(31370);
    expect(() => readGeoJson('a.geojson', named('urn:ogc:def:crs:EPSG::3857'))).toThrow(
      /coordinate system the GeoJSON's "crs" member names \(urn:ogc:def:crs:EPSG::3857\) is not supported/,
    );
  });

  it('yields members that are not Features, and bad geometries, as rows with a problem', async () => {
    const table = readGeoJson(
      'a.geojson',
      json({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { a: 1 }, geometry: point(4.05, 50.05) },
          { type: 'Point', coordinates: [4, 50] },
          { type: 'Feature', properties: { a: 3 }, geometry: { coordinates: [4, 50] } },
        ],
      }),
    );
    expect(await allRows(table)).toEqual([
      { row: 1, values: { a: 1 }, geometry: point(4.05, 50.05) },
      { row: 2, values: { a: null }, geometry: null, problem: 'not a GeoJSON Feature' },
      { row: 3, values: { a: 3 }, geometry: null, problem: 'the geometry is not a GeoJSON geometry (no "type")' },
    ]);
  });

  it('refuses what is not a FeatureCollection or a Feature', () => {
    expect(() => readGeoJson('a.geojson', json(point(4, 50)))).toThrow(
      'the GeoJSON is a Point, not a FeatureCollection or a Feature',
    );
    expect(() => readGeoJson('a.json', json({ naam: 'x' }))).toThrow('JSON but not GeoJSON');
    expect(() => readGeoJson('a.json', json({ type: 'FeatureCollection' }))).toThrow('no "features" array');
    expect(() => readGeoJson('a.json', json({ type: 'FeatureCollection' }))).toThrow(SourceError);
  });

  it('names the line and column of invalid JSON', () => {
    const text = (value: string) => new TextEncoder().encode(value);
    // Line 3 is ' "features": [,]': the comma is its 15th character.
    expect(() => readGeoJson('a.geojson', text('{\n "type": "FeatureCollection",\n "features": [,]\n}'))).toThrow(
      "invalid JSON at line 3, column 15: Unexpected token ','",
    );
    // A trailing comma: the closing brace on line 3, column 1, is where a name was expected.
    expect(() => readGeoJson('a.geojson', text('{\n "a": 1,\n}'))).toThrow('invalid JSON at line 3, column 1:');
    // The file ends inside the object: line 1, column 8 is just past its last character.
    expect(() => readGeoJson('a.geojson', text('{"a": 1'))).toThrow('invalid JSON at line 1, column 8:');
  });
});
