import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type FeatureFilters, parseFilters, type RawFilterQuery } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { precisionOf, publicFilters, refusal } from '../privacy/policy.ts';
import { type Viewer, viewerOf } from '../privacy/viewer.ts';
import type { TileAudience } from '../tiles/tile-service.ts';
import { ProblemSchema } from '../schemas.ts';
import { checkTileCoord, MAX_ZOOM } from '../tiles/tile-grid.ts';
import { isAggregated } from '../tiles/tile-sql.ts';
import { MAP_VIEW } from './config.ts';
import { FilterQueryProperties, layerOr404 } from './layers.ts';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

/**
 * Caching of a tile. What an anonymous client gets is the same for every anonymous client (a
 * public layer, or the aggregates of a staff layer), so shared caches may keep it a day: the
 * embed on a busy city site costs the server one request per tile a day. What signed-in staff
 * get of a staff layer is theirs alone: never stored. A staff layer's tile depends on the
 * session cookie, so `Vary: Cookie` keeps a cache from handing one viewer's tile to the other.
 */
function cacheHeaders(layer: LayerDefinition, request: FastifyRequest): Record<string, string> {
  const perViewer = layer.access !== 'public';
  return {
    'Cache-Control': perViewer && request.user !== null ? 'private, no-store' : 'public, max-age=86400',
    Vary: perViewer ? 'Accept-Encoding, Cookie' : 'Accept-Encoding',
  };
}

/**
 * What a tile request gets (privacy/policy.ts decides): the layer as it is (staff, or a public
 * layer), the public's counts per cell of an aggregated layer, or a 401 problem.
 */
function tileRequest(
  layer: LayerDefinition,
  viewer: Viewer,
  query: RawFilterQuery,
  minCount: number,
): { filters: FeatureFilters; audience: TileAudience } {
  const precision = precisionOf(layer, viewer, minCount);
  if (precision.level === 'full') return { filters: parseFilters(layer, query), audience: { viewer } };
  if (precision.level !== 'aggregate') throw refusal(layer, 'tiles', minCount);
  const { filters } = publicFilters(layer, query, new Date());
  return { filters, audience: { viewer, cells: { cellMetres: precision.cellMetres, minCount } } };
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
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const layer = layerOr404(request.params.layer);
      const tile = checkTileCoord(request.params);
      const { filters, audience } = tileRequest(layer, viewerOf(request), request.query, app.config.privacyMinCount);
      const acceptsGzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      const encoded = await app.tiles.tile(layer, tile, filters, acceptsGzip, audience);

      const gzipped = encoded.gzip !== null && acceptsGzip;
      const etag = gzipped ? `${encoded.etag.slice(0, -1)}-gz"` : encoded.etag;
      reply.header('ETag', etag);
      reply.headers(cacheHeaders(layer, request));
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
        response: { 200: TileJsonSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const layer = layerOr404(request.params.layer);
      // Refuse bad filters (and what this viewer may not see) here rather than in every tile.
      const { audience } = tileRequest(layer, viewerOf(request), request.query, app.config.privacyMinCount);
      const search = new URL(request.url, 'http://x').search;
      const origin = `${request.protocol}://${request.host}`;
      const aggregatedBelow = isAggregated(layer, 0, app.tiles.options) ? app.tiles.options.aggregateBelowZoom : 0;
      let fields: Record<string, string> = Object.fromEntries(layer.properties.map((p) => [p.name, p.title.en]));
      if (aggregatedBelow > 0) fields.count = `Number of features in the cell (zooms below ${aggregatedBelow})`;
      if (audience.cells) {
        const { cellMetres, minCount } = audience.cells;
        fields = {
          count: `Number of features in the cell (at least ${minCount}; cells of ${cellMetres} m or more at every zoom)`,
        };
      }
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
