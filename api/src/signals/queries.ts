import type pg from 'pg';
import { EXTENT_MARGIN_METRES } from '../imports/apply.ts';
import type { BBox } from '../layers/filters.ts';
import type { Signal, SignalDetail, SignalStatus, SignalStep } from './schema.ts';

/*
 * SQL for signals. Values are always bound parameters; column names come from the constant
 * FIELD_COLUMNS only. Who may see a signal is part of every query a partner's request runs
 * (decision record 22): `scope` adds `AND s.partner_id = $n` from the session, so a partner
 * user's list, detail, steps and transitions never even read another partner's rows.
 */

/** A pool or a client holding a transaction: both have `query`. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Whose signals a request may read: all (coordinators, admins) or one partner's. */
export type Scope = { kind: 'all' } | { kind: 'partner'; partnerId: number };

/** Bound parameters, numbered as they are added. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The scope's condition on `signals s` (empty for all), its value bound in `params`. */
function scopeCondition(scope: Scope, params: Params): string {
  return scope.kind === 'partner' ? ` AND s.partner_id = ${params.add(scope.partnerId)}::bigint` : '';
}

interface SignalRow {
  id: string | number;
  kind: string;
  description: string | null;
  reporter: string | null;
  reported_on: string;
  reporting_partner_id: string | number | null;
  status: string;
  phase: string;
  partner_id: string | number | null;
  partner_name: string | null;
  vacant_building_id: string | number | null;
  incident_id: string | number | null;
  focus_area_id: string | number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  anonymised_at: Date | null;
  geometry: { type: 'Point'; coordinates: number[] };
}

const SIGNAL_COLUMNS = `s.id, s.kind, s.description, s.reporter, to_char(s.reported_on, 'YYYY-MM-DD') AS reported_on,
  s.reporting_partner_id, s.status, s.phase, s.partner_id, p.name AS partner_name, s.vacant_building_id,
  s.incident_id, s.focus_area_id, s.version, s.created_at, s.updated_at, s.closed_at, s.anonymised_at,
  ST_AsGeoJSON(s.geom)::json AS geometry`;
const SIGNALS_WITH_PARTNER = 'signals s LEFT JOIN partners p ON p.id = s.partner_id';

// bigint columns are strings unless the app's int8 parser (db/database.ts) is installed.
const idOrNull = (value: string | number | null) => (value === null ? null : Number(value));

function toSignal(row: SignalRow): Signal {
  const id = Number(row.id);
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: row.geometry.coordinates },
    properties: {
      id,
      kind: row.kind,
      description: row.description,
      reporter: row.reporter,
      reportedOn: row.reported_on,
      reportingPartnerId: idOrNull(row.reporting_partner_id),
      status: row.status,
      phase: row.phase,
      partnerId: idOrNull(row.partner_id),
      partnerName: row.partner_name,
      vacantBuildingId: idOrNull(row.vacant_building_id),
      incidentId: idOrNull(row.incident_id),
      focusAreaId: idOrNull(row.focus_area_id),
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      closedAt: row.closed_at?.toISOString() ?? null,
      anonymisedAt: row.anonymised_at?.toISOString() ?? null,
    },
  };
}

export interface SignalFilters {
  statuses?: string[];
  kinds?: string[];
  phases?: string[];
  partnerId?: number;
  bbox?: BBox;
}

/** The signals the scope may see that pass the filters, newest reportedOn first. */
export async function listSignals(db: Queryable, scope: Scope, filters: SignalFilters): Promise<Signal[]> {
  const params = new Params();
  const where = [`true${scopeCondition(scope, params)}`];
  if (filters.statuses) where.push(`s.status = ANY (${params.add(filters.statuses)}::text[])`);
  if (filters.kinds) where.push(`s.kind = ANY (${params.add(filters.kinds)}::text[])`);
  if (filters.phases) where.push(`s.phase::text = ANY (${params.add(filters.phases)}::text[])`);
  if (filters.partnerId !== undefined) where.push(`s.partner_id = ${params.add(filters.partnerId)}::bigint`);
  if (filters.bbox) {
    const [w, s, e, n] = filters.bbox.map((value) => `${params.add(value)}::float8`);
    where.push(`s.geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`);
  }
  const { rows } = await db.query<SignalRow>(
    `SELECT ${SIGNAL_COLUMNS} FROM ${SIGNALS_WITH_PARTNER}
      WHERE ${where.join(' AND ')}
      ORDER BY s.reported_on DESC, s.id DESC`,
    params.values,
  );
  return rows.map(toSignal);
}

