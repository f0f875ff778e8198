import pg from 'pg';
import { buildWhere, type SqlQuery } from '../layers/features-query.ts';
import type { TimeInterval } from '../layers/filters.ts';
import { findLayer } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { layerOf, type IndicatorDefinition } from './registry.ts';

const id = (name: string) => pg.escapeIdentifier(name);

/** The sectors' table and columns, from the layer registry like every other identifier. */
function sectorSql() {
  const layer = findLayer('neighbourhoods');
  if (!layer) throw new Error('the layer registry has no neighbourhoods layer');
  const column = (name: string) => {
    const property = layer.properties.find((p) => p.name === name);
    if (!property) throw new Error(`the neighbourhoods layer has no "${name}" property`);
    return id(property.column);
  };
  return {
    table: id(layer.table),
    code: id(layer.idColumn),
    geom: id(layer.geometryColumn),
    name: column('name'),
    population: column('population'),
    dwellings: column('dwellings'),
    ward: column('ward'),
  };
}
const sector = sectorSql();

/** What indicators are counted per: statistical sectors, or wards (the city's groups of sectors). */
export const COUNTING_UNITS = ['sector', 'ward'] as const;
export type CountingUnit = (typeof COUNTING_UNITS)[number];

/**
 * Each unit as one row source with the same columns (code, name, ward, population, dwellings,
 * geom). A ward's residents and dwellings are its sectors' sums. The sectors' source is a plain
 * projection, which PostgreSQL inlines, so their GiST index still serves the joins.
 */
const UNIT_SOURCES: Record<CountingUnit, string> = {
  sector: `(SELECT ${sector.code} AS code, ${sector.name} AS name, ${sector.ward} AS ward,
                   ${sector.population} AS population, ${sector.dwellings} AS dwellings, ${sector.geom} AS geom
              FROM ${sector.table})`,
  ward: `(SELECT w.code, w.name, NULL::text AS ward,
                 coalesce(sum(s.${sector.population}), 0)::integer AS population,
                 coalesce(sum(s.${sector.dwellings}), 0)::integer AS dwellings, w.geom
            FROM wards AS w
            LEFT JOIN ${sector.table} AS s ON s.${sector.ward} = w.code
           GROUP BY w.code)`,
};

export interface SectorRow {
  code: string;
  name: string;
  ward: string | null;
  population: number;
  dwellings: number;
}

/** Every sector (or ward) with its ward, residents and dwellings, by code (the order of the counts' rows). */
export function buildSectorsQuery(unit: CountingUnit = 'sector'): SqlQuery {
  const text = `
    SELECT n.code, n.name, n.ward, n.population, n.dwellings
      FROM ${UNIT_SOURCES[unit]} AS n
     ORDER BY n.code`;
  return { text, values: [] };
}

/** What to count: one indicator's features per sector, in each of `periods`. */
export interface CountsRequest {
  indicator: IndicatorDefinition;
  /** Allowed values per property of the indicator's layer (from parseIndicatorFilters). */
  values: Record<string, string[]>;
  /** Inclusive periods, open where null; one all-time period for an indicator without time. */
  periods: readonly TimeInterval[];
  /** Only this sector (a series); every sector when omitted. */
  sectorCode?: string;
  /** Count per sector (the default) or per ward. */
  unit?: CountingUnit;
}

/** One row per sector and period, ordered by code then period (1-based, in `periods` order). */
export interface CountRow {
  code: string;
  name: string;
  population: number;
  dwellings: number;
  period: number;
  count: number;
  /** median-duration only: the median over the `count` features, null when there are none. */
  median?: number | null;
}

export function buildCountsQuery(request: CountsRequest): SqlQuery {
  if (request.periods.length === 0) throw new Error('buildCountsQuery needs at least one period');
  const { measure } = request.indicator;
  const narrowed = { ...request, values: withSubset(request.indicator, request.values) };
  return measure.kind === 'count-within' ? buildWithinQuery(narrowed, measure.metres) : buildInsideQuery(narrowed);
}

/**
 * The request's filters inside the indicator's own subset (e.g. only `burenconflict`): a
 * property the request leaves open takes the subset's values, one it filters keeps only the
 * values in both (parseIndicatorFilters refuses the others before this).
 */
export function withSubset(indicator: IndicatorDefinition, values: Record<string, string[]>): Record<string, string[]> {
  const narrowed = { ...values };
  for (const [property, allowed] of Object.entries(indicator.subset ?? {})) {
    const requested = narrowed[property];
    narrowed[property] = requested ? requested.filter((value) => allowed.includes(value)) : allowed;
  }
  return narrowed;
}

/** Bound parameters, numbered in the order they are added. */
function parameters() {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  return { values, param };
}

/**
 * A feature's time as timestamptz: its start, and its end (null = ongoing) for layers with a
 * period. Dates count as the start of their UTC day, as in the features API's `datetime`.
 */
