import type { MessageKey } from './i18n.ts';
import type { LayerSpecification } from './maplibre-types.ts';
import type {
  SafetyPhase,
  Signal,
  SignalCollection,
  SignalInput,
  SignalKind,
  SignalStatus,
  UserRole,
} from './types.ts';

/*
 * Signals (issue 10), the pure parts: the workflow as the API enforces it (so the panel offers
 * only the moves that will be accepted), the new-signal form's checks and body, the filters'
 * query, and how the pins look. Signals are never public: none of this reaches the embed
 * (web/vite.config.ts refuses the build otherwise).
 */

// One vocabulary with the API (plain constants, nothing server-side comes along).
import { SAFETY_PHASES } from '../../../api/src/safety-chain.ts';
import { PARTNER_KINDS, SIGNAL_KINDS, SIGNAL_STATUSES } from '../../../api/src/signals/vocabulary.ts';

export { PARTNER_KINDS, SAFETY_PHASES, SIGNAL_KINDS, SIGNAL_STATUSES };

/** What a partner user may move its own signals to (the API answers 403/409 for the rest). */
const PARTNER_TARGETS: readonly SignalStatus[] = ['in-progress', 'closed'];

/**
 * The statuses a user of `role` may move a signal in `status` to, in the workflow's order: any
 * later status (skipping allowed) from one that is not closed; coordinators and admins may
 * reopen a closed signal (to assessed); partners only to in progress or closed; planners nothing.
 */
export function allowedTransitions(status: SignalStatus, role: UserRole): SignalStatus[] {
  if (role === 'planner') return [];
  if (status === 'closed') return role === 'partner' ? [] : ['assessed'];
  const later = SIGNAL_STATUSES.slice(SIGNAL_STATUSES.indexOf(status) + 1);
  return role === 'partner' ? later.filter((s) => PARTNER_TARGETS.includes(s)) : [...later];
}

/** The list's filters; '' is "all". */
export interface SignalFilters {
  status: SignalStatus | '';
  kind: SignalKind | '';
  partner: number | '';
}

export const NO_SIGNAL_FILTERS: SignalFilters = { status: '', kind: '', partner: '' };

/** The query of `GET /api/signals` for the filters (only those set). */
export function signalsQuery(filters: SignalFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.partner !== '') params.set('partner', String(filters.partner));
  return params;
}

/** The new-signal form's content. Ids are null when not linked. */
export interface SignalDraft {
  point: [number, number] | null;
  kind: SignalKind | '';
  phase: SafetyPhase | '';
  reportedOn: string;
  description: string;
  reporter: string;
  reportingPartnerId: number | null;
  partnerId: number | null;
  vacantBuildingId: number | null;
  incidentId: number | null;
  focusAreaId: number | null;
}

/** The fields of a new signal, in the form's order: what a problem (ours or the API's) points at. */
export const SIGNAL_FIELDS = [
  'geometry',
  'kind',
  'description',
  'reportedOn',
  'reportingPartnerId',
  'reporter',
  'phase',
  'partnerId',
  'vacantBuildingId',
  'incidentId',
  'focusAreaId',
] as const;
export type SignalField = (typeof SIGNAL_FIELDS)[number];

/** The label of each field in the form (and in a problem that names it). */
export const SIGNAL_FIELD_LABELS: Record<SignalField, MessageKey> = {
  geometry: 'signalPlace',
  kind: 'signalKind',
  description: 'signalDescription',
  reportedOn: 'signalReportedOn',
  reportingPartnerId: 'signalReportingPartner',
  reporter: 'signalReporter',
  phase: 'signalPhase',
  partnerId: 'signalPartner',
  vacantBuildingId: 'signalVacantBuilding',
  incidentId: 'signalIncident',
  focusAreaId: 'signalFocusArea',
};

