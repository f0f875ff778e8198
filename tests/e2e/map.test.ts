import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openLocalPage } from '../support/browser.ts';
import { jumpAndSettle, waitForMap } from '../support/map-page.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { staffSessionCookie } from '../support/staff.ts';

const SCREENSHOT = path.resolve(import.meta.dirname, '../../docs/screenshot.png');
/** Halle's centre, where the map zooms in to see raw points. */
const CENTRE: [number, number] = [4.2373, 50.7339];

let server: RunningServer;
let browser: Browser;

/*
 * The map as a planner sees it: raw incident and vacancy points close up. Anonymous visitors
 * get counts per cell only (decision record 16), so each page starts signed in.
 */
const PLANNER: TestAccount = { username: 'map-planner', role: 'planner', password: 'map-planner-password' };
let session: Awaited<ReturnType<typeof staffSessionCookie>>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess({}, [PLANNER]), launchChromium()]);
  session = await staffSessionCookie(server.url, PLANNER);
});

/** A page that may only talk to the app on loopback, signed in as the planner. */
async function openPlannerPage() {
  const opened = await openLocalPage(browser);
  await opened.page.context().addCookies([session]);
  return opened;
}
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Distinct features MapLibre drew, per map layer id (tiles can repeat a polygon; sectors have their code as id). */
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

/**
 * The aggregated cells MapLibre drew for a point layer: the sum of their counts over distinct
 * (tile, position) pairs, how many such pairs and how many distinct positions there are (equal
 * when no cell is repeated across tiles), and what properties the cells carry.
 */
function drawnCells(page: Page, styleLayerId: string) {
  return page.evaluate((id) => {
    const map = window.__map!;
    const seen = new Map<string, number>();
    const positions = new Set<string>();
    const propertyNames = new Set<string>();
    const badCounts: unknown[] = [];
    for (const feature of map.queryRenderedFeatures({ layers: [id] })) {
      // The tile a rendered feature came from (MapLibre keeps it on the feature it returns).
      const { _z, _x, _y } = feature as unknown as { _z: number; _x: number; _y: number };
      const [lon, lat] = (feature.geometry as unknown as { coordinates: [number, number] }).coordinates;
      const position = `${lon.toFixed(7)},${lat.toFixed(7)}`;
      for (const name of Object.keys(feature.properties)) propertyNames.add(name);
      const count: unknown = feature.properties.count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) badCounts.push(count);
      seen.set(`${_z}/${_x}/${_y} ${position}`, Number(count));
      positions.add(position);
    }
    return {
      sum: [...seen.values()].reduce((a, b) => a + b, 0),
      cells: seen.size,
      positions: positions.size,
      propertyNames: [...propertyNames],
      badCounts,
    };
  }, styleLayerId);
}

/**
 * A feature of `styleLayerId` that is topmost under its own centre among `clickable` layers and
 * clear of the layer panel, with its page position and what the popup should say about it.
 */
function clickableFeature(page: Page, styleLayerId: string, clickable: string[]) {
  return page.evaluate(
    ({ id, clickable }) => {
      const map = window.__map!;
      const box = map.getContainer().getBoundingClientRect();
      const panelRight = document.querySelector('aside.panel')!.getBoundingClientRect().right;
      for (const feature of map.queryRenderedFeatures({ layers: [id] })) {
        const [lon, lat] = (feature.geometry as unknown as { coordinates: [number, number] }).coordinates;
        const p = map.project([lon, lat]);
        const x = box.left + p.x;
        const y = box.top + p.y;
        if (x < panelRight + 40 || x > box.right - 80 || y < box.top + 60 || y > box.bottom - 60) continue;
        const [top] = map.queryRenderedFeatures(p, { layers: clickable });
        if (
          top?.layer.id !== id ||
          top.id !== feature.id ||
          JSON.stringify(top.properties) !== JSON.stringify(feature.properties)
        ) {
          continue;
        }
        return { x, y, id: feature.id ?? null, properties: feature.properties as Record<string, unknown> };
      }
      return null;
    },
    { id: styleLayerId, clickable },
  );
}

