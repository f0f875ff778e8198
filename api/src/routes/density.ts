import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from '@fastify/type-provider-typebox';
import {
  buildHexagonsQuery,
  buildPointExtentQuery,
  countingBox,
  estimateGridHexagons,
  HEXAGON_SIZE,
  MAX_GRID_HEXAGONS,
  type MetricExtent,
} from '../density/hexagons-query.ts';
import {
  type BBox,
  type FeatureFilters,
  InvalidParameterError,
  parseFilters,
  type RawFilterQuery,
} from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { PUBLIC_CELL_METRES } from '../privacy/cells.ts';
import { precisionOf, publicFilters, refusal } from '../privacy/policy.ts';
import { type Viewer, viewerOf } from '../privacy/viewer.ts';
import { PolygonSchema, ProblemSchema } from '../schemas.ts';
import { FilterQueryProperties, layerOr404 } from './layers.ts';

const HexagonsQuerySchema = Type.Object({
  size: Type.Integer({
    minimum: HEXAGON_SIZE.min,
    maximum: HEXAGON_SIZE.max,
    default: HEXAGON_SIZE.default,
    description: 'hexagon edge length in metres',
  }),
  bbox: Type.Optional(Type.String({ description: 'west,south,east,north in WGS 84 degrees' })),
  ...FilterQueryProperties,
});

const HexagonCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  size: Type.Integer(),
  maxCount: Type.Integer(),
  total: Type.Integer(),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String({ description: 'column:row of the hexagon in its grid' }),
      geometry: PolygonSchema,
      properties: Type.Object({ count: Type.Integer() }),
    }),
  ),
});

type HexagonCollection = Static<typeof HexagonCollectionSchema>;

interface HexagonRow {
  i: number;
  j: number;
  count: number;
  geometry: HexagonCollection['features'][number]['geometry'];
}

/** What a hexagons request counts, for whom: all of it as asked (staff), or the public's view. */
interface HexagonPlan {
  filters: FeatureFilters;
  /** Public: hexagons with fewer points are left out. */
  minCount: number | null;
  /** Public: only hexagons that meet this box are returned, with all their points counted. */
  keepWithin: BBox | undefined;
}

function hexagonPlan(
  layer: LayerDefinition,
  viewer: Viewer,
  query: RawFilterQuery & { size: number },
  minCount: number,
): HexagonPlan {
  const precision = precisionOf(layer, viewer, minCount);
  if (precision.level === 'full') return { filters: parseFilters(layer, query), minCount: null, keepWithin: undefined };
  if (precision.level !== 'aggregate') throw refusal(layer, 'hexagons', minCount);
  if (query.size < precision.cellMetres) {
    throw new InvalidParameterError(
      'size',
      `without signing in, hexagons of ${layer.id} are at least ${PUBLIC_CELL_METRES} m (size=${PUBLIC_CELL_METRES} or more)`,
    );
  }
  const { filters, bbox } = publicFilters(layer, query, new Date());
  // Only the points near the bbox: every hexagon that meets it still counts all its points,
  // and no grid is laid over all the layer's points (the scale data cover Flanders).
  if (bbox) filters.bbox = countingBox(bbox, query.size);
  return { filters, minCount, keepWithin: bbox };
}

/** Whether a hexagon's outline (its bounding box) meets a bbox: a hexagon at the edge counts whole. */
function meets(geometry: { coordinates: number[][][] }, [west, south, east, north]: BBox): boolean {
  const ring = geometry.coordinates[0] ?? [];
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  return Math.min(...xs) <= east && Math.max(...xs) >= west && Math.min(...ys) <= north && Math.max(...ys) >= south;
}

/** The filtered points counted per hexagon of edge `size`, over the points' extent. */
async function hexagonRows(
  app: FastifyInstance,
  layer: LayerDefinition,
  filters: FeatureFilters,
  size: number,
): Promise<HexagonRow[]> {
  const extentQuery = buildPointExtentQuery(layer, filters);
  const [found] = (await app.db.pool.query<MetricExtent & { points: number }>(extentQuery.text, extentQuery.values))
    .rows;
  if (!found || found.points === 0) return [];
  // Checked before the grid is made: the embedded database has no statement timeout.
  if (estimateGridHexagons(found, size) > MAX_GRID_HEXAGONS) {
    throw new InvalidParameterError(
      'size',
      `the matching points spread too far for hexagons of ${size} m (over ${MAX_GRID_HEXAGONS} hexagons); choose a larger size or a bbox`,
    );
  }
  const { text, values } = buildHexagonsQuery(layer, filters, size, found);
  return (await app.db.pool.query<HexagonRow>(text, values)).rows;
}

/** How many points of a layer fall in each hexagon of a metric grid: a density map. */
const densityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/layers/:id/hexagons',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: HexagonsQuerySchema,
        response: { 200: HexagonCollectionSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.id);
      if (layer.geometryType !== 'Point') {
        throw new HttpProblem(400, 'Bad Request', `layer "${layer.id}" has no points to count in hexagons`, 'id');
      }
      const { size } = request.query;
      const { filters, minCount, keepWithin } = hexagonPlan(
        layer,
        viewerOf(request),
        request.query,
        app.config.privacyMinCount,
      );
      const collection: HexagonCollection = { type: 'FeatureCollection', size, maxCount: 0, total: 0, features: [] };

      const rows = (await app.queryResults.get(
        `hexagons|${layer.id}|${size}|${JSON.stringify(filters)}`,
        [layer.table],
        () => hexagonRows(app, layer, filters, size),
      )) as HexagonRow[];
      for (const { i, j, count, geometry } of rows) {
        // The public's hexagons: k or more points, and (with a bbox) only those it meets.
        // total and maxCount are of what is returned, so they give nothing left out away.
        if (minCount !== null && count < minCount) continue;
        if (keepWithin && !meets(geometry, keepWithin)) continue;
        collection.features.push({ type: 'Feature', id: `${i}:${j}`, geometry, properties: { count } });
        collection.total += count;
        collection.maxCount = Math.max(collection.maxCount, count);
      }
      return reply.type('application/geo+json').send(collection);
    },
  );
};

export default densityRoutes;
