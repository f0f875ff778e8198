import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth/guard.ts';
import { computeHotspots, type HotspotCollection } from '../hotspots/compute.ts';
import { HOTSPOT_CELL } from '../hotspots/hotspots-query.ts';
import { type Confidence, type Correction, CORRECTIONS } from '../hotspots/significance.ts';
import { parseClosedPeriod } from '../indicators/period.ts';
import { InvalidParameterError, parseFilters } from '../layers/filters.ts';
import { findLayer, layers } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { Nullable, PolygonSchema, ProblemSchema } from '../schemas.ts';
import { FilterQueryProperties } from './layers.ts';

/** The registry's dated point layers: the ones whose points can be counted per period. */
export const HOTSPOT_LAYERS = layers.filter((l) => l.geometryType === 'Point' && l.temporal).map((l) => l.id);

// The layer's enumerated filters as in the features API; the period replaces `datetime`.
const { datetime: _datetime, ...ValueFilterProperties } = FilterQueryProperties;

const HotspotsQuerySchema = Type.Object({
  layer: Type.String({ maxLength: 64, description: `a dated point layer: ${HOTSPOT_LAYERS.join(', ')}` }),
  cell: Type.Integer({
    minimum: HOTSPOT_CELL.min,
    maximum: HOTSPOT_CELL.max,
    default: HOTSPOT_CELL.default,
    description: 'hexagon edge length in metres',
  }),
  period: Type.String({
    maxLength: 100,
    description: 'closed interval START/END (RFC 3339 dates or instants), e.g. 2025-01-01/2025-12-31',
  }),
  correction: Type.Unsafe<Correction>({
    type: 'string',
    enum: [...CORRECTIONS],
    default: 'fdr',
    description: 'fdr (Benjamini-Hochberg, default) or none',
  }),
  ...ValueFilterProperties,
});

const ConfidenceSchema = Type.Unsafe<Confidence>({
  type: 'integer',
  enum: [-99, -95, -90, 0, 90, 95, 99],
  description: 'Gi_Bin: hot (+) or cold (−) spot at 99, 95 or 90 % confidence; 0 not significant',
});

const HotspotCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  layer: Type.String(),
  cell: Type.Integer({ description: 'hexagon edge length in metres' }),
  period: Type.Object({ start: Type.String(), end: Type.String() }),
  cells: Type.Integer({
    description: 'n: hexagons in the study area (centre inside the municipality), empty ones included',
  }),
  total: Type.Integer({ description: 'points counted in the study area' }),
  mean: Nullable(Type.Number({ description: 'mean count per cell' })),
  sd: Nullable(Type.Number({ description: 'standard deviation of the counts (population)' })),
  correction: Type.Unsafe<Correction>({ type: 'string', enum: [...CORRECTIONS] }),
  method: Type.String(),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String({ description: 'column:row of the hexagon in its grid' }),
      geometry: PolygonSchema,
      properties: Type.Object({
        count: Type.Integer(),
        z: Nullable(Type.Number({ description: 'Gi*; null when undefined (no variation in the counts)' })),
        p: Nullable(Type.Number({ description: 'two-sided p of z' })),
        confidence: ConfidenceSchema,
      }),
    }),
  ),
});

function hotspotLayer(id: string): LayerDefinition {
  const layer = findLayer(id);
  if (!layer || !HOTSPOT_LAYERS.includes(layer.id)) {
    throw new InvalidParameterError(
      'layer',
      `${layer ? `layer "${id}" is not a dated point layer` : `unknown layer "${id}"`}; hotspots take one of: ${HOTSPOT_LAYERS.join(', ')}`,
    );
  }
  return layer;
}

/**
 * GET /api/hotspots: Getis-Ord Gi* of a dated point layer's counts per hexagon over the
 * municipality (docs/decisions.md record 14). Staff only: at small cells one incident can point
 * at one address.
 */
const hotspotRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/hotspots',
    {
      preHandler: requireRole('planner', 'coordinator', 'admin'),
      schema: {
        querystring: HotspotsQuerySchema,
        response: { 200: HotspotCollectionSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { cell, correction } = request.query;
      const layer = hotspotLayer(request.query.layer);
      const period = parseClosedPeriod(request.query.period, 'hotspots compare the cells within one period');
      // Only the enumerated filters: the grid is the whole municipality (no bbox), the period is `period`.
      const filters = parseFilters(layer, { ...request.query, bbox: undefined, datetime: undefined });
      const collection: HotspotCollection = await computeHotspots(app.db.pool, {
        layer,
        filters: { ...filters, datetime: period },
        cell,
        correction,
      });
      return reply.type('application/geo+json').send(collection);
    },
  );
};

export default hotspotRoutes;
