import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/registry.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { collectionOr401, collectionsFor, describeCollection } from './collections.ts';

const K = 5;

describe('collectionsFor', () => {
  it('offers the public only the layers it gets in full, staff every layer, in drawing order', () => {
    expect(collectionsFor('public', K).map((l) => l.id)).toEqual(['neighbourhoods', 'youth-facilities']);
    expect(collectionsFor('staff', K).map((l) => l.id)).toEqual([
      'neighbourhoods',
      'incidents',
      'vacant-buildings',
      'youth-facilities',
    ]);
  });
});

describe('collectionOr401', () => {
  function statusOf(id: string, viewer: 'public' | 'staff'): number {
    try {
      collectionOr401(id, viewer, K);
      return 200;
    } catch (error) {
      if (error instanceof HttpProblem) return error.status;
      throw error;
    }
  }

  it.each([
    ['neighbourhoods', 'public', 200],
    ['incidents', 'public', 401],
    ['vacant-buildings', 'public', 401],
    ['incidents', 'staff', 200],
    ['nope', 'public', 404],
    ['nope', 'staff', 404],
  ] as const)('%s for %s -> %i', (id, viewer, status) => {
    expect(statusOf(id, viewer)).toBe(status);
  });
});

describe('describeCollection', () => {
  const youth = findLayer('youth-facilities')!;
  const incidents = findLayer('incidents')!;

  it('has no extent when the layer is empty', () => {
    const collection = describeCollection(youth, { bbox: null, temporal: null }, 'en', 'https://kaart.halle.be');
    expect(collection.extent).toBeUndefined();
    expect(collection.title).toBe('Youth facilities');
    expect(collection.description).toContain('(nl: Jeugdvoorzieningen)');
    expect(collection.links.map((l) => l.href)).toEqual([
      'https://kaart.halle.be/ogc/collections/youth-facilities',
      'https://kaart.halle.be/ogc/collections/youth-facilities/items',
    ]);
  });

  it('spans whole UTC days for the temporal extent', () => {
    const collection = describeCollection(
      incidents,
      { bbox: [4.1, 50.6, 4.3, 50.8], temporal: ['2020-01-01', '2025-12-31'] },
      'nl',
      'http://127.0.0.1:3000',
    );
    expect(collection.extent).toEqual({
      spatial: { bbox: [[4.1, 50.6, 4.3, 50.8]], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' },
      temporal: {
        interval: [['2020-01-01T00:00:00Z', '2025-12-31T23:59:59Z']],
        trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
      },
    });
  });
});
