import { type TSchema, Type } from '@fastify/type-provider-typebox';

/** RFC 9457 problem details, as every error leaves the API. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  parameter: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
});

export const LocalizedSchema = Type.Object({ nl: Type.String(), en: Type.String() });

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A GeoJSON Polygon (RFC 7946): rings of [lon, lat] positions. */
export const PolygonSchema = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))),
});
