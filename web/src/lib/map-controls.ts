import { translate, type MessageKey } from './i18n.ts';
import type { Lang } from './types.ts';

/*
 * Labels of MapLibre's own controls. MapLibre reads its `locale` option once, at creation, so
 * after a language switch `labelControls` relabels the control buttons (MapLibre's documented
 * CSS class names) in place.
 */

const controls: { key: string; message: MessageKey; selector: string }[] = [
  { key: 'Map.Title', message: 'mapLabel', selector: '.maplibregl-canvas' },
  { key: 'NavigationControl.ZoomIn', message: 'zoomIn', selector: '.maplibregl-ctrl-zoom-in' },
  { key: 'NavigationControl.ZoomOut', message: 'zoomOut', selector: '.maplibregl-ctrl-zoom-out' },
  { key: 'NavigationControl.ResetBearing', message: 'resetBearing', selector: '.maplibregl-ctrl-compass' },
  {
    key: 'AttributionControl.ToggleAttribution',
    message: 'toggleAttribution',
    selector: '.maplibregl-ctrl-attrib-button',
  },
  { key: 'Popup.Close', message: 'close', selector: '.maplibregl-popup-close-button' },
];

/** The `locale` option for the MapLibre map. */
export function controlLabels(lang: Lang): Record<string, string> {
  return Object.fromEntries(controls.map(({ key, message }) => [key, translate(lang, message)]));
}

export function labelControls(container: HTMLElement, lang: Lang): void {
  for (const { message, selector } of controls) {
    const label = translate(lang, message);
    for (const element of container.querySelectorAll(selector)) {
      element.setAttribute('aria-label', label);
      if (element instanceof HTMLButtonElement) element.title = label;
    }
  }
}
