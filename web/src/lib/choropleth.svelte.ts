import { fetchFigures } from './api.ts';
import { LatestRequest } from './latest-request.ts';
import { classify, divergingPalette, sequentialPalette, type ClassMethod } from './classify.ts';
import { figuresParams, type Period } from './filters.ts';
import type { Figures, Indicator } from './types.ts';

/** Five classes: enough to tell sectors apart, few enough to tell the colours apart. */
export const CLASS_COUNT = 5;

export type FiguresStatus = 'idle' | 'loading' | 'loaded' | 'error' | 'needs-period';

/** The indicator shown on the sectors, its class breaks, and the figures behind them. */
export class ChoroplethStore {
  indicators = $state.raw<Indicator[]>([]);
  indicatorId = $state<string | null>(null);
  method = $state<ClassMethod>('quantile');
  /** The indicator's optional filters, e.g. `{ category: ['overlast'] }`; absent means all. */
  filters = $state<Record<string, string[]>>({});
  figures = $state.raw<Figures | null>(null);
  status = $state<FiguresStatus>('idle');
  #request = new LatestRequest();

  indicator = $derived(this.indicators.find((i) => i.id === this.indicatorId) ?? null);

  /** Change against the previous period diverges around zero; rates run from low to high. */
  diverging = $derived(this.indicator?.kind === 'change');

  /** Classes from the stable values only: an unstable rate must not stretch the scale. */
  classification = $derived.by(() => {
    if (!this.figures || this.status !== 'loaded') return null;
    const values = this.figures.rows.flatMap((row) => (row.unstable || row.value === null ? [] : [row.value]));
    if (values.length === 0) return null;
    const result = classify(values, this.method, CLASS_COUNT);
    const palette = this.diverging
      ? divergingPalette(result.breaks.length + 1)
      : sequentialPalette(result.breaks.length + 1);
    return { ...result, colors: palette };
  });

  /** The query parameters of the figures request (without the indicator itself). */
  params(period: Period | null): URLSearchParams {
    return figuresParams(this.indicator, this.filters, period);
  }

  /** Fetches the figures for `period`; a newer call cancels an older one. */
  refresh(period: Period | null): void {
    const indicator = this.indicator;
    if (!indicator || (indicator.kind === 'change' && !period)) {
      this.#request.cancel();
      this.figures = null;
      this.status = indicator ? 'needs-period' : 'idle';
      return;
    }
    this.status = 'loading';
    this.#request.run(
      (signal) => fetchFigures(indicator.id, this.params(period), signal),
      (figures) => {
        this.figures = figures;
        this.status = 'loaded';
      },
      (error) => {
        console.warn(`Figures of ${indicator.id} could not be loaded`, error);
        this.figures = null;
        this.status = 'error';
      },
    );
  }
}
