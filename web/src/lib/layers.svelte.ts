import { fetchFeatureCount, HttpError } from './api.ts';
import { LatestRequest } from './latest-request.ts';
import { precisionOf } from './privacy.ts';
import { filterParams, selectsNothing, valuesOf, type Period } from './filters.ts';
import { sortLayers } from './style.ts';
import type { LayerDescription } from './types.ts';

/** `aggregate`: the caller gets this layer only as counts per area (record 16), so no count in view. */
export type LoadStatus = 'loading' | 'loaded' | 'aggregate' | 'forbidden' | 'error';

export type BBox = [west: number, south: number, east: number, north: number];

/**
 * One API layer in the UI: whether it is shown and how strongly, which of its values are
 * selected, and how many of its (filtered) features lie in the map's view. The map draws the
 * features from vector tiles; only the count is asked of the features endpoint.
 */
export class LayerEntry {
  visible = $state(true);
  /** 0–1, applied on top of the style's own opacities. */
  opacity = $state(1);
  /** Selected values per enumerated property; a property absent means every value. */
  selected = $state<Record<string, string[]>>({});
  status = $state<LoadStatus>('loading');
  /** Features matching the filters within the view, once known. */
  count = $state(0);
  #request = new LatestRequest();

  constructor(
    readonly layer: LayerDescription,
    private readonly fetchImpl: typeof fetch,
  ) {}

  /** The filter parameters for the given period (see `filterParams`). */
  params(period: Period | null): URLSearchParams {
    return filterParams(this.layer, this.selected, period);
  }

  get selectsNothing(): boolean {
    return selectsNothing(this.layer, this.selected);
  }

  /** Selects `values` of a property; selecting every value drops the filter. */
  select(property: string, values: readonly string[]): void {
    const all = valuesOf(this.layer.properties.find((p) => p.name === property));
    const next = { ...this.selected };
    if (all.every((value) => values.includes(value))) delete next[property];
    else next[property] = all.filter((value) => values.includes(value));
    this.selected = next;
  }

  isSelected(property: string, value: string): boolean {
    return this.selected[property]?.includes(value) ?? true;
  }

  /** Counts the features in `bbox` that pass the filters; a newer call cancels an older one. */
  refreshCount(bbox: BBox, period: Period | null): void {
    // The features API refuses points of an aggregate-only layer; the drawn cells carry the counts.
    if (precisionOf(this.layer)?.level === 'aggregate') {
      this.status = 'aggregate';
      return;
    }
    if (this.selectsNothing) {
      this.#request.cancel();
      this.count = 0;
      this.status = 'loaded';
      return;
    }
    const params = this.params(period);
    params.set('bbox', bbox.map((n) => n.toFixed(6)).join(','));
    const baseFetch = this.fetchImpl; // called unbound: `fetch` refuses another `this`
    this.#request.run(
      (signal) => fetchFeatureCount(this.layer, (input, init) => baseFetch(input, { ...init, signal }), params),
      (count) => {
        this.count = count;
        this.status = 'loaded';
      },
      (error) => {
        const denied = error instanceof HttpError && (error.status === 401 || error.status === 403);
        this.status = denied ? 'forbidden' : 'error';
        if (!denied) console.warn(`Layer ${this.layer.id}: feature count could not be loaded`, error);
      },
    );
  }
}

/** The API's layers in drawing order. */
export class LayerStore {
  readonly entries: LayerEntry[];

  constructor(layers: readonly LayerDescription[], fetchImpl: typeof fetch = fetch) {
    // A layer the caller gets only as counts per sector (record 16) has nothing to draw: its
    // figures come with the sector indicators.
    const drawable = layers.filter((layer) => precisionOf(layer)?.level !== 'sector-counts');
    this.entries = sortLayers(drawable).map((layer) => new LayerEntry(layer, fetchImpl));
  }

  get(id: string): LayerEntry | undefined {
    return this.entries.find((entry) => entry.layer.id === id);
  }

  /** The first and last day any temporal layer holds data for (the time slider's range). */
  get temporalRange(): Period | null {
    const extents = this.entries.flatMap((entry) => (entry.layer.extent.temporal ? [entry.layer.extent.temporal] : []));
    if (extents.length === 0) return null;
    return {
      start: extents.map(([start]) => start).sort()[0]!,
      end: extents
        .map(([, end]) => end)
        .sort()
        .at(-1)!,
    };
  }
}
