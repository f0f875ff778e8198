import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { inTransaction } from '../db/transaction.ts';
import { requireRole, type SessionUser } from '../auth/guard.ts';
import { BELGIUM } from '../geometry/validate.ts';
import { InvalidParameterError, parseBBox } from '../layers/filters.ts';
import { HttpProblem } from '../plugins/errors.ts';
import {
  findSignal,
  insertSignal,
  insertStep,
  listSignals,
  lockSignal,
  missingReference,
  moveSignal,
  placeOfPoint,
  type Queryable,
  type Scope,
  type SignalFields,
  type SignalFilters,
  signalVisible,
  updateSignal,
} from '../signals/queries.ts';
import {
  IdParamsSchema,
  ProblemOutSchema,
  SAFETY_PHASES,
  SIGNAL_KINDS,
  SIGNAL_STATUSES,
  SignalBodySchema,
  SignalCollectionSchema,
  SignalDetailSchema,
  SignalListQuerySchema,
  type SignalPatch,
  SignalPatchSchema,
  schemaErrorFormatter,
  TransitionBodySchema,
} from '../signals/schema.ts';
import { checkTransition } from '../signals/transitions.ts';

/*
 * Signals (decision record 22): pinned and managed by coordinators and admins, followed up by
 * the partner they are assigned to. Planners get 403 and the public 401: signals are never
 * public in any form. A partner user's requests carry its partner into every query (Scope), so
 * another partner's signal is absent to it (404, as if there were none), in lists too.
 * Descriptions, reporters and notes are personal data: they go to the database and back to
 * these callers only, never into the audit log or the logs, and leave with `no-store`.
 */

const READ = requireRole('coordinator', 'admin', 'partner');
const WRITE = requireRole('coordinator', 'admin');
const ALL: Scope = { kind: 'all' };

const ENTITY = 'signal';

/** Whose signals this user may see: a partner user its own partner's (migration 005 guarantees one), staff all. */
function scopeOf(user: SessionUser): Scope {
  // -1 names no partner: a partner user without one (the table forbids it) would see nothing.
  return user.role === 'partner' ? { kind: 'partner', partnerId: user.partnerId ?? -1 } : ALL;
}

/** The same answer for a signal that does not exist and one the caller may not see. */
const notFound = (id: number) => new HttpProblem(404, 'Not Found', `no signal ${id}`, 'id');

/** `name=a,b`: each value one of `allowed`, duplicates once. */
function parseList(name: string, raw: string, allowed: readonly string[]): string[] {
  const values = [...new Set(raw.split(',').map((value) => value.trim()))];
  const unknown = values.filter((value) => !allowed.includes(value));
  if (values.length === 0 || unknown.length > 0) {
    throw new InvalidParameterError(
      name,
      `unknown ${name} "${unknown.join(',')}"; expected one or more of: ${allowed.join(', ')}`,
    );
  }
  return values;
}

/** `YYYY-MM-DD` that is a real calendar date from 1900 up to tomorrow (any time zone's today). */
function checkedDate(raw: string): string {
  const date = new Date(`${raw}T00:00:00Z`);
  // Date() rolls invalid days over (2024-02-31 -> March 2); compare to catch that.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw) {
    throw new HttpProblem(400, 'Bad Request', `reportedOn "${raw}" is not a calendar date (YYYY-MM-DD)`, 'reportedOn');
  }
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  if (raw < '1900-01-01' || raw > tomorrow) {
    throw new HttpProblem(400, 'Bad Request', `reportedOn ${raw} lies before 1900 or in the future`, 'reportedOn');
  }
  return raw;
}

/** Blank text is no text: stored as null, like text the retention job has emptied. */
const textOrNull = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null || value.trim() === '' ? null : value;

/**
 * The fields of a POST or PATCH body, checked where the schema cannot: a real date, the point
 * in the municipality (the imports' rule: at most 100 m beyond its boundary) and every id
 * naming something that exists. Each refusal is a 400 naming the member.
 */