function featureTime(layer: LayerDefinition): { starts: string; ends: string; endsCanBeOpen: boolean } {
  if (!layer.temporal) throw new Error(`layer "${layer.id}" has no time to count periods in`);
  const expression = (column: string) => {
    const property = layer.properties.find((p) => p.column === column);
    return property?.type === 'date' ? `(t.${id(column)}::timestamp AT TIME ZONE 'UTC')` : `t.${id(column)}`;
  };
  const starts = expression(layer.temporal.start);
  return layer.temporal.end
    ? { starts, ends: expression(layer.temporal.end), endsCanBeOpen: true }
    : { starts, ends: starts, endsCanBeOpen: false };
}

/** The smallest interval that covers all periods (open on a side if any period is). */
function coveringInterval(periods: readonly TimeInterval[]): TimeInterval {
  const starts = periods.map((p) => p.start?.getTime() ?? null);
  const ends = periods.map((p) => p.end?.getTime() ?? null);
  const known = (times: (number | null)[]) => times.filter((time) => time !== null);
  return {
    start: starts.includes(null) ? null : new Date(Math.min(...known(starts))),
    end: ends.includes(null) ? null : new Date(Math.max(...known(ends))),
  };
}

/**
 * Features counted in the one sector they lie in: a point on a shared border goes to the sector
 * with the lowest code, a point outside every sector to none. A feature counts in a period
 * when its [start, end] intersects it (an instant: lies in it).
 */
function buildInsideQuery({ indicator, values: filterValues, periods, sectorCode, unit }: CountsRequest): SqlQuery {
  const layer = layerOf(indicator);
  const units = UNIT_SOURCES[unit ?? 'sector'];
  const { values, param } = parameters();
  const starts = param(periods.map((p) => p.start?.toISOString() ?? null));
  const lasts = param(periods.map((p) => p.end?.toISOString() ?? null));
  const time = featureTime(layer);
  const table = `${id(layer.table)} AS t`;
  const geom = `t.${id(layer.geometryColumn)}`;

  // Count only what some period can hold: the time indexes narrow the spatial join.
  const conditions: string[] = [];
  const covering = coveringInterval(periods);
  if (covering.start) {
    const from = `${param(covering.start.toISOString())}::timestamptz`;
    conditions.push(
      time.endsCanBeOpen ? `(${time.ends} IS NULL OR ${time.ends} >= ${from})` : `${time.ends} >= ${from}`,
    );
  }
  if (covering.end) {
    conditions.push(`${time.starts} < ${param(covering.end.toISOString())}::timestamptz + interval '1 millisecond'`);
  }
  let sectorFilter = 'true';
  if (sectorCode !== undefined) {
    const code = param(sectorCode);
    sectorFilter = `n.code = ${code}`;
    conditions.push(`EXISTS (SELECT 1 FROM ${units} AS s WHERE s.code = ${code} AND ST_Intersects(s.geom, ${geom}))`);
  }
  const filters = buildWhere(layer, { values: filterValues }, values.length + 1);
  values.push(...filters.values);
  conditions.push(filters.text);
  const { measure } = indicator;
  if (measure.kind === 'rate' && measure.near) conditions.push(nearCondition(geom, measure.near, param));
  // On record long enough by the end of the period, by its removal, or by now when both are open.
  const longEnough =
    measure.kind === 'rate' && measure.minimumYearsOnRecord !== undefined
      ? `AND coalesce(least(f.ends, p.stop), now()) >= f.starts + make_interval(years => ${param(measure.minimumYearsOnRecord)}::integer)`
      : '';

  // What counts in a period: a feature whose [start, end] intersects it; for a median of
  // durations, one whose end falls in it (ended then), measured in whole UTC calendar days.
  const inPeriod =
    measure.kind === 'median-duration'
      ? `f.ends IS NOT NULL AND (p.start IS NULL OR f.ends >= p.start) AND (p.stop IS NULL OR f.ends < p.stop)`
      : `(p.stop IS NULL OR f.starts < p.stop) AND (p.start IS NULL OR f.ends IS NULL OR f.ends >= p.start)`;
  const median =
    measure.kind === 'median-duration'
      ? `, percentile_cont(0.5) WITHIN GROUP (ORDER BY (f.ends AT TIME ZONE 'UTC')::date - (f.starts AT TIME ZONE 'UTC')::date) AS median`
      : '';

  const text = `
    WITH periods AS (
      SELECT p.i, p.start, p.last + interval '1 millisecond' AS stop
        FROM unnest(${starts}::timestamptz[], ${lasts}::timestamptz[]) WITH ORDINALITY AS p(start, last, i)
    ),
    placed AS (
      SELECT DISTINCT ON (t.${id(layer.idColumn)})
             t.${id(layer.idColumn)} AS feature_id, n.code,
             ${time.starts} AS starts, ${time.ends} AS ends
        FROM ${table}
        JOIN ${units} AS n ON ST_Intersects(n.geom, ${geom})
       WHERE ${conditions.join(' AND ')}
       ORDER BY t.${id(layer.idColumn)}, n.code
    )
    SELECT n.code, n.name, n.population, n.dwellings,
           p.i::integer AS period, count(f.feature_id)::integer AS count${median}
      FROM ${units} AS n
     CROSS JOIN periods AS p
      LEFT JOIN placed AS f
        ON f.code = n.code
       AND ${inPeriod}
       ${longEnough}
     WHERE ${sectorFilter}
     GROUP BY n.code, n.name, n.population, n.dwellings, p.i
     ORDER BY n.code, p.i`;
  return { text, values };
}

