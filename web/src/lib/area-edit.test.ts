import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  actionOf,
  changedFields,
  combinePolygons,
  draftProblems,
  emptyDraft,
  newAction,
  rebase,
  splitPolygons,
  type Draft,
} from './area-edit.ts';

const square = (x: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 50],
      [x + 0.01, 50],
      [x + 0.01, 50.01],
      [x, 50],
    ],
  ],
});

const base: Draft = {
  ...emptyDraft(),
  name: 'Centrum',
  description: 'start',
  actions: [{ year: 2025, action: 'Buurtfeest', partner: 'Vzw', status: 'planned' }],
  geometry: square(4.2),
};

describe('changedFields', () => {
  it('lists the fields that differ, actions and shapes by value', () => {
    const other: Draft = { ...base, actions: base.actions.map((a) => ({ ...a })), geometry: square(4.2) };
    expect(changedFields(base, other)).toEqual([]);
    expect(changedFields(base, { ...other, name: 'Zuid', geometry: square(4.3) })).toEqual(['name', 'geometry']);
    expect(changedFields(base, { ...other, actions: [{ ...base.actions[0]!, status: 'done' }] })).toEqual(['actions']);
  });

  it('sees a change of an action’s phase or partner organisation, and an absent one as none', () => {
    const other: Draft = { ...base, actions: base.actions.map(actionOf) };
    expect(changedFields(base, other)).toEqual([]);
    expect(changedFields(base, { ...other, actions: [{ ...other.actions[0]!, phase: 'aftercare' }] })).toEqual([
      'actions',
    ]);
    expect(changedFields(base, { ...other, actions: [{ ...other.actions[0]!, partnerId: 4 }] })).toEqual(['actions']);
  });

  it('treats a one-part MultiPolygon as its Polygon', () => {
    const multi: Draft = { ...base, geometry: { type: 'MultiPolygon', coordinates: [square(4.2).coordinates] } };
    expect(changedFields(base, multi)).toEqual([]);
  });
});

describe('rebase', () => {
  it('keeps my changed fields and takes the rest from the current version', () => {
    const mine: Draft = { ...base, name: 'Centrum-Noord' };
    const current: Draft = { ...base, description: 'changed by a colleague', status: 'active' };
    const { draft, conflicts } = rebase(base, mine, current);
    expect(draft.name).toBe('Centrum-Noord');
    expect(draft.description).toBe('changed by a colleague');
    expect(draft.status).toBe('active');
    expect(conflicts).toEqual([]);
  });

  it('reports fields both changed to different values, keeping mine', () => {
    const mine: Draft = { ...base, name: 'Mine', geometry: square(4.3) };
    const current: Draft = { ...base, name: 'Theirs', geometry: square(4.3) };
    const { draft, conflicts } = rebase(base, mine, current);
    expect(draft.name).toBe('Mine');
    expect(conflicts).toEqual(['name']); // the same new shape on both sides is no conflict
  });
});

describe('polygons', () => {
  it('combines and splits', () => {
    expect(combinePolygons([])).toBeNull();
    expect(combinePolygons([square(4)])).toEqual(square(4));
    const multi = combinePolygons([square(4), square(5)])!;
    expect(multi.type).toBe('MultiPolygon');
    expect(splitPolygons(multi)).toEqual([square(4), square(5)]);
  });
});

describe('draftProblems', () => {
  it('asks for a name, a shape and complete actions', () => {
    const draft: Draft = { ...emptyDraft(), actions: [{ year: 1999, action: 'x', partner: '', status: 'planned' }] };
    expect(draftProblems(draft)).toEqual([{ field: 'name' }, { field: 'geometry' }, { field: 'actions', index: 0 }]);
    expect(draftProblems(base)).toEqual([]);
  });
});

describe('newAction and actionOf', () => {
  it('start an action without phase or partner organisation, and fill them in for an older answer', () => {
    expect(newAction(2026)).toEqual({
      year: 2026,
      action: '',
      partner: '',
      status: 'planned',
      phase: null,
      partnerId: null,
    });
    expect(actionOf({ year: 2025, action: 'Buurtfeest', partner: 'Vzw', status: 'planned' })).toEqual({
      year: 2025,
      action: 'Buurtfeest',
      partner: 'Vzw',
      status: 'planned',
      phase: null,
      partnerId: null,
    });
    expect(actionOf({ ...newAction(2026), phase: 'prevention', partnerId: 2 })).toMatchObject({
      phase: 'prevention',
      partnerId: 2,
    });
  });
});
