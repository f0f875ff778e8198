import type pg from 'pg';
import type { AreaAttributes, VersionContent } from './diff.ts';
import { type ActionInput, type FocusAreaBody, withChainFields } from './schema.ts';

/*
 * SQL for areas of focus. Values are always bound parameters; geometries arrive already
 * checked by validateAreaGeometry (the embedded PostGIS swallows GEOS errors, so nothing
 * unchecked may reach a GEOS function). Every write bumps `version` in the same statement
 * that checks it, so two saves from the same base version cannot both succeed; the trigger
 * of 001_schema.sql copies each new row into focus_area_versions.
 */

/** A pool or a client holding a transaction: both have `query`. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Feature {
  type: 'Feature';
  id: number;
  geometry: unknown;
  properties: AreaAttributes & {
    version: number;
    updatedAt: string;
    updatedBy: string | null;
    deletedAt: string | null;
    figures?: unknown;
  };
}

export interface FocusAreaRow extends AreaAttributes {
  id: number;
  version: number;
  updated_at: Date;
  updated_by: string | null;
  deleted_at: Date | null;
  geometry: unknown;
}

export interface ExportAreaRow extends FocusAreaRow {
  wkt: string;
}

/**
 * A row as read, its actions with both safety-chain fields: actions stored before issue 10
 * lack `phase` and `partnerId`, which then read as null (never missing from a response).
 */
function withStoredActions<T extends { actions: readonly ActionInput[] }>(row: T): T {
  return { ...row, actions: row.actions.map(withChainFields) };
}

const AREA_COLUMNS = `fa.id, fa.name, fa.theme, fa.priority, fa.status, fa.description, fa.actions,
  fa.version, fa.updated_at, u.username AS updated_by, fa.deleted_at, ST_AsGeoJSON(fa.geom)::json AS geometry`;
/** The areas with the name of who saved each last, for AREA_COLUMNS. */
const AREAS_WITH_EDITOR = 'focus_areas fa LEFT JOIN users u ON u.id = fa.updated_by';

export function toFeature(row: FocusAreaRow): Feature {
  return {
    type: 'Feature',
    // bigint: a string unless the app's int8 parser (db/database.ts) is installed
    id: Number(row.id),
    geometry: row.geometry,
    properties: {
      name: row.name,
      theme: row.theme,
      priority: row.priority,
      status: row.status,
      description: row.description,
      actions: row.actions,
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
      updatedBy: row.updated_by,
      deletedAt: row.deleted_at?.toISOString() ?? null,
    },
  };
}

/** What the public sees of an area of focus (decision record 16): no version, editor or history. */
export interface PublicFeature {
  type: 'Feature';
  id: number;
  geometry: unknown;
  properties: Pick<AreaAttributes, 'name' | 'theme' | 'priority' | 'description' | 'actions'>;
}

interface PublicAreaRow extends Pick<AreaAttributes, 'name' | 'theme' | 'priority' | 'description' | 'actions'> {
  id: number;
  geometry: unknown;
}

/**
 * The areas the city works on now, for the public: status `active`, not deleted, by id, with
 * only the actions of `fromYear` and later (past years' actions stay with the staff). Nothing
 * about who edited them or when is read.
 */
export async function listPublicAreas(db: Queryable, fromYear: number): Promise<PublicFeature[]> {
  const { rows } = await db.query<PublicAreaRow>(
    `SELECT fa.id, fa.name, fa.theme, fa.priority, fa.description, fa.actions,
            ST_AsGeoJSON(fa.geom)::json AS geometry
       FROM focus_areas fa
      WHERE fa.status = 'active' AND fa.deleted_at IS NULL
      ORDER BY fa.id`,
  );
  return rows.map((row) => ({
    type: 'Feature',
    id: Number(row.id),
    geometry: row.geometry,
    properties: {
      name: row.name,
      theme: row.theme,
      priority: row.priority,
      description: row.description,
      actions: row.actions.filter((action) => action.year >= fromYear).map(withChainFields),
    },
  }));
}

/** All areas by id; deleted ones only when asked for. With `wkt` for the CSV export. */
export async function listAreas(db: Queryable, includeDeleted: boolean, withWkt = false): Promise<ExportAreaRow[]> {
  const { rows } = await db.query<ExportAreaRow>(
    `SELECT ${AREA_COLUMNS}${withWkt ? ', ST_AsText(fa.geom) AS wkt' : ''}
     FROM ${AREAS_WITH_EDITOR}
     WHERE $1::boolean OR fa.deleted_at IS NULL
     ORDER BY fa.id`,
    [includeDeleted],
  );
  return rows.map(withStoredActions);
}

/** An area as the GeoPackage export writes it: the geometry as WKB with its envelope, no GeoJSON. */
export interface GeoPackageAreaRow extends AreaAttributes {
  id: number;
  version: number;
  updated_at: Date;
  updated_by: string | null;
  wkb: Uint8Array;
  min_x: number;
  max_x: number;
  min_y: number;
  max_y: number;
}

