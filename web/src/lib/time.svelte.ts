import type { Period } from './filters.ts';
import { nextIndex, STEPS, windowIndexOf, windows, type Step } from './period.ts';
import type { Lang } from './types.ts';

/** How long each period stays on screen while playing. */
export const PLAY_INTERVAL_MS = 1500;

/**
 * The one time slider that drives every dated layer and the neighbourhood figures: a window
 * (year, quarter or month) moved over the data's time range, or "all time" (no period).
 */
export class TimeStore {
  step = $state<Step>('year');
  /** Index into `windows`, or -1 for all time. */
  index = $state(-1);
  playing = $state(false);
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly range: Period | null,
    private readonly lang: () => Lang,
  ) {}

  windows = $derived.by(() => (this.range ? windows(this.range, this.step, this.lang()) : []));

  /** The selected period, or null for all time. */
  period = $derived.by((): Period | null => {
    const window = this.index >= 0 ? this.windows[this.index] : undefined;
    return window ? { start: window.start, end: window.end } : null;
  });

  label = $derived(this.index >= 0 ? (this.windows[this.index]?.label ?? null) : null);

  /** Changes the window size, keeping the window that holds the current period's start. */
  setStep(step: Step): void {
    const current = this.period;
    this.step = step;
    this.index = current ? Math.max(0, windowIndexOf(this.windows, current)) : -1;
  }

  /** Selects a period from a link: the year, quarter or month window that is exactly that period. */
  restore(period: Period): boolean {
    for (const step of STEPS) {
      const list = this.range ? windows(this.range, step, this.lang()) : [];
      const index = list.findIndex((w) => w.start === period.start && w.end === period.end);
      if (index >= 0) {
        this.step = step;
        this.index = index;
        return true;
      }
    }
    return false;
  }

  play(): void {
    if (this.windows.length === 0) return;
    this.playing = true;
    if (this.index < 0) this.index = 0;
    this.#timer ??= setInterval(() => {
      this.index = nextIndex(this.index, this.windows.length);
    }, PLAY_INTERVAL_MS);
  }

  pause(): void {
    this.playing = false;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
