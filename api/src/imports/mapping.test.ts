import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/registry.ts';
import { importTarget } from './fields.ts';
import { checkMapping, parseMapping, suggestMapping } from './mapping.ts';
import type { ImportMapping, SourceDescription } from './types.ts';

const target = (id: string) => importTarget(findLayer(id)!)!;

const csv = (columns: string[]): SourceDescription => ({
  fileName: 'x.csv',
  format: 'csv',
  encoding: 'utf-8',
  separator: ';',
  decimalComma: true,
  columns,
  geometryType: null,
  srid: null,
  sridSource: null,
});

describe('suggestMapping', () => {
  it('matches headers to fields ignoring case, accents, spaces and punctuation', () => {
    const mapping = suggestMapping(
      target('incidents'),
      csv(['PV-nummer', 'Soort', 'Datum / uur', 'Melder', 'Lengtegraad', 'Breedtegraad']),
    );
    expect(mapping).toEqual({
      fields: {
        sourceId: { column: 'PV-nummer' },
        category: { column: 'Soort' },
        occurredAt: { column: 'Datum / uur' },
        source: { column: 'Melder' },
      },
      geometry: { kind: 'xy', x: 'Lengtegraad', y: 'Breedtegraad' },
      crs: null,
      values: {},
    });
  });

  it('uses each column once, takes titles in either language, and finds a WKT column', () => {
    const mapping = suggestMapping(
      target('vacant-buildings'),
      csv(['ID', 'Address', 'Kind', 'Status', 'Registered on', 'WKT']),
    );
    expect(mapping.fields).toEqual({
      sourceId: { column: 'ID' },
      address: { column: 'Address' },
      kind: { column: 'Kind' },
      status: { column: 'Status' },
      registeredOn: { column: 'Registered on' },
    });
    expect(mapping.geometry).toEqual({ kind: 'wkt', column: 'WKT' });
  });

  it('leaves out what no header names; a GIS file brings its own geometry', () => {
    const gis: SourceDescription = { ...csv(['nr', 'naam', 'opmerking']), format: 'geojson', geometryType: 'Point' };
    expect(suggestMapping(target('youth-facilities'), gis)).toEqual({
      fields: { sourceId: { column: 'nr' }, name: { column: 'naam' } },
      geometry: { kind: 'file' },
      crs: null,
      values: {},
    });
    expect(suggestMapping(target('youth-facilities'), csv(['nr'])).geometry).toBeNull();
  });
});

describe('parseMapping', () => {
  it('fills what is left out and refuses a wrong shape, naming the part', () => {
    expect(parseMapping({ fields: { sourceId: { column: 'Nr' } } })).toEqual({
      fields: { sourceId: { column: 'Nr' } },
      geometry: null,
      crs: null,
      values: {},
    });
    expect(() => parseMapping([])).toThrow(expect.objectContaining({ parameter: 'mapping' }));
    expect(() => parseMapping({ fields: { category: 'Soort' } })).toThrow(
      expect.objectContaining({ parameter: 'mapping.fields.category' }),
    );
    expect(() => parseMapping({ geometry: { kind: 'point' } })).toThrow(
      expect.objectContaining({ parameter: 'mapping.geometry' }),
    );
    expect(() => parseMapping({ crs: '31370' })).toThrow(expect.objectContaining({ parameter: 'mapping.crs' }));
    expect(() => parseMapping({ values: { category: { a: 1 } } })).toThrow(
      expect.objectContaining({ parameter: 'mapping.values.category' }),
    );
  });
});

describe('checkMapping', () => {
  const file = csv(['Nr', 'Categorie', 'Datum', 'X', 'Y']);
  const good: ImportMapping = {
    fields: { sourceId: { column: 'Nr' }, category: { column: 'Categorie' }, source: { value: 'Politie' } },
    geometry: { kind: 'xy', x: 'X', y: 'Y' },
    crs: 31370,
    values: { category: { Inbraak: 'woninginbraak' } },
  };
  const refusal = (mapping: ImportMapping) => {
    try {
      checkMapping(target('incidents'), file, mapping);
      return null;
    } catch (error) {
      return (error as { parameter: string }).parameter;
    }
  };

  it('passes a mapping whose columns, constants, codes and CRS are all right', () => {
    expect(refusal(good)).toBeNull();
  });

  it('names the part at fault', () => {
    expect(refusal({ ...good, fields: { ...good.fields, occurredAt: { column: 'Tijd' } } })).toBe(
      'mapping.fields.occurredAt',
    );
    expect(refusal({ ...good, fields: { ...good.fields, source: { value: 'buren' } } })).toBe('mapping.fields.source');
    expect(refusal({ ...good, fields: { ...good.fields, source: { value: ' ' } } })).toBe('mapping.fields.source');
    expect(refusal({ ...good, fields: { ...good.fields, sourceId: { value: 'A' } } })).toBe('mapping.fields.sourceId');
    expect(refusal({ ...good, geometry: { kind: 'file' } })).toBe('mapping.geometry');
    expect(refusal({ ...good, geometry: { kind: 'xy', x: 'X', y: 'X' } })).toBe('mapping.geometry.y');
    expect(refusal({ ...good, geometry: { kind: 'wkt', column: 'geom' } })).toBe('mapping.geometry.column');
    expect(refusal({ ...good, values: { source: { Buren: 'buren' } } })).toBe('mapping.values.source');
    expect(refusal({ ...good, values: { occurredAt: {} } })).toBe('mapping.values.occurredAt');
    expect(refusal({ ...good, crs: 900913 })).toBe('mapping.crs');
  });
});
