import { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireRole } from '../auth/guard.ts';
import { importTargetOr404 } from '../imports/fields.ts';
import { parseMapping } from '../imports/mapping.ts';
import { previewImport } from '../imports/preview.ts';
import { openSource, SourceError } from '../imports/read/index.ts';
import { REPORT_CONTENT_TYPES, reportChunks, reportFileName } from '../imports/report.ts';
import { runImport } from '../imports/run.ts';
import { checkSourceName, findRun, listRuns, listSources } from '../imports/runs.ts';
import type { SourceTable } from '../imports/types.ts';
import { type UploadInfo, UploadStore, UploadTooLargeError } from '../imports/uploads.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { LocalizedSchema, Nullable, ProblemSchema } from '../schemas.ts';

/*
 * Imports for coordinators and admins (decision record 18): upload a file and get a preview
 * with a suggested mapping, run the import (dry or real) on the upload, list past runs,
 * download a run's report, list the saved sources' mappings. Planners get 403, the public 401.
 */

const STAFF_WRITERS = requireRole('coordinator', 'admin');

const FieldSourceSchema = Type.Union([
  Type.Object({ column: Type.String() }, { additionalProperties: false }),
  Type.Object({ value: Type.String() }, { additionalProperties: false }),
]);

const GeometrySourceSchema = Type.Union([
  Type.Object({ kind: Type.Literal('file') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('xy'), x: Type.String(), y: Type.String() }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('wkt'), column: Type.String() }, { additionalProperties: false }),
]);

const MappingSchema = Type.Object(
  {
    fields: Type.Record(Type.String(), FieldSourceSchema, {
      description: 'layer field -> {column} of the file or one {value} for every row',
    }),
    geometry: Nullable(GeometrySourceSchema),
    crs: Nullable(Type.Integer({ description: 'EPSG code declared; null: the file’s own, else detected' })),
    values: Type.Record(Type.String(), Type.Record(Type.String(), Type.String()), {
      description: 'per enumerated field: value as written in the file -> the layer’s code',
    }),
  },
  { additionalProperties: false },
);

const SourceValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

const SourceDescriptionSchema = Type.Object({
  fileName: Type.String(),
  format: Type.String({ description: 'csv, geojson, shapefile or geopackage' }),
  encoding: Nullable(Type.String()),
  separator: Nullable(Type.String()),
  decimalComma: Nullable(Type.Boolean()),
  columns: Type.Array(Type.String()),
  geometryType: Nullable(Type.String()),
  srid: Nullable(Type.Integer()),
  sridSource: Nullable(Type.String()),
});

const SourceRowSchema = Type.Object({
  row: Type.Integer(),
  values: Type.Record(Type.String(), SourceValueSchema),
  geometry: Type.Unknown({ description: 'GeoJSON geometry in the file’s CRS, or null' }),
  problem: Type.Optional(Type.String()),
});

const CrsSchema = Nullable(
  Type.Object({
    srid: Type.Integer(),
    how: Type.String({ description: 'declared, file or detected' }),
  }),
);

const UnknownValuesSchema = Type.Record(
  Type.String(),
  Type.Array(Type.Object({ value: Type.String(), rows: Type.Integer() })),
);

const RejectionSchema = Type.Object({
  row: Type.Integer(),
  field: Type.Optional(Type.String()),
  reason: Type.String(),
});

const ReportSchema = Type.Object({
  id: Nullable(Type.Integer()),
  layer: Type.String(),
  source: Nullable(Type.String()),
  dryRun: Type.Boolean(),
  file: SourceDescriptionSchema,
  crs: CrsSchema,
  mapping: MappingSchema,
  rows: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer({ description: 'of the updated, features that already had exactly these values' }),
  rejected: Type.Integer(),
  rejections: Type.Array(RejectionSchema, { description: 'the first 1,000 rejections, in row order' }),
  rejectionsTruncated: Type.Boolean({ description: 'true: the report download has more' }),
  unknownValues: UnknownValuesSchema,
  durationMs: Type.Integer(),
  rowsPerSecond: Type.Integer(),
});

const UploadResponseSchema = Type.Object({
  upload: Type.Object({
    id: Type.String(),
    fileName: Type.String(),
    size: Type.Integer(),
    expiresAt: Type.String({ format: 'date-time' }),
  }),
  file: SourceDescriptionSchema,
  sample: Type.Array(SourceRowSchema),
  fields: Type.Array(
    Type.Object({
      name: Type.String(),
      title: LocalizedSchema,
      type: Type.String(),
      required: Type.Boolean(),
      key: Type.Boolean({ description: 'the id rows are matched on: always a column, never a fixed value' }),
      default: Type.Optional(Type.String()),
      values: Type.Optional(Type.Array(Type.Object({ value: Type.String(), title: LocalizedSchema }))),
    }),
  ),
  geometry: Type.Object({ type: Type.String() }),
  mapping: MappingSchema,
  mappingFrom: Type.String({ description: 'saved or suggested' }),
  detectedCrs: Nullable(Type.Integer()),
});

const RunSummarySchema = Type.Object({
  id: Type.Integer(),
  layer: Type.String(),
  source: Nullable(Type.String()),
  fileName: Type.String(),
  dryRun: Type.Boolean(),
  status: Type.String({ description: 'done or failed' }),
  message: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
  user: Nullable(Type.String()),
  rows: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
});

const LayerQuerySchema = Type.Object({ layer: Type.Optional(Type.String({ maxLength: 64 })) });

/** A problem with its extension members kept (`constraint` of a refused import, `limit` of a 413). */
const ImportProblemSchema = Type.Object(ProblemSchema.properties, { additionalProperties: true });

