import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { EXPORT_CONTENT_TYPES, openExportBody } from '../export/export-body.ts';
import { buildGeoPackage } from '../export/gpkg.ts';
import { parseFilters } from '../layers/filters.ts';
import { viewerOf } from '../privacy/viewer.ts';
import { ProblemSchema } from '../schemas.ts';
import { assertFullPrecision, FilterQueryProperties, layerOr404 } from './layers.ts';

const ExportQuerySchema = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('geojson'), Type.Literal('gpkg')], {
    description: 'csv, geojson or gpkg (GeoPackage 1.3)',
  }),
  bbox: Type.Optional(Type.String({ description: 'west,south,east,north in WGS 84 degrees' })),
  ...FilterQueryProperties,
});

/** `<layer>-<YYYY-MM-DD>.<format>`, the date of the download (UTC). */
export function exportFileName(layerId: string, format: string, now = new Date()): string {
  return `${layerId}-${now.toISOString().slice(0, 10)}.${format}`;
}

/**
 * Downloads of a whole layer as CSV, GeoJSON or GeoPackage, with the features API's filters
 * and no limit. CSV and GeoJSON stream page by page, so an export of a million incidents never
 * sits in memory; filters are checked, and the first page read, before the 200 is sent. A
 * GeoPackage is a database file, built whole in memory before it is sent (decision record 19).
 */
const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/layers/:id/export',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: ExportQuerySchema,
        response: {
          200: Type.Unsafe<Readable | Uint8Array>({
            type: 'string',
            description:
              'RFC 4180 CSV (UTF-8 with a byte-order mark), an RFC 7946 FeatureCollection or a GeoPackage 1.3 file',
          }),
          400: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.id);
      assertFullPrecision(layer, viewerOf(request), app.config.privacyMinCount, 'exports');
      const { format } = request.query;
      const filters = parseFilters(layer, request.query);
      // Read before any header is set, so a failure leaves as a problem, not as an attachment.
      const body =
        format === 'gpkg'
          ? await buildGeoPackage(app.db.pool, layer, filters)
          : Readable.from(await openExportBody(app.db.pool, layer, filters, format));
      return reply
        .type(EXPORT_CONTENT_TYPES[format])
        .header('Content-Disposition', `attachment; filename="${exportFileName(layer.id, format)}"`)
        .send(body);
    },
  );
};

export default exportRoutes;
