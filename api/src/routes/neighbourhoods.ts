import type { FastifyPluginAsyncTypebox, Static } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { countsBySector, figureAt } from '../indicators/compute.ts';
import {
  buildCountsQuery,
  buildSeriesContextQuery,
  type CountRow,
  type SeriesContextRow,
} from '../indicators/figures-query.ts';
import { FILTER_PARAMETERS, indicatorOr400, parseIndicatorFilters } from '../indicators/filters.ts';
import { assertSupportedRange, parsePeriod } from '../indicators/period.ts';
import { assertSeriesIndicator, planFigures, planSeries } from '../indicators/plan.ts';
import { describeIndicator, indicators } from '../indicators/registry.ts';
import type { TimeInterval } from '../layers/filters.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { LocalizedSchema, Nullable, ProblemSchema } from '../schemas.ts';

const PeriodSchema = Type.Object({
  start: Nullable(Type.String({ description: 'RFC 3339 UTC instant; null = open' })),
  end: Nullable(Type.String({ description: 'RFC 3339 UTC instant, inclusive; null = open' })),
});

const FigureProperties = {
  value: Nullable(Type.Number({ description: 'full precision; null when the denominator is 0' })),
  numerator: Type.Integer(),
  denominator: Nullable(Type.Integer()),
  unstable: Type.Boolean({ description: 'denominator below minimumDenominator: mark, do not colour as an extreme' }),
};

const IndicatorDescriptionSchema = Type.Object({
  id: Type.String(),
  title: LocalizedSchema,
  description: LocalizedSchema,
  unit: LocalizedSchema,
  kind: Type.Union([Type.Literal('rate'), Type.Literal('change'), Type.Literal('count-within')]),
  temporal: Type.Boolean(),
  filters: Type.Array(Type.String()),
  layer: Type.String(),
  minimumDenominator: Nullable(Type.Integer()),
  direction: Type.Union([Type.Literal('higher-is-worse'), Type.Literal('higher-is-better')]),
  source: LocalizedSchema,
  themes: Type.Array(Type.String({ description: 'wonen, jongeren or buurten; empty: map only, not scored' })),
});

const IndicatorQueryProperties = {
  indicator: Type.String({ maxLength: 64, description: 'indicator id; see /api/indicators' }),
  period: Type.Optional(
    Type.String({ maxLength: 100, description: 'RFC 3339 instant or interval start/end, ".." for open' }),
  ),
  ...Object.fromEntries(
    FILTER_PARAMETERS.map((name) => [
      name,
      Type.Optional(
        Type.String({ description: `comma-separated ${name} values (only the filters the indicator lists)` }),
      ),
    ]),
  ),
};

const FiguresSchema = Type.Object({
  indicator: Type.String(),
  period: Nullable(PeriodSchema),
  previousPeriod: Nullable(PeriodSchema),
  rows: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...FigureProperties })),
});

const SeriesSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  indicator: Type.String(),
  interval: Type.Union([Type.Literal('year'), Type.Literal('month')]),
  points: Type.Array(
    Type.Object({
      period: Type.String({ description: '"2024" or "2024-03"' }),
      start: Type.String(),
      end: Type.String(),
      ...FigureProperties,
    }),
  ),
});

/** The answers as clients receive them (the front end imports these types). */
export type Figures = Static<typeof FiguresSchema>;
export type FigureRow = Figures['rows'][number];
export type Series = Static<typeof SeriesSchema>;

function unknownSector(code: string): HttpProblem {
  return new HttpProblem(404, 'Not Found', `unknown sector "${code}"; see /api/layers/neighbourhoods/features`, 'code');
}

function periodJson(period: TimeInterval | null) {
  return period && { start: period.start?.toISOString() ?? null, end: period.end?.toISOString() ?? null };
}

/** Indicators per statistical sector, for the choropleth and a sector's chart. */
const neighbourhoodRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const descriptions = indicators.map(describeIndicator);

  app.get(
    '/api/indicators',
    { schema: { response: { 200: Type.Object({ indicators: Type.Array(IndicatorDescriptionSchema) }) } } },
    async () => ({ indicators: descriptions }),
  );

  app.get(
    '/api/neighbourhoods/figures',
    {
      schema: {
        querystring: Type.Object({
          ...IndicatorQueryProperties,
          unit: Type.Union([Type.Literal('sector'), Type.Literal('ward')], {
            default: 'sector',
            description: 'one row per statistical sector, or per ward (its sectors summed)',
          }),
        }),
        response: { 200: FiguresSchema, 400: ProblemSchema },
      },
    },
    async (request) => {
      const { query } = request;
      const indicator = indicatorOr400(query.indicator);
      const values = parseIndicatorFilters(indicator, query);
      const plan = planFigures(indicator, query.period === undefined ? null : parsePeriod(query.period));
      const { text, values: parameters } = buildCountsQuery({
        indicator,
        values,
        periods: plan.periods,
        unit: query.unit,
      });
      const { rows } = await app.db.pool.query<CountRow>(text, parameters);
      const last = plan.periods.length - 1;
      return {
        indicator: indicator.id,
        period: periodJson(plan.period),
        previousPeriod: periodJson(plan.previousPeriod),
        rows: countsBySector(rows).map((sector) => ({
          code: sector.code,
          name: sector.name,
          ...figureAt(indicator, sector, last),
        })),
      };
    },
  );

  app.get(
    '/api/neighbourhoods/:code/series',
    {
      schema: {
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          ...IndicatorQueryProperties,
          interval: Type.Union([Type.Literal('year'), Type.Literal('month')], {
            default: 'year',
            description: 'calendar years or months (UTC)',
          }),
        }),
        response: { 200: SeriesSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { query } = request;
      const { code } = request.params;
      const indicator = indicatorOr400(query.indicator);
      assertSeriesIndicator(indicator);
      const values = parseIndicatorFilters(indicator, query);
      const requested = query.period === undefined ? null : parsePeriod(query.period);
      if (requested) assertSupportedRange([requested]);

      const context = buildSeriesContextQuery(indicator, code);
      const [sector] = (await app.db.pool.query<SeriesContextRow>(context.text, context.values)).rows;
      if (!sector?.name) throw unknownSector(code);
      const plan = planSeries(indicator, query.interval, requested, sector);
      const base = { code, name: sector.name, indicator: indicator.id, interval: query.interval };
      if (plan.buckets.length === 0) return { ...base, points: [] };

      const counts = buildCountsQuery({ indicator, values, periods: plan.periods, sectorCode: code });
      const [counted] = countsBySector((await app.db.pool.query<CountRow>(counts.text, counts.values)).rows);
      if (!counted) throw unknownSector(code); // deleted since the first query
      // A change counts one bucket more, before the first point.
      const offset = plan.periods.length - plan.buckets.length;
      return {
        ...base,
        points: plan.buckets.map((bucket, i) => ({
          period: bucket.label,
          start: bucket.start.toISOString(),
          end: bucket.end.toISOString(),
          ...figureAt(indicator, counted, offset + i),
        })),
      };
    },
  );
};

export default neighbourhoodRoutes;