const Errors = {
  400: ImportProblemSchema,
  401: ImportProblemSchema,
  403: ImportProblemSchema,
  404: ImportProblemSchema,
};

const unprocessable = (detail: string) => new HttpProblem(422, 'Unprocessable Content', detail);

const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const store = new UploadStore(app.config.importUploadDir);
  const maxBytes = app.config.importMaxBytes;
  const megabytes = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  const tooLarge = () =>
    new HttpProblem(
      413,
      'Payload Too Large',
      `the file is larger than the limit of ${megabytes} MB (${maxBytes} bytes, IMPORT_MAX_BYTES); nothing was kept`,
      'file',
      { limit: maxBytes },
    );
  // Only in this plugin's scope: no other route takes multipart bodies.
  await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1 } });

  async function openUpload(info: UploadInfo): Promise<SourceTable> {
    try {
      return await openSource(info.fileName, await store.bytes(info));
    } catch (error) {
      if (error instanceof SourceError) throw unprocessable(error.message);
      throw error;
    }
  }

  const userId = (request: FastifyRequest) => request.user!.id;

  app.post(
    '/api/imports/uploads',
    {
      preHandler: STAFF_WRITERS,
      schema: {
        querystring: Type.Object({
          layer: Type.String({ maxLength: 64 }),
          source: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          201: UploadResponseSchema,
          ...Errors,
          413: ImportProblemSchema,
          415: ImportProblemSchema,
          422: ImportProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const target = importTargetOr404(request.query.layer);
      const source = request.query.source === undefined ? null : checkSourceName(request.query.source);
      if (!request.isMultipart()) {
        throw new HttpProblem(
          415,
          'Unsupported Media Type',
          'send the file as multipart/form-data, in a field named "file"',
          'file',
        );
      }
      let info: UploadInfo;
      try {
        const part = await request.file();
        if (!part || part.fieldname !== 'file') {
          part?.file.resume();
          throw new HttpProblem(400, 'Bad Request', 'send the file in a form field named "file"', 'file');
        }
        info = await store.save(
          part.file,
          { fileName: part.filename, layer: target.layer.id, userId: userId(request) },
          () => part.file.truncated,
        );
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (error instanceof UploadTooLargeError || code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw error;
      }
      try {
        const table = await openUpload(info);
        const preview = await previewImport(app.db.pool, target, table, source);
        const { id, fileName, size, expiresAt } = info;
        return reply.code(201).send({ upload: { id, fileName, size, expiresAt }, ...preview });
      } catch (error) {
        // A file that cannot be read is not kept.
        await store.remove(info.id);
        if (error instanceof SourceError) throw unprocessable(error.message);
        throw error;
      }
    },
  );

  app.post(
    '/api/imports',
    {
      preHandler: STAFF_WRITERS,
      schema: {
        body: Type.Object(
          {
            uploadId: Type.String({ maxLength: 64 }),
            layer: Type.String({ maxLength: 64 }),
            mapping: MappingSchema,
            source: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            dryRun: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReportSchema, ...Errors, 422: ImportProblemSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const target = importTargetOr404(body.layer);
      const source = body.source === undefined || body.source === null ? null : checkSourceName(body.source);
      const info = await store.find(body.uploadId, userId(request));
      if (!info) {
        throw new HttpProblem(
          404,
          'Not Found',
          `no upload ${body.uploadId} of yours: uploads are kept for an hour; upload the file again`,
          'uploadId',
        );
      }
      const table = await openUpload(info);
      const report = await runImport({
        db: app.db,
        target,
        table,
        mapping: parseMapping(body.mapping),
        dryRun: body.dryRun,
        source,
        userId: userId(request),
      });
      // A real import is done with its file; a dry run's is kept for the real one.
      if (!body.dryRun) await store.remove(info.id);
      return report;
    },
  );

  app.get(
    '/api/imports',
    {
      preHandler: STAFF_WRITERS,
      schema: {
        querystring: LayerQuerySchema,
        response: { 200: Type.Object({ runs: Type.Array(RunSummarySchema) }), ...Errors },
      },
    },
    async (request) => {
      const layer = request.query.layer === undefined ? null : importTargetOr404(request.query.layer).layer.id;
      return { runs: await listRuns(app.db.pool, layer) };
    },
  );

  app.get(
    '/api/imports/:id/report',
    {
      preHandler: STAFF_WRITERS,
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'csv' })),
        }),
        response: {
          200: Type.Unsafe<Readable>({
            type: 'string',
            description: 'CSV (row, field, reason; UTF-8 with a byte-order mark) or JSON (the run and every rejection)',
          }),
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const run = await findRun(app.db.pool, request.params.id);
      if (!run) throw new HttpProblem(404, 'Not Found', `no import run ${request.params.id}`, 'id');
      return reply
        .type(REPORT_CONTENT_TYPES[format])
        .header('Content-Disposition', `attachment; filename="${reportFileName(run, format)}"`)
        .send(Readable.from(reportChunks(app.db.pool, run, format)));
    },
  );

  app.get(
    '/api/import-sources',
    {
      preHandler: STAFF_WRITERS,
      schema: {
        querystring: LayerQuerySchema,
        response: {
          200: Type.Object({
            sources: Type.Array(
              Type.Object({
                name: Type.String(),
                layer: Type.String(),
                mapping: MappingSchema,
                updatedAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...Errors,
        },
      },
    },
    async (request) => {
      const layer = request.query.layer === undefined ? null : importTargetOr404(request.query.layer).layer.id;
      return { sources: await listSources(app.db.pool, layer) };
    },
  );
};

export default importRoutes;
