import { type Static, Type } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { type AreaGeometry, GeometryError, type GeometryReason, type Position } from '../geometry/validate.ts';
import { buildWhere, type SqlQuery } from '../layers/features-query.ts';
import type { TimeInterval } from '../layers/filters.ts';
import { layers } from '../layers/registry.ts';
import { Nullable } from '../schemas.ts';
import { queryOneRow } from './one-row.ts';

/*
 * The authoritative figures of an area (PostGIS, both backends). Every GEOS operation here
 * (ST_Intersection, ST_Covers) runs only on geometries known to be valid: the sectors by their
 * CHECK constraint, the area by validateAreaGeometry and, again, ST_IsValidDetail below. The
 * figures query always yields exactly one row; no row means the embedded PostGIS swallowed a
 * GEOS error, and that is an error here, never figures of zero (see one-row.ts).
 */

function valuesOf(layerId: string, propertyName: string): string[] {
  const layer = layers.find((l) => l.id === layerId);
  const values = layer?.properties.find((p) => p.name === propertyName)?.values?.map((v) => v.value);
  if (!layer || !values) throw new Error(`layer registry has no ${layerId}.${propertyName} values`);
  return values;
}

const vacancyLayer = layers.find((l) => l.id === 'vacant-buildings')!;
const incidentLayer = layers.find((l) => l.id === 'incidents')!;
/** leegstaand, verwaarloosd, ongeschikt, onbewoonbaar: all present in byStatus, 0 when none. */
export const VACANCY_STATUSES = valuesOf('vacant-buildings', 'status');
/** The nine incident categories: all present in byCategory, 0 when none. */
export const INCIDENT_CATEGORIES = valuesOf('incidents', 'category');

/** Distance for `youthFacilities.within500m`, metres on the spheroid. */
export const NEARBY_METRES = 500;

const countsOf = (keys: string[]) => Type.Object(Object.fromEntries(keys.map((key) => [key, Type.Integer()])));

export const AreaFiguresSchema = Type.Object({
  areaHa: Type.Number({ description: 'area on the WGS 84 spheroid (ST_Area of geography), hectares, 2 decimals' }),
  residents: Type.Number({
    description: 'estimate: Σ sector population × area(sector ∩ area) / area(sector), areas on the spheroid, 1 decimal',
  }),
  vacantBuildings: Type.Object({ total: Type.Integer(), byStatus: countsOf(VACANCY_STATUSES) }),
  incidents: Type.Object({ total: Type.Integer(), byCategory: countsOf(INCIDENT_CATEGORIES) }),
  youthFacilities: Type.Object({
    inside: Type.Integer({ description: 'facilities covered by the area (boundary counts as inside)' }),
    within500m: Type.Integer({
      description: 'facilities at most 500 m from the area (spheroid), inside ones included',
    }),
  }),
  period: Nullable(Type.Object({ start: Nullable(Type.String()), end: Nullable(Type.String()) })),
});

export type AreaFigures = Static<typeof AreaFiguresSchema>;

/** The figures query's one row, as `pg` returns it. */
export interface AreaFiguresRow {
  area_ha: number;
  residents: number;
  vacant: Record<string, number> | null;
  incidents: Record<string, number> | null;
  youth_inside: number;
  youth_within: number;
}

/**
 * One statement, one row. Points count when the area covers them (ST_Covers: the boundary
 * is inside). The period filter is the features API's `datetime` rule (buildWhere): a vacant
 * building counts when its register period [registered_on, resolved_on] meets the period, an
 * incident when it occurred within it.
 */
export function buildAreaFiguresQuery(geometry: AreaGeometry, period: TimeInterval | null): SqlQuery {
  const filters = period ? { datetime: period } : {};
  const vacancy = buildWhere(vacancyLayer, filters, 2);
  const incidents = buildWhere(incidentLayer, filters, 2 + vacancy.values.length);
  const text = `
    WITH area AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g),
    shares AS (
      -- A sector wholly inside counts in full, without an intersection to compute.
      SELECT n.population::float8 * CASE
               WHEN ST_Covers(a.g, n.geom) THEN 1
               ELSE ST_Area(ST_Intersection(a.g, n.geom)::geography) / NULLIF(ST_Area(n.geom::geography), 0)
             END AS residents
        FROM neighbourhoods n CROSS JOIN area a
       WHERE ST_Intersects(a.g, n.geom)
    )
    SELECT
      (SELECT round((ST_Area(a.g::geography) / 10000)::numeric, 2)::float8 FROM area a) AS area_ha,
      (SELECT round(coalesce(sum(residents), 0)::numeric, 1)::float8 FROM shares) AS residents,
      (SELECT json_object_agg(status, n) FROM (
         SELECT t.status, count(*)::int AS n
           FROM vacant_buildings t CROSS JOIN area a
          WHERE ST_Covers(a.g, t.geom) AND ${vacancy.text}
          GROUP BY t.status) s) AS vacant,
      (SELECT json_object_agg(category, n) FROM (
         SELECT t.category, count(*)::int AS n
           FROM incidents t CROSS JOIN area a
          WHERE ST_Covers(a.g, t.geom) AND ${incidents.text}
          GROUP BY t.category) c) AS incidents,
      (SELECT count(*)::int FROM youth_facilities t CROSS JOIN area a WHERE ST_Covers(a.g, t.geom)) AS youth_inside,
      -- The box test (0.01° ≥ 692 m east-west at lat 51.6, 1112 m north-south) lets the index
      -- pick candidates; the distance itself is on the spheroid.
      (SELECT count(*)::int FROM youth_facilities t CROSS JOIN area a
        WHERE t.geom && ST_Expand(a.g, 0.01)
          AND ST_DWithin(t.geom::geography, a.g::geography, ${NEARBY_METRES})) AS youth_within`;
  return { text, values: [JSON.stringify(geometry), ...vacancy.values, ...incidents.values] };
}