/*
 * A degree of latitude is 111 km and one of longitude about 70 km in Belgium: a box grown by
 * metres / 50,000 degrees holds everything within `metres`, so the GiST index can narrow the
 * exact test in Lambert 72.
 */
const DEGREES_PER_METRE_UPPER_BOUND = 1 / 50_000;

/** The feature lies within `near.metres` (straight-line) of a feature of `near.layer`. */
function nearCondition(geom: string, near: { layer: string; metres: number }, param: (value: unknown) => string) {
  const other = findLayer(near.layer);
  if (!other) throw new Error(`indicator counts features near unknown layer "${near.layer}"`);
  const otherGeom = `y.${id(other.geometryColumn)}`;
  const metres = param(near.metres);
  const degrees = param(near.metres * DEGREES_PER_METRE_UPPER_BOUND);
  return `EXISTS (SELECT 1 FROM ${id(other.table)} AS y
                   WHERE ${otherGeom} && ST_Expand(${geom}, ${degrees}::float8)
                     AND ST_DWithin(ST_Transform(${otherGeom}, 31370), ST_Transform(${geom}, 31370), ${metres}))`;
}

/*
 * The sector's box grown by the radius is taken back to WGS 84 so that the layer's GiST index
 * finds the candidates; 10 m more covers the bow of the box's edges between projections.
 */
const REACH_MARGIN_METRES = 10;

/**
 * Features inside a sector or within `metres` of its edge, straight-line, in Belgian Lambert 72
 * (EPSG:31370, metres). A feature may count for several sectors.
 */
function buildWithinQuery(
  { indicator, values: filterValues, sectorCode, unit }: CountsRequest,
  metres: number,
): SqlQuery {
  const layer = layerOf(indicator);
  const { values, param } = parameters();
  const radius = param(metres);
  const reach = param(metres + REACH_MARGIN_METRES);
  const sectorFilter = sectorCode === undefined ? 'true' : `n.code = ${param(sectorCode)}`;
  const filters = buildWhere(layer, { values: filterValues }, values.length + 1);
  values.push(...filters.values);
  const geom = `t.${id(layer.geometryColumn)}`;

  const text = `
    WITH sectors AS MATERIALIZED (
      SELECT n.code, n.name, n.population, n.dwellings, ST_Transform(n.geom, 31370) AS metric
        FROM ${UNIT_SOURCES[unit ?? 'sector']} AS n
       WHERE ${sectorFilter}
    ),
    reaches AS MATERIALIZED (
      SELECT s.*, ST_Transform(ST_Expand(ST_Envelope(s.metric), ${reach}), 4326) AS reach FROM sectors AS s
    )
    SELECT s.code, s.name, s.population, s.dwellings, 1 AS period, count(t.${id(layer.idColumn)})::integer AS count
      FROM reaches AS s
      LEFT JOIN ${id(layer.table)} AS t
        ON ${geom} && s.reach
       AND ST_DWithin(s.metric, ST_Transform(${geom}, 31370), ${radius})
       AND ${filters.text}
     GROUP BY s.code, s.name, s.population, s.dwellings
     ORDER BY s.code`;
  return { text, values };
}

/** A sector's name (null when unknown) and the first and last instant of the layer's data. */
export interface SeriesContextRow {
  name: string | null;
  first: Date | null;
  last: Date | null;
}

/**
 * The sector's name and the time span of the indicator's whole layer (unfiltered, so every
 * sector's series covers the same years). A period's end counts when it is known.
 */
export function buildSeriesContextQuery(indicator: IndicatorDefinition, code: string): SqlQuery {
  const layer = layerOf(indicator);
  const time = featureTime(layer);
  const last = time.endsCanBeOpen ? `greatest(${time.starts}, ${time.ends})` : time.starts;
  const text = `
    SELECT (SELECT n.${sector.name} FROM ${sector.table} AS n WHERE n.${sector.code} = $1) AS name,
           min(${time.starts}) AS first, max(${last}) AS last
      FROM ${id(layer.table)} AS t`;
  return { text, values: [code] };
}
