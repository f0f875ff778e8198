import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth/guard.ts';
import { AreaFiguresSchema, computeAreaFigures } from '../figures/area-figures.ts';
import { repairAreaGeometry } from '../figures/repair.ts';
import { GeometryProblemSchema } from '../geometry/schema.ts';
import { validateAreaGeometry } from '../geometry/validate.ts';
import { assertSupportedRange, parsePeriod } from '../indicators/period.ts';
import { ProblemSchema } from '../schemas.ts';

const GeometryBody = Type.Unknown({
  description:
    'GeoJSON Polygon or MultiPolygon in EPSG:4326 (lon, lat); checked by the server, 422 problem with reason and location when not valid',
});

const MultiPolygonSchema = Type.Object({
  type: Type.Literal('MultiPolygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })))),
});

const errorResponses = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 422: GeometryProblemSchema };

/** POST /api/figures (figures of any polygon) and POST /api/focus-areas/repair (a repair, offered only). */
const figureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxVertices = app.config.focusAreaMaxVertices;
  const signedIn = requireRole('planner', 'coordinator', 'admin');

  app.post(
    '/api/figures',
    {
      preHandler: signedIn,
      schema: {
        body: Type.Object(
          {
            geometry: GeometryBody,
            period: Type.Optional(
              Type.String({ maxLength: 100, description: 'RFC 3339 instant or interval start/end, ".." for open' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AreaFiguresSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { geometry, period: rawPeriod } = request.body;
      const period = rawPeriod === undefined ? null : parsePeriod(rawPeriod);
      if (period) assertSupportedRange([period]);
      const area = validateAreaGeometry(geometry, { maxVertices });
      return computeAreaFigures(app.db.pool, area, period);
    },
  );

  app.post(
    '/api/focus-areas/repair',
    {
      preHandler: signedIn,
      schema: {
        body: Type.Object({ geometry: GeometryBody }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            geometry: MultiPolygonSchema,
            changed: Type.Boolean({ description: 'false when the geometry was valid already' }),
            note: Type.String({ description: 'what was wrong and what the repair did; nothing is saved' }),
            problem: Type.Union([
              Type.Object({
                reason: Type.String(),
                detail: Type.String(),
                location: Type.Optional(Type.Tuple([Type.Number(), Type.Number()])),
              }),
              Type.Null(),
            ]),
            areaHa: Type.Number({ description: 'area of the repaired geometry, hectares' }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => repairAreaGeometry(app.db.pool, request.body.geometry, { maxVertices }),
  );
};

export default figureRoutes;