function allKeys(keys: string[], counts: Record<string, number> | null): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, counts?.[key] ?? 0]));
}

export function periodJson(period: TimeInterval | null): AreaFigures['period'] {
  return period && { start: period.start?.toISOString() ?? null, end: period.end?.toISOString() ?? null };
}

/** The answer from the query's row: every status and category present, totals summed. */
export function figuresFromRow(row: AreaFiguresRow, period: TimeInterval | null): AreaFigures {
  const byStatus = allKeys(VACANCY_STATUSES, row.vacant);
  const byCategory = allKeys(INCIDENT_CATEGORIES, row.incidents);
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
  return {
    areaHa: row.area_ha,
    residents: row.residents,
    vacantBuildings: { total: total(byStatus), byStatus },
    incidents: { total: total(byCategory), byCategory },
    youthFacilities: { inside: row.youth_inside, within500m: row.youth_within },
    period: periodJson(period),
  };
}

/** ST_IsValidDetail's reason text as a GeometryError reason. */
export function reasonFromPostgis(reason: string | null): GeometryReason {
  return /self-intersection/i.test(reason ?? '') ? 'self-intersection' : 'invalid-rings';
}

interface ValidityRow {
  valid: boolean;
  reason: string | null;
  lon: number | null;
  lat: number | null;
}

/**
 * PostGIS's own verdict (ST_IsValidDetail; it reports, it does not throw) on a geometry that
 * passed the TypeScript checks: a GeometryError when PostGIS finds what they missed.
 */
export async function confirmValidInDatabase(pool: pg.Pool, geometry: AreaGeometry): Promise<void> {
  const row = await queryOneRow<ValidityRow>(
    pool,
    `SELECT (d).valid, (d).reason, ST_X((d).location) AS lon, ST_Y((d).location) AS lat
       FROM (SELECT ST_IsValidDetail(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) AS d) s`,
    [JSON.stringify(geometry)],
  );
  if (!row) throw new Error('ST_IsValidDetail returned no row: the database could not check the geometry');
  if (row.valid) return;
  const location: Position | undefined =
    row.lon !== null && row.lat !== null
      ? [Math.round(row.lon * 1e7) / 1e7, Math.round(row.lat * 1e7) / 1e7]
      : undefined;
  const where = location ? ` at ${location[0]}, ${location[1]}` : '';
  throw new GeometryError(
    reasonFromPostgis(row.reason),
    `the geometry is not valid: ${row.reason ?? 'unknown reason'}${where}`,
    location,
  );
}

/**
 * Figures for a validated area (validateAreaGeometry) and an optional period. Two statements,
 * one after the other, each on one client just for itself (one-row.ts): PostGIS confirms
 * validity, then one statement computes it all.
 */
export async function computeAreaFigures(
  pool: pg.Pool,
  geometry: AreaGeometry,
  period: TimeInterval | null,
): Promise<AreaFigures> {
  await confirmValidInDatabase(pool, geometry);
  return queryAreaFigures(pool, geometry, period);
}

/** The figures statement alone, with its one-row guard (exported for the tests); call computeAreaFigures. */
export async function queryAreaFigures(
  pool: pg.Pool,
  geometry: AreaGeometry,
  period: TimeInterval | null,
): Promise<AreaFigures> {
  const { text, values } = buildAreaFiguresQuery(geometry, period);
  const row = await queryOneRow<AreaFiguresRow>(pool, text, values);
  // No row: a GEOS error the embedded backend swallowed. Never answer with zeros then.
  if (!row) throw new Error('the figures query returned no row: a geometry operation failed in the database');
  return figuresFromRow(row, period);
}