/**
 * A spot on the map, clear of the panels and controls, where a sector is the only clickable
 * thing (no point or cell on top), with the sector's properties.
 */
function bareSectorSpot(page: Page, clickable: string[]) {
  return page.evaluate((clickable) => {
    const map = window.__map!;
    const box = map.getContainer().getBoundingClientRect();
    const panelRight = document.querySelector('aside.panel')!.getBoundingClientRect().right;
    for (let y = box.top + 80; y < box.bottom - 80; y += 23) {
      for (let x = panelRight + 40; x < box.right - 420; x += 23) {
        const hits = map.queryRenderedFeatures([x - box.left, y - box.top], { layers: clickable });
        if (hits.length === 1 && hits[0]!.layer.id === 'layer-neighbourhoods') {
          return { x, y, properties: hits[0]!.properties as Record<string, unknown> };
        }
      }
    }
    return null;
  }, clickable);
}

const POINT_LAYERS = ['youth-facilities', 'vacant-buildings', 'incidents'];
const CLICKABLE = ['layer-neighbourhoods', ...POINT_LAYERS.flatMap((id) => [`layer-${id}`, `layer-${id}-cells`])];
/** What the panel calls a layer's features (plural), per language. */
const NOUNS: Record<string, { nl: string; en: string }> = {
  neighbourhoods: { nl: 'objecten', en: 'features' },
  incidents: { nl: 'incidenten', en: 'incidents' },
  'vacant-buildings': { nl: 'panden', en: 'buildings' },
  'youth-facilities': { nl: 'jeugdvoorzieningen', en: 'youth facilities' },
};

/** The map's view as the `bbox` parameter the panel's counts send (west,south,east,north, 6 decimals). */
function viewBbox(page: Page) {
  return page.evaluate(() => {
    const b = window.__map!.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => n.toFixed(6)).join(',');
  });
}

/** How many features of a layer lie in `bbox`, as the features API says. */
async function matchedInBox(layerId: string, bbox: string): Promise<number> {
  const url = new URL(`/api/layers/${layerId}/features`, server.url);
  url.searchParams.set('bbox', bbox);
  url.searchParams.set('limit', '1');
  const response = await fetch(url, { headers: { cookie: `${session.name}=${session.value}` } });
  const body = (await response.json()) as { numberMatched: number };
  return body.numberMatched;
}

/** The panel's count of every layer: the number it holds and the sentence it shows. */
function panelCounts(page: Page) {
  return page.evaluate(
    (ids) =>
      Object.fromEntries(
        ids.map((id) => {
          const element = document.getElementById(`layer-toggle-${id}-status`);
          const count = element?.dataset.count;
          return [id, { count: count === undefined ? null : Number(count), text: element?.textContent?.trim() }];
        }),
      ),
    ['neighbourhoods', ...POINT_LAYERS],
  );
}

/** What the panel should say for the view `bbox`, from the features API. */
async function expectedCounts(bbox: string, lang: 'nl' | 'en') {
  const format = new Intl.NumberFormat(lang === 'nl' ? 'nl-BE' : 'en-GB');
  const entries = await Promise.all(
    ['neighbourhoods', ...POINT_LAYERS].map(async (id) => {
      const n = await matchedInBox(id, bbox);
      return [
        id,
        { count: n, text: `${format.format(n)} ${NOUNS[id]![lang]} ${lang === 'nl' ? 'in beeld' : 'in view'}` },
      ];
    }),
  );
  return Object.fromEntries(entries) as Record<string, { count: number; text: string }>;
}

