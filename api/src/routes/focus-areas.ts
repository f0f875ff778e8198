import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit.ts';
import { requireRole } from '../auth/guard.ts';
import { inTransaction } from '../db/transaction.ts';
import { computeAreaFigures, confirmValidInDatabase } from '../figures/area-figures.ts';
import { diffActionsByYear, diffAttributes } from '../focus-areas/diff.ts';
import {
  FOCUS_AREA_EXPORT_TYPES,
  type FocusAreaExportFormat,
  focusAreaExportFileName,
  focusAreasCsv,
  focusAreasGeojson,
  focusAreasGeoPackage,
} from '../focus-areas/export.ts';
import {
  existingPartners,
  type Feature,
  type FocusAreaRow,
  findArea,
  geometryDifference,
  insertArea,
  listAreas,
  listAreasAsWkb,
  listPublicAreas,
  listVersions,
  partnerNames,
  type Queryable,
  restoreArea,
  softDeleteArea,
  toFeature,
  updateArea,
  versionExists,
} from '../focus-areas/queries.ts';
import {
  CompareSchema,
  ConflictSchema,
  FeatureSchema,
  FocusAreaBodySchema,
  FocusAreaListSchema,
  FocusAreaUpdateSchema,
  IdParamsSchema,
  type FocusAreaBody,
  MAX_VERSION,
  ProblemOutSchema,
  VersionSchema,
  withChainFields,
} from '../focus-areas/schema.ts';
import { type AreaGeometry, GeometryError, validateAreaGeometry } from '../geometry/validate.ts';
import { assertSupportedRange, parsePeriod } from '../indicators/period.ts';
import type { TimeInterval } from '../layers/filters.ts';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from '../plugins/errors.ts';
import { viewerOf } from '../privacy/viewer.ts';

/*
 * Areas of focus (aandachtsgebieden): coordinators and admins edit, planners read, the public
 * sees the active ones in the list (without versions, editors or past actions) and nothing else. Every write is one statement that checks and bumps `version` (optimistic
 * concurrency: a save based on a stale version writes nothing and gets 409 with the current
 * area), run in a transaction on ONE client together with its audit entry; the trigger keeps
 * every version. Nothing else touches the pool while that client is held (the embedded
 * backend serves one connection).
 */

const READ = requireRole('planner', 'coordinator', 'admin');
const WRITE = requireRole('coordinator', 'admin');

const ENTITY = 'focus-area';

const Errors = { 400: ProblemOutSchema, 404: ProblemOutSchema, 422: ProblemOutSchema };

/** Planners do not see deleted areas (the list hides them; so do the single-area routes). */
const seesDeleted = (request: FastifyRequest) => request.user?.role === 'coordinator' || request.user?.role === 'admin';

function notFound(id: number): HttpProblem {
  return new HttpProblem(404, 'Not Found', `no area of focus ${id}`, 'id');
}

/**
 * The table's CHECK (ST_IsValid) catches what the TypeScript checks let through (they follow
 * the same rules, so this should not happen): still a 422 on the geometry, never a 500.
 */
function geometryRefused(error: unknown): never {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23514' && e.constraint === 'focus_areas_geom_check') {
    throw new GeometryError('invalid-rings', 'PostGIS finds the geometry invalid (ST_IsValid); check the outline');
  }
  throw error;
}

/**
 * The content to save: every action with both safety-chain fields (null when left out), so a
 * stored action always has them.
 */
function contentOf(body: Omit<FocusAreaBody, 'geometry'>): Omit<FocusAreaBody, 'geometry'> {
  return { ...body, actions: body.actions.map(withChainFields) };
}

/**
 * Refuses (400 naming it) the first action whose partnerId is no partner. Run in the write's
 * transaction: the partners found stay locked until it commits (existingPartners).
 */
