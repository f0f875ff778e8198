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

/**
 * Null or a value, null tried first: the app's validator coerces types (for query strings),
 * and tried the other way round it would turn a JSON null in a body into "" or 0.
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([Type.Null(), schema]);

/**
 * Null or a value, for request bodies where a falsy value must not become null: `type: 'null'`
 * under type coercion turns 0, false and "" into null (`partnerId: 0` would quietly unassign);
 * `const: null` matches a JSON null only.
 */
export const NullOr = <T extends TSchema>(schema: T) => Type.Union([Type.Unsafe<null>({ const: null }), schema]);

/** A GeoJSON Polygon (RFC 7946): rings of [lon, lat] positions. */
export const PolygonSchema = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))),
});
