import pg from 'pg';
import { buildWhere, propertyExpression, type SqlQuery } from '../layers/features-query.ts';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition, LayerProperty } from '../layers/types.ts';

export type ExportFormat = 'csv' | 'geojson' | 'gpkg';

/** Rows per keyset page: a page is held in memory, never the whole export. */
export const EXPORT_PAGE_SIZE = 5000;

/** A feature's id: bigint for the point layers, the sector `code` (text) for neighbourhoods. */
export type FeatureKey = number | string;

/**
 * Whether a layer's features are numbered (an identity column) rather than named by a text
 * code that is also one of its properties (the sectors' `code`).
 */
export function hasNumericKeys(layer: LayerDefinition): boolean {
  return !layer.properties.some((p) => p.column === layer.idColumn && p.type === 'string');
}

/** One row of a page: its keyset key, then the format's columns (see buildExportPageQuery). */
export interface ExportRow {
  key: FeatureKey;
  [column: string]: unknown;
}

const id = (name: string) => pg.escapeIdentifier(name);

/**
 * A property as a GeoPackage column holds it (GeoPackage 1.3, table 1): DATETIME as
 * `YYYY-MM-DDTHH:MM:SS.SSSZ` in UTC, BOOLEAN as 0 or 1; the rest as the API gives it.
 */
export function gpkgValueExpression(property: LayerProperty): string {
  const column = `t.${id(property.column)}`;
  if (property.type === 'datetime') return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  if (property.type === 'boolean') return `${column}::int`;
  return propertyExpression(property);
}

/**
 * One keyset page of a layer's export: the features after `after` (null for the first page)
 * in id order, at most `pageSize`. Keyset rather than OFFSET, so every page is an index range
 * scan however deep into the export it is.
 *
 * Columns: `geojson` gives `feature`, the RFC 7946 Feature as JSON text in the features API's
 * shape; `csv` gives `p0`…`pN` (the registry's properties, in order) and `longitude`/`latitude`
 * for points or `wkt` for polygons, coordinates to 6 decimals (about 0.1 m); `gpkg` gives
 * `p0`…`pN` as a GeoPackage stores them (see gpkgValueExpression), the geometry as WKB at full
 * precision (`wkb`) and its envelope (`min_x`, `max_x`, `min_y`, `max_y`).
 */
export function buildExportPageQuery(
  layer: LayerDefinition,
  filters: FeatureFilters,
  format: ExportFormat,
  after: FeatureKey | null,
  pageSize: number = EXPORT_PAGE_SIZE,
): SqlQuery {
  const where = buildWhere(layer, filters);
  const values = [...where.values];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const key = `t.${id(layer.idColumn)}`;
  const geometry = `t.${id(layer.geometryColumn)}`;
  const conditions = [where.text];
  if (after !== null) conditions.push(`${key} > ${param(after)}`);

  let columns: string;
  if (format === 'geojson') {
    const properties = layer.properties.map((p) => `'${p.name}', ${propertyExpression(p)}`).join(', ');
    columns = `json_build_object('type', 'Feature', 'id', ${key},
                                 'geometry', ST_AsGeoJSON(${geometry}, 6)::json,
                                 'properties', json_build_object(${properties}))::text AS feature`;
  } else if (format === 'gpkg') {
    const properties = layer.properties.map((p, i) => `${gpkgValueExpression(p)} AS p${i}`);
    const envelope = [`ST_XMin(${geometry}) AS min_x`, `ST_XMax(${geometry}) AS max_x`];
    envelope.push(`ST_YMin(${geometry}) AS min_y`, `ST_YMax(${geometry}) AS max_y`);
    columns = [...properties, `ST_AsBinary(${geometry}) AS wkb`, ...envelope].join(', ');
  } else {
    const properties = layer.properties.map((p, i) => `${propertyExpression(p)} AS p${i}`);
    const place =
      layer.geometryType === 'Point'
        ? [
            `round(ST_X(${geometry})::numeric, 6)::float8 AS longitude`,
            `round(ST_Y(${geometry})::numeric, 6)::float8 AS latitude`,
          ]
        : [`ST_AsText(${geometry}, 6) AS wkt`];
    columns = [...properties, ...place].join(', ');
  }

  const text = `
    SELECT ${key} AS key, ${columns}
      FROM ${id(layer.table)} AS t
     WHERE ${conditions.join(' AND ')}
     ORDER BY ${key}
     LIMIT ${param(pageSize)}`;
  return { text, values };
}

/**
 * Every matching feature, page by page, in id order. Each page is its own query, so the
 * connection goes back to the pool between pages: the embedded database has only one, and a
 * slow download must not hold it. Pages are not one snapshot: a row written during the
 * export may be in it or not, but the keyset never gives a row twice nor skips one that stays.
 */
export async function* readExportPages(
  pool: pg.Pool,
  layer: LayerDefinition,
  filters: FeatureFilters,
  format: ExportFormat,
  pageSize: number = EXPORT_PAGE_SIZE,
): AsyncGenerator<ExportRow[]> {
  let after: FeatureKey | null = null;
  for (;;) {
    const { text, values } = buildExportPageQuery(layer, filters, format, after, pageSize);
    const { rows } = await pool.query<ExportRow>(text, values);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.key;
  }
}