async function assertKnownPartners(db: Queryable, actions: FocusAreaBody['actions']): Promise<void> {
  const ids = actions.flatMap((a) => (a.partnerId == null ? [] : [a.partnerId]));
  const known = await existingPartners(db, ids);
  const index = actions.findIndex((a) => a.partnerId != null && !known.has(a.partnerId));
  if (index === -1) return;
  const parameter = `actions[${index}].partnerId`;
  throw new HttpProblem(
    400,
    'Bad Request',
    `${parameter}: there is no partner ${actions[index]!.partnerId}; the partners are listed by GET /api/partners`,
    parameter,
  );
}

function conflict(request: FastifyRequest, reply: FastifyReply, detail: string, current: Feature) {
  return reply.code(409).type(PROBLEM_CONTENT_TYPE).send({
    type: 'about:blank',
    title: 'Conflict',
    status: 409,
    detail,
    instance: request.url,
    current,
  });
}

function staleDetail(id: number, base: number, current: number): string {
  return (
    `area of focus ${id} is at version ${current}, but this change was based on version ${base}; ` +
    `nothing was saved. The current area is in "current": apply your change to it again and send version ${current}.`
  );
}

const focusAreaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.db.pool;
  const maxVertices = app.config.focusAreaMaxVertices;

  /** The TypeScript checks, then PostGIS's own verdict (on the pool: no client is held yet). */
  async function checkedGeometry(geometry: unknown): Promise<AreaGeometry> {
    const checked = validateAreaGeometry(geometry, { maxVertices });
    await confirmValidInDatabase(pool, checked);
    return checked;
  }

  /** The area as saved (read in the write's transaction), with its figures computed after. */
  async function withFigures(row: FocusAreaRow, period: TimeInterval | null): Promise<Feature> {
    const feature = toFeature(row);
    // Stored geometries passed validateAreaGeometry (or are copies of ones that did).
    feature.properties.figures = await computeAreaFigures(pool, row.geometry as AreaGeometry, period);
    return feature;
  }

  /** After a write wrote nothing: 404 for an unknown area, else 409 with the area as it is now. */
  async function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    base: number | null,
    action: 'update' | 'delete' | 'restore',
  ) {
    const row = await findArea(pool, id);
    if (!row) throw notFound(id);
    const current = toFeature(row);
    if (base !== null && row.version !== base)
      return conflict(request, reply, staleDetail(id, base, row.version), current);
    const detail =
      action === 'delete'
        ? `area of focus ${id} is already deleted (version ${row.version}); restore it with POST ${request.url.split('?')[0]}/restore`
        : `area of focus ${id} is deleted; restore it (POST /api/focus-areas/${id}/restore) before editing it`;
    return conflict(request, reply, detail, current);
  }

  app.get(
    '/api/focus-areas',
    {
      schema: {
        querystring: Type.Object({
          deleted: Type.Optional(Type.Boolean({ description: 'also list deleted areas (coordinator, admin)' })),
        }),
        response: { 200: FocusAreaListSchema, 401: ProblemOutSchema, 403: ProblemOutSchema, ...Errors },
      },
    },
    async (request, reply) => {
      if (viewerOf(request) === 'public') {
        if (request.query.deleted !== undefined) throw new HttpProblem(401, 'Unauthorized', 'Sign in to do this.');
        const features = await listPublicAreas(pool, new Date().getUTCFullYear());
        return reply.type('application/geo+json').send({ type: 'FeatureCollection', features });
      }
      const includeDeleted = request.query.deleted === true;
      if (includeDeleted && !seesDeleted(request)) {
        throw new HttpProblem(403, 'Forbidden', 'only coordinators and admins see deleted areas', 'deleted');
      }
      const rows = await listAreas(pool, includeDeleted);
      return reply.type('application/geo+json').send({ type: 'FeatureCollection', features: rows.map(toFeature) });
    },
  );

  /** The areas that are not deleted: GeoPackage bytes, or CSV or GeoJSON text. */
  async function exportBody(format: FocusAreaExportFormat): Promise<string | Uint8Array> {
    if (format === 'gpkg') return focusAreasGeoPackage(await listAreasAsWkb(pool), await partnerNames(pool));
    const rows = await listAreas(pool, false, format === 'csv');
    return format === 'csv' ? focusAreasCsv(rows, await partnerNames(pool)) : focusAreasGeojson(rows);
  }

  app.get(
    '/api/focus-areas/export',
    {
      preHandler: READ,
      schema: {
        querystring: Type.Object({
          format: Type.Union([Type.Literal('geojson'), Type.Literal('csv'), Type.Literal('gpkg')], {
            description: 'geojson, csv or gpkg (GeoPackage 1.3)',
          }),
        }),
        response: {
          200: Type.Unsafe<string | Uint8Array>({
            type: 'string',
            description:
              'RFC 7946 FeatureCollection, CSV (UTF-8 with BOM) one row per action, or a GeoPackage 1.3 file ' +
              '(feature table focus_areas, attributes table focus_area_actions)',
          }),
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      // Read before any header is set, so a failure leaves as a problem, not as an attachment.
      const body = await exportBody(format);
      return reply
        .type(FOCUS_AREA_EXPORT_TYPES[format])
        .header('Content-Disposition', `attachment; filename="${focusAreaExportFileName(format)}"`)
        .send(body);
    },
  );

  app.post(
    '/api/focus-areas',
    {
      preHandler: WRITE,
      schema: { body: FocusAreaBodySchema, response: { 201: FeatureSchema, ...Errors } },
    },
    async (request, reply) => {
      const { geometry, ...body } = request.body;
      const content = contentOf(body);
      const checked = await checkedGeometry(geometry);
      const userId = request.user!.id;
      const created = await inTransaction(pool, async (client) => {
        await assertKnownPartners(client, content.actions);
        const row = await insertArea(client, content, checked, userId).catch(geometryRefused);
        await recordAudit(client, {
          userId,
          action: 'focus-area.create',
          entity: ENTITY,
          entityId: String(row.id),
          details: { version: row.version, name: content.name },
        });
        return findArea(client, row.id);
      });
      return reply.code(201).send(await withFigures(created!, null));
    },
  );

  app.get(
    '/api/focus-areas/:id',
    {
      preHandler: READ,
      schema: {
        params: IdParamsSchema,
        querystring: Type.Object({
          period: Type.Optional(
            Type.String({
              maxLength: 100,
              description: 'RFC 3339 interval START/END for the figures; default all time',
            }),
          ),
        }),
        response: { 200: FeatureSchema, ...Errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const period = request.query.period === undefined ? null : parsePeriod(request.query.period);
      if (period) assertSupportedRange([period]);
      const row = await findArea(pool, id);
      if (!row || (row.deleted_at && !seesDeleted(request))) throw notFound(id);
      return withFigures(row, period);
    },
  );

  app.put(
    '/api/focus-areas/:id',
    {
      preHandler: WRITE,
      schema: {
        params: IdParamsSchema,
        body: FocusAreaUpdateSchema,
        response: { 200: FeatureSchema, 409: ConflictSchema, ...Errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { geometry, version: base, ...body } = request.body;
      const content = contentOf(body);
      const checked = await checkedGeometry(geometry);
      const userId = request.user!.id;
      const saved = await inTransaction(pool, async (client) => {
        await assertKnownPartners(client, content.actions);
        const version = await updateArea(client, id, base, content, checked, userId).catch(geometryRefused);
        if (version === null) return null;
        await recordAudit(client, {
          userId,
          action: 'focus-area.update',
          entity: ENTITY,
          entityId: String(id),
          details: { version, baseVersion: base },
        });
        return findArea(client, id);
      });
      if (saved === null) return refuse(request, reply, id, base, 'update');
      return withFigures(saved, null);
    },
  );

  app.delete(
    '/api/focus-areas/:id',
    {
      preHandler: WRITE,
      schema: {
        params: IdParamsSchema,
        querystring: Type.Object({
          version: Type.Integer({ minimum: 1, maximum: MAX_VERSION, description: 'the version being deleted' }),
        }),
        response: { 200: FeatureSchema, 409: ConflictSchema, ...Errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const base = request.query.version;
      const userId = request.user!.id;
      const saved = await inTransaction(pool, async (client) => {
        const version = await softDeleteArea(client, id, base, userId);
        if (version === null) return null;
        await recordAudit(client, {
          userId,
          action: 'focus-area.delete',
          entity: ENTITY,
          entityId: String(id),
          details: { version, baseVersion: base },
        });
        return findArea(client, id);
      });
      if (saved === null) return refuse(request, reply, id, base, 'delete');
      return toFeature(saved);
    },
  );

  app.post(
    '/api/focus-areas/:id/restore',
    {
      preHandler: WRITE,
      schema: {
        params: IdParamsSchema,
        body: Type.Object({
          version: Type.Integer({
            minimum: 1,
            maximum: MAX_VERSION,
            description: 'the version whose content becomes the new version',
          }),
          baseVersion: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: MAX_VERSION,
              description: 'the current version as the client knows it; 409 when stale',
            }),
          ),
        }),
        response: { 200: FeatureSchema, 409: ConflictSchema, ...Errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { version: source, baseVersion = null } = request.body;
      const userId = request.user!.id;
      const saved = await inTransaction(pool, async (client) => {
        const version = await restoreArea(client, id, source, baseVersion, userId);
        if (version === null) return null;
        await recordAudit(client, {
          userId,
          action: 'focus-area.restore',
          entity: ENTITY,
          entityId: String(id),
          details: { version, restoredFrom: source, baseVersion },
        });
        return findArea(client, id);
      });
      if (saved === null) {
        if ((await findArea(pool, id)) && !(await versionExists(pool, id, source))) {
          throw new HttpProblem(404, 'Not Found', `area of focus ${id} has no version ${source}`, 'version');
        }
        return refuse(request, reply, id, baseVersion, 'restore');
      }
      return withFigures(saved, null);
    },
  );

  app.get(
    '/api/focus-areas/:id/versions',
    {
      preHandler: READ,
      schema: {
        params: IdParamsSchema,
        response: { 200: Type.Object({ versions: Type.Array(VersionSchema) }), ...Errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const row = await findArea(pool, id);
      if (!row || (row.deleted_at && !seesDeleted(request))) throw notFound(id);
      return { versions: await listVersions(pool, id) };
    },
  );

  app.get(
    '/api/focus-areas/:id/versions/compare',
    {
      preHandler: READ,
      schema: {
        params: IdParamsSchema,
        querystring: Type.Object({
          from: Type.Integer({ minimum: 1, maximum: MAX_VERSION, description: 'the earlier version (before)' }),
          to: Type.Integer({ minimum: 1, maximum: MAX_VERSION, description: 'the later version (after)' }),
        }),
        response: { 200: CompareSchema, ...Errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { from, to } = request.query;
      const row = await findArea(pool, id);
      if (!row || (row.deleted_at && !seesDeleted(request))) throw notFound(id);
      const versions = await listVersions(pool, id, [from, to]);
      const before = versions.find((v) => v.version === from);
      const after = versions.find((v) => v.version === to);
      for (const [name, value, found] of [
        ['from', from, before],
        ['to', to, after],
      ] as const) {
        if (!found) throw new HttpProblem(404, 'Not Found', `area of focus ${id} has no version ${value}`, name);
      }
      return {
        from,
        to,
        changes: diffAttributes(before!, after!),
        actionsByYear: diffActionsByYear(before!.actions, after!.actions),
        geometry: await geometryDifference(pool, id, from, to),
      };
    },
  );
};

export default focusAreaRoutes;
