import { describe, expect, it } from 'vitest';
import {
  draftOf,
  draftProblems,
  geometryModes,
  isDraftTarget,
  mappingOf,
  problemTarget,
  runKey,
  unknownFields,
  withTranslations,
} from './mapping.ts';
import type { ImportField, ImportMapping } from './types.ts';

const FIELDS: ImportField[] = [
  {
    name: 'sourceId',
    title: { nl: 'Id in de bron', en: 'Id in the source' },
    type: 'string',
    required: true,
    key: true,
  },
  {
    name: 'category',
    title: { nl: 'Categorie', en: 'Category' },
    type: 'string',
    required: true,
    values: [
      { value: 'overlast', title: { nl: 'Overlast', en: 'Nuisance' } },
      { value: 'woninginbraak', title: { nl: 'Woninginbraak', en: 'Burglary' } },
    ],
  },
  { name: 'occurredAt', title: { nl: 'Tijdstip', en: 'Date and time' }, type: 'datetime', required: true },
  {
    name: 'source',
    title: { nl: 'Bron', en: 'Source' },
    type: 'string',
    required: true,
    values: [{ value: 'politie', title: { nl: 'Politie', en: 'Police' } }],
  },
  {
    name: 'locationPrecision',
    title: { nl: 'Precisie locatie', en: 'Location precision' },
    type: 'string',
    required: true,
    default: 'exact',
  },
];

const SUGGESTED: ImportMapping = {
  fields: { sourceId: { column: 'PV-nummer' }, category: { column: 'Feit' }, source: { value: 'politie' } },
  geometry: { kind: 'xy', x: 'X', y: 'Y' },
  crs: null,
  values: { category: { 'Inbraak woning': 'woninginbraak' } },
};

const COLUMNS = ['PV-nummer', 'Feit', 'Datum feit', 'X', 'Y', 'Herkomst'];

describe('draftOf and mappingOf', () => {
  it('gives every field a choice and gives back the same mapping when nothing is edited', () => {
    const draft = draftOf(SUGGESTED, FIELDS);
    expect(Object.keys(draft.fields)).toEqual(['sourceId', 'category', 'occurredAt', 'source', 'locationPrecision']);
    expect(draft.fields.occurredAt).toEqual({ mode: 'skip', column: '', value: '' });
    expect(draft.fields.source).toEqual({ mode: 'value', column: '', value: 'politie' });
    expect(draft.geometry).toEqual({ mode: 'xy', x: 'X', y: 'Y', column: '' });
    expect(mappingOf(draft)).toEqual(SUGGESTED);
  });

  it('leaves skipped fields and empty translations out, and keeps what was typed while a field is switched', () => {
    const draft = draftOf(SUGGESTED, FIELDS);
    draft.fields.occurredAt = { mode: 'column', column: 'Datum feit', value: '' };
    // Typed as a fixed value, then switched to a column and back: the typed value survives.
    draft.fields.source = { mode: 'column', column: 'Herkomst', value: 'politie' };
    expect(mappingOf(draft).fields.source).toEqual({ column: 'Herkomst' });
    draft.fields.source.mode = 'value';
    expect(mappingOf(draft).fields.source).toEqual({ value: 'politie' });
    draft.fields.category!.mode = 'skip';
    draft.values.category!['Inbraak woning'] = '';
    const mapping = mappingOf(draft);
    expect(Object.keys(mapping.fields).sort()).toEqual(['occurredAt', 'source', 'sourceId']);
    expect(mapping.values).toEqual({});
  });

  it('maps each geometry mode to its source, and "none" to null', () => {
    const draft = draftOf({ ...SUGGESTED, geometry: null }, FIELDS);
    expect(draft.geometry.mode).toBe('none');
    expect(mappingOf(draft).geometry).toBeNull();
    draft.geometry = { mode: 'wkt', x: 'X', y: 'Y', column: 'WKT' };
    expect(mappingOf(draft).geometry).toEqual({ kind: 'wkt', column: 'WKT' });
    draft.geometry.mode = 'file';
    expect(mappingOf(draft).geometry).toEqual({ kind: 'file' });
  });

  it('does not copy the translations by reference (editing the draft leaves the upload as it was)', () => {
    const draft = draftOf(SUGGESTED, FIELDS);
    draft.values.category!['Diefstal fiets'] = 'overlast';
    expect(SUGGESTED.values.category).toEqual({ 'Inbraak woning': 'woninginbraak' });
  });
});

describe('unknownFields', () => {
  it('names mapping entries for fields the layer does not have', () => {
    const saved = { ...SUGGESTED, fields: { ...SUGGESTED.fields, street: { column: 'Straat' } } };
    expect(unknownFields(saved, FIELDS)).toEqual(['street']);
    expect(unknownFields(SUGGESTED, FIELDS)).toEqual([]);
  });
});

