import type { Page } from 'playwright-core';

/* Waiting on the map in a browser test: for real conditions, never for a fixed time. */

/** Until the app says the map is ready: idle with every layer's tiles in view drawn. */
export async function waitForMap(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.mapReady === 'true', null, { timeout: 60_000 });
}

/** Moves the map and waits until it is idle again with every source's tiles in view loaded. */
export async function jumpAndSettle(page: Page, center: [number, number], zoom: number) {
  await page.evaluate(
    ({ center, zoom }) =>
      new Promise<void>((resolve) => {
        const map = window.__map!;
        map.once('idle', () => resolve());
        map.jumpTo({ center, zoom });
      }),
    { center, zoom },
  );
  await page.waitForFunction(() => {
    const map = window.__map!;
    return map.loaded() && Object.keys(map.getStyle().sources).every((id) => map.isSourceLoaded(id));
  });
}
