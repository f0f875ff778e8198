import { describe, expect, it } from 'vitest';
import { collectionsFor } from './collections.ts';
import { buildOpenApi } from './openapi.ts';

type Document = ReturnType<typeof buildOpenApi> & {
  paths: Record<string, { get: { parameters?: { name?: string; $ref?: string; in?: string; schema?: unknown }[] } }>;
};

describe('buildOpenApi', () => {
  const document = buildOpenApi(collectionsFor('staff', 5), 'en', 'https://kaart.halle.be') as Document;

  it('puts the server at /ogc and the paths under it, as GDAL looks them up', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.servers).toEqual([{ url: 'https://kaart.halle.be/ogc' }]);
    expect(Object.keys(document.paths)).toContain('/collections/incidents/items');
    expect(Object.keys(document.paths)).toContain('/collections/neighbourhoods/items/{featureId}');
  });

  it('gives each enumerated property a query parameter with its values', () => {
    const parameters = document.paths['/collections/vacant-buildings/items']!.get.parameters!;
    const status = parameters.find((p) => p.name === 'status')!;
    expect(status).toMatchObject({
      in: 'query',
      schema: {
        type: 'array',
        items: { type: 'string', enum: ['leegstaand', 'verwaarloosd', 'ongeschikt', 'onbewoonbaar'] },
      },
    });
    // `category` there is the alias of status
    expect(parameters.find((p) => p.name === 'category')).toMatchObject({ description: 'The same as status.' });
  });

  it('types the feature ids: numbers, or the sectors’ codes', () => {
    const idOf = (path: string) => (document.paths[path]!.get.parameters![0]!.schema as { type: string }).type;
    expect(idOf('/collections/incidents/items/{featureId}')).toBe('integer');
    expect(idOf('/collections/neighbourhoods/items/{featureId}')).toBe('string');
  });
});