/** One signal with its trail, or null when there is none the scope may see. */
export async function findSignal(db: Queryable, id: number, scope: Scope): Promise<SignalDetail | null> {
  const params = new Params();
  const signalId = params.add(id);
  const condition = scopeCondition(scope, params);
  const { rows } = await db.query<SignalRow>(
    `SELECT ${SIGNAL_COLUMNS} FROM ${SIGNALS_WITH_PARTNER} WHERE s.id = ${signalId}::bigint${condition}`,
    params.values,
  );
  if (!rows[0]) return null;
  const steps = await db.query<{
    at: Date;
    from_status: string | null;
    to_status: string;
    partner_id: string | number | null;
    partner_name: string | null;
    note: string | null;
    username: string | null;
  }>(
    `SELECT st.at, st.from_status, st.to_status, st.partner_id, p.name AS partner_name, st.note, u.username
       FROM signal_steps st
       JOIN signals s ON s.id = st.signal_id
       LEFT JOIN partners p ON p.id = st.partner_id
       LEFT JOIN users u ON u.id = st.user_id
      WHERE st.signal_id = ${signalId}::bigint${condition}
      ORDER BY st.at, st.id`,
    params.values,
  );
  const signal = toSignal(rows[0]);
  const trail: SignalStep[] = steps.rows.map((step) => ({
    at: step.at.toISOString(),
    fromStatus: step.from_status,
    toStatus: step.to_status,
    partnerId: idOrNull(step.partner_id),
    partnerName: step.partner_name,
    note: step.note,
    username: step.username,
  }));
  return { ...signal, properties: { ...signal.properties, steps: trail } };
}

/** The state a write starts from, locked until the transaction ends; null when the scope sees no such signal. */
/** Whether the scope sees signal `id` (a partner's own signal, or any for staff). */
export async function signalVisible(db: Queryable, id: number, scope: Scope): Promise<boolean> {
  const params = new Params();
  const signalId = params.add(id);
  const { rows } = await db.query(
    `SELECT 1 FROM signals s WHERE s.id = ${signalId}::bigint${scopeCondition(scope, params)}`,
    params.values,
  );
  return rows.length > 0;
}

export interface SignalState {
  status: SignalStatus;
  partnerId: number | null;
  version: number;
  anonymised: boolean;
}

export async function lockSignal(client: Queryable, id: number, scope: Scope): Promise<SignalState | null> {
  const params = new Params();
  const signalId = params.add(id);
  const { rows } = await client.query<{
    status: SignalStatus;
    partner_id: string | number | null;
    version: number;
    anonymised: boolean;
  }>(
    `SELECT s.status, s.partner_id, s.version, s.anonymised_at IS NOT NULL AS anonymised
       FROM signals s WHERE s.id = ${signalId}::bigint${scopeCondition(scope, params)} FOR UPDATE`,
    params.values,
  );
  const row = rows[0];
  return row
    ? { status: row.status, partnerId: idOrNull(row.partner_id), version: row.version, anonymised: row.anonymised }
    : null;
}

/** A signal's content as the routes hand it over: every member optional (a PATCH sets only what it gives). */
export interface SignalFields {
  kind?: string;
  phase?: string;
  reportedOn?: string;
  /** [lon, lat] */
  point?: [number, number];
  description?: string | null;
  reporter?: string | null;
  reportingPartnerId?: number | null;
  partnerId?: number | null;
  vacantBuildingId?: number | null;
  incidentId?: number | null;
  focusAreaId?: number | null;
}

/** The column of each plain field, and the type its parameter is cast to. */
const FIELD_COLUMNS = {
  kind: ['kind', 'text'],
  phase: ['phase', 'text'],
  reportedOn: ['reported_on', 'date'],
  description: ['description', 'text'],
  reporter: ['reporter', 'text'],
  reportingPartnerId: ['reporting_partner_id', 'bigint'],
  partnerId: ['partner_id', 'bigint'],
  vacantBuildingId: ['vacant_building_id', 'bigint'],
  incidentId: ['incident_id', 'bigint'],
  focusAreaId: ['focus_area_id', 'bigint'],
} as const satisfies Record<Exclude<keyof SignalFields, 'point'>, readonly [string, string]>;

/** `column = $n` for each field given (the point as a geometry), in a fixed order. */
function assignments(fields: SignalFields, params: Params): { column: string; value: string }[] {
  const list: { column: string; value: string }[] = [];
  for (const [field, [column, type]] of Object.entries(FIELD_COLUMNS)) {
    const value = fields[field as keyof typeof FIELD_COLUMNS];
    if (value !== undefined) list.push({ column, value: `${params.add(value)}::${type}` });
  }
  if (fields.point) {
    const [lon, lat] = fields.point.map((v) => `${params.add(v)}::float8`);
    list.push({ column: 'geom', value: `ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)` });
  }
  return list;
}

/** Inserts a signal (status new) and its first step; returns its id. */
export async function insertSignal(client: Queryable, fields: SignalFields, userId: number): Promise<number> {
  const params = new Params();
  const set = assignments(fields, params);
  const user = params.add(userId);
  const { rows } = await client.query<{ id: string | number }>(
    `INSERT INTO signals (${set.map((a) => a.column).join(', ')}, created_by)
     VALUES (${set.map((a) => a.value).join(', ')}, ${user}::bigint) RETURNING id`,
    params.values,
  );
  const id = Number(rows[0]!.id);
  await insertStep(client, {
    signalId: id,
    from: null,
    to: 'new',
    partnerId: fields.partnerId ?? null,
    note: null,
    userId,
  });
  return id;
}

