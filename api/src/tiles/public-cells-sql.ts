import pg from 'pg';
import { buildWhere } from '../layers/features-query.ts';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { cellSearchBox, PUBLIC_CELL_SRID, publicCellMetres } from '../privacy/cells.ts';
import type { TileCoord } from './tile-grid.ts';

/** How the public's tiles of a point layer are made: counts per cell, k or more only. */
export interface PublicCells {
  /** The finest cell edge, in metres on the ground (doubled at low zooms: privacy/cells.ts). */
  cellMetres: number;
  /** Cells with fewer points are left out. */
  minCount: number;
}

const id = (name: string) => pg.escapeIdentifier(name);

/**
 * The public's counts of one tile, as rows (count, geom3857) like the staff's cellCounts:
 * the filtered points near the tile, put in square cells of the Belgian Lambert 72 grid,
 * counted, cells under k dropped, and each kept cell drawn as its centre in the one tile that
 * holds that centre (half-open on the tile's edges, so no cell is in two tiles).
 *
 * Every point of a drawn cell is counted, wherever the tile edge runs: the points are taken
 * from the tile grown by a whole cell (cellSearchBox). A client cannot cut a cell smaller with
 * a bbox or a tile edge. $1..$3 are z, x, y (the wrappers in tile-sql.ts use them).
 */
export function publicCellsSource(
  layer: LayerDefinition,
  tile: TileCoord,
  filters: FeatureFilters,
  cells: PublicCells,
): { aggregated: true; text: string; values: unknown[] } {
  if (layer.geometryType !== 'Point') throw new Error(`public cells count points; ${layer.id} has none`);
  if (filters.bbox) throw new Error('public cells are never cut by a bbox');
  const size = publicCellMetres(tile.z, cells.cellMetres);
  const where = buildWhere(layer, filters, 10);
  const text = `
    SELECT c.count, c.geom3857
      FROM (SELECT count(*)::int AS count,
                   ST_Transform(ST_SetSRID(ST_MakePoint((p.cx + 0.5) * $8::float8, (p.cy + 0.5) * $8::float8),
                                           ${PUBLIC_CELL_SRID}), 3857) AS geom3857
              FROM (SELECT floor(ST_X(l.geom) / $8::float8) AS cx, floor(ST_Y(l.geom) / $8::float8) AS cy
                      FROM (SELECT ST_Transform(t.${id(layer.geometryColumn)}, ${PUBLIC_CELL_SRID}) AS geom
                              FROM ${id(layer.table)} AS t
                             WHERE t.${id(layer.geometryColumn)} && ST_MakeEnvelope($4, $5, $6, $7, 4326)
                               AND ${where.text}) AS l) AS p
             GROUP BY p.cx, p.cy
            HAVING count(*) >= $9::integer) AS c,
           (SELECT ST_TileEnvelope($1::integer, $2::integer, $3::integer) AS env) AS e
     WHERE ST_X(c.geom3857) >= ST_XMin(e.env) AND ST_X(c.geom3857) < ST_XMax(e.env)
       AND ST_Y(c.geom3857) > ST_YMin(e.env) AND ST_Y(c.geom3857) <= ST_YMax(e.env)`;
  return {
    aggregated: true,
    text,
    values: [tile.z, tile.x, tile.y, ...cellSearchBox(tile, size), size, cells.minCount, ...where.values],
  };
}