/** The database's limits (sql/migrations/005_signals_partners.sql). */
export const DESCRIPTION_MAX = 4000;
export const REPORTER_MAX = 200;
export const NOTE_MAX = 2000;

/** Today as YYYY-MM-DD on the user's calendar (not UTC's: just after midnight in Belgium is still yesterday in UTC). */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function emptySignalDraft(today: string): SignalDraft {
  return {
    point: null,
    kind: '',
    phase: '',
    reportedOn: today,
    description: '',
    reporter: '',
    reportingPartnerId: null,
    partnerId: null,
    vacantBuildingId: null,
    incidentId: null,
    focusAreaId: null,
  };
}

/** Whether `text` is a real calendar date YYYY-MM-DD (not 2025-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const isId = (value: number | null): boolean => value === null || (Number.isInteger(value) && value > 0);

/** What keeps a draft from being sent, in the form's order (`today`: a report cannot come from the future). */
export function signalDraftProblems(draft: SignalDraft, today: string): SignalField[] {
  const problems = new Set<SignalField>();
  if (!draft.point) problems.add('geometry');
  if (!draft.kind) problems.add('kind');
  if (draft.description.length > DESCRIPTION_MAX) problems.add('description');
  if (!isCalendarDate(draft.reportedOn) || draft.reportedOn > today) problems.add('reportedOn');
  if (draft.reporter.length > REPORTER_MAX) problems.add('reporter');
  if (!draft.phase) problems.add('phase');
  for (const field of ['reportingPartnerId', 'partnerId', 'vacantBuildingId', 'incidentId', 'focusAreaId'] as const) {
    if (!isId(draft[field])) problems.add(field);
  }
  return SIGNAL_FIELDS.filter((field) => problems.has(field));
}

/** The body of `POST /api/signals`: empty text and unlinked ids are left out. Call after `signalDraftProblems` is empty. */
export function signalInput(draft: SignalDraft): SignalInput {
  if (!draft.point || !draft.kind || !draft.phase) throw new Error('signalInput: an incomplete draft');
  const input: SignalInput = {
    kind: draft.kind,
    phase: draft.phase,
    reportedOn: draft.reportedOn,
    geometry: { type: 'Point', coordinates: draft.point },
  };
  const description = draft.description.trim();
  const reporter = draft.reporter.trim();
  if (description) input.description = description;
  if (reporter) input.reporter = reporter;
  for (const field of ['reportingPartnerId', 'partnerId', 'vacantBuildingId', 'incidentId', 'focusAreaId'] as const) {
    const value = draft[field];
    if (value !== null) input[field] = value;
  }
  return input;
}

/**
 * The form field a problem+json names, if any: the API names a body member plainly
 * (`partnerId`) or as a path (`/body/partnerId`, `body.geometry.coordinates`).
 */
export function signalFieldOf(parameter: string | undefined): SignalField | null {
  if (!parameter) return null;
  const parts = parameter.split(/[/.]/).filter((part) => part !== '' && part !== 'body');
  const first = parts[0];
  return first && (SIGNAL_FIELDS as readonly string[]).includes(first) ? (first as SignalField) : null;
}

/** What a map click under the pin links the new signal to: the first vacant building, incident and area there. */
export interface SignalLinks {
  vacantBuildingId: number | null;
  incidentId: number | null;
  focusAreaId: number | null;
}

/** A feature under the pointer: its API layer (`focus-areas` for the areas of focus) and its id. */
export interface FeatureHit {
  layer: string;
  id: unknown;
}

const LINK_OF_LAYER: Record<string, keyof SignalLinks> = {
  'vacant-buildings': 'vacantBuildingId',
  incidents: 'incidentId',
  'focus-areas': 'focusAreaId',
};

