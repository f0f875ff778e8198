import type { FastifyPluginAsyncTypebox, Static } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
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
import { describeIndicator, type IndicatorDefinition, layerOf } from '../indicators/registry.ts';
import { InvalidParameterError, type TimeInterval } from '../layers/filters.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { countedTables } from '../priorities/service.ts';
import { suppressFigure } from '../privacy/figures.ts';
import { assertWholeGroups } from '../privacy/groups.ts';
import { assertIndicatorVisible, isSuppressed, listedIndicators } from '../privacy/policy.ts';
import { publicInterval, publishedUntil } from '../privacy/time.ts';
import { type Viewer, viewerOf } from '../privacy/viewer.ts';
import { LocalizedSchema, Nullable, ProblemSchema } from '../schemas.ts';

const PeriodSchema = Type.Object({
  start: Nullable(Type.String({ description: 'RFC 3339 UTC instant; null = open' })),
  end: Nullable(Type.String({ description: 'RFC 3339 UTC instant, inclusive; null = open' })),
});

const FigureProperties = {
  value: Nullable(Type.Number({ description: 'full precision; null when the denominator is 0, or suppressed' })),
  numerator: Nullable(Type.Integer({ description: 'null only when suppressed' })),
  denominator: Nullable(Type.Integer()),
  unstable: Type.Boolean({ description: 'denominator below minimumDenominator: mark, do not colour as an extreme' }),
  suppressed: Type.Optional(
    Type.Boolean({
      description:
        'anonymous callers, staff layers only: true when a count is below k (PRIVACY_MIN_COUNT), so value and numerator are null',
    }),
  ),
};

const IndicatorDescriptionSchema = Type.Object({
  id: Type.String(),
  title: LocalizedSchema,
  description: LocalizedSchema,
  unit: LocalizedSchema,
  kind: Type.Union([
    Type.Literal('rate'),
    Type.Literal('change'),
    Type.Literal('count-within'),
    Type.Literal('count'),
    Type.Literal('median-duration'),
  ]),
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

/**
 * The public view of a figures or series request on a staff layer's indicator (decision record
 * 16): categories in whole groups, a period in whole calendar months, and counts that stop at
 * the end of the last month that has ended. Null: the request is counted as asked.
 */
interface PublicView {
  minCount: number;
  /** The end of the last month that has ended. */
  cutoff: Date;
}

function publicViewOf(
  indicator: IndicatorDefinition,
  viewer: Viewer,
  minCount: number,
  query: Record<string, unknown>,
  values: Record<string, string[]>,
  period: TimeInterval | null,
): PublicView | null {
  const layer = layerOf(indicator);
  if (!isSuppressed(layer, viewer)) return null;
  const categories = values[layer.categoryProperty ?? 'category'];
  if (query.category !== undefined && categories) assertWholeGroups(layer, categories);
  const now = new Date();
  if (period) publicInterval(period, now, 'period'); // refuses parts of months
  return { minCount, cutoff: publishedUntil(now) };
}

/**
 * The indicator a request names, as this viewer may ask for it: an unknown id is a 400 listing
 * what the viewer may know of; a staff-only one is refused before any filter or period is read.
 */
function indicatorFor(request: FastifyRequest, id: string): IndicatorDefinition {
  const viewer = viewerOf(request);
  const indicator = indicatorOr400(id, listedIndicators(viewer));
  assertIndicatorVisible(indicator, viewer);
  return indicator;
}

/** A period cut off at the public's last published instant (an open end included). */
function cutOff(period: TimeInterval, cutoff: Date): TimeInterval {
  return { start: period.start, end: period.end && period.end < cutoff ? period.end : cutoff };
}

function periodJson(period: TimeInterval | null) {
  return period && { start: period.start?.toISOString() ?? null, end: period.end?.toISOString() ?? null };
}

/** Indicators per statistical sector, for the choropleth and a sector's chart. */
const neighbourhoodRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const descriptions = {
    staff: listedIndicators('staff').map(describeIndicator),
    public: listedIndicators('public').map(describeIndicator),
  };

  app.get(
    '/api/indicators',
    { schema: { response: { 200: Type.Object({ indicators: Type.Array(IndicatorDescriptionSchema) }) } } },
    async (request, reply) => {
      // Staff also get the staff-only indicators (signals): the answer depends on the session.
      reply.header('Vary', 'Cookie');
      return { indicators: descriptions[viewerOf(request)] };
    },
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
      const indicator = indicatorFor(request, query.indicator);
      const values = parseIndicatorFilters(indicator, query);
      const requested = query.period === undefined ? null : parsePeriod(query.period);
      const plan = planFigures(indicator, requested);
      const view = publicViewOf(indicator, viewerOf(request), app.config.privacyMinCount, query, values, requested);
      let periods = plan.periods;
      if (view) {
        // A change set against a month still going on would compare a part with a whole.
        if (plan.previousPeriod && plan.period?.end && plan.period.end > view.cutoff) {
          throw new InvalidParameterError(
            'period',
            `without signing in, a change compares months that have ended; the latest is ${view.cutoff.toISOString().slice(0, 7)}`,
          );
        }
        periods = periods.map((period) => cutOff(period, view.cutoff));
      }
      const { text, values: parameters } = buildCountsQuery({ indicator, values, periods, unit: query.unit });
      const rows = (await app.queryResults.get(
        `figures|${text}|${JSON.stringify(parameters)}`,
        countedTables(indicator, query.unit),
        async () => (await app.db.pool.query<CountRow>(text, parameters)).rows,
      )) as CountRow[];
      const last = periods.length - 1;
      return {
        indicator: indicator.id,
        period: periodJson(plan.period),
        previousPeriod: periodJson(plan.previousPeriod),
        rows: countsBySector(rows).map((sector) => {
          const figure = figureAt(indicator, sector, last);
          return {
            code: sector.code,
            name: sector.name,
            ...(view ? suppressFigure(indicator, figure, view.minCount) : figure),
          };
        }),
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
      const indicator = indicatorFor(request, query.indicator);
      assertSeriesIndicator(indicator, listedIndicators(viewerOf(request)));
      const values = parseIndicatorFilters(indicator, query);
      const requested = query.period === undefined ? null : parsePeriod(query.period);
      if (requested) assertSupportedRange([requested]);
      const view = publicViewOf(indicator, viewerOf(request), app.config.privacyMinCount, query, values, requested);

      const context = buildSeriesContextQuery(indicator, code);
      const [sector] = (await app.db.pool.query<SeriesContextRow>(context.text, context.values)).rows;
      if (!sector?.name) throw unknownSector(code);
      // The public's series ends with the last month that has ended.
      const plan = view
        ? planSeries(indicator, query.interval, requested && cutOff(requested, view.cutoff), {
            first: sector.first,
            last: sector.last && sector.last > view.cutoff ? view.cutoff : sector.last,
          })
        : planSeries(indicator, query.interval, requested, sector);
      const base = { code, name: sector.name, indicator: indicator.id, interval: query.interval };
      if (plan.buckets.length === 0) return { ...base, points: [] };

      // The bucket of the month (or year) still going on counts up to the end of last month only.
      const periods = view ? plan.periods.map((period) => cutOff(period, view.cutoff)) : plan.periods;
      const counts = buildCountsQuery({ indicator, values, periods, sectorCode: code });
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
          ...(view
            ? suppressFigure(indicator, figureAt(indicator, counted, offset + i), view.minCount)
            : figureAt(indicator, counted, offset + i)),
        })),
      };
    },
  );
};

export default neighbourhoodRoutes;
