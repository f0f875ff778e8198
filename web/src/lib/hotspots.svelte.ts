import type { Period } from './filters.ts';
import { type Confidence, DEFAULT_HOTSPOT_CELL, type HotspotCollection, hotspotsUrl } from './hotspots.ts';
import { LatestRequest } from './latest-request.ts';

/** The hotspot overlay for signed-in staff: on or off, the cell size, and the answer of /api/hotspots. */
export class HotspotStore {
  enabled = $state(false);
  cell = $state<number>(DEFAULT_HOTSPOT_CELL);
  /** The period the data describe (the slider's, or the latest whole year for all time). */
  period = $state.raw<Period | null>(null);
  data = $state.raw<HotspotCollection | null>(null);
  status = $state<'idle' | 'loading' | 'loaded' | 'error'>('idle');
  /** The cell under the pointer, for the panel's line. */
  hovered = $state.raw<{ id: string; count: number; z: number | null; confidence: Confidence } | null>(null);
  #request = new LatestRequest();

  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  /** Asks for the hotspots with these parameters (null: nothing to ask, the overlay is cleared). */
  refresh(params: URLSearchParams | null, period: Period | null, baseUrl: string): void {
    if (!this.enabled || !params || !period) {
      this.reset();
      return;
    }
    this.status = 'loading';
    const url = hotspotsUrl(params, baseUrl);
    const fetchImpl = this.fetchImpl;
    this.#request.run(
      async (signal) => {
        const response = await fetchImpl(url, { signal, headers: { accept: 'application/geo+json' } });
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
        return (await response.json()) as HotspotCollection;
      },
      (data) => {
        this.data = data;
        this.period = period;
        this.status = 'loaded';
      },
      (error) => {
        console.warn('Hotspots could not be loaded', error);
        this.data = null;
        this.status = 'error';
      },
    );
  }

  /** Forgets the data (switched off, signed out, nothing selected). */
  reset(): void {
    this.#request.cancel();
    this.data = null;
    this.period = null;
    this.hovered = null;
    this.status = 'idle';
  }
}
