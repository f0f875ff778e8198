/*
 * The API contract as the browser sees it (`GET /api/layers`, `GET /api/config`, features).
 * Layer descriptions are the API's own types (type-only imports, erased from the bundle), so
 * a layer is described once; server-only registry fields (tables, columns) are not in them.
 */
import type { Basemap } from '../../../api/src/config.ts';
import type { LayerDescription } from '../../../api/src/layers/describe.ts';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Role } from '../../../api/src/auth/guard.ts';
import type { ACTION_STATUSES, PRIORITIES, STATUSES, THEMES } from '../../../api/src/focus-areas/schema.ts';
import type { PARTNER_KINDS, SAFETY_PHASES, SIGNAL_KINDS, SIGNAL_STATUSES } from './signals.ts';

export type { Basemap } from '../../../api/src/config.ts';
export type { LayerDescription, LegendEntry } from '../../../api/src/layers/describe.ts';
export type { Localized, PropertyType } from '../../../api/src/layers/types.ts';

export type Lang = 'nl' | 'en';

export type PropertyDescription = LayerDescription['properties'][number];
export type PropertyValueDescription = NonNullable<PropertyDescription['values']>[number];

export interface MapConfig {
  basemap: Basemap | null;
  center: [number, number];
  zoom: number;
  bounds: [number, number, number, number];
}

/** Scalar property values as they arrive in GeoJSON. */
export type PropertyValue = string | number | boolean | null | undefined;

export interface Feature {
  type: 'Feature';
  id?: string | number;
  geometry: unknown;
  properties: Record<string, PropertyValue> | null;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  numberMatched?: number;
  numberReturned?: number;
}

/* The figures, indicators and search answers, as the API describes them. */
export type { IndicatorDescription as Indicator } from '../../../api/src/indicators/registry.ts';
export type { FigureRow, Figures, Series } from '../../../api/src/routes/neighbourhoods.ts';
export type { SearchResult } from '../../../api/src/routes/search.ts';

/* Accounts and areas of focus (issue 5), as the API describes them. */

export type { Role } from '../../../api/src/auth/guard.ts';

/** Staff roles, and `partner`: a user of one partner organisation (issue 10), public for everything else. */
export type UserRole = Role | 'partner';

export interface SignedInUser {
  username: string;
  role: UserRole;
  /** The organisation of a partner user; null (or absent, from an older API) for staff. */
  partner?: { id: number; name: string } | null;
}

export type Theme = (typeof THEMES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type AreaStatus = (typeof STATUSES)[number];
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** One yearly action (the API's `Action` type resolves its status to `never`, so it is spelled out here). */
export interface FocusAction {
  year: number;
  action: string;
  /** Free-text label of who does it (kept beside `partnerId`). */
  partner: string;
  status: ActionStatus;
  /** The safety-chain phase (issue 10); optional on input, always in answers. */
  phase?: SafetyPhase | null;
  /** The partner organisation responsible (`/api/partners`). */
  partnerId?: number | null;
}

export type AreaGeometry = Polygon | MultiPolygon;

/** What a person edits in an area: everything but its id and version bookkeeping. */
export interface FocusAreaContent {
  name: string;
  theme: Theme;
  priority: Priority;
  status: AreaStatus;
  description: string;
  actions: FocusAction[];
  geometry: AreaGeometry;
}

/** The figures of a polygon (`POST /api/figures`, and a saved area's `figures`). */
export interface AreaFigures {
  areaHa: number;
  residents: number;
  vacantBuildings: { total: number; byStatus: Record<string, number> };
  incidents: { total: number; byCategory: Record<string, number> };
  youthFacilities: { inside: number; within500m: number };
  period?: unknown;
}

export interface FocusAreaFeature {
  type: 'Feature';
  id: number;
  geometry: AreaGeometry;
  properties: Omit<FocusAreaContent, 'geometry'> & {
    version: number;
    updatedAt: string;
    updatedBy: string | null;
    deletedAt: string | null;
    figures?: AreaFigures;
  };
}

export interface FocusAreaCollection {
  type: 'FeatureCollection';
  features: FocusAreaFeature[];
}

export interface FocusAreaVersion extends Omit<FocusAreaContent, 'geometry'> {
  version: number;
  changedAt: string;
  changedBy: string | null;
  deleted: boolean;
  geometry: AreaGeometry | null;
}

export interface VersionComparison {
  from: number;
  to: number;
  changes: { field: string; before: unknown; after: unknown }[];
  actionsByYear?: { year: number; before: FocusAction[]; after: FocusAction[] }[];
  geometry: {
    added: AreaGeometry | null;
    removed: AreaGeometry | null;
    areaAddedHa: number;
    areaRemovedHa: number;
  };
}

/** An application/problem+json body, with the members the focus-area routes add. */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  parameter?: string;
  field?: string;
  reason?: string;
  location?: [number, number];
  current?: FocusAreaFeature;
}

/* Signals and partners (issue 10), as the API contract describes them. */

export type SignalKind = (typeof SIGNAL_KINDS)[number];
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];
export type SafetyPhase = (typeof SAFETY_PHASES)[number];
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export interface Partner {
  id: number;
  name: string;
  kind: PartnerKind;
  contactRole: string;
}

export interface SignalProperties {
  id: number;
  kind: SignalKind;
  /** Personal data: null once anonymised. */
  description: string | null;
  /** Personal data: null once anonymised. */
  reporter: string | null;
  reportedOn: string;
  reportingPartnerId: number | null;
  status: SignalStatus;
  phase: SafetyPhase;
  partnerId: number | null;
  partnerName: string | null;
  vacantBuildingId: number | null;
  incidentId: number | null;
  focusAreaId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  anonymisedAt: string | null;
}

export interface Signal {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: SignalProperties;
}

/** One step of a signal's trail: creation (fromStatus null), a status change, or a change of partner (from = to). */
export interface SignalStep {
  at: string;
  fromStatus: SignalStatus | null;
  toStatus: SignalStatus;
  partnerId: number | null;
  partnerName: string | null;
  /** Personal data: null once anonymised. */
  note: string | null;
  username: string | null;
}

export interface SignalDetail extends Signal {
  properties: SignalProperties & { steps: SignalStep[] };
}

export interface SignalCollection {
  type: 'FeatureCollection';
  features: Signal[];
}

/** What `POST /api/signals` takes. */
export interface SignalInput {
  kind: SignalKind;
  phase: SafetyPhase;
  reportedOn: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  description?: string;
  reporter?: string;
  reportingPartnerId?: number;
  partnerId?: number;
  vacantBuildingId?: number;
  incidentId?: number;
  focusAreaId?: number;
}
