import { type Static, type TSchema, Type } from '@fastify/type-provider-typebox';
import type { FastifySchemaValidationError } from 'fastify';
import { SAFETY_PHASES } from '../safety-chain.ts';
import { Nullable, NullOr, ProblemSchema } from '../schemas.ts';

/*
 * Signals and partners as the API takes and gives them (the issue 10 contract, decision record
 * 22). Shapes, enumerations and lengths are checked here, before any handler runs (400 naming
 * the member); what needs the database (the point in the municipality, the ids that must
 * exist) and the calendar (a real date) is checked by the routes.
 */

export { SAFETY_PHASES };

import {
  PARTNER_KINDS,
  type PartnerKind,
  SIGNAL_KINDS,
  SIGNAL_STATUSES,
  type SignalKind,
  type SignalStatus,
} from './vocabulary.ts';

export { PARTNER_KINDS, SIGNAL_KINDS, SIGNAL_STATUSES };
export type { PartnerKind, SignalKind, SignalStatus };

/** The lengths the table's CHECKs allow (migration 005). */
export const MAX_DESCRIPTION = 4000;
export const MAX_REPORTER = 200;
export const MAX_NOTE = 2000;
export const MAX_PARTNER_NAME = 200;
export const MAX_CONTACT_ROLE = 200;
/** Versions are PostgreSQL integers: a larger one is a 400 here, not an overflow (a 500) in the query. */
export const MAX_VERSION = 2 ** 31 - 1;

/** Text as PostgreSQL can store it: no NUL character (a 400 here, not an encoding error in the query). */
const Text = (maxLength: number, description: string) =>
  Type.String({ maxLength, pattern: '^[^\\x00]*$', description });

const OneOf = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

/** A row id; the upper bound keeps ±Infinity (JSON's 1e999) and unsafe integers out of SQL. */
const Id = (description: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description });

/** An id or null (a 0 is refused, not read as null: see NullOr). */
const IdOrNull = (description: string) => NullOr(Id(description));

export const IdParamsSchema = Type.Object({ id: Id('the signal') });

export const PointSchema = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Array(Type.Number(), {
    minItems: 2,
    maxItems: 3,
    description: '[lon, lat] in WGS 84 (an altitude is ignored); within 100 m of the municipality',
  }),
});

/** The fields a signal is made of (POST); PATCH takes any of them. */
const ContentProperties = {
  kind: OneOf(SIGNAL_KINDS, SIGNAL_KINDS.join(', ')),
  phase: OneOf(SAFETY_PHASES, `the safety-chain phase: ${SAFETY_PHASES.join(', ')}`),
  reportedOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, a real calendar date' }),
  geometry: PointSchema,
  description: Type.Optional(Nullable(Text(MAX_DESCRIPTION, 'personal data; emptied by the retention job'))),
  reporter: Type.Optional(Nullable(Text(MAX_REPORTER, 'personal data; emptied by the retention job'))),
  reportingPartnerId: Type.Optional(IdOrNull('the partner that reported it')),
  partnerId: Type.Optional(IdOrNull('the partner responsible for the follow-up')),
  vacantBuildingId: Type.Optional(IdOrNull('a vacant building of the register')),
  incidentId: Type.Optional(IdOrNull('an incident')),
  focusAreaId: Type.Optional(IdOrNull('an area of focus that is not deleted')),
};

const Note = Type.Optional(Nullable(Text(MAX_NOTE, 'personal data; emptied by the retention job')));

// Unknown members are refused: a misspelt field (or `status` in a PATCH) must not vanish silently.
export const SignalBodySchema = Type.Object(ContentProperties, { additionalProperties: false });

export const SignalPatchSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: MAX_VERSION, description: 'the version this edit was based on' }),
    kind: Type.Optional(ContentProperties.kind),
    phase: Type.Optional(ContentProperties.phase),
    reportedOn: Type.Optional(ContentProperties.reportedOn),
    geometry: Type.Optional(ContentProperties.geometry),
    description: ContentProperties.description,
    reporter: ContentProperties.reporter,
    reportingPartnerId: ContentProperties.reportingPartnerId,
    partnerId: ContentProperties.partnerId,
    vacantBuildingId: ContentProperties.vacantBuildingId,
    incidentId: ContentProperties.incidentId,
    focusAreaId: ContentProperties.focusAreaId,
    note: Note,
  },
  { additionalProperties: false },
);

export const TransitionBodySchema = Type.Object(
  { to: OneOf(SIGNAL_STATUSES, `the status to move to: ${SIGNAL_STATUSES.join(', ')}`), note: Note },
  { additionalProperties: false },
);

