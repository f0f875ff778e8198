import type pg from 'pg';
import type { PropertyType } from '../layers/types.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { crsLabel } from './crs.ts';
import type { ImportField, ImportTarget } from './fields.ts';
import type { StagedField } from './rows.ts';
import { STAGING, valueColumn } from './stage.ts';

/*
 * Set-based SQL over the staging table, after every row is in it: what needs the database is
 * decided for all rows at once, each check marking the rows it rejects (the first reason wins),
 * then one UPDATE … FROM for keys the layer has and one INSERT … SELECT for new ones. SQL
 * identifiers come from the registry; everything from the file or the user is a bound
 * parameter or a staged value.
 */

export interface Statement {
  text: string;
  values: unknown[];
}

/** Text -> the column's type. A local date-time is Brussels wall-clock time (summer time included). */
export function castSql(type: PropertyType, expr: string): string {
  switch (type) {
    case 'string':
      return expr;
    case 'integer':
      return `(${expr})::integer`;
    case 'number':
      return `(${expr})::double precision`;
    case 'boolean':
      return `(${expr})::boolean`;
    case 'date':
      return `(${expr})::date`;
    case 'datetime':
      return (
        `CASE WHEN (${expr}) ~ '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN (${expr})::timestamptz ` +
        `ELSE (${expr})::timestamp AT TIME ZONE 'Europe/Brussels' END`
      );
  }
}

interface Binder {
  add(value: string | number): string;
  text(value: string): string;
}

/** Collects bound parameters while a statement is built. */
class Params implements Binder {
  readonly values: unknown[] = [];
  add(value: string | number): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** A text parameter for a concatenation (typed: `unknown || float8` has no one operator). */
  text(value: string): string {
    return `${this.add(value)}::text`;
  }
}

/**
 * The registry's own values (defaults, fixed values) written into the statement as quoted
 * literals, for the writes to the layer: a statement without parameters goes by PostgreSQL's
 * simple protocol, and on the embedded backend an error (a constraint the row breaks) in the
 * extended protocol can leave a stray reply on the connection. Never used for data from a
 * file or a request.
 */
