import { type Static, Type } from '@fastify/type-provider-typebox';
import { LocalizedSchema, Nullable } from '../schemas.ts';

/*
 * GET /api/priorities: sectors ranked by a theme's priority score, each with every
 * indicator's value, smoothed value, standardised value and contribution, so a score can
 * always be explained. The method is docs/decisions.md record 13.
 */

export const PRIORITY_THEMES = ['wonen', 'jongeren', 'buurten', 'all'] as const;
export type PriorityTheme = (typeof PRIORITY_THEMES)[number];

/** Weights are between these (0 leaves an indicator out); an indicator not named weighs DEFAULT_WEIGHT. */
export const WEIGHT_RANGE = { min: 0, max: 10 } as const;
export const DEFAULT_WEIGHT = 1;

const PeriodSchema = Type.Object({ start: Type.String(), end: Type.String() });

export const PriorityIndicatorSchema = Type.Object({
  id: Type.String(),
  title: LocalizedSchema,
  description: LocalizedSchema,
  unit: LocalizedSchema,
  direction: Type.Union([Type.Literal('higher-is-worse'), Type.Literal('higher-is-better')]),
  source: LocalizedSchema,
  themes: Type.Array(Type.String()),
  weight: Type.Number({ description: 'the weight used; 0 means left out' }),
  smoothed: Type.Boolean({ description: 'true for rates: empirical-Bayes smoothed before standardising' }),
  /** Whole-city value: all features over all residents/dwellings (rates), or the mean (counts). */
  cityValue: Nullable(Type.Number()),
  /** Mean and standard deviation of the (smoothed) values over the ranked sectors. */
  mean: Nullable(Type.Number()),
  sd: Nullable(Type.Number()),
});

export const SectorIndicatorSchema = Type.Object({
  id: Type.String(),
  /** Raw value (rate or count); null when the denominator is 0. */
  value: Nullable(Type.Number()),
  count: Type.Integer(),
  denominator: Nullable(Type.Integer()),
  /** Empirical-Bayes value for rates, the raw value otherwise. */
  smoothed: Nullable(Type.Number()),
  /** Standardised: (smoothed − mean) / sd, sign turned so positive always means more attention; capped at ±3. */
  z: Nullable(Type.Number()),
  /** weight · z / Σ weights: the contributions add up to the score. */
  contribution: Nullable(Type.Number()),
});

export const PrioritySectorSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  ward: Nullable(Type.String()),
  population: Type.Integer(),
  dwellings: Type.Integer(),
  /** false when the sector has too few residents to rank (see method.minimumPopulation). */
  ranked: Type.Boolean(),
  /** 1 = needs most attention; null when not ranked. */
  rank: Nullable(Type.Integer()),
  /** Weighted mean of the z-scores: deviation from the average sector in standard deviations. */
  score: Nullable(Type.Number()),
  previousRank: Nullable(Type.Integer()),
  previousScore: Nullable(Type.Number()),
  indicators: Type.Array(SectorIndicatorSchema),
});

export const PrioritiesSchema = Type.Object({
  theme: Type.String(),
  unit: Type.Union([Type.Literal('sector'), Type.Literal('ward')], {
    description: 'what is ranked: statistical sectors or wards (a ward: its sectors summed)',
  }),
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
  method: Type.Object({
    standardisation: Type.Literal('z-score'),
    smoothing: Type.Literal('empirical-bayes'),
    minimumPopulation: Type.Integer(),
    zCap: Type.Number(),
  }),
  indicators: Type.Array(PriorityIndicatorSchema),
  /** Ranked sectors (or wards) by rank, then the unranked ones by code. */
  sectors: Type.Array(PrioritySectorSchema),
});

export type Priorities = Static<typeof PrioritiesSchema>;
export type PrioritySector = Static<typeof PrioritySectorSchema>;
export type PriorityIndicator = Static<typeof PriorityIndicatorSchema>;
