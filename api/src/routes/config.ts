import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';

/** Halle: extent of the municipality in the demo data (lon/lat). */
export const MAP_VIEW = {
  center: [4.2373, 50.7339] as [number, number],
  zoom: 12.5,
  bounds: [4.17209, 50.68952, 4.31194, 50.77812] as [number, number, number, number],
};

const BasemapSchema = Type.Union([
  Type.Null(),
  Type.Object({
    type: Type.Literal('raster'),
    tiles: Type.Array(Type.String()),
    tileSize: Type.Integer(),
    attribution: Type.String(),
  }),
  Type.Object({ type: Type.Literal('style'), url: Type.String() }),
]);

const ClientConfigSchema = Type.Object({
  basemap: BasemapSchema,
  center: Type.Tuple([Type.Number(), Type.Number()]),
  zoom: Type.Number(),
  bounds: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
});

/** What the front end needs to start: the basemap (none = plain, works offline) and the view. */
const configRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/config', { schema: { response: { 200: ClientConfigSchema } } }, async () => ({
    basemap: app.config.basemap,
    ...MAP_VIEW,
  }));
};

export default configRoutes;
