import type pg from 'pg';
import { estimateGridHexagons, type MetricExtent } from '../density/hexagons-query.ts';
import type { ClosedPeriod } from '../indicators/period.ts';
import { type FeatureFilters, InvalidParameterError } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { hotspotStatistics } from './gi-star.ts';
import { buildBoundaryExtentQuery, buildHotspotCellsQuery, MAX_HOTSPOT_HEXAGONS } from './hotspots-query.ts';
import { edgeNeighbours } from './neighbours.ts';
import type { Confidence, Correction } from './significance.ts';

export const HOTSPOT_METHOD =
  'Getis-Ord Gi* on hexagons; binary weights: the cell and its edge neighbours in the study area; two-sided p from the standard normal';

const CORRECTION_TEXT: Record<Correction, string> = {
  fdr: 'significance with the false discovery rate (Benjamini-Hochberg) over all cells',
  none: 'significance without correction for multiple tests (|z| >= 1.645, 1.960, 2.576)',
};

export interface HotspotRequest {
  layer: LayerDefinition;
  /** The layer's filters; `datetime` is the period. */
  filters: FeatureFilters & { datetime: ClosedPeriod };
  cell: number;
  correction: Correction;
}

interface Polygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface HotspotFeature {
  type: 'Feature';
  id: string;
  geometry: Polygon;
  properties: { count: number; z: number | null; p: number | null; confidence: Confidence };
}

export interface HotspotCollection {
  type: 'FeatureCollection';
  layer: string;
  cell: number;
  period: { start: string; end: string };
  cells: number;
  total: number;
  mean: number | null;
  sd: number | null;
  correction: Correction;
  method: string;
  features: HotspotFeature[];
}

interface CellRow {
  i: number;
  j: number;
  x: number;
  y: number;
  count: number;
  geometry: Polygon;
}

type Extent = { [K in keyof MetricExtent]: number | null };

/** Gi* hotspots of a point layer over the municipality's hexagons (docs/decisions.md record 14). */
export async function computeHotspots(pool: pg.Pool, request: HotspotRequest): Promise<HotspotCollection> {
  const { layer, filters, cell, correction } = request;
  const rows = await studyCells(pool, request);
  const neighbours = edgeNeighbours(rows, cell);
  const statistics = hotspotStatistics(
    rows.map((row, k) => ({ count: row.count, neighbours: neighbours[k]! })),
    correction,
  );
  return {
    type: 'FeatureCollection',
    layer: layer.id,
    cell,
    period: { start: filters.datetime.start.toISOString(), end: filters.datetime.end.toISOString() },
    cells: statistics.n,
    total: rows.reduce((sum, row) => sum + row.count, 0),
    mean: statistics.mean,
    sd: statistics.sd,
    correction,
    method: `${HOTSPOT_METHOD}; ${CORRECTION_TEXT[correction]}`,
    features: rows.map((row, k) => ({
      type: 'Feature',
      id: `${row.i}:${row.j}`,
      geometry: row.geometry,
      properties: { count: row.count, ...statistics.cells[k]! },
    })),
  };
}

/** The study area's hexagons with their counts; none when no municipality boundary is loaded. */
async function studyCells(pool: pg.Pool, { layer, filters, cell }: HotspotRequest): Promise<CellRow[]> {
  const extentQuery = buildBoundaryExtentQuery();
  const [extent] = (await pool.query<Extent>(extentQuery.text, extentQuery.values)).rows;
  if (!extent || extent.xmin === null || extent.ymin === null || extent.xmax === null || extent.ymax === null) {
    return [];
  }
  const box: MetricExtent = { xmin: extent.xmin, ymin: extent.ymin, xmax: extent.xmax, ymax: extent.ymax };
  // Checked before the grid is made: the embedded database has no statement timeout.
  if (estimateGridHexagons(box, cell) > MAX_HOTSPOT_HEXAGONS) {
    throw new InvalidParameterError(
      'cell',
      `the municipality boundary needs over ${MAX_HOTSPOT_HEXAGONS} hexagons of ${cell} m; choose a larger cell`,
    );
  }
  const { text, values } = buildHotspotCellsQuery(layer, filters, cell, box);
  return (await pool.query<CellRow>(text, values)).rows;
}