async function checkedFields(db: Queryable, body: Omit<SignalPatch, 'version' | 'note'>): Promise<SignalFields> {
  const fields: SignalFields = {
    kind: body.kind,
    phase: body.phase,
    reportedOn: body.reportedOn === undefined ? undefined : checkedDate(body.reportedOn),
    description: textOrNull(body.description),
    reporter: textOrNull(body.reporter),
    reportingPartnerId: body.reportingPartnerId,
    partnerId: body.partnerId,
    vacantBuildingId: body.vacantBuildingId,
    incidentId: body.incidentId,
    focusAreaId: body.focusAreaId,
  };
  if (body.geometry !== undefined) {
    const [lon, lat] = body.geometry.coordinates as [number, number];
    const outside = `the point lon ${lon}, lat ${lat} lies outside the municipality, more than 100 m beyond its boundary`;
    // Far outside Belgium (or not a coordinate at all) needs no database to say so.
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < BELGIUM.west || lon > BELGIUM.east) {
      throw new HttpProblem(400, 'Bad Request', outside, 'geometry');
    }
    if (lat < BELGIUM.south || lat > BELGIUM.north) throw new HttpProblem(400, 'Bad Request', outside, 'geometry');
    const place = await placeOfPoint(db, [lon, lat]);
    if (!place.loaded) {
      throw new HttpProblem(
        422,
        'Unprocessable Content',
        'no municipality boundary is loaded, so no point can be checked (the app loads Halle’s on its first start)',
        'geometry',
      );
    }
    if (!place.inside) throw new HttpProblem(400, 'Bad Request', outside, 'geometry');
    fields.point = [lon, lat];
  }
  const missing = await missingReference(db, fields);
  if (missing) throw new HttpProblem(400, 'Bad Request', `no ${missing.what} ${missing.id}`, missing.field);
  return fields;
}

/** The foreign keys of `signals`, by the request member they come from. */
const FOREIGN_KEYS: Record<string, string> = {
  signals_reporting_partner_id_fkey: 'reportingPartnerId',
  signals_partner_id_fkey: 'partnerId',
  signals_vacant_building_id_fkey: 'vacantBuildingId',
  signals_incident_id_fkey: 'incidentId',
  signals_focus_area_id_fkey: 'focusAreaId',
  signal_steps_partner_id_fkey: 'partnerId',
};

/** A row referred to was removed between the check and the write: still a 400 naming it, not a 500. */
function referenceRefused(error: unknown): never {
  const e = error as { code?: string; constraint?: string };
  const field = e.code === '23503' && e.constraint ? FOREIGN_KEYS[e.constraint] : undefined;
  if (field) throw new HttpProblem(400, 'Bad Request', `${field} names a row that no longer exists`, field);
  throw error;
}

/** The signal as it is now (for the 409 of a stale edit), or a 404. */
async function currentOr404(db: Queryable, id: number) {
  const current = await findSignal(db, id, ALL);
  if (!current) throw notFound(id);
  return current;
}

const Errors = { 400: ProblemOutSchema, 401: ProblemOutSchema, 403: ProblemOutSchema, 404: ProblemOutSchema };

const signalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.db.pool;
  // Name the member at fault even when it is one the schema does not know (`status` in a PATCH).
  app.setSchemaErrorFormatter(schemaErrorFormatter);
  // Personal data: no cache, shared or private, keeps a copy (this plugin's routes only).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get(
    '/api/signals',
    {
      preHandler: READ,
      schema: { querystring: SignalListQuerySchema, response: { 200: SignalCollectionSchema, ...Errors } },
    },
    async (request, reply) => {
      const { query } = request;
      const filters: SignalFilters = {};
      if (query.status !== undefined) filters.statuses = parseList('status', query.status, SIGNAL_STATUSES);
      if (query.kind !== undefined) filters.kinds = parseList('kind', query.kind, SIGNAL_KINDS);
      if (query.phase !== undefined) filters.phases = parseList('phase', query.phase, SAFETY_PHASES);
      if (query.partner !== undefined) filters.partnerId = query.partner;
      if (query.bbox !== undefined) filters.bbox = parseBBox(query.bbox);
      const features = await listSignals(pool, scopeOf(request.user!), filters);
      return reply.type('application/geo+json').send({ type: 'FeatureCollection', features });
    },
  );

  app.post(
    '/api/signals',
    {
      preHandler: WRITE,
      schema: { body: SignalBodySchema, response: { 201: SignalDetailSchema, 422: ProblemOutSchema, ...Errors } },
    },
    async (request, reply) => {
      const fields = await checkedFields(pool, request.body);
      const userId = request.user!.id;
      const id = await inTransaction(pool, async (client) => {
        const created = await insertSignal(client, fields, userId).catch(referenceRefused);
        // Kind, phase, status and partner: never the description, reporter or a note.
        await recordAudit(client, {
          userId,
          action: 'signal.create',
          entity: ENTITY,
          entityId: String(created),
          details: { version: 1, kind: fields.kind, phase: fields.phase, partnerId: fields.partnerId ?? null },
        });
        return created;
      });
      return reply.code(201).send((await findSignal(pool, id, ALL))!);
    },
  );

  app.get(
    '/api/signals/:id',
    { preHandler: READ, schema: { params: IdParamsSchema, response: { 200: SignalDetailSchema, ...Errors } } },
    async (request) => {
      const signal = await findSignal(pool, request.params.id, scopeOf(request.user!));
      if (!signal) throw notFound(request.params.id);
      return signal;
    },
  );

  app.patch(
    '/api/signals/:id',
    {
      preHandler: READ,
      schema: {
        params: IdParamsSchema,
        body: SignalPatchSchema,
        response: { 200: SignalDetailSchema, 409: ProblemOutSchema, 422: ProblemOutSchema, ...Errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const user = request.user!;
      if (user.role === 'partner') {
        // A partner moves its signals (transitions) but does not edit them; another partner's is absent.
        if (await signalVisible(pool, id, scopeOf(user))) {
          throw new HttpProblem(
            403,
            'Forbidden',
            'a partner moves its signals through POST /api/signals/:id/transitions; coordinators and admins edit them',
          );
        }
        throw notFound(id);
      }
      const { version: base, note, ...changes } = request.body;
      const fields = await checkedFields(pool, changes);
      const outcome = await inTransaction(pool, async (client) => {
        const state = await lockSignal(client, id, ALL);
        if (!state) throw notFound(id);
        if (state.anonymised || state.version !== base) return { refused: state };
        const version = await updateSignal(client, id, base, fields).catch(referenceRefused);
        if (version === null) return { refused: state };
        // A new partner responsible is a step of the trail: same status, the partner, the note.
        if (fields.partnerId !== undefined && fields.partnerId !== state.partnerId) {
          await insertStep(client, {
            signalId: id,
            from: state.status,
            to: state.status,
            partnerId: fields.partnerId,
            note: textOrNull(note) ?? null,
            userId: user.id,
          }).catch(referenceRefused);
        }
        await recordAudit(client, {
          userId: user.id,
          action: 'signal.update',
          entity: ENTITY,
          entityId: String(id),
          // The names of the fields changed, never their values (personal data among them).
          details: { version, baseVersion: base, fields: Object.keys(changes).sort() },
        });
        return { refused: null };
      });
      const current = await currentOr404(pool, id);
      if (outcome.refused?.anonymised) {
        throw new HttpProblem(
          409,
          'Conflict',
          `signal ${id} was anonymised after its retention period and can no longer be edited`,
          'version',
          { current },
        );
      }
      if (outcome.refused) {
        throw new HttpProblem(
          409,
          'Conflict',
          `signal ${id} is at version ${current.properties.version}, but this change was based on version ${base}; ` +
            `nothing was saved. The current signal is in "current": apply your change to it again and send ` +
            `version ${current.properties.version}.`,
          'version',
          { current },
        );
      }
      return current;
    },
  );

  app.post(
    '/api/signals/:id/transitions',
    {
      preHandler: READ,
      schema: {
        params: IdParamsSchema,
        body: TransitionBodySchema,
        response: { 200: SignalDetailSchema, 409: ProblemOutSchema, ...Errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { to, note } = request.body;
      const user = request.user!;
      const scope = scopeOf(user);
      await inTransaction(pool, async (client) => {
        const state = await lockSignal(client, id, scope);
        if (!state) throw notFound(id);
        if (state.anonymised) {
          throw new HttpProblem(409, 'Conflict', `signal ${id} was anonymised and can no longer move`, 'to');
        }
        const verdict = checkTransition(state.status, to, user.role === 'partner' ? 'partner' : 'staff');
        if (!verdict.allowed) throw new HttpProblem(409, 'Conflict', verdict.reason, 'to');
        // The row is locked: it is still at state.status, and still the scope's.
        const version = await moveSignal(client, id, scope, state.status, to);
        if (version === null) throw notFound(id);
        await insertStep(client, {
          signalId: id,
          from: state.status,
          to,
          partnerId: state.partnerId,
          note: textOrNull(note) ?? null,
          userId: user.id,
        });
        await recordAudit(client, {
          userId: user.id,
          action: 'signal.transition',
          entity: ENTITY,
          entityId: String(id),
          details: { from: state.status, to, version },
        });
      });
      return (await findSignal(pool, id, scope))!;
    },
  );
};

export default signalRoutes;