/**
 * The areas that are not deleted, by id, for the GeoPackage export: the geometry as PostGIS's
 * WKB (binary, full precision) and the envelope that goes into its blob and the file's extent.
 * No GEOS function is called.
 */
export async function listAreasAsWkb(db: Queryable): Promise<GeoPackageAreaRow[]> {
  const { rows } = await db.query<GeoPackageAreaRow>(
    `SELECT fa.id, fa.name, fa.theme, fa.priority, fa.status, fa.description, fa.actions,
            fa.version, fa.updated_at, u.username AS updated_by, ST_AsBinary(fa.geom) AS wkb,
            ST_XMin(fa.geom) AS min_x, ST_XMax(fa.geom) AS max_x, ST_YMin(fa.geom) AS min_y, ST_YMax(fa.geom) AS max_y
     FROM ${AREAS_WITH_EDITOR}
     WHERE fa.deleted_at IS NULL
     ORDER BY fa.id`,
  );
  return rows.map(withStoredActions);
}

export async function findArea(db: Queryable, id: number): Promise<FocusAreaRow | null> {
  const { rows } = await db.query<FocusAreaRow>(`SELECT ${AREA_COLUMNS} FROM ${AREAS_WITH_EDITOR} WHERE fa.id = $1`, [
    id,
  ]);
  return rows[0] ? withStoredActions(rows[0]) : null;
}

// The validated GeoJSON is bound as text; ST_GeomFromGeoJSON parses, it runs no GEOS.
const GEOMETRY_FROM_PARAMETER = (n: number) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($${n}::text), 4326))`;

/** What every write sets besides the content: who, when, the next version. The table is `fa`. */
const NEXT_VERSION_BY = (userParameter: number) =>
  `updated_by = $${userParameter}, updated_at = now(), version = fa.version + 1`;

/** The optimistic-lock check: a live area still at the version the change started from. */
const LIVE_AT_VERSION = (idParameter: number, versionParameter: number) =>
  `fa.id = $${idParameter} AND fa.version = $${versionParameter} AND fa.deleted_at IS NULL`;

function contentValues(content: Omit<FocusAreaBody, 'geometry'>, geometry: unknown): unknown[] {
  return [
    content.name,
    content.theme,
    content.priority,
    content.status,
    content.description,
    // node-postgres would send a JS array as a PostgreSQL array: send the JSON text.
    JSON.stringify(content.actions),
    JSON.stringify(geometry),
  ];
}

/** Inserts version 1; returns the new id. */
export async function insertArea(
  db: Queryable,
  content: Omit<FocusAreaBody, 'geometry'>,
  geometry: unknown,
  userId: number,
): Promise<{ id: number; version: number }> {
  const { rows } = await db.query<{ id: number; version: number }>(
    `INSERT INTO focus_areas (name, theme, priority, status, description, actions, geom, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, ${GEOMETRY_FROM_PARAMETER(7)}, $8)
     RETURNING id, version`,
    [...contentValues(content, geometry), userId],
  );
  const row = rows[0]!;
  return { id: Number(row.id), version: row.version };
}

/**
 * Replaces the content of a live area, if and only if its version is still `baseVersion`;
 * returns the new version, or null when nothing was written (unknown, deleted or stale).
 */
export async function updateArea(
  db: Queryable,
  id: number,
  baseVersion: number,
  content: Omit<FocusAreaBody, 'geometry'>,
  geometry: unknown,
  userId: number,
): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(
    `UPDATE focus_areas fa
     SET name = $1, theme = $2, priority = $3, status = $4, description = $5, actions = $6::jsonb,
         geom = ${GEOMETRY_FROM_PARAMETER(7)}, ${NEXT_VERSION_BY(8)}
     WHERE ${LIVE_AT_VERSION(9, 10)}
     RETURNING fa.version`,
    [...contentValues(content, geometry), userId, id, baseVersion],
  );
  return rows[0]?.version ?? null;
}

/** Soft delete as a new version; null when unknown, already deleted or stale. */
export async function softDeleteArea(
  db: Queryable,
  id: number,
  baseVersion: number,
  userId: number,
): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(
    `UPDATE focus_areas fa
     SET deleted_at = now(), ${NEXT_VERSION_BY(1)}
     WHERE ${LIVE_AT_VERSION(2, 3)}
     RETURNING fa.version`,
    [userId, id, baseVersion],
  );
  return rows[0]?.version ?? null;
}

/**
 * Copies the content of version `source` into a new version and un-deletes the area. With a
 * `baseVersion`, only while the area is still at that version. Null when nothing was
 * written (unknown area or version, or stale). The geometry comes from a stored (valid) row.
 */
export async function restoreArea(
  db: Queryable,
  id: number,
  source: number,
  baseVersion: number | null,
  userId: number,
): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(
    `UPDATE focus_areas fa
     SET name = v.name, theme = v.theme, priority = v.priority, status = v.status,
         description = v.description, actions = v.actions, geom = v.geom, deleted_at = NULL,
         ${NEXT_VERSION_BY(1)}
     FROM focus_area_versions v
     WHERE fa.id = $2 AND v.focus_area_id = fa.id AND v.version = $3
       AND ($4::integer IS NULL OR fa.version = $4::integer)
     RETURNING fa.version`,
    [userId, id, source, baseVersion],
  );
  return rows[0]?.version ?? null;
}

export async function versionExists(db: Queryable, id: number, version: number): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM focus_area_versions WHERE focus_area_id = $1 AND version = $2', [
    id,
    version,
  ]);
  return (rowCount ?? 0) > 0;
}

export interface Version extends VersionContent {
  version: number;
  changedAt: string;
  changedBy: string | null;
  geometry: unknown;
}

interface VersionRow extends VersionContent {
  version: number;
  changed_at: Date;
  changed_by: string | null;
  geometry: unknown;
}

/** Versions of an area, newest first; only the listed ones when `only` is given. */
export async function listVersions(db: Queryable, id: number, only?: number[]): Promise<Version[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT v.version, v.changed_at, u.username AS changed_by, v.name, v.theme, v.priority, v.status,
       v.description, v.actions, v.deleted_at IS NOT NULL AS deleted, ST_AsGeoJSON(v.geom)::json AS geometry
     FROM focus_area_versions v LEFT JOIN users u ON u.id = v.changed_by
     WHERE v.focus_area_id = $1 AND ($2::integer[] IS NULL OR v.version = ANY ($2::integer[]))
     ORDER BY v.version DESC`,
    [id, only ?? null],
  );
  return rows.map(({ version, changed_at: changedAt, changed_by: changedBy, ...content }) => ({
    version,
    changedAt: changedAt.toISOString(),
    changedBy,
    ...withStoredActions(content),
  }));
}

