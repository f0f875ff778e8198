import { hasNumericKeys } from '../export/export-query.ts';
import type { LayerDefinition, PropertyType } from '../layers/types.ts';
import { DEFAULT_ITEMS_LIMIT, MAX_ITEMS_LIMIT, MEDIA_TYPES } from './constants.ts';
import { itemsParameterNames } from './items-params.ts';
import type { Language } from './language.ts';

/*
 * The OpenAPI 3.0 definition of /ogc (conformance class oas30), built from the registry for
 * the collections the caller may read, so the public's document names no staff layer. One
 * path per collection (`/collections/incidents/items`, …) with that collection's own
 * parameters: GDAL's OAPIF driver looks a collection's path up under exactly that name to learn
 * which properties it may filter on the server.
 */

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/${name}` });

const JSON_SCHEMA_OF: Record<PropertyType, Json> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
};

const TEXT = {
  nl: {
    title: 'Leefbaarheidskaart Halle — OGC API Features',
    description:
      'De lagen van de leefbaarheidskaart van Halle als OGC API - Features (deel 1). Zonder aanmelding enkel de publieke lagen.',
    landing: 'Startpagina',
    conformance: 'Conformiteitsklassen',
    api: 'Deze API-beschrijving',
    collections: 'De collecties',
    items: 'Objecten van',
    item: 'Eén object van',
  },
  en: {
    title: 'Liveability map of Halle — OGC API Features',
    description:
      'The layers of the liveability map of Halle as OGC API - Features (Part 1). Without signing in only the public layers.',
    landing: 'Landing page',
    conformance: 'Conformance classes',
    api: 'This API definition',
    collections: 'The collections',
    items: 'Features of',
    item: 'One feature of',
  },
} as const;

/** The parameters every collection shares (OGC 17-069r4, clause 7.15). */
const SHARED_PARAMETERS: Record<string, Json> = {
  limit: {
    name: 'limit',
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: `Features per page: ${DEFAULT_ITEMS_LIMIT} unless given, at most ${MAX_ITEMS_LIMIT}.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_ITEMS_LIMIT, default: DEFAULT_ITEMS_LIMIT },
  },
  offset: {
    name: 'offset',
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: 'Features to skip, in id order; the next and prev links carry it.',
    schema: { type: 'integer', minimum: 0, default: 0 },
  },
  bbox: {
    name: 'bbox',
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: 'west,south,east,north in WGS 84 longitude/latitude (four numbers).',
    schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
  },
  'bbox-crs': {
    name: 'bbox-crs',
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: 'Only http://www.opengis.net/def/crs/OGC/1.3/CRS84.',
    schema: { type: 'string', format: 'uri', enum: ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'] },
  },
  datetime: {
    name: 'datetime',
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: 'An RFC 3339 date or date-time, or an interval start/end with ".." for an open end.',
    schema: { type: 'string' },
  },
};

const PROBLEM_RESPONSE = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('schemas/problem') } },
});

function jsonResponse(description: string, schema: Json, mediaType: string = MEDIA_TYPES.json) {
  return { description, content: { [mediaType]: { schema } } };
}

/** The parameter that filters one enumerated property (or `category`, its layer's alias). */
function propertyParameter(layer: LayerDefinition, name: string): Json {
  const propertyName = name === 'category' ? (layer.categoryProperty ?? name) : name;
  const property = layer.properties.find((p) => p.name === propertyName)!;
  return {
    name,
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description:
      name === propertyName
        ? `Comma-separated values of ${name}: features with any of them.`
        : `The same as ${propertyName}.`,
    schema: { type: 'array', items: { type: 'string', enum: (property.values ?? []).map((v) => v.value) } },
  };
}

function featureSchema(layer: LayerDefinition, language: Language): Json {
  return {
    type: 'object',
    required: ['type', 'id', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: hasNumericKeys(layer) ? 'integer' : 'string' },
      geometry: { type: 'object', description: `GeoJSON ${layer.geometryType}, WGS 84 longitude/latitude` },
      properties: {
        type: 'object',
        properties: Object.fromEntries(
          layer.properties.map((p) => [
            p.name,
            {
              ...JSON_SCHEMA_OF[p.type],
              nullable: true,
              title: p.title[language],
              ...(p.values ? { enum: p.values.map((v) => v.value) } : {}),
            },
          ]),
        ),
      },
      links: { type: 'array', items: ref('schemas/link') },
    },
  };
}

