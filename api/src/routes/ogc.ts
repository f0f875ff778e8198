import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { temporalExtents } from '../layers/extent.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { collectionOr401, collectionsFor, describeCollection } from '../ogc/collections.ts';
import { CONFORMANCE_CLASSES, MEDIA_TYPES } from '../ogc/constants.ts';
import { SpatialExtentCache } from '../ogc/extent.ts';
import { parseItemsQuery, type RawQuery } from '../ogc/items-params.ts';
import { buildItemQuery, buildItemsQuery, featureKeyOf, type ItemsRow } from '../ogc/items-query.ts';
import { landingPage } from '../ogc/landing.ts';
import { languageOf } from '../ogc/language.ts';
import { type Link, originOf, pageLinks } from '../ogc/links.ts';
import { buildOpenApi } from '../ogc/openapi.ts';
import { precisionOf } from '../privacy/policy.ts';
import { viewerOf } from '../privacy/viewer.ts';
import { ProblemSchema } from '../schemas.ts';
import { toPrecision } from './layers.ts';

/*
 * OGC API - Features - Part 1: Core at /ogc (issue 8; decision record 19): the layer registry
 * as collections, GeoJSON only, for GDAL, QGIS and any other client of the standard. What a
 * caller may read is the privacy policy's: the public gets the public layers, signed-in staff
 * every layer (api/src/ogc/collections.ts).
 */

const LinkSchema = Type.Object({
  href: Type.String(),
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});

/** Extra members pass through (additionalProperties), so extents and OpenAPI are sent whole. */
const Open = { additionalProperties: true };

const CollectionSchema = Type.Object(
  { id: Type.String(), title: Type.String(), links: Type.Array(LinkSchema) },
  { ...Open, description: 'an OGC API collection: id, title, description, extent, crs, links' },
);

const CollectionParams = Type.Object({ collectionId: Type.String({ maxLength: 64 }) });

const FeatureCollectionSchema = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    numberMatched: Type.Integer(),
    numberReturned: Type.Integer(),
    timeStamp: Type.String(),
    links: Type.Array(LinkSchema),
    features: Type.Array(Type.Object({ type: Type.Literal('Feature') }, Open)),
  },
  { description: 'RFC 7946 FeatureCollection with the OGC paging members' },
);

const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };

const ogcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const spatial = new SpatialExtentCache(app.db.pool, app.dataVersions);
  const minCount = app.config.privacyMinCount;
  const languageOfRequest = (request: FastifyRequest) => languageOf(request.headers['accept-language']);

  // What a response holds depends on the session (which collections) and the language asked for.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Vary', 'Accept-Language, Cookie');
    reply.header('Content-Language', languageOfRequest(request));
    return payload;
  });

  async function extentsOf(definitions: readonly LayerDefinition[], request: FastifyRequest) {
    const [bboxes, days] = await Promise.all([
      spatial.extentsOf(definitions),
      temporalExtents(app.db.pool, definitions),
    ]);
    const viewer = viewerOf(request);
    const now = new Date();
    return definitions.map((layer) => ({
      bbox: bboxes[layer.id] ?? null,
      temporal: toPrecision(days[layer.id] ?? null, precisionOf(layer, viewer, minCount), now),
    }));
  }

  const landing = async (request: FastifyRequest) => landingPage(languageOfRequest(request), originOf(request));
  const LandingSchema = Type.Object({
    title: Type.String(),
    description: Type.String(),
    links: Type.Array(LinkSchema),
  });
  app.get('/ogc', { schema: { response: { 200: LandingSchema } } }, landing);
  app.get('/ogc/', { schema: { response: { 200: LandingSchema } } }, landing);

  app.get(
    '/ogc/conformance',
    { schema: { response: { 200: Type.Object({ conformsTo: Type.Array(Type.String()) }) } } },
    async () => ({ conformsTo: [...CONFORMANCE_CLASSES] }),
  );

  app.get(
    '/ogc/api',
    { schema: { response: { 200: Type.Object({ openapi: Type.String() }, Open) } } },
    async (request, reply) => {
      const collections = collectionsFor(viewerOf(request), minCount);
      const document = buildOpenApi(collections, languageOfRequest(request), originOf(request));
      // Our own serializer keeps the media type exactly as written: Fastify would otherwise
      // rewrite it to `version="3.0"`, which GDAL does not recognise as OpenAPI 3.0.
      return reply
        .type(MEDIA_TYPES.openapi)
        .serializer((payload) => JSON.stringify(payload))
        .send(document as { openapi: string });
    },
  );

  app.get(
    '/ogc/collections',
    {
      schema: {
        response: { 200: Type.Object({ links: Type.Array(LinkSchema), collections: Type.Array(CollectionSchema) }) },
      },
    },
    async (request) => {
      const definitions = collectionsFor(viewerOf(request), minCount);
      const extents = await extentsOf(definitions, request);
      const language = languageOfRequest(request);
      const origin = originOf(request);
      return {
        links: [{ href: `${origin}/ogc/collections`, rel: 'self', type: MEDIA_TYPES.json, title: 'Collections' }],
        collections: definitions.map((layer, i) => describeCollection(layer, extents[i]!, language, origin)),
      };
    },
  );

  app.get(
    '/ogc/collections/:collectionId',
    { schema: { params: CollectionParams, response: { 200: CollectionSchema, ...errors } } },
    async (request) => {
      const layer = collectionOr401(request.params.collectionId, viewerOf(request), minCount);
      const [extent] = await extentsOf([layer], request);
      return describeCollection(layer, extent!, languageOfRequest(request), originOf(request));
    },
  );

  app.get(
    '/ogc/collections/:collectionId/items',
    { schema: { params: CollectionParams, response: { 200: FeatureCollectionSchema, ...errors } } },
    async (request, reply) => {
      // The policy's 401 comes before any parameter is read (decision record 16).
      const layer = collectionOr401(request.params.collectionId, viewerOf(request), minCount);
      const { filters, limit, offset } = parseItemsQuery(layer, request.query as RawQuery);
      const { text, values } = buildItemsQuery(layer, filters, limit, offset);
      const { rows } = await app.db.pool.query<ItemsRow>(text, values);
      const { number_matched: numberMatched, number_returned: numberReturned, features } = rows[0]!;
      const origin = originOf(request);
      const links: Link[] = [
        ...pageLinks(origin, request.url, { offset, limit, numberMatched }),
        { href: `${origin}/ogc/collections/${layer.id}`, rel: 'collection', type: MEDIA_TYPES.json },
      ];
      // PostgreSQL wrote the features' JSON (decision record 2): wrap it rather than parse it.
      const head = { type: 'FeatureCollection', numberMatched, numberReturned, timeStamp: new Date().toISOString() };
      const body = `${JSON.stringify(head).slice(0, -1)},"links":${JSON.stringify(links)},"features":${features}}`;
      return reply
        .type(MEDIA_TYPES.geojson)
        .serializer((payload) => payload as string)
        .send(body as unknown as Static<typeof FeatureCollectionSchema>);
    },
  );

  app.get(
    '/ogc/collections/:collectionId/items/:featureId',
    {
      schema: {
        params: Type.Object({
          collectionId: Type.String({ maxLength: 64 }),
          featureId: Type.String({ maxLength: 64 }),
        }),
        response: {
          200: Type.Object({ type: Type.Literal('Feature'), links: Type.Array(LinkSchema) }, Open),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { collectionId, featureId } = request.params;
      const layer = collectionOr401(collectionId, viewerOf(request), minCount);
      const key = featureKeyOf(layer, featureId);
      const { rows } =
        key === null ? { rows: [] } : await app.db.pool.query<{ feature: string }>(buildItemQuery(layer, key));
      if (!rows[0]) {
        throw new HttpProblem(404, 'Not Found', `no feature "${featureId}" in collection ${layer.id}`, 'featureId');
      }
      const origin = originOf(request);
      const collection = `${origin}/ogc/collections/${layer.id}`;
      const feature = JSON.parse(rows[0].feature) as { type: 'Feature'; links?: Link[] };
      const links: Link[] = [
        { href: `${origin}${request.url}`, rel: 'self', type: MEDIA_TYPES.geojson },
        { href: collection, rel: 'collection', type: MEDIA_TYPES.json },
      ];
      return reply.type(MEDIA_TYPES.geojson).send({ ...feature, links });
    },
  );
};

export default ogcRoutes;
