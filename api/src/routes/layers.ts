import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@fastify/type-provider-typebox';
import { describeLayer } from '../layers/describe.ts';
import { type TemporalExtent, temporalExtents } from '../layers/extent.ts';
import { buildFeaturesQuery } from '../layers/features-query.ts';
import { parseFilters, valueFilterNames } from '../layers/filters.ts';
import { findLayer, layers } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { type Precision, precisionOf, refusal } from '../privacy/policy.ts';
import { publishedUntil } from '../privacy/time.ts';
import { type Viewer, viewerOf } from '../privacy/viewer.ts';
import { LocalizedSchema, ProblemSchema } from '../schemas.ts';

export const MAX_FEATURES_LIMIT = 10_000;
export const DEFAULT_FEATURES_LIMIT = 1_000;

const LegendEntrySchema = Type.Object({
  value: Type.Union([Type.String(), Type.Null()]),
  title: LocalizedSchema,
  color: Type.String(),
});

const PrecisionSchema = Type.Object(
  {
    level: Type.Union([Type.Literal('full'), Type.Literal('aggregate'), Type.Literal('sector-counts')], {
      description:
        'full: the features as they are; aggregate: counts per cell, hexagon and sector only; sector-counts: counts per sector only',
    }),
    cellMetres: Type.Optional(Type.Integer({ description: 'the finest cell or hexagon, in metres' })),
    minCount: Type.Optional(Type.Integer({ description: 'counts below this are not shown (k)' })),
    time: Type.Optional(Type.Literal('month', { description: 'time filters in whole calendar months' })),
    categoryGroups: Type.Optional(
      Type.Array(Type.Object({ id: Type.String(), title: LocalizedSchema, categories: Type.Array(Type.String()) }), {
        description: 'the category filter takes whole groups only',
      }),
    ),
  },
  { description: 'what this caller receives of the layer (decision record 16)' },
);

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
  precision: PrecisionSchema,
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

/** Individual features (the features API, exports) go only to callers who see the layer in full. */
export function assertFullPrecision(layer: LayerDefinition, viewer: Viewer, minCount: number, what: string): void {
  if (precisionOf(layer, viewer, minCount).level !== 'full') throw refusal(layer, what, minCount);
}

/**
 * The data's time range at the caller's precision: whole months for aggregates, so the first
 * and last day of a staff layer's data (the day of its latest incident) are not given away,
 * and no later than the last month that has ended (the public's counts stop there).
 */
export function toPrecision(temporal: TemporalExtent, precision: Precision, now: Date): TemporalExtent {
  if (temporal === null || precision.level === 'full') return temporal;
  const [first, last] = temporal;
  const [year, month] = last.split('-').map(Number) as [number, number];
  const endOfMonth = new Date(Date.UTC(year, month, 0));
  const cutoff = publishedUntil(now);
  const lastDay = (endOfMonth < cutoff ? endOfMonth : cutoff).toISOString().slice(0, 10);
  const firstDay = `${first.slice(0, 7)}-01`;
  return firstDay <= lastDay ? [firstDay, lastDay] : null;
}

const layerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const descriptions = [...layers].sort((a, b) => a.order - b.order).map(describeLayer);

  app.get(
    '/api/layers',
    { schema: { response: { 200: Type.Object({ layers: Type.Array(LayerDescriptionSchema) }) } } },
    async (request) => {
      // Read on every request: the data (and so its time range) may change underneath.
      const extents = await temporalExtents(app.db.pool, layers);
      const viewer = viewerOf(request);
      const now = new Date();
      return {
        layers: descriptions.map((description) => {
          const precision = precisionOf(findLayer(description.id)!, viewer, app.config.privacyMinCount);
          const temporal = extents[description.id] ?? description.extent.temporal;
          return { ...description, precision, extent: { temporal: toPrecision(temporal, precision, now) } };
        }),
      };
    },
  );

  app.get(
    '/api/layers/:id/features',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: FeaturesQuerySchema,
        response: { 200: FeatureCollectionSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.id);
      assertFullPrecision(layer, viewerOf(request), app.config.privacyMinCount, 'features');
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
