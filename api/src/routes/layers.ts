import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@fastify/type-provider-typebox';
import { describeLayer } from '../layers/describe.ts';
import { temporalExtents } from '../layers/extent.ts';
import { buildFeaturesQuery } from '../layers/features-query.ts';
import { parseFilters, valueFilterNames } from '../layers/filters.ts';
import { findLayer, layers } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { LocalizedSchema, ProblemSchema } from '../schemas.ts';

export const MAX_FEATURES_LIMIT = 10_000;
export const DEFAULT_FEATURES_LIMIT = 1_000;

const LegendEntrySchema = Type.Object({
  value: Type.Union([Type.String(), Type.Null()]),
  title: LocalizedSchema,
  color: Type.String(),
});

const LayerDescriptionSchema = Type.Object({
  id: Type.String(),
  title: LocalizedSchema,
  description: LocalizedSchema,
  geometryType: Type.String(),
  properties: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.String(),
      title: LocalizedSchema,
      values: Type.Optional(Type.Array(LegendEntrySchema)),
    }),
  ),
  categoryProperty: Type.Union([Type.String(), Type.Null()]),
  idProperty: Type.Union([Type.String(), Type.Null()]),
  temporal: Type.Boolean(),
  access: Type.String(),
  synthetic: Type.Boolean(),
  attribution: Type.String(),
  style: Type.Object({ color: Type.String(), outline: Type.Optional(Type.String()) }),
  legend: Type.Array(LegendEntrySchema),
  order: Type.Integer(),
  links: Type.Object({ features: Type.String() }),
  extent: Type.Object({
    temporal: Type.Union([Type.Tuple([Type.String(), Type.String()]), Type.Null()], {
      description: 'first and last day (UTC) the data covers; null for a layer without time or without data',
    }),
  }),
});

/** The filters shared by the features API and the tiles: datetime and every enumerated property. */
export const FilterQueryProperties = {
  datetime: Type.Optional(Type.String({ description: 'RFC 3339 instant or interval start/end, ".." for open' })),
  ...Object.fromEntries(
    valueFilterNames(layers).map((name) => [
      name,
      Type.Optional(
        Type.String({
          description: `comma-separated values of ${name === 'category' ? "the layer's category property" : name}`,
        }),
      ),
    ]),
  ),
};

const FeaturesQuerySchema = Type.Object({
  bbox: Type.Optional(Type.String({ description: 'west,south,east,north in WGS 84 degrees' })),
  limit: Type.Integer({ minimum: 1, maximum: MAX_FEATURES_LIMIT, default: DEFAULT_FEATURES_LIMIT }),
  ...FilterQueryProperties,
});

const FeatureCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  numberMatched: Type.Integer(),
  numberReturned: Type.Integer(),
  features: Type.Array(Type.Object({ type: Type.Literal('Feature') }, { additionalProperties: true })),
});

export function layerOr404(id: string): LayerDefinition {
  const layer = findLayer(id);
  if (!layer) throw new HttpProblem(404, 'Not Found', `unknown layer "${id}"; see /api/layers`, 'id');
  return layer;
}

const layerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const descriptions = [...layers].sort((a, b) => a.order - b.order).map(describeLayer);

  app.get(
    '/api/layers',
    { schema: { response: { 200: Type.Object({ layers: Type.Array(LayerDescriptionSchema) }) } } },
    async () => {
      // Read on every request: the data (and so its time range) may change underneath.
      const extents = await temporalExtents(app.db.pool, layers);
      return {
        layers: descriptions.map((description) => ({
          ...description,
          extent: { temporal: extents[description.id] ?? description.extent.temporal },
        })),
      };
    },
  );

  app.get(
    '/api/layers/:id/features',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: FeaturesQuerySchema,
        response: { 200: FeatureCollectionSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.id);
      const filters = parseFilters(layer, request.query);
      const { text, values } = buildFeaturesQuery(layer, filters, request.query.limit);
      const { rows } = await app.db.pool.query<{ body: string }>(text, values);
      // PostgreSQL wrote the JSON already (in the documented shape): send the text as is
      // rather than parse and re-serialise thousands of features.
      const body = rows[0]!.body as unknown as Static<typeof FeatureCollectionSchema>;
      return reply
        .type('application/geo+json')
        .serializer((text) => text as string)
        .send(body);
    },
  );
};

export default layerRoutes;