describe('runKey', () => {
  it('is the same for the same mapping written in another key order, and differs with the source', () => {
    const reordered: ImportMapping = {
      values: { category: { 'Inbraak woning': 'woninginbraak' } },
      crs: null,
      geometry: { y: 'Y', x: 'X', kind: 'xy' },
      fields: { source: { value: 'politie' }, category: { column: 'Feit' }, sourceId: { column: 'PV-nummer' } },
    };
    expect(runKey(reordered, 'Politie')).toBe(runKey(SUGGESTED, 'Politie'));
    expect(runKey(SUGGESTED, 'Politie')).not.toBe(runKey(SUGGESTED, null));
    expect(runKey({ ...SUGGESTED, crs: 31370 }, null)).not.toBe(runKey(SUGGESTED, null));
  });
});

describe('geometryModes', () => {
  it('offers the file geometry only when the file has one, and x/y columns only for a point layer', () => {
    expect(geometryModes({ geometryType: null }, 'Point')).toEqual(['xy', 'wkt', 'none']);
    expect(geometryModes({ geometryType: 'Point' }, 'Point')).toEqual(['file', 'xy', 'wkt', 'none']);
    expect(geometryModes({ geometryType: 'MultiPolygon' }, 'MultiPolygon')).toEqual(['file', 'wkt', 'none']);
  });
});

describe('draftProblems', () => {
  it('finds nothing missing in a complete draft', () => {
    const draft = draftOf(SUGGESTED, FIELDS);
    expect(draftProblems(draft, COLUMNS, FIELDS)).toEqual({});
  });

  it('names each place where a column, a value or a geometry column is missing', () => {
    const draft = draftOf(SUGGESTED, FIELDS);
    draft.fields.category = { mode: 'column', column: 'Misdrijf', value: '' }; // not in the file
    draft.fields.occurredAt = { mode: 'column', column: '', value: '' };
    draft.fields.source = { mode: 'value', column: '', value: '  ' };
    draft.geometry.y = '';
    expect(draftProblems(draft, COLUMNS, FIELDS)).toEqual({
      'field:category': 'missingColumn',
      'field:occurredAt': 'chooseColumn',
      'field:source': 'enterValue',
      geometry: 'chooseColumn',
    });
  });

  it('wants the key from a column, never skipped or fixed', () => {
    const draft = draftOf({ ...SUGGESTED, fields: { ...SUGGESTED.fields, sourceId: { value: '1' } } }, FIELDS);
    expect(draftProblems(draft, COLUMNS, FIELDS)).toEqual({ 'field:sourceId': 'chooseColumn' });
    draft.fields.sourceId!.mode = 'skip';
    expect(draftProblems(draft, COLUMNS, FIELDS)).toEqual({ 'field:sourceId': 'chooseColumn' });
    // Without the field list the key is not known, and a skipped field is no problem.
    expect(draftProblems(draft, COLUMNS)).toEqual({});
  });
});

describe('withTranslations', () => {
  it('adds translations, and an empty code removes one (and the field when none is left)', () => {
    const draft = draftOf(SUGGESTED, FIELDS);
    const added = withTranslations(draft, 'source', { Pol: 'politie' });
    expect(added.values).toEqual({ category: { 'Inbraak woning': 'woninginbraak' }, source: { Pol: 'politie' } });
    const merged = withTranslations(added, 'category', { Overlast: 'overlast' });
    expect(merged.values.category).toEqual({ 'Inbraak woning': 'woninginbraak', Overlast: 'overlast' });
    const removed = withTranslations(merged, 'source', { Pol: '' });
    expect(removed.values).toEqual({ category: { 'Inbraak woning': 'woninginbraak', Overlast: 'overlast' } });
    // The draft it started from is unchanged.
    expect(draft.values).toEqual({ category: { 'Inbraak woning': 'woninginbraak' } });
  });
});

describe('problemTarget', () => {
  it('points a mapping entry at its place in the form', () => {
    expect(problemTarget('mapping.fields.category')).toBe('field:category');
    expect(problemTarget('/mapping/fields/occurredAt')).toBe('field:occurredAt');
    expect(problemTarget('mapping.values.category')).toBe('field:category');
    expect(problemTarget('mapping.values')).toBe('values');
    expect(problemTarget('mapping.geometry.x')).toBe('geometry');
    expect(problemTarget('mapping.crs')).toBe('crs');
  });

  it('knows the upload form and the run request, and nothing else', () => {
    expect(problemTarget('file')).toBe('file');
    expect(problemTarget('layer')).toBe('layer');
    expect(problemTarget('source')).toBe('source');
    expect(problemTarget('uploadId')).toBe('upload');
    expect(problemTarget('mapping')).toBeNull();
    expect(problemTarget('limit')).toBeNull();
    expect(problemTarget(undefined)).toBeNull();
  });

  it('tells which targets belong to the mapping form', () => {
    expect(isDraftTarget('field:category')).toBe(true);
    expect(isDraftTarget('geometry')).toBe(true);
    expect(isDraftTarget('crs')).toBe(true);
    expect(isDraftTarget('file')).toBe(false);
    expect(isDraftTarget(null)).toBe(false);
  });
});
