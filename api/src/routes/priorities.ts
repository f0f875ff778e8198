import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth/guard.ts';
import { assertSupportedRange, parseClosedPeriod, previousPeriod } from '../indicators/period.ts';
import { prioritiesCsv } from '../priorities/csv.ts';
import { type Priorities, PRIORITY_THEMES, PrioritiesSchema, type PriorityTheme } from '../priorities/schema.ts';
import { computePriorities, parseWeights } from '../priorities/service.ts';
import { ProblemSchema } from '../schemas.ts';

export const PrioritiesQuerySchema = Type.Object({
  theme: Type.Unsafe<PriorityTheme>({
    type: 'string',
    enum: [...PRIORITY_THEMES],
    description: 'wonen, jongeren, buurten or all',
  }),
  period: Type.String({
    maxLength: 100,
    description: 'closed interval START/END (RFC 3339 dates or instants), e.g. 2025-01-01/2025-12-31',
  }),
  weights: Type.Optional(
    Type.String({ maxLength: 2000, description: 'ID:WEIGHT,... (0–10); an indicator not named weighs 1' }),
  ),
  unit: Type.Optional(
    Type.Union([Type.Literal('sector'), Type.Literal('ward')], {
      default: 'sector',
      description: 'rank statistical sectors or wards',
    }),
  ),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
});

/**
 * GET /api/priorities: sectors ranked on a theme's weighted indicators (record 13). Staff only
 * until the city publishes a ranking: a list of "worst" neighbourhoods is easily read as a
 * stigma, which the public view must weigh first (issue 7).
 */
const priorityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/priorities',
    {
      preHandler: requireRole('planner', 'coordinator', 'admin'),
      schema: {
        querystring: PrioritiesQuerySchema,
        response: {
          // format=csv sends the ranking as a text/csv string, which Fastify does not serialise
          200: Type.Unsafe<Priorities | string>(PrioritiesSchema),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { theme, format, unit } = request.query;
      const period = parseClosedPeriod(request.query.period, 'priorities compare a period with the one before it');
      assertSupportedRange([previousPeriod(period)]);
      const weights = parseWeights(request.query.weights, theme);
      const priorities = await computePriorities(app.db.pool, { theme, period, weights, unit }, app.priorityCounts);
      if (format !== 'csv') return priorities;
      const year = priorities.period.start.slice(0, 4);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="prioriteiten-${theme}-${year}.csv"`)
        .send(prioritiesCsv(priorities));
    },
  );
};

export default priorityRoutes;
