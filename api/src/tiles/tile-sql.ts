import pg from 'pg';
import { buildWhere, propertyExpression, type SqlQuery } from '../layers/features-query.ts';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { type PublicCells, publicCellsSource } from './public-cells-sql.ts';
import { tileBounds3857, type TileCoord } from './tile-grid.ts';

/** Tile geometry as Mapbox Vector Tile 2.1 wants it (and as ST_AsMVT makes it). */
export const EXTENT = 4096;
export const BUFFER = 64;
/** Aggregated point layers count points in cells of EXTENT / CELLS_PER_TILE tile units. */
export const CELLS_PER_TILE = 64;

export interface TileOptions {
  /** Below this zoom, point layers are sent as counts per grid cell instead of points. */
  aggregateBelowZoom: number;
}

/**
 * How a tile of this layer is made: raw features, or point counts per grid cell (`count`
 * property, cell centre as the point) so low zooms stay small whatever the data's size.
 */
export function isAggregated(layer: LayerDefinition, z: number, options: TileOptions): boolean {
  return layer.geometryType === 'Point' && z < options.aggregateBelowZoom;
}

const id = (name: string) => pg.escapeIdentifier(name);

/** The id column goes into the tile as the feature id when it is numeric, else as a property. */
export function tileFeatureIdColumn(layer: LayerDefinition): string | null {
  return layer.properties.some((p) => p.column === layer.idColumn) ? null : layer.idColumn;
}

/**
 * The features of one tile, in EPSG:3857, after the layer's filters: the common core of the
 * database's own encoding (ST_AsMVT) and the fallback one. $1..$3 are z, x, y; $4 is the
 * margin around the tile (as a fraction of its width) that the index filter takes in.
 */
function tileFeatures(layer: LayerDefinition, filters: FeatureFilters, aggregated: boolean): SqlQuery {
  const where = buildWhere(layer, filters, 5);
  const geom = `ST_Transform(t.${id(layer.geometryColumn)}, 3857)`;
  const idColumn = tileFeatureIdColumn(layer);
  const columns = aggregated
    ? []
    : [
        ...(idColumn ? [`t.${id(idColumn)} AS "__id"`] : []),
        ...layer.properties.map((p) => `${propertyExpression(p)} AS ${id(p.name)}`),
      ];
  // Polygons lose the detail a tile cannot show (under half a tile unit).
  const geometry =
    layer.geometryType === 'Point'
      ? geom
      : `ST_Simplify(${geom}, (ST_XMax(b.env) - ST_XMin(b.env)) / ${EXTENT * 2}, true)`;
  const text = `
    SELECT ${[...columns, `${geometry} AS geom3857`].join(', ')}
      FROM ${id(layer.table)} AS t,
           (SELECT ST_TileEnvelope($1, $2, $3) AS env,
                   ST_Transform(ST_TileEnvelope($1, $2, $3, margin => $4), 4326) AS filter_env) AS b
     WHERE t.${id(layer.geometryColumn)} && b.filter_env AND ${where.text}`;
  return { text, values: where.values };
}

/**
 * Counts per grid cell: points snapped to cell centres (offset by half a cell, so no centre
 * lies on a tile edge and every cell belongs to exactly one tile).
 */
function cellCounts(features: string): string {
  return `
    SELECT count(*)::int AS count, cell AS geom3857
      FROM (SELECT ST_SnapToGrid(f.geom3857, c.half, c.half, c.size, c.size) AS cell
              FROM (${features}) AS f,
                   (SELECT (ST_XMax(env) - ST_XMin(env)) / ${CELLS_PER_TILE} AS size,
                           (ST_XMax(env) - ST_XMin(env)) / ${CELLS_PER_TILE * 2} AS half, env
                      FROM (SELECT ST_TileEnvelope($1, $2, $3) AS env) AS e) AS c
             WHERE ST_Intersects(f.geom3857, c.env)) AS snapped
     GROUP BY cell`;
}

