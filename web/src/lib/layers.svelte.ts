import { featureCounts, fetchFeatures, HttpError } from './api.ts';
import { sortLayers } from './style.ts';
import type { FeatureCollection, LayerDescription } from './types.ts';

export type LoadStatus = 'loading' | 'loaded' | 'forbidden' | 'error';

/** One API layer in the UI: whether it is shown, and how loading its features went. */
export class LayerEntry {
  visible = $state(true);
  status = $state<LoadStatus>('loading');
  returned = $state(0);
  /** Set only when more features matched than were loaded. */
  matched = $state<number | null>(null);
  /** The features once loaded (null if they could not be); not reactive, the map takes it as is. */
  readonly features: Promise<FeatureCollection | null>;

  constructor(
    readonly layer: LayerDescription,
    fetchImpl: typeof fetch,
  ) {
    this.features = fetchFeatures(layer, fetchImpl).then(
      (collection) => {
        const counts = featureCounts(collection);
        this.returned = counts.returned;
        this.matched = counts.matched;
        this.status = 'loaded';
        return collection;
      },
      (error: unknown) => {
        const denied = error instanceof HttpError && (error.status === 401 || error.status === 403);
        this.status = denied ? 'forbidden' : 'error';
        if (!denied) console.warn(`Layer ${layer.id}: features could not be loaded`, error);
        return null;
      },
    );
  }
}

/** The API's layers in drawing order; each starts loading its features at once. */
export class LayerStore {
  readonly entries: LayerEntry[];

  constructor(layers: readonly LayerDescription[], fetchImpl: typeof fetch = fetch) {
    this.entries = sortLayers(layers).map((layer) => new LayerEntry(layer, fetchImpl));
  }

  /** Resolves once every layer's features have loaded or failed. */
  settled(): Promise<unknown> {
    return Promise.all(this.entries.map((entry) => entry.features));
  }
}
