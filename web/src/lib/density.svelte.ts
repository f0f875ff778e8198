import { hexagonsUrl } from './api.ts';
import { classify, sequentialPalette } from './classify.ts';
import { CLASS_COUNT } from './choropleth.svelte.ts';
import { LatestRequest } from './latest-request.ts';
import type { FeatureCollection } from './types.ts';

/** Hexagon edge sizes offered, in metres (a hexagon of edge s is about 2.6 s² in area). */
export const HEXAGON_SIZES = [100, 250, 500] as const;

export interface HexagonCollection extends FeatureCollection {
  size: number;
  maxCount: number;
  total: number;
}

/** The density view: a point layer counted per hexagon, with the layer's own filters. */
export class DensityStore {
  layerId = $state<string | null>(null);
  size = $state<number>(250);
  data = $state.raw<HexagonCollection | null>(null);
  status = $state<'idle' | 'loading' | 'loaded' | 'error'>('idle');
  #request = new LatestRequest();

  /** Classes of the hexagon counts (natural breaks: counts are skewed, a few hexagons hold many). */
  classification = $derived.by(() => {
    const counts = (this.data?.features ?? []).map((f) => Number(f.properties?.count));
    if (counts.length === 0) return null;
    const result = classify(counts, 'jenks', CLASS_COUNT);
    return { ...result, colors: sequentialPalette(result.breaks.length + 1) };
  });

  refresh(filters: URLSearchParams, baseUrl: string): void {
    if (!this.layerId) {
      this.#request.cancel();
      this.data = null;
      this.status = 'idle';
      return;
    }
    this.status = 'loading';
    const url = hexagonsUrl(this.layerId, this.size, filters, baseUrl);
    this.#request.run(
      async (signal) => {
        const response = await fetch(url, { signal, headers: { accept: 'application/geo+json' } });
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
        return (await response.json()) as HexagonCollection;
      },
      (data) => {
        this.data = data;
        this.status = 'loaded';
      },
      (error) => {
        console.warn('Hexagon density could not be loaded', error);
        this.data = null;
        this.status = 'error';
      },
    );
  }
}
