import pg from 'pg';
import type { FeatureFilters } from './filters.ts';
import type { LayerDefinition, LayerProperty } from './types.ts';

export interface SqlQuery {
  text: string;
  values: unknown[];
}

const id = (name: string) => pg.escapeIdentifier(name);

/** SQL expression of a property's value as the API gives it (GeoJSON and vector tiles). */
export function propertyExpression(property: LayerProperty): string {
  const column = `t.${id(property.column)}`;
  // Dates as YYYY-MM-DD and instants as RFC 3339 UTC, whatever the session's time zone.
  if (property.type === 'date') return `to_char(${column}, 'YYYY-MM-DD')`;
  if (property.type === 'datetime') return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  return column;
}

/**
 * Builds the WHERE clause for a layer's filters. Identifiers come from the registry; every
 * value is a bound parameter, numbered from `firstParameter`.
 */
export function buildWhere(layer: LayerDefinition, filters: FeatureFilters, firstParameter = 1): SqlQuery {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${firstParameter + values.length - 1}`;
  };

  if (filters.bbox) {
    const [west, south, east, north] = filters.bbox.map(param);
    conditions.push(
      `ST_Intersects(t.${id(layer.geometryColumn)}, ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326))`,
    );
  }
  if (filters.datetime && layer.temporal) {
    const start = temporalColumn(layer.temporal.start);
    const end = layer.temporal.end ? temporalColumn(layer.temporal.end) : start;
    // The feature's [start, end] must intersect the requested interval; no end = ongoing.
    if (filters.datetime.end) conditions.push(`${start} <= ${param(filters.datetime.end.toISOString())}::timestamptz`);
    if (filters.datetime.start) {
      const from = `${param(filters.datetime.start.toISOString())}::timestamptz`;
      conditions.push(layer.temporal.end ? `(${end} IS NULL OR ${end} >= ${from})` : `${end} >= ${from}`);
    }
  }
  for (const [name, allowed] of Object.entries(filters.values ?? {})) {
    const property = layer.properties.find((p) => p.name === name);
    if (property) conditions.push(`t.${id(property.column)} = ANY(${param(allowed)}::text[])`);
  }
  return { text: conditions.length > 0 ? conditions.join(' AND ') : 'true', values };

  // Dates compare as the start of their UTC day, matching how bare dates in `datetime` are read.
  function temporalColumn(column: string): string {
    const property = layer.properties.find((p) => p.column === column);
    return property?.type === 'date' ? `(t.${id(column)}::timestamp AT TIME ZONE 'UTC')` : `t.${id(column)}`;
  }
}

/**
 * One query that returns the whole RFC 7946 FeatureCollection as JSON text, built by
 * PostgreSQL, with the number matched and returned (as OGC API Features reports them).
 */
export function buildFeaturesQuery(layer: LayerDefinition, filters: FeatureFilters, limit: number): SqlQuery {
  const where = buildWhere(layer, filters);
  const limitParam = `$${where.values.length + 1}`;
  const properties = layer.properties.map((p) => `'${p.name}', ${propertyExpression(p)}`).join(', ');
  const table = `${id(layer.table)} AS t`;
  const text = `
    WITH page AS (
      SELECT t.${id(layer.idColumn)} AS feature_id,
             json_build_object(${properties}) AS properties,
             ST_AsGeoJSON(t.${id(layer.geometryColumn)}, 6)::json AS geometry
        FROM ${table}
       WHERE ${where.text}
       ORDER BY t.${id(layer.idColumn)}
       LIMIT ${limitParam}
    )
    SELECT json_build_object(
      'type', 'FeatureCollection',
      'numberMatched', (SELECT count(*) FROM ${table} WHERE ${where.text}),
      'numberReturned', (SELECT count(*) FROM page),
      'features', coalesce(
        (SELECT json_agg(json_build_object('type', 'Feature', 'id', feature_id,
                                           'geometry', geometry, 'properties', properties)
                         ORDER BY feature_id)
           FROM page),
        '[]'::json)
    )::text AS body`;
  return { text, values: [...where.values, limit] };
}