export const SignalListQuerySchema = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 200, description: 'comma list of statuses' })),
  kind: Type.Optional(Type.String({ maxLength: 200, description: 'comma list of kinds' })),
  phase: Type.Optional(Type.String({ maxLength: 200, description: 'comma list of safety-chain phases' })),
  partner: Type.Optional(Id('only the signals assigned to this partner')),
  bbox: Type.Optional(Type.String({ maxLength: 200, description: 'west,south,east,north in WGS 84' })),
});

export type SignalBody = Static<typeof SignalBodySchema>;
export type SignalPatch = Static<typeof SignalPatchSchema>;
export type SignalListQuery = Static<typeof SignalListQuerySchema>;

const PropertiesShape = {
  id: Type.Integer(),
  kind: Type.String(),
  description: Nullable(Type.String()),
  reporter: Nullable(Type.String()),
  reportedOn: Type.String({ description: 'YYYY-MM-DD' }),
  reportingPartnerId: Nullable(Type.Integer()),
  status: Type.String(),
  phase: Type.String(),
  partnerId: Nullable(Type.Integer()),
  partnerName: Nullable(Type.String()),
  vacantBuildingId: Nullable(Type.Integer()),
  incidentId: Nullable(Type.Integer()),
  focusAreaId: Nullable(Type.Integer()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  anonymisedAt: Nullable(Type.String({ description: 'when the retention job emptied its personal data' })),
};

const GeometryOut = Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number()) });

const featureOf = <T extends TSchema>(properties: T) =>
  Type.Object({ type: Type.Literal('Feature'), id: Type.Integer(), geometry: GeometryOut, properties });

export const SignalSchema = featureOf(Type.Object(PropertiesShape));

export const StepSchema = Type.Object({
  at: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  partnerId: Nullable(Type.Integer()),
  partnerName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  username: Nullable(Type.String()),
});

export const SignalDetailSchema = featureOf(
  Type.Object({ ...PropertiesShape, steps: Type.Array(StepSchema, { description: 'the trail, oldest first' }) }),
);

export const SignalCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(SignalSchema),
});

export type Signal = Static<typeof SignalSchema>;
export type SignalStep = Static<typeof StepSchema>;
export type SignalDetail = Static<typeof SignalDetailSchema>;

export const PartnerSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  contactRole: Type.String(),
});

export type Partner = Static<typeof PartnerSchema>;

export const PartnerBodySchema = Type.Object(
  {
    // Not blank, no NUL: at least one character that is not white space (the table refuses blank names).
    name: Type.String({
      minLength: 1,
      maxLength: MAX_PARTNER_NAME,
      pattern: '^[^\\x00]*[^\\s\\x00][^\\x00]*$',
      description: 'unique, regardless of case',
    }),
    kind: OneOf(PARTNER_KINDS, PARTNER_KINDS.join(', ')),
    contactRole: Type.Optional(Text(MAX_CONTACT_ROLE, 'a role ("wijkinspecteur"), never a person')),
  },
  { additionalProperties: false },
);

/** Problems keep every member they carry. */
export const ProblemOutSchema = Type.Object(ProblemSchema.properties, { additionalProperties: true });

/**
 * The validation message of these routes: Fastify's own, except that a member the schema does
 * not know is named (Ajv reports it on the object, not the member), and becomes the problem's
 * `parameter` like any other member at fault (plugins/errors.ts reads the instance path), and
 * that the failed "null" alternative of a nullable member is left out of the message.
 */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  for (const error of errors) {
    const extra = (error.params as { additionalProperty?: unknown }).additionalProperty;
    if (error.keyword === 'additionalProperties' && typeof extra === 'string') {
      error.instancePath = `${error.instancePath}/${extra}`;
      error.message =
        extra === 'status'
          ? 'is not a field to set: the status changes through POST /api/signals/:id/transitions'
          : 'is not a field of this request';
    }
  }
  // "or null" alternatives fail too whenever the value is wrong: say what is wrong with the value.
  const isNullBranch = (error: FastifySchemaValidationError) =>
    error.keyword === 'anyOf' ||
    (error.keyword === 'type' && error.params.type === 'null') ||
    (error.keyword === 'const' && error.params.allowedValue === null);
  const telling = errors.filter((error) => !isNullBranch(error));
  return new Error(
    (telling.length > 0 ? telling : errors)
      .map((error) => `${dataVar}${error.instancePath} ${error.message ?? ''}`.trim())
      .join(', '),
  );
}
