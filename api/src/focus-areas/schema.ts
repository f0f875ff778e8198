import { type Static, Type } from '@fastify/type-provider-typebox';
import { SAFETY_PHASES, type SafetyPhase } from '../safety-chain.ts';
import { Nullable, NullOr, ProblemSchema } from '../schemas.ts';
import { THEMES } from '../themes.ts';

export { THEMES };

/*
 * The shapes of areas of focus as the API takes and gives them. Text is checked here, before
 * any handler runs (400 naming the field); the geometry only has to be present: its checks
 * (422 with a reason and a location) are validateAreaGeometry's (geometry/validate.ts).
 */

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export const STATUSES = ['proposed', 'active', 'closed'] as const;
export const ACTION_STATUSES = ['planned', 'ongoing', 'done', 'dropped'] as const;

export const MIN_ACTION_YEAR = 2000;
export const MAX_ACTION_YEAR = 2100;

const OneOf = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

// `\S`: at least one character that is not white space (the table refuses blank names).
const NonBlank = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', description });

/** Partners are rows of `partners` (bigint ids); whether one exists is checked in the write's transaction. */
export const MAX_PARTNER_ID = 2 ** 53 - 1;

const ActionProperties = {
  year: Type.Integer({ minimum: MIN_ACTION_YEAR, maximum: MAX_ACTION_YEAR }),
  action: NonBlank(2000, 'what the city does there that year'),
  partner: Type.String({ maxLength: 200, description: 'who does it with the city, as a label; may be empty' }),
  status: OneOf(ACTION_STATUSES, 'planned, ongoing, done or dropped'),
};

const PhaseSchema = Nullable(OneOf(SAFETY_PHASES, 'the phase of the safety chain: ' + SAFETY_PHASES.join(', ')));
const PartnerId = Type.Integer({
  minimum: 1,
  maximum: MAX_PARTNER_ID,
  description: 'the partner organisation (GET /api/partners)',
});
// On input NullOr, not Nullable: `partnerId: 0` must be a 400, not a quiet "no partner".
const PartnerIdInputSchema = NullOr(PartnerId);
const PartnerIdSchema = Nullable(PartnerId);

/** An action as a client sends it: `phase` and `partnerId` may be left out (null). */
export const ActionInputSchema = Type.Object(
  { ...ActionProperties, phase: Type.Optional(PhaseSchema), partnerId: Type.Optional(PartnerIdInputSchema) },
  { additionalProperties: false },
);

/** An action as the API gives it: `phase` and `partnerId` always present, null when not set. */
export const ActionSchema = Type.Object(
  { ...ActionProperties, phase: PhaseSchema, partnerId: PartnerIdSchema },
  { additionalProperties: false },
);

export type ActionInput = Static<typeof ActionInputSchema>;
export type Action = Static<typeof ActionSchema>;

/**
 * An action with both safety-chain fields present. Actions stored before issue 10 have
 * neither (the column is JSON): they read as null, and a save writes them out.
 */
export function withChainFields(action: ActionInput): Action {
  return {
    year: action.year,
    action: action.action,
    partner: action.partner,
    status: action.status,
    phase: (action.phase ?? null) as SafetyPhase | null,
    partnerId: action.partnerId ?? null,
  };
}

/** The content of an area (POST body; PUT adds `version`). */
export const FocusAreaContentProperties = {
  name: NonBlank(200, 'name of the area of focus'),
  theme: OneOf(THEMES, 'wonen, jongeren or buurten'),
  priority: OneOf(PRIORITIES, 'high, medium or low'),
  status: OneOf(STATUSES, 'proposed, active or closed'),
  description: Type.String({ maxLength: 20_000 }),
  actions: Type.Array(ActionInputSchema, { maxItems: 1000, description: 'yearly actions, in the order given' }),
  geometry: Type.Unknown({ description: 'GeoJSON Polygon or MultiPolygon (WGS 84); checked by the server' }),
};

export const FocusAreaBodySchema = Type.Object(FocusAreaContentProperties);
/** Versions are PostgreSQL integers: a larger one is a 400 here, not an overflow (a 500) in the query. */
export const MAX_VERSION = 2 ** 31 - 1;

export const FocusAreaUpdateSchema = Type.Object({
  ...FocusAreaContentProperties,
  version: Type.Integer({ minimum: 1, maximum: MAX_VERSION, description: 'the version this edit was based on' }),
});

export type FocusAreaBody = Static<typeof FocusAreaBodySchema>;

export const IdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

/** An area's attributes as the API gives them, for an area and for each of its versions. */
const AttributeProperties = {
  name: Type.String(),
  theme: Type.String(),
  priority: Type.String(),
  status: Type.String(),
  description: Type.String(),
  actions: Type.Array(ActionSchema),
};

export const FeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  geometry: Type.Unknown(),
  properties: Type.Object({
    ...AttributeProperties,
    version: Type.Integer(),
    updatedAt: Type.String(),
    updatedBy: Nullable(Type.String()),
    deletedAt: Nullable(Type.String({ description: 'null unless the area is (soft) deleted' })),
    figures: Type.Optional(Type.Unknown({ description: "the area's figures (see POST /api/figures)" })),
  }),
});

export const FeatureCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(FeatureSchema),
});

/** What the public receives of an area (GET /api/focus-areas without signing in). */
export const PublicFeatureSchema = Type.Object(
  {
    type: Type.Literal('Feature'),
    id: Type.Integer(),
    geometry: Type.Unknown(),
    properties: Type.Object(
      {
        name: Type.String(),
        theme: Type.String(),
        priority: Type.String(),
        description: Type.String(),
        actions: Type.Array(ActionSchema, { description: "this year's and later years' actions only" }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** Staff get every live area with its version and editor; the public, the active areas only. */
export const FocusAreaListSchema = Type.Union([
  FeatureCollectionSchema,
  Type.Object(
    { type: Type.Literal('FeatureCollection'), features: Type.Array(PublicFeatureSchema) },
    { description: 'anonymous callers: active areas only, without version, editor or history' },
  ),
]);

export const VersionSchema = Type.Object({
  version: Type.Integer(),
  changedAt: Type.String(),
  changedBy: Nullable(Type.String()),
  ...AttributeProperties,
  deleted: Type.Boolean(),
  geometry: Type.Unknown(),
});

export const CompareSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
  actionsByYear: Type.Array(
    Type.Object({ year: Type.Integer(), before: Type.Array(ActionSchema), after: Type.Array(ActionSchema) }),
    { description: 'the years whose actions differ, with that year’s actions before and after' },
  ),
  geometry: Type.Object({
    added: Type.Unknown({ description: 'GeoJSON of what `to` covers and `from` did not; null when nothing' }),
    removed: Type.Unknown({ description: 'GeoJSON of what `from` covered and `to` does not; null when nothing' }),
    areaAddedHa: Type.Number(),
    areaRemovedHa: Type.Number(),
  }),
});

/** Problems keep every member they carry (geometry errors add field, reason, location). */
export const ProblemOutSchema = Type.Object(ProblemSchema.properties, { additionalProperties: true });

/** A 409: the problem plus the area as it is now, so the client can re-apply its edit on top. */
export const ConflictSchema = Type.Object(
  { ...ProblemSchema.properties, current: FeatureSchema },
  { additionalProperties: true },
);
