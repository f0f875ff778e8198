import type { Action } from './schema.ts';

/** An area's attributes, as stored in focus_areas and in each of its versions. */
export interface AreaAttributes {
  name: string;
  theme: string;
  priority: string;
  status: string;
  description: string;
  actions: Action[];
}

/** What compare looks at in a version: its attributes (the geometry is compared in SQL). */
export interface VersionContent extends AreaAttributes {
  deleted: boolean;
}

export interface FieldChange {
  field: keyof VersionContent;
  before: unknown;
  after: unknown;
}

export interface YearChange {
  year: number;
  before: Action[];
  after: Action[];
}

/** Fields in the order a person reads the form; `deleted` last. */
export const COMPARED_FIELDS: readonly (keyof VersionContent)[] = [
  'name',
  'theme',
  'priority',
  'status',
  'description',
  'actions',
  'deleted',
];

// Actions are compared by their members in a fixed order, so that the key order of the JSON
// PostgreSQL hands back (jsonb sorts keys) never counts as a change; a missing phase or
// partnerId (an action stored before issue 10) is the same as null.
function actionKey(action: Action): string {
  const { year, action: what, partner, status, phase, partnerId } = action;
  return JSON.stringify([year, what, partner, status, phase ?? null, partnerId ?? null]);
}

function sameActions(a: readonly Action[], b: readonly Action[]): boolean {
  return a.length === b.length && a.every((action, i) => actionKey(action) === actionKey(b[i]!));
}

/**
 * The attributes that differ between two versions, field by field, each with its value
 * before and after. The actions count as one field (the whole list, order included).
 */
export function diffAttributes(before: VersionContent, after: VersionContent): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of COMPARED_FIELDS) {
    const a = before[field];
    const b = after[field];
    const same = field === 'actions' ? sameActions(a as Action[], b as Action[]) : a === b;
    if (!same) changes.push({ field, before: a, after: b });
  }
  return changes;
}

/**
 * The years whose actions differ, ascending, each with that year's actions before and after
 * (in list order). A year present on one side only has an empty list on the other.
 */
export function diffActionsByYear(before: readonly Action[], after: readonly Action[]): YearChange[] {
  const byYear = (actions: readonly Action[]) => {
    const map = new Map<number, Action[]>();
    for (const action of actions) map.set(action.year, [...(map.get(action.year) ?? []), action]);
    return map;
  };
  const a = byYear(before);
  const b = byYear(after);
  const years = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  return years
    .map((year) => ({ year, before: a.get(year) ?? [], after: b.get(year) ?? [] }))
    .filter((change) => !sameActions(change.before, change.after));
}
