import { describe, expect, it } from 'vitest';
import { neighbourhoods, youthFacilities } from './test-fixtures.ts';
import type { LayerDescription } from './types.ts';
import { isEmbeddable, precisionOf, privacyFacts } from './privacy.ts';

const withPrecision = (layer: LayerDescription, precision: unknown, access = layer.access) =>
  ({ ...layer, access, precision }) as LayerDescription;

const incidents = withPrecision(
  { ...youthFacilities, id: 'incidents' },
  { level: 'aggregate', cellMetres: 200, minCount: 5, time: 'month', categoryGroups: [] },
  'staff',
);
const vacant = withPrecision(
  { ...youthFacilities, id: 'vacant-buildings' },
  { level: 'sector-counts', minCount: 5, time: 'month' },
  'staff',
);

describe('precisionOf', () => {
  it('reads a well-formed precision block, dropping what it does not know', () => {
    expect(precisionOf(incidents)).toEqual({ level: 'aggregate', cellMetres: 200, minCount: 5, time: 'month' });
    expect(precisionOf(withPrecision(neighbourhoods, { level: 'full' }))).toEqual({ level: 'full' });
  });

  it('is null for a missing or malformed block', () => {
    expect(precisionOf(neighbourhoods)).toBeNull();
    expect(precisionOf(withPrecision(neighbourhoods, { level: 'everything' }))).toBeNull();
    expect(precisionOf(withPrecision(neighbourhoods, 'full'))).toBeNull();
    expect(precisionOf(withPrecision(neighbourhoods, { level: 'aggregate', cellMetres: -1, minCount: 'k' }))).toEqual({
      level: 'aggregate',
    });
  });
});

describe('isEmbeddable', () => {
  it('draws full and aggregated layers, never one given only as counts per sector', () => {
    expect(isEmbeddable(withPrecision(neighbourhoods, { level: 'full' }))).toBe(true);
    expect(isEmbeddable(incidents)).toBe(true);
    expect(isEmbeddable(vacant)).toBe(false);
  });

  it('without a precision block, takes only public layers', () => {
    expect(isEmbeddable(neighbourhoods)).toBe(true);
    expect(isEmbeddable({ ...youthFacilities, id: 'incidents', access: 'staff' })).toBe(false);
  });
});

describe('privacyFacts', () => {
  it('quotes the cell size of the aggregated layers and k', () => {
    expect(privacyFacts([neighbourhoods, incidents, vacant, youthFacilities])).toEqual({
      cellMetres: 200,
      minCount: 5,
    });
  });

  it('says nothing it was not told', () => {
    expect(privacyFacts([neighbourhoods, youthFacilities])).toEqual({ cellMetres: null, minCount: null });
  });
});