/** The three paths of one collection: its description, its items and one item. */
function collectionPaths(layer: LayerDefinition, language: Language): Record<string, Json> {
  const text = TEXT[language];
  const title = layer.title[language];
  const feature = featureSchema(layer, language);
  const parameters = itemsParameterNames(layer).map((name) =>
    name in SHARED_PARAMETERS ? ref(`parameters/${name}`) : propertyParameter(layer, name),
  );
  const refused = PROBLEM_RESPONSE('Not for this caller (staff only): sign in');
  return {
    [`/collections/${layer.id}`]: {
      get: {
        tags: ['collections'],
        summary: title,
        description: layer.description[language],
        operationId: `describe-${layer.id}`,
        responses: { 200: jsonResponse(title, ref('schemas/collection')), 401: refused },
      },
    },
    [`/collections/${layer.id}/items`]: {
      get: {
        tags: ['features'],
        summary: `${text.items} ${title}`,
        operationId: `items-${layer.id}`,
        parameters,
        responses: {
          200: jsonResponse(
            `${text.items} ${title}`,
            {
              type: 'object',
              required: ['type', 'features'],
              properties: {
                type: { type: 'string', enum: ['FeatureCollection'] },
                features: { type: 'array', items: feature },
                links: { type: 'array', items: ref('schemas/link') },
                timeStamp: { type: 'string', format: 'date-time' },
                numberMatched: { type: 'integer', minimum: 0 },
                numberReturned: { type: 'integer', minimum: 0 },
              },
            },
            MEDIA_TYPES.geojson,
          ),
          400: PROBLEM_RESPONSE('A parameter is not valid (the problem names it)'),
          401: refused,
        },
      },
    },
    [`/collections/${layer.id}/items/{featureId}`]: {
      get: {
        tags: ['features'],
        summary: `${text.item} ${title}`,
        operationId: `item-${layer.id}`,
        parameters: [
          {
            name: 'featureId',
            in: 'path',
            required: true,
            schema: { type: hasNumericKeys(layer) ? 'integer' : 'string' },
          },
        ],
        responses: {
          200: jsonResponse(`${text.item} ${title}`, feature, MEDIA_TYPES.geojson),
          401: refused,
          404: PROBLEM_RESPONSE('No such feature'),
        },
      },
    },
  };
}

/** The OpenAPI 3.0 document for the collections given, with the server at `origin`/ogc. */
export function buildOpenApi(collections: readonly LayerDefinition[], language: Language, origin: string): Json {
  const text = TEXT[language];
  const plain = (summary: string, operationId: string, tag: string, schema: Json, mediaType?: string) => ({
    get: { tags: [tag], summary, operationId, responses: { 200: jsonResponse(summary, schema, mediaType) } },
  });
  return {
    openapi: '3.0.3',
    info: {
      title: text.title,
      description: text.description,
      version: '1.0.0',
      license: { name: 'MIT (software); data: see each collection' },
    },
    servers: [{ url: `${origin}/ogc` }],
    tags: [{ name: 'capabilities' }, { name: 'collections' }, { name: 'features' }],
    paths: {
      '/': plain(text.landing, 'landing-page', 'capabilities', ref('schemas/landingPage')),
      '/conformance': plain(text.conformance, 'conformance', 'capabilities', ref('schemas/confClasses')),
      '/api': plain(text.api, 'api', 'capabilities', { type: 'object' }, MEDIA_TYPES.openapi),
      '/collections': plain(text.collections, 'collections', 'collections', ref('schemas/collections')),
      ...Object.assign({}, ...collections.map((layer) => collectionPaths(layer, language))),
    },
    components: {
      parameters: SHARED_PARAMETERS,
      schemas: {
        link: {
          type: 'object',
          required: ['href', 'rel'],
          properties: {
            href: { type: 'string', format: 'uri' },
            rel: { type: 'string' },
            type: { type: 'string' },
            title: { type: 'string' },
          },
        },
        landingPage: {
          type: 'object',
          required: ['links'],
          properties: {
            title: { type: 'string' },
            description: { type: 'string' },
            links: { type: 'array', items: ref('schemas/link') },
          },
        },
        confClasses: {
          type: 'object',
          required: ['conformsTo'],
          properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
        },
        collection: {
          type: 'object',
          required: ['id', 'links'],
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            description: { type: 'string' },
            links: { type: 'array', items: ref('schemas/link') },
            extent: { type: 'object' },
            itemType: { type: 'string' },
            crs: { type: 'array', items: { type: 'string' } },
          },
        },
        collections: {
          type: 'object',
          required: ['links', 'collections'],
          properties: {
            links: { type: 'array', items: ref('schemas/link') },
            collections: { type: 'array', items: ref('schemas/collection') },
          },
        },
        problem: {
          type: 'object',
          description: 'RFC 9457 problem details; `parameter` names the query parameter at fault',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            parameter: { type: 'string' },
          },
        },
      },
    },
  };
}
