import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openLocalPage } from '../support/browser.ts';
import { type RunningServer, startServerProcess } from '../support/server-process.ts';

const SCREENSHOT = path.resolve(import.meta.dirname, '../../docs/screenshot.png');

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function waitForMap(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.mapReady === 'true', null, { timeout: 60_000 });
}

/** Distinct features MapLibre drew, per map layer id (tiles can repeat a feature; sectors have string codes, not numeric ids). */
function renderedIds(page: Page, layerIds: string[]) {
  return page.evaluate((ids) => {
    const map = window.__map!;
    return Object.fromEntries(
      ids.map((id) => [
        id,
        new Set(map.queryRenderedFeatures({ layers: [id] }).map((f) => String(f.id ?? f.properties.code))).size,
      ]),
    );
  }, layerIds);
}

describe('the planner map in Chromium', () => {
  it('renders Halle’s sectors and the three point layers, offline, without console errors', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);

    // The README's screenshot comes from this run.
    const shot = await page.screenshot({ path: SCREENSHOT });
    expect(shot.byteLength).toBeGreaterThan(50_000);

    const counts = await renderedIds(page, [
      'layer-neighbourhoods',
      'layer-youth-facilities',
      'layer-vacant-buildings',
      'layer-incidents',
    ]);
    expect(counts['layer-neighbourhoods']).toBe(41); // every statistical sector of Halle is in view
    expect(counts['layer-youth-facilities']).toBe(87);
    expect(counts['layer-vacant-buildings']).toBe(300);
    expect(counts['layer-incidents']).toBeGreaterThan(5000); // overlapping points may hide a few
    expect(blockedRequests).toEqual([]);

    const panel = page.locator('aside.panel');
    await expect.poll(() => panel.textContent()).toContain('Incidenten');
    expect(await panel.textContent()).toContain('6.000');
    expect(consoleErrors).toEqual([]);
  });

  it('hides a layer from the panel checkbox and shows a popup with the feature’s properties', async () => {
    const { page, consoleErrors } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);

    await page.getByLabel('Incidenten', { exact: true }).uncheck();
    await page.waitForFunction(() => window.__map!.getLayoutProperty('layer-incidents', 'visibility') === 'none');
    await page.evaluate(() => new Promise((resolve) => window.__map!.once('idle', resolve).triggerRepaint()));
    expect((await renderedIds(page, ['layer-incidents']))['layer-incidents']).toBe(0);

    // Click on a youth facility where MapLibre drew it.
    const point = await page.evaluate(() => {
      const map = window.__map!;
      const feature = map.queryRenderedFeatures({ layers: ['layer-youth-facilities'] })[0]!;
      const [lon, lat] = (feature.geometry as unknown as { coordinates: [number, number] }).coordinates;
      const p = map.project([lon, lat]);
      const box = map.getContainer().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y, name: String(feature.properties.name) };
    });
    await page.mouse.click(point.x, point.y);
    const popup = page.locator('.maplibregl-popup');
    await expect.poll(() => popup.textContent()).toContain('Soort');
    expect(await popup.textContent()).toMatch(/Publiek toegankelijk|Naam/);
    expect(consoleErrors).toEqual([]);
  });

  it('switches the interface to English', async () => {
    const { page } = await openLocalPage(browser);
    await page.goto(`${server.url}?lang=en`);
    await waitForMap(page);
    expect(await page.locator('aside.panel').textContent()).toContain('Incidents');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});
