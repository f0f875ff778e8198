import type { Localized } from '../layers/types.ts';

/*
 * The words of signals and partners, shared by the API (schemas, the indicator source) and the
 * web app (which imports this file: keep it free of server-only imports). The database's CHECK
 * constraints in migration 005 list the same values.
 */

export const SIGNAL_KINDS = [
  'housing-care',
  'suspected-vacancy',
  'neglect',
  'neighbour-dispute',
  'youth-nuisance',
  'other',
] as const;
/** In workflow order: a signal moves forward through these (signals/transitions.ts). */
export const SIGNAL_STATUSES = ['new', 'assessed', 'referred', 'in-progress', 'closed'] as const;
export const PARTNER_KINDS = ['police', 'social-welfare', 'housing', 'youth', 'prevention', 'city', 'other'] as const;

export type SignalKind = (typeof SIGNAL_KINDS)[number];
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const SIGNAL_KIND_TITLES: Record<SignalKind, Localized> = {
  'housing-care': { nl: 'Woonzorg', en: 'Poor housing care' },
  'suspected-vacancy': { nl: 'Vermoedelijke leegstand', en: 'Suspected vacancy' },
  neglect: { nl: 'Verwaarlozing', en: 'Neglect' },
  'neighbour-dispute': { nl: 'Burenconflict (bemiddeling)', en: 'Neighbour dispute (mediation)' },
  'youth-nuisance': { nl: 'Jeugdoverlast', en: 'Youth nuisance' },
  other: { nl: 'Andere', en: 'Other' },
};