export interface GeometryDifference {
  added: unknown;
  removed: unknown;
  areaAddedHa: number;
  areaRemovedHa: number;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * What version `to` covers beyond `from` (added) and the reverse (removed), as GeoJSON (null
 * when empty), with their areas in hectares on the spheroid (geography), to 1 m² (0.0001 ha).
 * Both geometries are stored rows, valid by the table's CHECK, so ST_Difference is safe on
 * the embedded backend; should it still return no row, that is an error, not "no change".
 */
export async function geometryDifference(
  db: Queryable,
  id: number,
  from: number,
  to: number,
): Promise<GeometryDifference> {
  const { rows } = await db.query<{ added: unknown; removed: unknown; added_m2: number; removed_m2: number }>(
    `WITH a AS (SELECT geom FROM focus_area_versions WHERE focus_area_id = $1 AND version = $2),
          b AS (SELECT geom FROM focus_area_versions WHERE focus_area_id = $1 AND version = $3),
          d AS (SELECT ST_Difference(b.geom, a.geom) AS added, ST_Difference(a.geom, b.geom) AS removed FROM a, b)
     SELECT CASE WHEN ST_IsEmpty(added) THEN NULL ELSE ST_AsGeoJSON(added)::json END AS added,
            CASE WHEN ST_IsEmpty(removed) THEN NULL ELSE ST_AsGeoJSON(removed)::json END AS removed,
            CASE WHEN ST_IsEmpty(added) THEN 0 ELSE ST_Area(added::geography) END AS added_m2,
            CASE WHEN ST_IsEmpty(removed) THEN 0 ELSE ST_Area(removed::geography) END AS removed_m2
     FROM d`,
    [id, from, to],
  );
  const row = rows[0];
  if (!row) throw new Error(`geometry difference of area ${id} versions ${from} and ${to} returned no row`);
  return {
    added: row.added,
    removed: row.removed,
    areaAddedHa: round4(row.added_m2 / 10_000),
    areaRemovedHa: round4(row.removed_m2 / 10_000),
  };
}

/**
 * Of `ids`, the partners that exist, each locked against deletion until the transaction ends
 * (FOR KEY SHARE), so an action never names a partner that a concurrent write just removed.
 */
export async function existingPartners(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string | number }>(
    'SELECT id FROM partners WHERE id = ANY ($1::bigint[]) FOR KEY SHARE',
    [[...new Set(ids)]],
  );
  return new Set(rows.map((row) => Number(row.id)));
}

/** Every partner's name by id, for the exports (an action stores the id; the file gives both). */
export async function partnerNames(db: Queryable): Promise<Map<number, string>> {
  const { rows } = await db.query<{ id: string | number; name: string }>('SELECT id, name FROM partners');
  return new Map(rows.map((row) => [Number(row.id), row.name]));
}