/** The tile's rows (geom3857 and properties): the staff's features or cells, or the public's cells. */
function source(
  layer: LayerDefinition,
  tile: TileCoord,
  filters: FeatureFilters,
  options: TileOptions,
  publicCells: PublicCells | undefined,
) {
  if (publicCells) return publicCellsSource(layer, tile, filters, publicCells);
  const aggregated = isAggregated(layer, tile.z, options);
  const features = tileFeatures(layer, filters, aggregated);
  const margin = aggregated ? 0 : BUFFER / EXTENT;
  return {
    aggregated,
    text: aggregated ? cellCounts(features.text) : features.text,
    values: [tile.z, tile.x, tile.y, margin, ...features.values],
  };
}

/**
 * One query that returns the finished tile (`mvt` bytea, NULL-free) from ST_AsMVT. With
 * `publicCells`, the public's tile: counts per cell only (public-cells-sql.ts).
 */
export function buildMvtQuery(
  layer: LayerDefinition,
  tile: TileCoord,
  filters: FeatureFilters,
  options: TileOptions,
  publicCells?: PublicCells,
): SqlQuery {
  const { aggregated, text, values } = source(layer, tile, filters, options, publicCells);
  const idColumn = aggregated ? null : tileFeatureIdColumn(layer);
  const keep = aggregated ? ['count'] : [...(idColumn ? ['"__id"'] : []), ...layer.properties.map((p) => id(p.name))];
  const sql = `
    SELECT coalesce(ST_AsMVT(q, $${values.length + 1}, ${EXTENT}, 'geom'${idColumn ? `, '__id'` : ''}), ''::bytea) AS mvt
      FROM (SELECT ${keep.map((k) => `s.${k}`).join(', ')},
                   ST_AsMVTGeom(s.geom3857, ST_TileEnvelope($1, $2, $3), ${EXTENT}, ${BUFFER}, true) AS geom
              FROM (${text}) AS s) AS q
     WHERE q.geom IS NOT NULL`;
  return { text: sql, values: [...values, layer.id] };
}

/**
 * The same features for the fallback encoder: each row's geometry already in tile units
 * (GeoJSON text, integer coordinates, clipped to the buffered tile, y pointing down, rings
 * wound as MVT 2.1 requires), with its properties as JSON.
 */
export function buildTileRowsQuery(
  layer: LayerDefinition,
  tile: TileCoord,
  filters: FeatureFilters,
  options: TileOptions,
  publicCells?: PublicCells,
): SqlQuery {
  const { aggregated, text, values } = source(layer, tile, filters, options, publicCells);
  const [minX, , maxX, maxY] = tileBounds3857(tile);
  const scale = EXTENT / (maxX - minX);
  const n = values.length;
  const idColumn = aggregated ? null : tileFeatureIdColumn(layer);
  const properties = aggregated
    ? `json_build_object('count', s.count)`
    : `json_build_object(${layer.properties.map((p) => `'${p.name}', s.${id(p.name)}`).join(', ')})`;
  // Tile units: x' = (x - minX) * scale, y' = (maxY - y) * scale; polygons are clipped to the
  // buffered tile first, then everything is snapped to whole units (as ST_AsMVTGeom does).
  const affine = `ST_Affine(s.geom3857, $${n + 1}::float8, 0, 0, -$${n + 1}::float8, -$${n + 2}::float8 * $${n + 1}::float8, $${n + 3}::float8 * $${n + 1}::float8)`;
  const clipped =
    layer.geometryType === 'Point'
      ? `ST_SnapToGrid(${affine}, 1)`
      : `ST_ForcePolygonCCW(ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(ST_ClipByBox2D(${affine}, ST_MakeEnvelope(${-BUFFER}, ${-BUFFER}, ${EXTENT + BUFFER}, ${EXTENT + BUFFER})), 1)), 3))`;
  const sql = `
    SELECT ${idColumn ? 's."__id" AS id' : 'NULL::bigint AS id'}, ${properties} AS properties, ST_AsGeoJSON(g) AS geometry
      FROM (${text}) AS s, LATERAL (SELECT ${clipped} AS g) AS tiled
     WHERE NOT ST_IsEmpty(g)
       AND (GeometryType(g) NOT IN ('POINT', 'MULTIPOINT')
            OR ST_Intersects(g, ST_MakeEnvelope(${-BUFFER}, ${-BUFFER}, ${EXTENT + BUFFER}, ${EXTENT + BUFFER}, 3857)))`;
  return { text: sql, values: [...values, scale, minX, maxY] };
}
