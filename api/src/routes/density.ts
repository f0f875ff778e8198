import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@fastify/type-provider-typebox';
import {
  buildHexagonsQuery,
  buildPointExtentQuery,
  estimateGridHexagons,
  HEXAGON_SIZE,
  MAX_GRID_HEXAGONS,
  type MetricExtent,
} from '../density/hexagons-query.ts';
import { InvalidParameterError, parseFilters } from '../layers/filters.ts';
import { HttpProblem } from '../plugins/errors.ts';
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

/** How many points of a layer fall in each hexagon of a metric grid: a density map. */
const densityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/layers/:id/hexagons',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: HexagonsQuerySchema,
        response: { 200: HexagonCollectionSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.id);
      if (layer.geometryType !== 'Point') {
        throw new HttpProblem(400, 'Bad Request', `layer "${layer.id}" has no points to count in hexagons`, 'id');
      }
      const { size } = request.query;
      const filters = parseFilters(layer, request.query);
      const collection: HexagonCollection = { type: 'FeatureCollection', size, maxCount: 0, total: 0, features: [] };

      const extentQuery = buildPointExtentQuery(layer, filters);
      const [found] = (await app.db.pool.query<MetricExtent & { points: number }>(extentQuery.text, extentQuery.values))
        .rows;
      if (found && found.points > 0) {
        // Checked before the grid is made: the embedded database has no statement timeout.
        if (estimateGridHexagons(found, size) > MAX_GRID_HEXAGONS) {
          throw new InvalidParameterError(
            'size',
            `the matching points spread too far for hexagons of ${size} m (over ${MAX_GRID_HEXAGONS} hexagons); choose a larger size or a bbox`,
          );
        }
        const { text, values } = buildHexagonsQuery(layer, filters, size, found);
        const { rows } = await app.db.pool.query<HexagonRow>(text, values);
        for (const { i, j, count, geometry } of rows) {
          collection.features.push({ type: 'Feature', id: `${i}:${j}`, geometry, properties: { count } });
          collection.total += count;
          collection.maxCount = Math.max(collection.maxCount, count);
        }
      }
      return reply.type('application/geo+json').send(collection);
    },
  );
};

export default densityRoutes;
