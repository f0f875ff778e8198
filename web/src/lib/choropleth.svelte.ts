import { fetchFigures } from './api.ts';
import { LatestRequest } from './latest-request.ts';
import { classify, divergingPalette, sequentialPalette, type ClassMethod } from './classify.ts';
import { figuresParams, type Period } from './filters.ts';
import type { Figures, Indicator } from './types.ts';

/** Five classes: enough to tell sectors apart, few enough to tell the colours apart. */
export const CLASS_COUNT = 5;

/**
 * Classes of a change in per cent: a strong fall (below −50 %), a fall, about the same
 * (−10 % to +10 %), a rise, a strong rise (+50 % and more). Fixed, so that a year's map reads
 * the same as the next one's and zero is always in the neutral middle.
 */
export const CHANGE_BREAKS = [-50, -10, 10, 50] as const;

export type FiguresStatus = 'idle' | 'loading' | 'loaded' | 'error' | 'needs-period';

/**
 * What the sectors are coloured by: class limits and colours (MapLibre `step`), and a value
 * per sector code; an `unstable` sector is marked grey instead of coloured.
 */
export interface SectorShading {
  breaks: number[];
  colors: string[];
  rows: { code: string; value: number | null; unstable: boolean }[];
  /** What the classes mean, for an exported map (a replacement brings its own; the indicator's is built from it). */
  legend?: { title: string; items: { label: string; color: string }[]; note?: string };
}

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

  /**
   * Change against the previous period gets fixed classes around zero (a diverging palette
   * whose neutral middle is "about the same"); rates and counts get classes from the data.
   */
  fixedClasses = $derived(this.indicator?.kind === 'change');

  /** Classes from the stable values only: an unstable rate must not stretch the scale. */
  classification = $derived.by(() => {
    if (!this.figures || this.status !== 'loaded') return null;
    const values = this.figures.rows.flatMap((row) => (row.unstable || row.value === null ? [] : [row.value]));
    if (values.length === 0) return null;
    if (this.fixedClasses) {
      const breaks = [...CHANGE_BREAKS];
      return {
        breaks,
        classes: breaks.length + 1,
        min: Math.min(...values),
        max: Math.max(...values),
        colors: divergingPalette(breaks.length + 1),
      };
    }
    const result = classify(values, this.method, CLASS_COUNT);
    return { ...result, colors: sequentialPalette(result.breaks.length + 1) };
  });

  /** Another colouring in place of the indicator's while set (the priorities view). */
  replacement = $state.raw<SectorShading | null>(null);

  /** What the map colours the sectors by: the replacement, else the indicator's classes and figures. */
  shading = $derived.by((): SectorShading | null => {
    if (this.replacement) return this.replacement;
    const classes = this.classification;
    return classes ? { breaks: classes.breaks, colors: classes.colors, rows: this.figures?.rows ?? [] } : null;
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
