import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The map, for browser tests (set once the map is created). */
    __map?: MapLibreMap;
  }
}

export {};
