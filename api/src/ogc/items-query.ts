import pg from 'pg';
import { hasNumericKeys } from '../export/export-query.ts';
import { buildWhere, propertyExpression, type SqlQuery } from '../layers/features-query.ts';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';

/*
 * SQL for the items of a collection. As in the features API (decision record 2), PostgreSQL
 * writes the features' GeoJSON; the route only wraps it with the OGC members and links.
 */

const id = (name: string) => pg.escapeIdentifier(name);

/** The largest bigint: a numeric feature id beyond it cannot exist (and would make PostgreSQL fail). */
const MAX_BIGINT = 2n ** 63n - 1n;

/** One RFC 7946 Feature of the layer (table alias `t`) as a json expression, in the features API's shape. */
function featureExpression(layer: LayerDefinition): string {
  const properties = layer.properties.map((p) => `'${p.name}', ${propertyExpression(p)}`).join(', ');
  return `json_build_object('type', 'Feature', 'id', t.${id(layer.idColumn)},
                            'geometry', ST_AsGeoJSON(t.${id(layer.geometryColumn)}, 6)::json,
                            'properties', json_build_object(${properties}))`;
}

export interface ItemsRow {
  number_matched: number;
  number_returned: number;
  /** The page's features as a JSON array, in id order. */
  features: string;
}

/**
 * One page of a layer's features in id order (a stable order, so pages neither overlap nor
 * skip while the data stay the same), with how many match in all and how many are on the page.
 * The page's ids are found first and only its rows are turned into JSON: PostgreSQL would
 * otherwise build the GeoJSON of every row OFFSET skips.
 */
export function buildItemsQuery(
  layer: LayerDefinition,
  filters: FeatureFilters,
  limit: number,
  offset: number,
): SqlQuery {
  const where = buildWhere(layer, filters);
  const limitParam = `$${where.values.length + 1}`;
  const offsetParam = `$${where.values.length + 2}`;
  const key = id(layer.idColumn);
  const table = `${id(layer.table)} AS t`;
  const text = `
    WITH page AS (
      SELECT t.${key} AS feature_id
        FROM ${table}
       WHERE ${where.text}
       ORDER BY t.${key}
       LIMIT ${limitParam} OFFSET ${offsetParam}
    )
    SELECT (SELECT count(*) FROM ${table} WHERE ${where.text})::int AS number_matched,
           (SELECT count(*) FROM page)::int AS number_returned,
           coalesce((SELECT json_agg(${featureExpression(layer)} ORDER BY t.${key})
                       FROM page JOIN ${table} ON t.${key} = page.feature_id), '[]'::json)::text AS features`;
  return { text, values: [...where.values, limit, offset] };
}

/**
 * The feature id of a URL as the layer's id column takes it, or null when no feature can have
 * it (a numbered layer asked for "abc", or a number beyond bigint): such a feature is not found.
 */
export function featureKeyOf(layer: LayerDefinition, raw: string): string | null {
  if (!hasNumericKeys(layer)) return raw;
  if (!/^[1-9]\d{0,18}$/.test(raw) || BigInt(raw) > MAX_BIGINT) return null;
  return raw;
}

/** One feature by its id (from featureKeyOf), as Feature JSON text; no row when there is none. */
export function buildItemQuery(layer: LayerDefinition, key: string): SqlQuery {
  const text = `
    SELECT ${featureExpression(layer)}::text AS feature
      FROM ${id(layer.table)} AS t
     WHERE t.${id(layer.idColumn)} = $1`;
  return { text, values: [key] };
}
