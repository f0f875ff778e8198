import type { Map as MapLibreMap, PointLike } from 'maplibre-gl';
import { AREAS_FILL_ID } from './focus-area-style.ts';
import { type FeatureHit, linksFromHits, SIGNALS_LAYER_ID } from './signals.ts';
import type { PinClick } from './signals.svelte.ts';
import { mainLayerId } from './style.ts';

/* Where the map meets the signals: what lies under a pin, and whether a click hit a signal's pin. */

/** The layers a new signal can be linked to from the map, by the style layer that draws them. */
const LINKABLE: Record<string, string> = {
  [mainLayerId('vacant-buildings')]: 'vacant-buildings',
  [mainLayerId('incidents')]: 'incidents',
  [AREAS_FILL_ID]: 'focus-areas',
};

/** The pin of a click at `point` (screen) / `lngLat`, with the vacant building, incident and area under it. */
export function pinClickAt(map: MapLibreMap, point: PointLike, lngLat: { lng: number; lat: number }): PinClick {
  const layers = Object.keys(LINKABLE).filter((id) => map.getLayer(id));
  const hits: FeatureHit[] =
    layers.length === 0
      ? []
      : map.queryRenderedFeatures(point, { layers }).map((feature) => ({
          layer: LINKABLE[feature.layer.id] ?? '',
          // Vector tiles promote the id property to the feature id; the areas carry it as a property.
          id: feature.id ?? feature.properties?.id,
        }));
  return { point: [round(lngLat.lng), round(lngLat.lat)], links: linksFromHits(hits) };
}

/** Seven decimals: about a centimetre, more than a click's precision. */
function round(degrees: number): number {
  return Math.round(degrees * 1e7) / 1e7;
}

/** Whether a signal's pin is under `point`: the pin's click wins over popups and areas under it. */
export function signalPinAt(map: MapLibreMap, point: PointLike): boolean {
  return (
    Boolean(map.getLayer(SIGNALS_LAYER_ID)) &&
    map.queryRenderedFeatures(point, { layers: [SIGNALS_LAYER_ID] }).length > 0
  );
}
