import type { Polygon } from 'geojson';
import type { MessageKey } from './i18n.ts';
import type { AreaGeometry, FocusAction, FocusAreaContent, FocusAreaFeature } from './types.ts';

/* The area form's pure parts: its content, what differs between two contents, and re-applying an edit. */

export const THEME_VALUES = ['wonen', 'jongeren', 'buurten'] as const;
export const PRIORITY_VALUES = ['high', 'medium', 'low'] as const;
export const STATUS_VALUES = ['proposed', 'active', 'closed'] as const;
export const ACTION_STATUS_VALUES = ['planned', 'ongoing', 'done', 'dropped'] as const;

/** The editable fields, in the order of the form. */
export const CONTENT_FIELDS = ['name', 'theme', 'priority', 'status', 'description', 'actions', 'geometry'] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

/** The label of each field, as the form, its conflict dialog and the history name it. */
export const FIELD_LABEL_KEYS: Record<ContentField | 'deleted', MessageKey> = {
  name: 'areaName',
  theme: 'areaTheme',
  priority: 'areaPriority',
  status: 'areaStatus',
  description: 'areaDescription',
  actions: 'actionsHeading',
  deleted: 'field_deleted',
  geometry: 'field_geometry',
};

/** The form's content without a shape yet. */
export type Draft = Omit<FocusAreaContent, 'geometry'> & { geometry: AreaGeometry | null };

export function emptyDraft(): Draft {
  return {
    name: '',
    theme: 'buurten',
    priority: 'medium',
    status: 'proposed',
    description: '',
    actions: [],
    geometry: null,
  };
}

export function draftOf(feature: FocusAreaFeature): Draft {
  const p = feature.properties;
  return {
    name: p.name,
    theme: p.theme,
    priority: p.priority,
    status: p.status,
    description: p.description,
    actions: p.actions.map(actionOf),
    geometry: feature.geometry,
  };
}

export function newAction(year: number): FocusAction {
  return { year, action: '', partner: '', status: 'planned', phase: null, partnerId: null };
}

/** A copy of an action with its phase and partner organisation (null where an older answer lacks them). */
export function actionOf(action: FocusAction): FocusAction {
  return { ...action, phase: action.phase ?? null, partnerId: action.partnerId ?? null };
}

const actionKey = (a: FocusAction) =>
  JSON.stringify([a.year, a.action, a.partner, a.status, a.phase ?? null, a.partnerId ?? null]);

/** Whether one field holds the same value in both (actions member by member, shapes by coordinates). */
export function sameField(field: ContentField, a: Draft, b: Draft): boolean {
  if (field === 'actions') {
    return (
      a.actions.length === b.actions.length && a.actions.every((x, i) => actionKey(x) === actionKey(b.actions[i]!))
    );
  }
  if (field === 'geometry')
    return JSON.stringify(normaliseGeometry(a.geometry)) === JSON.stringify(normaliseGeometry(b.geometry));
  return a[field] === b[field];
}

/** The fields whose values differ. */
export function changedFields(a: Draft, b: Draft): ContentField[] {
  return CONTENT_FIELDS.filter((field) => !sameField(field, a, b));
}

/**
 * Re-applies an edit on top of the version someone else saved meanwhile: every field the user
 * changed (from `base`, the version they started from) keeps their value; every other field
 * takes the current one. `conflicts`: fields both changed, to differing values.
 */
export function rebase(base: Draft, mine: Draft, current: Draft): { draft: Draft; conflicts: ContentField[] } {
  const draft = { ...current, actions: current.actions.map((a) => ({ ...a })) } as Draft;
  const conflicts: ContentField[] = [];
  for (const field of CONTENT_FIELDS) {
    if (sameField(field, base, mine)) continue;
    (draft as Record<ContentField, unknown>)[field] = mine[field];
    if (!sameField(field, base, current) && !sameField(field, mine, current)) conflicts.push(field);
  }
  return { draft, conflicts };
}

/** One Polygon as is, several as a MultiPolygon; null for none. */
export function combinePolygons(polygons: readonly Polygon[]): AreaGeometry | null {
  if (polygons.length === 0) return null;
  if (polygons.length === 1) return polygons[0]!;
  return { type: 'MultiPolygon', coordinates: polygons.map((p) => p.coordinates) };
}

/** The parts of an area's shape, as polygons (what the drawing tools edit). */
export function splitPolygons(geometry: AreaGeometry | null): Polygon[] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry];
  return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

/** A shape as a list of polygons (a one-part MultiPolygon equals its Polygon). */
function normaliseGeometry(geometry: AreaGeometry | null): Polygon['coordinates'][] {
  return splitPolygons(geometry).map((p) => p.coordinates);
}

export interface DraftProblem {
  field: 'name' | 'geometry' | 'actions';
  index?: number;
}

/** What keeps a draft from being saved, before asking the server. */
export function draftProblems(draft: Draft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (!/\S/.test(draft.name)) problems.push({ field: 'name' });
  if (!draft.geometry) problems.push({ field: 'geometry' });
  draft.actions.forEach((action, index) => {
    if (!/\S/.test(action.action) || !Number.isInteger(action.year) || action.year < 2000 || action.year > 2100) {
      problems.push({ field: 'actions', index });
    }
  });
  return problems;
}
