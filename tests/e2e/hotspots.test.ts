import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openLocalPage } from '../support/browser.ts';
import { waitForMap } from '../support/map-page.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';

/*
 * The hotspot overlay in Chromium against the real server with Halle's demo data: a planner
 * switches Gi* hotspots on for 2025; the map's source holds exactly the cells and bins that
 * GET /api/hotspots gives for the same parameters, and a hot cell is drawn in Tol's dark red.
 */

const PLANNER: TestAccount = { username: 'hotspots-e2e', role: 'planner', password: 'hotspots-pass-12' };
const PERIOD = '2025-01-01/2025-12-31';
const HOT_99 = '#A50026';

interface HotspotCollection {
  cells: number;
  features: { id: string; properties: { count: number; z: number | null; confidence: number } }[];
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess({}, [PLANNER]), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The API's answer, asked by the page itself (with its session cookie). */
function apiHotspots(page: Page, query: string): Promise<{ status: number; body: HotspotCollection }> {
  return page.evaluate(async (url) => {
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as HotspotCollection };
  }, `/api/hotspots?${query}`);
}

describe('hotspots for a planner in Chromium', () => {
  it('draws the same cells and bins as the API, hot cells in their colour, with a tooltip', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(`${server.url}?period=${PERIOD}`);
    await waitForMap(page);
    // Staff only: no hotspot control before signing in.
    expect(await page.getByTestId('hotspots').count()).toBe(0);
    await signIn(page, PLANNER);

    await page.getByTestId('hotspots-toggle').check();
    await expect
      .poll(() => page.getByTestId('hotspots').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('loaded');
    expect(await page.getByTestId('hotspots-period').textContent()).toContain('2025');
    expect(await page.getByTestId('hotspots-cell').inputValue()).toBe('250');
    const legend = await page.getByTestId('hotspots-legend').textContent();
    expect(legend).toContain('Hotspot, 99 % betrouwbaarheid');
    expect(legend).toContain('Niet significant');
    expect(await page.getByTestId('hotspots').textContent()).toContain('FDR-correctie');

    const api = await apiHotspots(page, `layer=incidents&cell=250&period=${PERIOD}`);
    expect(api.status).toBe(200);
    const expected = Object.fromEntries(api.body.features.map((f) => [f.id, f.properties.confidence]));
    const hot = api.body.features.filter((f) => f.properties.confidence === 99);
    expect(hot.length).toBeGreaterThan(0);

    // The map's source: the same cells, each with the same bin.
    const source = await page.evaluate(async () => {
      const data = (await window
        .__map!.getSource<import('maplibre-gl').GeoJSONSource>('hotspots')!
        .getData()) as GeoJSON.FeatureCollection;
      return Object.fromEntries(data.features.map((f) => [String(f.properties!.id), Number(f.properties!.confidence)]));
    });
    expect(source).toEqual(expected);
    expect(Object.keys(source)).toHaveLength(api.body.cells);

    // What MapLibre drew: a cell at 99 % filled with Tol's dark red, and no fill where not significant.
    await page.waitForFunction(() => {
      const map = window.__map!;
      return map.isSourceLoaded('hotspots') && map.queryRenderedFeatures({ layers: ['hotspots-fill'] }).length > 0;
    });
    const drawn = await page.evaluate(() => {
      // MapLibre evaluates the paint per feature: a Color with r, g, b in 0–1, premultiplied by alpha.
      const hex = (c: { r: number; g: number; b: number; a: number }) => {
        if (c.a === 0) return 'none';
        const channels = [c.r, c.g, c.b].map((v) =>
          Math.round((v / c.a) * 255)
            .toString(16)
            .padStart(2, '0'),
        );
        return `#${channels.join('')}`.toUpperCase();
      };
      return window.__map!.queryRenderedFeatures({ layers: ['hotspots-fill'] }).map((f) => ({
        id: String(f.properties.id),
        confidence: Number(f.properties.confidence),
        fill: hex(f.layer.paint!['fill-color' as never] as { r: number; g: number; b: number; a: number }),
      }));
    });
    const drawnHot = drawn.filter((f) => f.confidence === 99);
    expect(drawnHot.length).toBeGreaterThan(0);
    for (const cell of drawnHot) expect(cell.fill, cell.id).toBe(HOT_99);
    for (const cell of drawn.filter((f) => f.confidence === 0)) expect(cell.fill, cell.id).toBe('none');

    // Hovering a hot cell away from the panel names its count and z.
    const target = await page.evaluate(
      (ids) => {
        const map = window.__map!;
        const panel = document.querySelector('aside.panel')!.getBoundingClientRect();
        const box = map.getContainer().getBoundingClientRect();
        for (const feature of map.queryRenderedFeatures({ layers: ['hotspots-fill'] })) {
          if (!ids.includes(String(feature.properties.id))) continue;
          const ring = (feature.geometry as GeoJSON.Polygon).coordinates[0]!.slice(0, -1);
          const lon = ring.reduce((s, p) => s + p[0]!, 0) / ring.length;
          const lat = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
          const point = map.project([lon, lat]);
          const x = box.left + point.x;
          const y = box.top + point.y;
          if (x > panel.right + 20 && x < box.right - 80 && y > box.top + 80 && y < box.bottom - 80) {
            return { id: String(feature.properties.id), x, y };
          }
        }
        return null;
      },
      hot.map((f) => f.id),
    );
    expect(target).not.toBeNull();
    await page.mouse.move(target!.x, target!.y, { steps: 3 });
    const cell = hot.find((f) => f.id === target!.id)!;
    const line = page.getByTestId('hotspots-hovered');
    await expect.poll(() => line.textContent()).toContain(`${cell.properties.count} incidenten`);
    expect(await line.textContent()).toContain('Hotspot, 99 % betrouwbaarheid');
    expect(await line.textContent()).toContain(`z = ${cell.properties.z!.toFixed(2).replace('.', ',')}`);

    // Switched off, the source is empty again.
    await page.getByTestId('hotspots-toggle').uncheck();
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const data = (await window
            .__map!.getSource<import('maplibre-gl').GeoJSONSource>('hotspots')!
            .getData()) as GeoJSON.FeatureCollection;
          return data.features.length;
        }),
      )
      .toBe(0);

    expect(consoleErrors).toEqual([]);
    expect(blockedRequests).toEqual([]);
  });
});
