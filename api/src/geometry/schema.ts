import { Type } from '@fastify/type-provider-typebox';

/**
 * The 422 problem a GeometryError becomes: the standard members plus `field`, `reason` and,
 * where known, `location` [lon, lat]. Use it as a route's 422 response schema (a schema
 * without these members would strip them from the answer).
 */
export const GeometryProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  field: Type.Optional(Type.String({ description: 'the request member at fault: geometry' })),
  reason: Type.Optional(
    Type.String({
      description:
        'not-polygon | too-few-points | unclosed-ring | non-finite | outside-belgium | too-many-vertices | self-intersection | invalid-rings',
    }),
  ),
  location: Type.Optional(Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat] of the fault' })),
});
