import pg from 'pg';
import type { BBox } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import type { DataVersions } from '../tiles/data-versions.ts';

const id = (name: string) => pg.escapeIdentifier(name);

/** The bounding box of each layer's geometries (null for an empty layer), in one query. */
export async function spatialExtents(
  pool: pg.Pool,
  definitions: readonly LayerDefinition[],
): Promise<Record<string, BBox | null>> {
  if (definitions.length === 0) return {};
  const selects = definitions.map(
    (layer, index) =>
      `SELECT ${index} AS layer_index, ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
         FROM (SELECT ST_Extent(t.${id(layer.geometryColumn)}) AS e FROM ${id(layer.table)} AS t) AS extent`,
  );
  const { rows } = await pool.query<{
    layer_index: number;
    west: number | null;
    south: number | null;
    east: number | null;
    north: number | null;
  }>(selects.join(' UNION ALL '));
  const extents: Record<string, BBox | null> = {};
  for (const row of rows) {
    const { west, south, east, north } = row;
    extents[definitions[row.layer_index]!.id] =
      west === null || south === null || east === null || north === null ? null : [west, south, east, north];
  }
  return extents;
}

/**
 * Spatial extents kept until their table's data version changes: /ogc/collections is read on
 * every GDAL or QGIS connection, and ST_Extent reads every row (a million incidents: a scan),
 * whereas a layer's data change a few times a day.
 */
export class SpatialExtentCache {
  private cached = new Map<string, { version: number; bbox: BBox | null }>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly versions: Pick<DataVersions, 'versionsOf'>,
  ) {}

  async extentsOf(definitions: readonly LayerDefinition[]): Promise<Record<string, BBox | null>> {
    const versions = await this.versions.versionsOf(definitions.map((layer) => layer.table));
    const stale = definitions.filter((layer, i) => this.cached.get(layer.id)?.version !== versions[i]);
    const fresh = await spatialExtents(this.pool, stale);
    stale.forEach((layer) => {
      const version = versions[definitions.indexOf(layer)]!;
      this.cached.set(layer.id, { version, bbox: fresh[layer.id] ?? null });
    });
    return Object.fromEntries(definitions.map((layer) => [layer.id, this.cached.get(layer.id)!.bbox]));
  }
}
