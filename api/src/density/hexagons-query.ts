import pg from 'pg';
import { buildWhere, type SqlQuery } from '../layers/features-query.ts';
import type { BBox, FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';

/** Edge length of a hexagon in metres, as ST_HexagonGrid takes it. */
export const HEXAGON_SIZE = { min: 50, max: 2000, default: 250 } as const;

/**
 * The most hexagons a grid may have: each one is an index probe. Halle's whole territory at
 * the smallest size is about 15,000; a stray point far away must not ask for millions.
 */
export const MAX_GRID_HEXAGONS = 50_000;

/** The grid reaches this far past the points, so a point on the extent's edge is inside a hexagon. */
const EXTENT_MARGIN_METRES = 1;

/** Bounds in EPSG:31370 (Belgian Lambert 72), metres. */
export interface MetricExtent {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

const id = (name: string) => pg.escapeIdentifier(name);

/**
 * The filtered points' extent in EPSG:31370, and how many there are. The extent is taken in
 * WGS 84 (no per-point transform) and its outline densified to ~100 m segments before it is
 * transformed, because Lambert's parallels are curves: the corners alone would miss a few
 * metres along the edges.
 */
export function buildPointExtentQuery(layer: LayerDefinition, filters: FeatureFilters): SqlQuery {
  const where = buildWhere(layer, filters);
  const text = `
    WITH matched AS (
      SELECT ST_SetSRID(ST_Extent(t.${id(layer.geometryColumn)})::geometry, 4326) AS extent, count(*)::integer AS points
        FROM ${id(layer.table)} AS t
       WHERE ${where.text}
    ), metric AS (
      SELECT ST_Expand(ST_Envelope(ST_Transform(ST_Segmentize(extent, 0.001), 31370)), ${EXTENT_MARGIN_METRES}) AS box,
             points
        FROM matched
    )
    SELECT ST_XMin(box) AS xmin, ST_YMin(box) AS ymin, ST_XMax(box) AS xmax, ST_YMax(box) AS ymax, points
      FROM metric`;
  return { text, values: where.values };
}

/** Area of a regular hexagon with edge `size`: 3√3/2 · size². */
export function hexagonArea(size: number): number {
  return ((3 * Math.sqrt(3)) / 2) * size * size;
}

/**
 * An upper estimate of the hexagons ST_HexagonGrid makes over `extent`: the area of the
 * extent grown by a hexagon on each side, over one hexagon's area.
 */
export function estimateGridHexagons(extent: MetricExtent, size: number): number {
  const width = extent.xmax - extent.xmin + 4 * size;
  const height = extent.ymax - extent.ymin + 4 * size;
  return Math.ceil((width * height) / hexagonArea(size));
}

/**
 * CTEs `placed` and `counts` (i, j, count) over a CTE `grid` (i, j, geom in WGS 84): each point
 * that passes `where` goes to one hexagon (DISTINCT ON: a point on a shared edge to the first),
 * so the counts add up to the points.
 */
export function countsPerHexagonCtes(layer: LayerDefinition, where: string): string {
  return `placed AS (
      SELECT DISTINCT ON (t.${id(layer.idColumn)}) g.i, g.j
        FROM grid AS g
        JOIN ${id(layer.table)} AS t ON ST_Intersects(t.${id(layer.geometryColumn)}, g.geom)
       WHERE ${where}
       ORDER BY t.${id(layer.idColumn)}, g.i, g.j
    ), counts AS (
      SELECT i, j, count(*)::integer AS count FROM placed GROUP BY i, j
    )`;
}

/**
 * Counts of the filtered points per hexagon of a grid with edge `size` (metres) laid over
 * `extent` (EPSG:31370); only hexagons with points, ordered by column then row.
 *
 * Each hexagon is transformed to WGS 84 before the join, so the join uses the points' GiST
 * index and counts exactly what the returned outline holds. A point on an edge shared by two
 * hexagons would be in both: DISTINCT ON gives it to the first, so the counts add up to the
 * number of points.
 */
export function buildHexagonsQuery(
  layer: LayerDefinition,
  filters: FeatureFilters,
  size: number,
  extent: MetricExtent,
): SqlQuery {
  const where = buildWhere(layer, filters, 6);
  const text = `
    WITH grid AS MATERIALIZED (
      SELECT h.i, h.j, ST_Transform(h.geom, 4326) AS geom
        FROM ST_HexagonGrid($1, ST_MakeEnvelope($2, $3, $4, $5, 31370)) AS h
    ), ${countsPerHexagonCtes(layer, where.text)}
    SELECT c.i, c.j, c.count, ST_AsGeoJSON(g.geom, 6)::json AS geometry
      FROM counts AS c
      JOIN grid AS g ON g.i = c.i AND g.j = c.j
     ORDER BY c.i, c.j`;
  return { text, values: [size, extent.xmin, extent.ymin, extent.xmax, extent.ymax, ...where.values] };
}

const METRES_PER_DEGREE_LATITUDE = 110_574; // the least, at the equator
const METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111_320;
/** Past a hexagon's width: the grid is in Lambert 72, slightly turned against the meridians. */
const COUNTING_MARGIN = 1.1;

/**
 * The box whose points a hexagon meeting `bbox` can hold: `bbox` grown on every side by a
 * hexagon's width (2 × edge `size`), with a margin, in degrees (longitude degrees shrink
 * towards the poles, so the widest latitude of the box sets them).
 */
export function countingBox([west, south, east, north]: BBox, size: number): BBox {
  const metres = 2 * size * COUNTING_MARGIN;
  const dLat = metres / METRES_PER_DEGREE_LATITUDE;
  const grownSouth = Math.max(-90, south - dLat);
  const grownNorth = Math.min(90, north + dLat);
  const widest = Math.min(89, Math.max(Math.abs(grownSouth), Math.abs(grownNorth)));
  const dLon = metres / (METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR * Math.cos((widest * Math.PI) / 180));
  return [Math.max(-180, west - dLon), grownSouth, Math.min(180, east + dLon), grownNorth];
}
