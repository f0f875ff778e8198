import { describe, expect, it } from 'vitest';
import type { SafetyPhase } from '../safety-chain.ts';
import { type ChainAction, type ChainArea, chainCoverage, groupByThemeAndPhase } from './safety-chain.ts';

const action = (
  text: string,
  phase: SafetyPhase | null,
  status: ChainAction['status'] = 'planned',
  partnerId: number | null = null,
): ChainAction => ({
  year: 2025,
  action: text,
  partner: '',
  status,
  phase,
  partnerId,
  partnerName: partnerId === null ? null : `partner ${partnerId}`,
});

/*
 * Seven actions of the year over three areas and two of the three themes:
 *   Noord (wonen):    a1 prevention, a2 repression, a3 repression, a4 no phase
 *   Plein (jongeren): b1 aftercare, b2 repression (dropped)
 *   Zuid (wonen):     c1 pro-action
 * By hand: wonen pro-action 1, prevention 1, repression 2, none 1 = 5; jongeren repression 1,
 * aftercare 1 = 2; buurten 0.
 */
const noord: ChainArea = {
  id: 1,
  name: 'Noord',
  theme: 'wonen',
  actions: [
    action('a1', 'prevention', 'done'),
    action('a2', 'repression', 'ongoing', 7),
    action('a3', 'repression'),
    action('a4', null),
  ],
};
const plein: ChainArea = {
  id: 2,
  name: 'Plein',
  theme: 'jongeren',
  actions: [action('b1', 'aftercare', 'done'), action('b2', 'repression', 'dropped')],
};
const zuid: ChainArea = { id: 3, name: 'Zuid', theme: 'wonen', actions: [action('c1', 'pro-action')] };

describe('groupByThemeAndPhase', () => {
  const grouped = groupByThemeAndPhase(['wonen', 'jongeren', 'buurten'], [noord, plein, zuid]);

  it('counts the actions per theme and phase, every theme a row, dropped actions included', () => {
    expect(grouped.map((g) => [g.theme, g.counts, g.total])).toEqual([
      ['wonen', { 'pro-action': 1, prevention: 1, preparation: 0, repression: 2, aftercare: 0, none: 1 }, 5],
      ['jongeren', { 'pro-action': 0, prevention: 0, preparation: 0, repression: 1, aftercare: 1, none: 0 }, 2],
      ['buurten', { 'pro-action': 0, prevention: 0, preparation: 0, repression: 0, aftercare: 0, none: 0 }, 0],
    ]);
    expect(grouped.reduce((sum, g) => sum + g.total, 0)).toBe(7);
  });

  it('lists the actions under each non-empty group in chain order, with their area, in area order', () => {
    const listed = (theme: string) =>
      grouped
        .find((g) => g.theme === theme)!
        .groups.map((g) => [g.phase, g.actions.map((a) => `${a.action}@${a.areaName}`)]);
    expect(listed('wonen')).toEqual([
      ['pro-action', ['c1@Zuid']],
      ['prevention', ['a1@Noord']],
      ['repression', ['a2@Noord', 'a3@Noord']],
      ['none', ['a4@Noord']],
    ]);
    expect(listed('jongeren')).toEqual([
      ['repression', ['b2@Plein']],
      ['aftercare', ['b1@Plein']],
    ]);
    expect(listed('buurten')).toEqual([]);
    const a2 = grouped[0]!.groups[2]!.actions[0]!;
    expect([a2.areaId, a2.partnerId, a2.partnerName]).toEqual([1, 7, 'partner 7']);
  });
});

describe('chainCoverage', () => {
  it('(a) flags repression without aftercare; prevention keeps (b) away', () => {
    const coverage = chainCoverage(noord);
    expect(coverage.phases).toEqual({
      'pro-action': { actions: 0, signals: 0 },
      prevention: { actions: 1, signals: 0 },
      preparation: { actions: 0, signals: 0 },
      repression: { actions: 2, signals: 0 },
      aftercare: { actions: 0, signals: 0 },
    });
    expect(coverage.actions).toBe(4); // a4, without a phase, still counts as an action of the year
    expect(coverage.gaps).toEqual(['repression-without-aftercare']);
  });

  it('counts the phases of the signals linked to the area as covered', () => {
    const coverage = chainCoverage(noord, { byPhase: { aftercare: 1 }, open: 0 });
    expect(coverage.phases.aftercare).toEqual({ actions: 0, signals: 1 });
    expect(coverage.gaps).toEqual([]);
  });

  it('does not count a dropped action: it covers no phase', () => {
    // b2 (repression) was dropped: only aftercare is covered, so no gap.
    expect(chainCoverage(plein).phases.repression).toEqual({ actions: 0, signals: 0 });
    expect(chainCoverage(plein).gaps).toEqual([]);
    // Repression signals: (b), since neither prevention nor pro-action is covered; aftercare is (b1).
    expect(chainCoverage(plein, { byPhase: { repression: 2 }, open: 0 }).gaps).toEqual([
      'repression-without-prevention',
    ]);
  });

  it('(a) and (b) together; pro-action alone is no gap', () => {
    const onlyRepression: ChainArea = { id: 4, name: 'Markt', theme: 'buurten', actions: [] };
    expect(chainCoverage(onlyRepression, { byPhase: { repression: 1 }, open: 0 }).gaps).toEqual([
      'repression-without-aftercare',
      'repression-without-prevention',
    ]);
    expect(chainCoverage(zuid).gaps).toEqual([]);
  });

  it('(c) flags open signals with no action of the year (a dropped one does not count)', () => {
    const empty: ChainArea = { id: 5, name: 'Station', theme: 'buurten', actions: [] };
    expect(chainCoverage(empty, { byPhase: { prevention: 2 }, open: 1 })).toMatchObject({
      actions: 0,
      openSignals: 1,
      gaps: ['open-signals-without-actions'],
    });
    const dropped: ChainArea = { ...empty, actions: [action('weg', 'prevention', 'dropped')] };
    expect(chainCoverage(dropped, { byPhase: {}, open: 3 }).gaps).toEqual(['open-signals-without-actions']);
    // With an action, or with no open signal, (c) does not apply.
    expect(chainCoverage(zuid, { byPhase: {}, open: 3 }).gaps).toEqual([]);
    expect(chainCoverage(empty, { byPhase: { prevention: 2 }, open: 0 }).gaps).toEqual([]);
  });
});