describe('the planner map in Chromium', () => {
  it('draws Halle from vector tiles: cells that add up to every feature, then raw points close up, offline and without console errors', async () => {
    const { page, consoleErrors, blockedRequests } = await openPlannerPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(server.url);
    await waitForMap(page);

    // The README's screenshot comes from this run: the whole of Halle, point layers aggregated.
    const shot = await page.screenshot({ path: SCREENSHOT });
    expect(shot.byteLength).toBeGreaterThan(50_000);
    const zoom = await page.evaluate(() => window.__map!.getZoom());
    expect(zoom).toBeGreaterThan(11.5);
    expect(zoom).toBeLessThan(13);

    // Every feature of each point layer is in exactly one drawn cell.
    const expected = { incidents: 6000, 'vacant-buildings': 300, 'youth-facilities': 87 };
    for (const [layerId, total] of Object.entries(expected)) {
      const cells = await drawnCells(page, `layer-${layerId}-cells`);
      expect(cells.sum, layerId).toBe(total);
      expect(cells.propertyNames, layerId).toEqual(['count']);
      expect(cells.badCounts, layerId).toEqual([]);
      expect(cells.positions, `${layerId}: no cell drawn from two tiles`).toBe(cells.cells);
    }
    const counts = await renderedIds(page, [
      'layer-neighbourhoods',
      'layer-incidents',
      'layer-vacant-buildings',
      'layer-youth-facilities',
    ]);
    expect(counts).toEqual({
      'layer-neighbourhoods': 41, // every statistical sector of Halle is in view
      'layer-incidents': 0, // no raw points below the aggregation zoom
      'layer-vacant-buildings': 0,
      'layer-youth-facilities': 0,
    });

    // The panel counts what is in view and passes the filters: all of Halle here.
    const openingBox = await viewBbox(page);
    const opening = await expectedCounts(openingBox, 'nl');
    expect(opening.incidents!.count).toBe(6000);
    expect(opening['youth-facilities']!.count).toBe(87);
    expect(opening.neighbourhoods!.count).toBe(41);
    await expect.poll(() => panelCounts(page)).toEqual(opening);
    expect(opening.incidents!.text).toBe('6.000 incidenten in beeld');

    // Close up, incidents arrive as raw points with their properties and numeric ids.
    await jumpAndSettle(page, CENTRE, 15);
    const raw = await page.evaluate(() =>
      window.__map!.queryRenderedFeatures({ layers: ['layer-incidents'] }).map((f) => ({
        id: f.id,
        category: f.properties.category as unknown,
      })),
    );
    expect(raw.length).toBeGreaterThan(20);
    for (const feature of raw) {
      expect(typeof feature.id).toBe('number');
      expect(typeof feature.category).toBe('string');
    }
    expect((await drawnCells(page, 'layer-incidents-cells')).cells).toBe(0);

    // Moving the map asks for the counts again, for the new view.
    const closeBox = await viewBbox(page);
    const close = await expectedCounts(closeBox, 'nl');
    expect(close.incidents!.count).toBeGreaterThan(0);
    expect(close.incidents!.count).toBeLessThan(6000);
    await expect.poll(() => panelCounts(page)).toEqual(close);

    // Clicking one opens the popup with its properties, titles as the registry gives them.
    const layers = (await (await fetch(new URL('/api/layers', server.url))).json()) as {
      layers: { id: string; properties: { name: string; values?: { value: string; title: { nl: string } }[] }[] }[];
    };
    const categories = layers.layers.find((l) => l.id === 'incidents')!.properties.find((p) => p.name === 'category')!;
    const incident = await clickableFeature(page, 'layer-incidents', CLICKABLE);
    expect(incident).not.toBeNull();
    await page.mouse.click(incident!.x, incident!.y);
    const popup = page.locator('.maplibregl-popup');
    await expect.poll(() => popup.textContent()).toContain('Incidenten');
    const text = await popup.textContent();
    const categoryTitle = categories.values!.find((v) => v.value === incident!.properties.category)!.title.nl;
    expect(text).toContain('Categorie');
    expect(text).toContain(categoryTitle);
    expect(text).toContain('Tijdstip');
    expect(text).not.toContain('in deze cel');

    // The map only ever spoke to the app: one-feature pages for the counts in view, and tiles.
    expect(blockedRequests).toEqual([]);
    const featurePages = requests.filter((url) => url.includes('/features'));
    for (const url of featurePages) {
      expect(new URL(url).searchParams.get('limit')).toBe('1');
      expect(new URL(url).searchParams.get('bbox')).toMatch(/^(-?\d+\.\d{6},){3}-?\d+\.\d{6}$/);
    }
    for (const layerId of ['neighbourhoods', ...POINT_LAYERS]) {
      const boxes = featurePages
        .filter((url) => new URL(url).pathname === `/api/layers/${layerId}/features`)
        .map((url) => new URL(url).searchParams.get('bbox'));
      expect(boxes, layerId).toContain(openingBox);
      expect(boxes, layerId).toContain(closeBox);
    }
    for (const layerId of ['neighbourhoods', ...POINT_LAYERS]) {
      expect(requests.some((url) => url.includes(`/tiles/${layerId}/`) && url.endsWith('.mvt'))).toBe(true);
    }
    expect(consoleErrors).toEqual([]);
  });

  it('hides all of a layer’s drawing from the panel checkbox, says what an aggregated cell holds, and opens a sector’s panel on a click on it', async () => {
    const { page, consoleErrors } = await openPlannerPage();
    await page.goto(server.url);
    await waitForMap(page);

    // The layer's own checkbox (signed in, the embed snippet generator has one with the same label).
    await page.getByLabel('Incidenten', { exact: true }).and(page.locator('#layer-toggle-incidents')).uncheck();
    await page.waitForFunction(() =>
      ['layer-incidents', 'layer-incidents-cells'].every(
        (id) => window.__map!.getLayoutProperty(id, 'visibility') === 'none',
      ),
    );
    await page.evaluate(() => new Promise((resolve) => window.__map!.once('idle', resolve).triggerRepaint()));
    expect((await drawnCells(page, 'layer-incidents-cells')).cells).toBe(0);
    expect((await renderedIds(page, ['layer-incidents']))['layer-incidents']).toBe(0);
    expect((await drawnCells(page, 'layer-vacant-buildings-cells')).sum).toBe(300); // the others stay

    // Click on a cell of youth facilities where MapLibre drew it, on top.
    const cell = await clickableFeature(page, 'layer-youth-facilities-cells', CLICKABLE);
    expect(cell).not.toBeNull();
    await page.mouse.click(cell!.x, cell!.y);
    const popup = page.locator('.maplibregl-popup');
    await expect.poll(() => popup.textContent()).toContain('in deze cel — zoom in voor details');
    const count = Number(cell!.properties.count);
    const noun = count === 1 ? 'jeugdvoorziening' : 'jeugdvoorzieningen';
    expect(await popup.textContent()).toContain(`${count} ${noun} in deze cel — zoom in voor details`);
    expect(await popup.textContent()).toContain('Jeugdvoorzieningen');

    // A click on a sector with nothing on top opens the sector's side panel instead of a popup.
    const spot = await bareSectorSpot(page, CLICKABLE);
    expect(spot).not.toBeNull();
    await page.mouse.click(spot!.x, spot!.y);
    const sectorPanel = page.getByTestId('sector-panel');
    await sectorPanel.waitFor();
    expect(await sectorPanel.getAttribute('data-sector')).toBe(spot!.properties.code);
    await expect.poll(() => sectorPanel.locator('h2').textContent()).toBe(spot!.properties.name);
    expect(await page.locator('.maplibregl-popup').count()).toBe(0);
    expect(await page.evaluate(() => new URLSearchParams(location.search).get('sector'))).toBe(spot!.properties.code);
    expect(consoleErrors).toEqual([]);
  });

  it('switches the interface to English', async () => {
    const { page, consoleErrors } = await openPlannerPage();
    await page.goto(`${server.url}?lang=en`);
    await waitForMap(page);
    const panel = page.locator('aside.panel');
    expect(await panel.textContent()).toContain('Incidents');
    await expect.poll(() => panelCounts(page)).toEqual(await expectedCounts(await viewBbox(page), 'en'));
    expect(await panel.textContent()).toContain('6,000 incidents in view');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    const cell = await clickableFeature(page, 'layer-incidents-cells', CLICKABLE);
    expect(cell).not.toBeNull();
    await page.mouse.click(cell!.x, cell!.y);
    await expect
      .poll(() => page.locator('.maplibregl-popup').textContent())
      .toMatch(/Incidents[\s\S]*\d+ incidents? in this cell — zoom in for details/);
    expect(consoleErrors).toEqual([]);
  });
});
