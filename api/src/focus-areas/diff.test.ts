import { describe, expect, it } from 'vitest';
import { diffActionsByYear, diffAttributes, type VersionContent } from './diff.ts';
import type { Action } from './schema.ts';

const chain = { phase: null, partnerId: null };
const plant: Action = { year: 2024, action: 'Bomen planten', partner: 'Groendienst', status: 'done', ...chain };
const meeting: Action = { year: 2025, action: 'Buurtoverleg', partner: '', status: 'planned', ...chain };
const youth: Action = { year: 2025, action: 'Jeugdwerking', partner: 'JOC', status: 'ongoing', ...chain };

const base: VersionContent = {
  name: 'Stationsbuurt',
  theme: 'buurten',
  priority: 'high',
  status: 'proposed',
  description: 'Eerste versie',
  actions: [plant, meeting],
  deleted: false,
};

describe('diffAttributes', () => {
  it('finds nothing between equal versions', () => {
    expect(diffAttributes(base, { ...base, actions: [{ ...plant }, { ...meeting }] })).toEqual([]);
  });

  it('lists each changed field with its value before and after, in form order', () => {
    const after = { ...base, status: 'active', name: 'Stationswijk', deleted: true };
    expect(diffAttributes(base, after)).toEqual([
      { field: 'name', before: 'Stationsbuurt', after: 'Stationswijk' },
      { field: 'status', before: 'proposed', after: 'active' },
      { field: 'deleted', before: false, after: true },
    ]);
  });

  it('compares the actions as one list, order included, ignoring key order', () => {
    const reordered = { ...base, actions: [meeting, plant] };
    expect(diffAttributes(base, reordered)).toEqual([
      { field: 'actions', before: [plant, meeting], after: [meeting, plant] },
    ]);
    // the same action with its keys in another order (as jsonb returns them) is no change
    const sortedKeys = {
      partner: 'Groendienst',
      partnerId: null,
      phase: null,
      status: 'done',
      year: 2024,
      action: 'Bomen planten',
    } as Action;
    expect(diffAttributes(base, { ...base, actions: [sortedKeys, meeting] })).toEqual([]);
  });

  it('counts a change of phase or partner organisation, and reads an old action without them as null', () => {
    const phased = { ...plant, phase: 'aftercare' as const };
    expect(diffAttributes(base, { ...base, actions: [phased, meeting] })).toEqual([
      { field: 'actions', before: [plant, meeting], after: [phased, meeting] },
    ]);
    const assigned = { ...meeting, partnerId: 3 };
    expect(diffActionsByYear([plant, meeting], [plant, assigned])).toEqual([
      { year: 2025, before: [meeting], after: [assigned] },
    ]);
    // stored before issue 10: no phase, no partnerId
    const old = { year: 2024, action: 'Bomen planten', partner: 'Groendienst', status: 'done' } as unknown as Action;
    expect(diffAttributes(base, { ...base, actions: [old, meeting] })).toEqual([]);
  });
});

describe('diffActionsByYear', () => {
  it('gives the years whose actions differ, ascending, with both sides', () => {
    const edited = { ...meeting, status: 'done' as const };
    expect(diffActionsByYear([plant, meeting], [edited, youth, plant])).toEqual([
      // 2024: [plant] on both sides, in the same order: unchanged, left out
      { year: 2025, before: [meeting], after: [edited, youth] },
    ]);
  });

  it('shows a year added or removed with an empty list on the other side', () => {
    expect(diffActionsByYear([plant], [meeting])).toEqual([
      { year: 2024, before: [plant], after: [] },
      { year: 2025, before: [], after: [meeting] },
    ]);
  });
});
