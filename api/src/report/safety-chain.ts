import type { Action } from '../focus-areas/schema.ts';
import { SAFETY_PHASES, type SafetyPhase } from '../safety-chain.ts';

/*
 * The report's safety-chain figures, as pure functions of what the queries read (unit-tested
 * on hand-made areas): the year's actions grouped by theme and phase, and per area of focus
 * the phases its actions and signals cover and the gaps in the chain, by the rules of
 * decision record 23.
 */

/** The five phases in chain order, then actions that have none. */
export const PHASE_GROUPS = [...SAFETY_PHASES, 'none'] as const;
export type PhaseGroup = (typeof PHASE_GROUPS)[number];

/** An action as the report shows it: the partner organisation's name next to its id. */
export interface ChainAction extends Action {
  partnerName: string | null;
}

/** What the grouping needs of an area of focus: its actions of the report's year only. */
export interface ChainArea {
  id: number;
  name: string;
  theme: string;
  actions: ChainAction[];
}

/** An action with the area it belongs to, as listed under its theme and phase. */
export interface GroupedAction extends ChainAction {
  areaId: number;
  areaName: string;
}

export interface ThemeGroups {
  theme: string;
  /** Actions per phase group (the matrix's row), and their sum. */
  counts: Record<PhaseGroup, number>;
  total: number;
  /** The non-empty phase groups in chain order, each with its actions in area order. */
  groups: { phase: PhaseGroup; actions: GroupedAction[] }[];
}

const phaseGroupOf = (action: Action): PhaseGroup => action.phase ?? 'none';

const zeroCounts = (): Record<PhaseGroup, number> =>
  Object.fromEntries(PHASE_GROUPS.map((group) => [group, 0])) as Record<PhaseGroup, number>;

/**
 * The year's actions of `areas` by theme (in `themes` order, every theme a row even when it
 * has none) and phase group. Every action counts here, dropped ones too: they are listed with
 * their status, as in the areas' own tables.
 */
export function groupByThemeAndPhase(themes: readonly string[], areas: readonly ChainArea[]): ThemeGroups[] {
  return themes.map((theme) => {
    const counts = zeroCounts();
    const byGroup = new Map<PhaseGroup, GroupedAction[]>();
    for (const area of areas) {
      if (area.theme !== theme) continue;
      for (const action of area.actions) {
        const group = phaseGroupOf(action);
        counts[group] += 1;
        byGroup.set(group, [...(byGroup.get(group) ?? []), { ...action, areaId: area.id, areaName: area.name }]);
      }
    }
    const groups = PHASE_GROUPS.flatMap((phase) => {
      const actions = byGroup.get(phase);
      return actions ? [{ phase, actions }] : [];
    });
    const total = PHASE_GROUPS.reduce((sum, group) => sum + counts[group], 0);
    return { theme, counts, total, groups };
  });
}

/** Signals linked to an area (signals.focus_area_id) in the report's year: counts only, never their text. */
export interface AreaSignalCounts {
  /** Signals whose time open [reported, closed] meets the year, per phase. */
  byPhase: Partial<Record<SafetyPhase, number>>;
  /** Of those, the ones still open at the end of the year. */
  open: number;
}

export const NO_SIGNALS: AreaSignalCounts = { byPhase: {}, open: 0 };

/** The gap rules of decision record 23, in the order the report lists them. */
export const GAP_RULES = [
  'repression-without-aftercare',
  'repression-without-prevention',
  'open-signals-without-actions',
] as const;
export type GapRule = (typeof GAP_RULES)[number];

export interface ChainCoverage {
  areaId: number;
  areaName: string;
  theme: string;
  /** Per phase: the year's actions that count (not dropped) and the year's signals. */
  phases: Record<SafetyPhase, { actions: number; signals: number }>;
  /** The year's actions that count, whatever their phase (those without one too). */
  actions: number;
  openSignals: number;
  gaps: GapRule[];
}

/**
 * What an area's chain covers in the year and where it has gaps. A phase is covered when an
 * action of the year that was not dropped, or a signal of the year linked to the area,
 * carries it (a dropped action did not happen). Gaps:
 *   (a) repression covered, aftercare not;
 *   (b) repression covered, neither prevention nor pro-action;
 *   (c) signals linked to the area still open at the end of the year, and no action that year.
 */
export function chainCoverage(area: ChainArea, signals: AreaSignalCounts = NO_SIGNALS): ChainCoverage {
  const counting = area.actions.filter((action) => action.status !== 'dropped');
  const phases = Object.fromEntries(
    SAFETY_PHASES.map((phase) => [
      phase,
      { actions: counting.filter((a) => a.phase === phase).length, signals: signals.byPhase[phase] ?? 0 },
    ]),
  ) as ChainCoverage['phases'];
  const covered = (phase: SafetyPhase) => phases[phase].actions + phases[phase].signals > 0;
  const gaps: GapRule[] = [];
  if (covered('repression') && !covered('aftercare')) gaps.push('repression-without-aftercare');
  if (covered('repression') && !covered('prevention') && !covered('pro-action')) {
    gaps.push('repression-without-prevention');
  }
  if (signals.open > 0 && counting.length === 0) gaps.push('open-signals-without-actions');
  return {
    areaId: area.id,
    areaName: area.name,
    theme: area.theme,
    phases,
    actions: counting.length,
    openSignals: signals.open,
    gaps,
  };
}
