import { countsPerHexagonCtes, type MetricExtent } from '../density/hexagons-query.ts';
import { buildWhere, type SqlQuery } from '../layers/features-query.ts';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';

/** Hexagon edge length in metres for hotspots (the same meaning as the density's `size`). */
export const HOTSPOT_CELL = { min: 100, max: 2000, default: 250 } as const;

/**
 * The most hexagons a hotspot grid may have. Every cell of the study area is returned (empty
 * ones too: they are part of the test), so this bounds the response: Halle at 100 m is about
 * 3,800; a city of 200 km² at 100 m about 8,000.
 */
export const MAX_HOTSPOT_HEXAGONS = 20_000;

/**
 * The extent of the municipality boundary (all rows of `municipalities`) in EPSG:31370, with
 * its outline densified to ~100 m before the transform as for the density's extent (Lambert's
 * parallels are curves). All NULL when the table is empty.
 */
export function buildBoundaryExtentQuery(): SqlQuery {
  const text = `
    WITH boundary AS (
      SELECT ST_SetSRID(ST_Extent(geom)::geometry, 4326) AS extent FROM municipalities
    ), metric AS (
      SELECT ST_Envelope(ST_Transform(ST_Segmentize(extent, 0.001), 31370)) AS box FROM boundary
    )
    SELECT ST_XMin(box) AS xmin, ST_YMin(box) AS ymin, ST_XMax(box) AS xmax, ST_YMax(box) AS ymax
      FROM metric`;
  return { text, values: [] };
}

/**
 * Every hexagon of the study area with the number of the layer's filtered points in it.
 *
 * The grid is ST_HexagonGrid with edge `cell` over `extent` (the boundary's, EPSG:31370). The
 * study area is the hexagons whose centre lies inside a municipality (a point-in-polygon test,
 * no GEOS overlay); hexagons without points are returned with count 0. A hexagon's centre is the
 * middle of its bounding box (exact for a regular hexagon).
 *
 * Points are placed as the density places them: each hexagon is transformed to WGS 84 so the
 * join uses the points' GiST index, and a point on an edge shared by two hexagons goes to the
 * first in column, row order (DISTINCT ON), so it counts once. A point whose hexagon lies
 * outside the study area is not counted.
 */
export function buildHotspotCellsQuery(
  layer: LayerDefinition,
  filters: FeatureFilters,
  cell: number,
  extent: MetricExtent,
): SqlQuery {
  const where = buildWhere(layer, filters, 6);
  const text = `
    WITH grid AS MATERIALIZED (
      SELECT h.i, h.j,
             (ST_XMin(h.geom) + ST_XMax(h.geom)) / 2 AS x,
             (ST_YMin(h.geom) + ST_YMax(h.geom)) / 2 AS y,
             ST_Transform(h.geom, 4326) AS geom
        FROM ST_HexagonGrid($1, ST_MakeEnvelope($2, $3, $4, $5, 31370)) AS h
    ), study AS (
      SELECT g.i, g.j, g.x, g.y, g.geom
        FROM grid AS g
       WHERE EXISTS (
               SELECT 1 FROM municipalities AS m
                WHERE ST_Intersects(m.geom, ST_Transform(ST_SetSRID(ST_MakePoint(g.x, g.y), 31370), 4326)))
    ), ${countsPerHexagonCtes(layer, where.text)}
    SELECT s.i, s.j, s.x, s.y, coalesce(c.count, 0)::integer AS count, ST_AsGeoJSON(s.geom, 6)::json AS geometry
      FROM study AS s
      LEFT JOIN counts AS c ON c.i = s.i AND c.j = s.j
     ORDER BY s.i, s.j`;
  return { text, values: [cell, extent.xmin, extent.ymin, extent.xmax, extent.ymax, ...where.values] };
}