class RegistryLiterals implements Binder {
  readonly values: unknown[] = [];
  add(value: string | number): string {
    return typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
  }
  text(value: string): string {
    return `${this.add(value)}::text`;
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface ApplyPlan {
  target: ImportTarget;
  /** The non-key fields the mapping fills, in staging order (v0, v1, …). */
  staged: StagedField[];
  /** The CRS the staged geometries are in; null when the file has no coordinates. */
  srid: number | null;
}

function stagedIndex(plan: ApplyPlan, field: ImportField): number {
  return plan.staged.findIndex((s) => s.field.name === field.name);
}

/**
 * The value a field takes in the layer, from staging row `s` and (for an existing feature)
 * target row `t`: an unmapped field keeps its value, or takes its default on a new feature; an
 * empty cell of a required field keeps the value (a new feature takes the default, or was
 * rejected); an empty cell of an optional field clears it.
 */
function valueSql(plan: ApplyPlan, field: ImportField, params: Binder, existing: boolean): string | null {
  const i = stagedIndex(plan, field);
  const kept = `t.${ident(field.column)}`;
  // Added only when used: an unused parameter has no type PostgreSQL can infer.
  const fallback = () => (field.default === undefined ? null : castSql(field.type, params.add(field.default)));
  if (i < 0) return existing ? kept : fallback();
  const staged = castSql(field.type, `s.${valueColumn(i)}`);
  if (!field.required) return staged;
  if (existing) return `COALESCE(${staged}, ${kept})`;
  const orDefault = fallback();
  return orDefault === null ? staged : `COALESCE(${staged}, ${orDefault})`;
}

const notRejected = 's.reject_reason IS NULL';

/** The staged geometry in EPSG:4326: it stays in the file's CRS in staging, transformed where it is used. */
function geometrySql(plan: ApplyPlan): string {
  return plan.srid === null || plan.srid === 4326 ? 's.geom' : 'ST_Transform(s.geom, 4326)';
}

/**
 * Polygons PostGIS finds invalid are rejected with its reason, never repaired: a repair can
 * drop a part or move a boundary. Run before anything else looks at the polygons (GEOS errors
 * on invalid input are swallowed on the embedded backend), and again after the transformation.
 */
export function validityStatement(plan: ApplyPlan, afterTransform: boolean): Statement | null {
  if (plan.target.layer.geometryType !== 'MultiPolygon' || plan.srid === null) return null;
  if (afterTransform && plan.srid === 4326) return null;
  const params = new Params();
  const geometry = afterTransform ? geometrySql(plan) : 's.geom';
  const prefix = afterTransform
    ? `the polygon becomes invalid in ${crsLabel(4326)} (PostGIS: `
    : 'the polygon is not valid (PostGIS: ';
  return {
    text: `UPDATE ${STAGING} s SET reject_field = 'geometry',
             reject_reason = ${params.text(prefix)} || ST_IsValidReason(${geometry}) || ')', geom = NULL
           WHERE ${notRejected} AND s.geom IS NOT NULL AND NOT ST_IsValid(${geometry})`,
    values: params.values,
  };
}

/** Metres around the municipalities' union within which a point or polygon is accepted. */
export const EXTENT_MARGIN_METRES = 100;

/**
 * A point or polygon must touch the municipalities' union buffered by 100 m (in Lambert 72
 * metres), checked in the file's CRS so the reason quotes the coordinates as the file has them.
 */
export function extentStatement(plan: ApplyPlan): Statement | null {
  if (plan.srid === null) return null;
  const params = new Params();
  const srid = params.add(plan.srid);
  const point = plan.target.layer.geometryType === 'Point';
  const [xName, yName] = plan.srid === 4326 ? ['lon', 'lat'] : ['x', 'y'];
  // Degrees to 1e-7 (about 1 cm), metres to the centimetre.
  const digits = plan.srid === 4326 ? 7 : 2;
  const coordinate = (axis: 'X' | 'Y') =>
    `round(ST_${axis}(ST_PointOnSurface(s.geom))::numeric, ${digits})::float8::text`;
  const crs = plan.srid === 4326 ? '' : ` in ${crsLabel(plan.srid)}`;
  const reason = [
    params.text(`${point ? 'the point' : 'the polygon (one of its points:'} ${xName} `),
    coordinate('X'),
    params.text(`, ${yName} `),
    coordinate('Y'),
    params.text(
      `${crs}${point ? '' : ')'} lies outside the municipality, more than ${EXTENT_MARGIN_METRES} m beyond its boundary`,
    ),
  ].join(' || ');
  return {
    text: `WITH area AS (
             SELECT ST_Transform(ST_Buffer(ST_Transform(ST_Union(geom), 31370), ${EXTENT_MARGIN_METRES}), ${srid}::integer) AS geom
               FROM municipalities
           )
           UPDATE ${STAGING} s SET reject_field = 'geometry', reject_reason = ${reason}, geom = NULL
             FROM area
            WHERE ${notRejected} AND s.geom IS NOT NULL AND NOT ST_Intersects(s.geom, area.geom)`,
    values: params.values,
  };
}

/** Marks the rows whose key the layer already has: they update that feature. */
export function existingStatement(plan: ApplyPlan): Statement {
  const { layer, spec } = plan.target;
  return {
    text: `UPDATE ${STAGING} s SET existing = true FROM ${ident(layer.table)} t
            WHERE ${notRejected} AND t.${ident(spec.keyColumn)} = s.key`,
    values: [],
  };
}

/**
 * A new feature needs every required field (from the file or a default) and a geometry. The
 * first missing one is the reason.
 */
export function requiredStatement(plan: ApplyPlan): Statement | null {
  const params = new Params();
  const checks: { condition: string; field: string; reason: string }[] = [];
  for (const field of plan.target.fields) {
    if (!field.required || field.key || field.default !== undefined) continue;
    const i = stagedIndex(plan, field);
    const column = i < 0 ? null : plan.staged[i]!.column;
    if (i < 0) {
      checks.push({
        condition: 'true',
        field: field.name,
        reason: `${field.name} is required for a new feature, and the mapping gives no column for it`,
      });
    } else {
      checks.push({
        condition: `s.${valueColumn(i)} IS NULL`,
        field: field.name,
        reason: `${field.name} is empty${column === null ? '' : ` (column "${column}")`}; a new feature needs it`,
      });
    }
  }
  checks.push({
    condition: 's.geom IS NULL',
    field: 'geometry',
    reason:
      plan.srid === null
        ? 'a new feature needs a place, and the file gives no coordinates'
        : 'a new feature needs a place, and the row has no coordinates',
  });
  const fieldCase = checks.map((c) => `WHEN ${c.condition} THEN ${params.text(c.field)}`).join(' ');
  const reasonCase = checks.map((c) => `WHEN ${c.condition} THEN ${params.text(c.reason)}`).join(' ');
  return {
    text: `UPDATE ${STAGING} s SET reject_field = CASE ${fieldCase} END, reject_reason = CASE ${reasonCase} END
            WHERE ${notRejected} AND NOT s.existing AND (${checks.map((c) => c.condition).join(' OR ')})`,
    values: params.values,
  };
}

/**
 * A layer with a period (the vacancy register: registered -> resolved) must not end before
 * it starts, with the values the feature will have (the file's, or the ones it keeps).
 */
export function periodStatement(plan: ApplyPlan): Statement | null {
  const { layer } = plan.target;
  const temporal = layer.temporal;
  if (!temporal?.end) return null;
  const start = plan.target.fields.find((f) => f.column === temporal.start);
  const end = plan.target.fields.find((f) => f.column === temporal.end);
  if (!start || !end || (stagedIndex(plan, start) < 0 && stagedIndex(plan, end) < 0)) return null;
  const params = new Params();
  const value = (field: ImportField) =>
    `CASE WHEN s.existing THEN ${valueSql(plan, field, params, true)} ELSE ${valueSql(plan, field, params, false) ?? 'NULL'} END`;
  return {
    text: `UPDATE ${STAGING} s SET reject_field = ${params.text(end.name)},
             reject_reason = ${params.text(`${end.name} `)} || x.finish::text || ${params.text(` is before ${start.name} `)} || x.start::text
             FROM (SELECT s.row_no, ${value(start)} AS start, ${value(end)} AS finish
                     FROM ${STAGING} s LEFT JOIN ${ident(layer.table)} t
                       ON s.existing AND t.${ident(plan.target.spec.keyColumn)} = s.key
                    WHERE ${notRejected}) x
            WHERE s.row_no = x.row_no AND x.finish < x.start`,
    values: params.values,
  };
}

/**
 * A field naming a row of another table (a sector's ward) must name one that exists: such a
 * row is rejected here, rather than the foreign key failing the whole import.
 */
export function referenceStatements(plan: ApplyPlan): Statement[] {
  const references = plan.target.layer.import?.references ?? {};
  return plan.staged.flatMap(({ field }, i) => {
    const reference = references[field.name];
    if (!reference) return [];
    const params = new Params();
    const value = `s.${valueColumn(i)}`;
    return [
      {
        text: `UPDATE ${STAGING} s SET reject_field = ${params.text(field.name)},
                 reject_reason = ${params.text(`${field.name} "`)} || ${value} || ${params.text(`" is not a known ${reference.title}`)}
                WHERE ${notRejected} AND ${value} IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM ${ident(reference.table)} r WHERE r.${ident(reference.column)} = ${value})`,
        values: params.values,
      },
    ];
  });
}

/** A key repeated in the file: the first row (of those not rejected otherwise) is imported, later ones rejected. */
export function duplicateStatement(plan: ApplyPlan): Statement {
  const params = new Params();
  const name = params.text(plan.target.key.name);
  return {
    text: `UPDATE ${STAGING} s SET reject_field = ${name},
             reject_reason = ${name} || ' "' || s.key || ${params.text('" repeats row ')} || d.first::text || ${params.text(' (the first row with it is imported)')}
             FROM (SELECT row_no, min(row_no) OVER (PARTITION BY key) AS first FROM ${STAGING} WHERE reject_reason IS NULL) d
            WHERE s.row_no = d.row_no AND d.first <> d.row_no`,
    values: params.values,
  };
}

function fixedSql(plan: ApplyPlan, params: Binder): { column: string; value: string }[] {
  return plan.target.fixed.map((f) => ({ column: f.column, value: castSql(f.type, params.add(f.value)) }));
}

/**
 * Existing features get the file's values (and the fixed ones); a row without geometry keeps
 * the feature's. A feature that already has exactly these values is not written again (a
 * second import of the same file changes nothing); it still counts as updated.
 */
export function updateStatement(plan: ApplyPlan): Statement {
  const { layer, spec } = plan.target;
  const params = new RegistryLiterals();
  const geom = ident(layer.geometryColumn);
  const assignments = plan.staged.map(({ field }) => ({
    column: ident(field.column),
    value: valueSql(plan, field, params, true)!,
  }));
  for (const fixed of fixedSql(plan, params)) assignments.push({ column: ident(fixed.column), value: fixed.value });
  assignments.push({ column: geom, value: `COALESCE(${geometrySql(plan)}, t.${geom})` });
  const current = assignments.map((a) => `t.${a.column}`).join(', ');
  const next = assignments.map((a) => a.value).join(', ');
  return {
    text: `UPDATE ${ident(layer.table)} t SET ${assignments.map((a) => `${a.column} = ${a.value}`).join(', ')}
             FROM ${STAGING} s
            WHERE ${notRejected} AND s.existing AND t.${ident(spec.keyColumn)} = s.key
              AND ROW(${current}) IS DISTINCT FROM ROW(${next})`,
    values: params.values,
  };
}

/** New features, in file order. */
export function insertStatement(plan: ApplyPlan): Statement {
  const { layer, spec } = plan.target;
  const params = new RegistryLiterals();
  const columns = [ident(spec.keyColumn)];
  const values = ['s.key'];
  for (const field of plan.target.fields) {
    if (field.key) continue;
    const value = valueSql(plan, field, params, false);
    if (value === null) continue;
    columns.push(ident(field.column));
    values.push(value);
  }
  for (const fixed of fixedSql(plan, params)) {
    columns.push(ident(fixed.column));
    values.push(fixed.value);
  }
  columns.push(ident(layer.geometryColumn));
  values.push(geometrySql(plan));
  return {
    text: `INSERT INTO ${ident(layer.table)} (${columns.join(', ')})
           SELECT ${values.join(', ')} FROM ${STAGING} s
            WHERE ${notRejected} AND NOT s.existing ORDER BY s.row_no`,
    values: params.values,
  };
}

interface Tally {
  rows: number;
  rejected: number;
  updates: number;
  inserts: number;
}

export interface ApplyResult {
  rows: number;
  inserted: number;
  updated: number;
  /** Of `updated`, the features that already had exactly these values. */
  unchanged: number;
  rejected: number;
}

async function run(client: pg.PoolClient, statement: Statement | null): Promise<number> {
  if (statement === null) return 0;
  const result = await client.query(statement.text, statement.values);
  return result.rowCount ?? 0;
}

/**
 * The checks, then the writes, on the import's client inside its transaction. With `dryRun`
 * the writes are made and undone (a savepoint), so a constraint they would break still shows.
 */
export async function applyStaged(client: pg.PoolClient, plan: ApplyPlan, dryRun: boolean): Promise<ApplyResult> {
  await client.query(`ANALYZE ${STAGING}`);
  if (plan.srid !== null) {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::integer AS n FROM municipalities');
    if ((rows[0]?.n ?? 0) === 0) {
      throw new HttpProblem(
        422,
        'Unprocessable Content',
        'no municipality boundary is loaded, so no place can be checked; nothing was imported ' +
          "(the app loads Halle's when it first starts on an empty database, as does `npm run seed`)",
      );
    }
  }
  await run(client, validityStatement(plan, false));
  await run(client, extentStatement(plan));
  // From here on the layer's rows matter: no other import may change them until this one ends.
  await client.query(`LOCK TABLE ${ident(plan.target.layer.table)} IN SHARE ROW EXCLUSIVE MODE`);
  await run(client, existingStatement(plan));
  await run(client, validityStatement(plan, true));
  await run(client, requiredStatement(plan));
  await run(client, periodStatement(plan));
  for (const statement of referenceStatements(plan)) await run(client, statement);
  await run(client, duplicateStatement(plan));
  const { rows } = await client.query<Tally>(
    `SELECT count(*)::integer AS rows,
            (count(*) FILTER (WHERE reject_reason IS NOT NULL))::integer AS rejected,
            (count(*) FILTER (WHERE reject_reason IS NULL AND existing))::integer AS updates,
            (count(*) FILTER (WHERE reject_reason IS NULL AND NOT existing))::integer AS inserts
       FROM ${STAGING}`,
  );
  const tally = rows[0]!;
  await client.query('SAVEPOINT import_writes');
  // Skipped when there is nothing to write: a statement that changes no row still bumps the
  // layer's data version (a statement-level trigger), which empties the tile caches for nothing.
  const changed = tally.updates > 0 ? await run(client, updateStatement(plan)) : 0;
  const inserted = tally.inserts > 0 ? await run(client, insertStatement(plan)) : 0;
  if (dryRun) await client.query('ROLLBACK TO SAVEPOINT import_writes');
  else await client.query('RELEASE SAVEPOINT import_writes');
  if (
    changed > tally.updates ||
    inserted !== tally.inserts ||
    tally.rows !== tally.rejected + tally.updates + inserted
  ) {
    throw new Error(
      `import accounting does not add up: ${tally.rows} rows, ${tally.rejected} rejected, ` +
        `${changed} of ${tally.updates} updated, ${inserted} of ${tally.inserts} inserted`,
    );
  }
  return {
    rows: tally.rows,
    inserted,
    updated: tally.updates,
    unchanged: tally.updates - changed,
    rejected: tally.rejected,
  };
}
