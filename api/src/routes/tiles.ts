import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { parseFilters } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { ProblemSchema } from '../schemas.ts';
import { checkTileCoord, MAX_ZOOM } from '../tiles/tile-grid.ts';
import { isAggregated } from '../tiles/tile-sql.ts';
import { MAP_VIEW } from './config.ts';
import { FilterQueryProperties, layerOr404 } from './layers.ts';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

/** Public layers may sit in shared caches a while; staff layers are revalidated each time. */
function cacheControl(layer: LayerDefinition): string {
  return layer.access === 'public' ? 'public, max-age=300' : 'private, no-cache';
}

const TileParams = Type.Object({
  layer: Type.String({ maxLength: 64 }),
  z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
});

const TileJsonSchema = Type.Object({
  tilejson: Type.Literal('3.0.0'),
  name: Type.String(),
  description: Type.String(),
  attribution: Type.String(),
  tiles: Type.Array(Type.String()),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  bounds: Type.Array(Type.Number()),
  center: Type.Array(Type.Number()),
  vector_layers: Type.Array(
    Type.Object({
      id: Type.String(),
      description: Type.String(),
      fields: Type.Record(Type.String(), Type.String()),
      minzoom: Type.Integer(),
      maxzoom: Type.Integer(),
    }),
  ),
});

/** Mapbox Vector Tiles for every registry layer, with TileJSON 3.0 metadata. */
const tileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tiles/:layer/:z/:x/:y.mvt',
    {
      schema: {
        params: TileParams,
        querystring: Type.Object(FilterQueryProperties),
        response: {
          200: Type.Unsafe<Buffer>({
            type: 'string',
            contentMediaType: MVT_CONTENT_TYPE,
            description: 'Mapbox Vector Tile 2.1',
          }),
          204: Type.Null({ description: 'Empty tile' }),
          304: Type.Null({ description: 'Not modified (If-None-Match)' }),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.layer);
      const tile = checkTileCoord(request.params);
      const filters = parseFilters(layer, request.query);
      const acceptsGzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      const encoded = await app.tiles.tile(layer, tile, filters, acceptsGzip);

      const gzipped = encoded.gzip !== null && acceptsGzip;
      const etag = gzipped ? `${encoded.etag.slice(0, -1)}-gz"` : encoded.etag;
      reply.header('ETag', etag);
      reply.header('Cache-Control', cacheControl(layer));
      reply.header('Vary', 'Accept-Encoding');
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
        return reply.code(304).send(null);
      }
      if (encoded.raw.byteLength === 0) return reply.code(204).send(null);
      reply.type(MVT_CONTENT_TYPE);
      if (gzipped) {
        reply.header('Content-Encoding', 'gzip');
        return reply.send(encoded.gzip);
      }
      return reply.send(encoded.raw);
    },
  );

  app.get(
    '/tiles/:layer.json',
    {
      schema: {
        params: Type.Object({ layer: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object(FilterQueryProperties),
        response: { 200: TileJsonSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const layer = layerOr404(request.params.layer);
      parseFilters(layer, request.query); // refuse bad filters here rather than in every tile
      const search = new URL(request.url, 'http://x').search;
      const origin = `${request.protocol}://${request.host}`;
      const aggregatedBelow = isAggregated(layer, 0, app.tiles.options) ? app.tiles.options.aggregateBelowZoom : 0;
      const fields: Record<string, string> = Object.fromEntries(layer.properties.map((p) => [p.name, p.title.en]));
      if (aggregatedBelow > 0) fields.count = `Number of features in the cell (zooms below ${aggregatedBelow})`;
      return {
        tilejson: '3.0.0' as const,
        name: layer.title.nl,
        description: layer.description.nl,
        attribution: layer.attribution,
        tiles: [`${origin}/tiles/${layer.id}/{z}/{x}/{y}.mvt${search}`],
        minzoom: 0,
        maxzoom: MAX_ZOOM,
        bounds: MAP_VIEW.bounds,
        center: [...MAP_VIEW.center, Math.round(MAP_VIEW.zoom)],
        vector_layers: [{ id: layer.id, description: layer.title.en, fields, minzoom: 0, maxzoom: MAX_ZOOM }],
      };
    },
  );
};

export default tileRoutes;