/** Sets the fields given and bumps the version, if the signal is still at `base`; the new version or null. */
export async function updateSignal(
  client: Queryable,
  id: number,
  base: number,
  fields: SignalFields,
): Promise<number | null> {
  const params = new Params();
  const set = assignments(fields, params).map((a) => `${a.column} = ${a.value}`);
  const { rows } = await client.query<{ version: number }>(
    `UPDATE signals SET ${[...set, 'version = version + 1', 'updated_at = now()'].join(', ')}
      WHERE id = ${params.add(id)}::bigint AND version = ${params.add(base)}::integer AND anonymised_at IS NULL
      RETURNING version`,
    params.values,
  );
  return rows[0]?.version ?? null;
}

/**
 * Moves a signal from `from` to `to` (closing sets closed_at, anything else clears it) within
 * the scope; the new version, or null when the signal is no longer at `from` (or not the scope's).
 */
export async function moveSignal(
  client: Queryable,
  id: number,
  scope: Scope,
  from: SignalStatus,
  to: SignalStatus,
): Promise<number | null> {
  const params = new Params();
  const target = params.add(to);
  const { rows } = await client.query<{ version: number }>(
    `UPDATE signals s
        SET status = ${target}::text,
            closed_at = CASE WHEN ${target}::text = 'closed' THEN now() END,
            version = s.version + 1, updated_at = now()
      WHERE s.id = ${params.add(id)}::bigint AND s.status = ${params.add(from)}::text
        AND s.anonymised_at IS NULL${scopeCondition(scope, params)}
      RETURNING s.version`,
    params.values,
  );
  return rows[0]?.version ?? null;
}

export interface NewStep {
  signalId: number;
  from: SignalStatus | null;
  to: SignalStatus;
  partnerId: number | null;
  note: string | null;
  userId: number;
}

export async function insertStep(client: Queryable, step: NewStep): Promise<void> {
  await client.query(
    `INSERT INTO signal_steps (signal_id, from_status, to_status, partner_id, note, user_id)
     VALUES ($1::bigint, $2::text, $3::text, $4::bigint, $5::text, $6::bigint)`,
    [step.signalId, step.from, step.to, step.partnerId, step.note, step.userId],
  );
}

/** The id fields a signal may refer to, and the table and condition each must meet. */
const REFERENCES = {
  reportingPartnerId: { what: 'partner', sql: 'SELECT 1 FROM partners WHERE id = $1::bigint' },
  partnerId: { what: 'partner', sql: 'SELECT 1 FROM partners WHERE id = $1::bigint' },
  vacantBuildingId: { what: 'vacant building', sql: 'SELECT 1 FROM vacant_buildings WHERE id = $1::bigint' },
  incidentId: { what: 'incident', sql: 'SELECT 1 FROM incidents WHERE id = $1::bigint' },
  focusAreaId: {
    what: 'area of focus',
    sql: 'SELECT 1 FROM focus_areas WHERE id = $1::bigint AND deleted_at IS NULL',
  },
} as const;

export type ReferenceField = keyof typeof REFERENCES;

/** The first id among `fields` that names nothing (a deleted area of focus counts as nothing), or null. */
export async function missingReference(
  db: Queryable,
  fields: SignalFields,
): Promise<{ field: ReferenceField; id: number; what: string } | null> {
  for (const [field, reference] of Object.entries(REFERENCES) as [
    ReferenceField,
    (typeof REFERENCES)[ReferenceField],
  ][]) {
    const id = fields[field];
    if (id === undefined || id === null) continue;
    const { rows } = await db.query(reference.sql, [id]);
    if (rows.length === 0) return { field, id, what: reference.what };
  }
  return null;
}

/**
 * Where a point lies against the municipality, with the imports' rule (imports/apply.ts): it
 * must touch the municipalities' union buffered by EXTENT_MARGIN_METRES in Lambert 72 metres.
 * `loaded` is false when no boundary is loaded at all.
 */
export async function placeOfPoint(
  db: Queryable,
  point: [number, number],
): Promise<{ loaded: boolean; inside: boolean }> {
  const { rows } = await db.query<{ loaded: boolean; inside: boolean | null }>(
    `WITH area AS (
       SELECT count(*) > 0 AS loaded, ST_Buffer(ST_Transform(ST_Union(geom), 31370), ${EXTENT_MARGIN_METRES}) AS geom
         FROM municipalities
     )
     SELECT loaded,
            ST_Intersects(ST_Transform(ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326), 31370), area.geom) AS inside
       FROM area`,
    point,
  );
  return { loaded: rows[0]?.loaded === true, inside: rows[0]?.inside === true };
}
