import type { Localized } from './layers/types.ts';

/*
 * The safety chain (veiligheidsketen) the plan works along, in its order: pro-action (removing
 * causes), prevention, preparation of the reaction, repression, aftercare. The database holds
 * the same five values in the domain `safety_phase` (migration 005); actions of areas of focus
 * and signals each carry one.
 */
export const SAFETY_PHASES = ['pro-action', 'prevention', 'preparation', 'repression', 'aftercare'] as const;

export type SafetyPhase = (typeof SAFETY_PHASES)[number];

export const SAFETY_PHASE_TITLES: Record<SafetyPhase, Localized> = {
  'pro-action': { nl: 'Proactie', en: 'Pro-action' },
  prevention: { nl: 'Preventie', en: 'Prevention' },
  preparation: { nl: 'Preparatie', en: 'Preparation' },
  repression: { nl: 'Repressie', en: 'Repression' },
  aftercare: { nl: 'Nazorg', en: 'Aftercare' },
};

export const isSafetyPhase = (value: unknown): value is SafetyPhase => SAFETY_PHASES.includes(value as SafetyPhase);
