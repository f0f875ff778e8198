import type { LayerDefinition } from '../layers/types.ts';
import { SAFETY_PHASE_TITLES, SAFETY_PHASES } from '../safety-chain.ts';
import { SIGNAL_KIND_TITLES, SIGNAL_KINDS } from '../signals/vocabulary.ts';

/*
 * Tables the indicator engine counts that are not map layers: described in the layer
 * registry's shape (table, geometry, time, enumerated properties) so the counting queries
 * take them as they are, but kept out of `layers`, so no tile, feature, export, OGC or
 * search route ever serves them. Every source here is STAFF ONLY in every form: its
 * indicators are not listed to the public and a public request for their figures is a 401
 * (routes/neighbourhoods.ts), not a count suppressed below k (decision record 23).
 *
 * Only the columns named here can reach a query: the signals' free text (description,
 * reporter, step notes) is personal data and is deliberately not declared.
 */

// Tol's muted palette; the colours are unused (no legend draws a source), the type asks for them.
const MUTED = ['#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77'] as const;

const SIGNAL_KIND_VALUES = SIGNAL_KINDS.map((kind) => ({ value: kind, title: SIGNAL_KIND_TITLES[kind] }));

export const signalsSource: LayerDefinition = {
  id: 'signals',
  title: { nl: 'Signalen', en: 'Signals' },
  description: {
    nl: 'Signalen van woonzorg, leegstand, verwaarlozing, burenconflicten en jeugdoverlast, opgevolgd met de partners.',
    en: 'Signals of poor housing care, vacancy, neglect, neighbour disputes and youth nuisance, followed up with the partners.',
  },
  table: 'signals',
  idColumn: 'id',
  geometryColumn: 'geom',
  geometryType: 'Point',
  properties: [
    {
      name: 'kind',
      column: 'kind',
      type: 'string',
      title: { nl: 'Soort', en: 'Kind' },
      values: SIGNAL_KIND_VALUES.map((kind, i) => ({ ...kind, color: MUTED[i]! })),
    },
    {
      name: 'phase',
      column: 'phase',
      type: 'string',
      title: { nl: 'Fase van de veiligheidsketen', en: 'Safety-chain phase' },
      values: SAFETY_PHASES.map((phase, i) => ({ value: phase, title: SAFETY_PHASE_TITLES[phase], color: MUTED[i]! })),
    },
    { name: 'reportedOn', column: 'reported_on', type: 'date', title: { nl: 'Gemeld op', en: 'Reported on' } },
    { name: 'closedAt', column: 'closed_at', type: 'datetime', title: { nl: 'Afgesloten op', en: 'Closed at' } },
  ],
  // Open from the day it was reported until it was closed (no end: still open).
  temporal: { start: 'reported_on', end: 'closed_at' },
  access: 'staff',
  synthetic: false,
  attribution: '',
  style: { color: '#000000' },
  order: 0,
};

export const STAFF_ONLY_SOURCES: readonly LayerDefinition[] = [signalsSource];

export function findStaffOnlySource(id: string): LayerDefinition | undefined {
  return STAFF_ONLY_SOURCES.find((source) => source.id === id);
}
