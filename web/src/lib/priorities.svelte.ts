import type { SectorShading } from './choropleth.svelte.ts';
import type { Period } from './filters.ts';
import { LatestRequest } from './latest-request.ts';
import {
  anyWeighted,
  DEFAULT_SORT,
  DEFAULT_THEME,
  fetchPriorities,
  type Priorities,
  prioritiesParams,
  type PriorityTheme,
  SCORE_BREAKS,
  SCORE_COLORS,
  scoreLegend,
  snapWeight,
  type Sort,
  themeIndicators,
  type Weights,
} from './priorities.ts';
import { translate } from './i18n.ts';
import { UNSTABLE_COLOR } from './style.ts';
import type { Indicator, Lang } from './types.ts';
import type { PrioritiesView } from './url-state.ts';

/** How long weight changes settle before the ranking is asked for (a slider dragged sends one request). */
export const WEIGHT_DEBOUNCE_MS = 150;

export type PrioritiesStatus = 'idle' | 'loading' | 'loaded' | 'error' | 'no-period' | 'no-weights';

/**
 * The priorities view (staff): whether it is shown, its theme and weights, the ranking the API
 * computed for them, and the sector selected in the table or on the map.
 */
export class PrioritiesStore {
  shown = $state(false);
  theme = $state<PriorityTheme>(DEFAULT_THEME);
  /** Weight per indicator id (all themes); an indicator not in it weighs the default. */
  weights = $state.raw<Weights>({});
  /** The indicator registry (`/api/indicators`). */
  indicators = $state.raw<Indicator[]>([]);
  data = $state.raw<Priorities | null>(null);
  /** The query `data` answers (theme, period, weights). */
  loadedQuery = $state<string | null>(null);
  status = $state<PrioritiesStatus>('idle');
  /** The selected sector, and where it was selected (the table fits the map to it, the map scrolls the table). */
  selected = $state.raw<{ code: string; from: 'table' | 'map' } | null>(null);
  sort = $state.raw<Sort>(DEFAULT_SORT);

  #request = new LatestRequest();
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** The last query asked for, and its theme and period (to tell a weight change from another). */
  #asked: { query: string; scope: string } | null = null;

  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  /** The indicators the theme weighs, in the registry's order. */
  themeIndicators = $derived(themeIndicators(this.indicators, this.theme));

  /** The sectors coloured by score class in place of the indicator choropleth (unranked ones marked). */
  shading = $derived.by((): SectorShading => ({
    breaks: [...SCORE_BREAKS],
    colors: [...SCORE_COLORS],
    rows: (this.data?.sectors ?? []).map((s) => ({ code: s.code, value: s.score, unstable: !s.ranked })),
  }));

  /** The shading with its legend in `lang`, for the map and its export. */
  mapShading(lang: Lang, title: string): SectorShading {
    const minimumPopulation = this.data?.method.minimumPopulation ?? 100;
    return {
      ...this.shading,
      legend: {
        title,
        items: scoreLegend(lang, minimumPopulation, UNSTABLE_COLOR),
        note: translate(lang, 'prioritiesScoreNote'),
      },
    };
  }

  selectedSector = $derived(this.data?.sectors.find((s) => s.code === this.selected?.code) ?? null);

  /** The request's query for `period` with the current theme and weights. */
  params(period: Period): URLSearchParams {
    return prioritiesParams(
      this.theme,
      period,
      this.themeIndicators.map((i) => i.id),
      this.weights,
    );
  }

  setWeight(id: string, value: number): void {
    const weight = snapWeight(value);
    if (weight !== null) this.weights = { ...this.weights, [id]: weight };
  }

  /** Every indicator of the theme back to the default weight. */
  resetWeights(): void {
    const ids = this.themeIndicators.map((i) => i.id);
    this.weights = Object.fromEntries(Object.entries(this.weights).filter(([id]) => !ids.includes(id)));
  }

  select(code: string | null, from: 'table' | 'map'): void {
    this.selected = code === null ? null : { code, from };
  }

  get view(): PrioritiesView {
    return { shown: this.shown, theme: this.theme, weights: this.weights };
  }

  restore(view: PrioritiesView): void {
    this.shown = view.shown;
    this.theme = view.theme;
    this.weights = { ...view.weights };
  }

  /**
   * Asks for the ranking of `period` with the current theme and weights, once per distinct
   * query (`active` false: the view is off or the user may not see it). A change of weights
   * alone waits WEIGHT_DEBOUNCE_MS for the next one; a newer request cancels an older one.
   */
  load(active: boolean, period: Period | null): void {
    const ids = this.themeIndicators.map((i) => i.id);
    const status: PrioritiesStatus | null = !active
      ? 'idle'
      : !period
        ? 'no-period'
        : ids.length === 0
          ? 'idle'
          : !anyWeighted(ids, this.weights)
            ? 'no-weights'
            : null;
    if (status !== null || !period) {
      this.#cancel();
      this.#asked = null;
      this.data = null;
      this.loadedQuery = null;
      this.status = status ?? 'idle';
      return;
    }
    const params = this.params(period);
    const query = params.toString();
    const scope = `${this.theme} ${period.start}/${period.end}`;
    if (this.#asked?.query === query) return;
    const weightsOnly = this.#asked?.scope === scope;
    this.#asked = { query, scope };
    this.#cancel();
    this.status = 'loading';
    const run = () => {
      this.#timer = null;
      this.#request.run(
        (signal) => fetchPriorities(params, signal, this.fetchImpl),
        (data) => {
          this.data = data;
          this.loadedQuery = query;
          this.status = 'loaded';
        },
        (error) => {
          console.warn('The priorities could not be loaded', error);
          this.data = null;
          this.loadedQuery = null;
          this.status = 'error';
          this.#asked = null;
        },
      );
    };
    if (weightsOnly) this.#timer = setTimeout(run, WEIGHT_DEBOUNCE_MS);
    else run();
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#request.cancel();
  }
}