/** The links of a click from the features under it (topmost first); cells and unknown ids link nothing. */
export function linksFromHits(hits: readonly FeatureHit[]): SignalLinks {
  const links: SignalLinks = { vacantBuildingId: null, incidentId: null, focusAreaId: null };
  for (const hit of hits) {
    const field = Object.hasOwn(LINK_OF_LAYER, hit.layer) ? LINK_OF_LAYER[hit.layer]! : null;
    const id = typeof hit.id === 'string' && /^\d+$/.test(hit.id) ? Number(hit.id) : hit.id;
    if (field && links[field] === null && typeof id === 'number' && Number.isInteger(id) && id > 0) links[field] = id;
  }
  return links;
}

/**
 * The draft after the pin is (re)placed: the new point, and the links of the click in every link
 * the user left empty or that the previous click had suggested (moving the pin moves those along).
 */
export function placePin(
  draft: SignalDraft,
  pin: { point: [number, number]; links: SignalLinks },
  previous: SignalLinks | null,
): SignalDraft {
  const next = { ...draft, point: pin.point };
  for (const field of ['vacantBuildingId', 'incidentId', 'focusAreaId'] as const) {
    if (draft[field] === null || draft[field] === previous?.[field]) next[field] = pin.links[field];
  }
  return next;
}

/* The pins on the map: one circle per signal, coloured by status (Paul Tol's colour-blind-safe "bright"). */

export const SIGNALS_SOURCE_ID = 'signals';
export const SIGNALS_LAYER_ID = 'signals-pins';
export const SIGNALS_SELECTED_LAYER_ID = 'signals-selected';
export const SIGNAL_PIN_SOURCE_ID = 'signal-new-pin';
export const SIGNAL_PIN_LAYER_ID = 'signal-new-pin';

export const STATUS_COLORS: Record<SignalStatus, string> = {
  new: '#EE6677', // red: nobody has looked at it yet
  assessed: '#CCBB44', // yellow
  referred: '#AA3377', // purple
  'in-progress': '#4477AA', // blue
  closed: '#BBBBBB', // grey
};

/** The pins' source data: each signal's point with its id, status and whether it is the one open. */
export function signalPins(collection: SignalCollection | null, selectedId: number | null) {
  return {
    type: 'FeatureCollection' as const,
    features: (collection?.features ?? []).map((signal: Signal) => ({
      type: 'Feature' as const,
      id: signal.id,
      geometry: signal.geometry,
      properties: { id: signal.id, status: signal.properties.status, selected: signal.id === selectedId },
    })),
  };
}

/** The pins, the ring around the one open, and the pin of a signal being placed. */
export function signalLayers(): LayerSpecification[] {
  const statusColor = [
    'match',
    ['get', 'status'],
    ...Object.entries(STATUS_COLORS).flat(),
    '#BBBBBB',
  ] as unknown as string;
  return [
    {
      id: SIGNALS_SELECTED_LAYER_ID,
      type: 'circle',
      source: SIGNALS_SOURCE_ID,
      filter: ['==', ['get', 'selected'], true],
      paint: {
        'circle-radius': 13,
        'circle-color': '#ffffff',
        'circle-stroke-color': '#222222',
        'circle-stroke-width': 3,
      },
    },
    {
      id: SIGNALS_LAYER_ID,
      type: 'circle',
      source: SIGNALS_SOURCE_ID,
      paint: {
        // Larger than the layers' points and cells, with a heavy dark edge, so a pin reads as a pin.
        'circle-radius': 9,
        'circle-color': statusColor,
        'circle-stroke-color': '#222222',
        'circle-stroke-width': 2.5,
      },
    },
    {
      // The new signal's pin: a hollow ring with a dot, unlike any status.
      id: SIGNAL_PIN_LAYER_ID,
      type: 'circle',
      source: SIGNAL_PIN_SOURCE_ID,
      paint: {
        'circle-radius': 10,
        'circle-color': '#222222',
        'circle-opacity': 0.25,
        'circle-stroke-color': '#222222',
        'circle-stroke-width': 3,
      },
    },
  ] as LayerSpecification[];
}
