import { fetchFeatureCount, HttpError } from './api.ts';
import { sortLayers } from './style.ts';
import type { LayerDescription } from './types.ts';

export type LoadStatus = 'loading' | 'loaded' | 'forbidden' | 'error';

/**
 * One API layer in the UI: whether it is shown, and how many features it holds. The map draws
 * the features from vector tiles; only the count is asked of the features endpoint.
 */
export class LayerEntry {
  visible = $state(true);
  status = $state<LoadStatus>('loading');
  /** The number of features the layer holds, once known. */
  count = $state(0);

  constructor(
    readonly layer: LayerDescription,
    fetchImpl: typeof fetch,
  ) {
    void fetchFeatureCount(layer, fetchImpl).then(
      (count) => {
        this.count = count;
        this.status = 'loaded';
      },
      (error: unknown) => {
        const denied = error instanceof HttpError && (error.status === 401 || error.status === 403);
        this.status = denied ? 'forbidden' : 'error';
        if (!denied) console.warn(`Layer ${layer.id}: feature count could not be loaded`, error);
      },
    );
  }
}

/** The API's layers in drawing order; each starts counting its features at once. */
export class LayerStore {
  readonly entries: LayerEntry[];

  constructor(layers: readonly LayerDescription[], fetchImpl: typeof fetch = fetch) {
    this.entries = sortLayers(layers).map((layer) => new LayerEntry(layer, fetchImpl));
  }
}
