import type axe from 'axe-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { injectAxe, launchChromium } from '../support/browser.ts';
import { jumpAndSettle, waitForMap } from '../support/map-page.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { staffSessionCookie } from '../support/staff.ts';

/*
 * The planner view's acceptance criteria, in Chromium against the real server with Halle's demo
 * data. Every expected number comes from the API (asked here, with the same filters), never from
 * the page: the page is what is under test. The page and the API are asked as a planner, who
 * sees incidents and vacant buildings as points (anonymous visitors get counts per cell only:
 * decision record 16).
 */

interface LegendEntry {
  value: string | null;
  color: string;
}
interface LayerInfo {
  id: string;
  geometryType: string;
  categoryProperty: string | null;
  temporal: boolean;
  extent: { temporal: [string, string] | null };
  legend: LegendEntry[];
}
interface FigureRow {
  code: string;
  name: string;
  value: number | null;
  unstable: boolean;
}
interface Feature {
  id: number | string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}
interface FeatureCollection {
  numberMatched: number;
  numberReturned: number;
  features: Feature[];
}
type BBox = [number, number, number, number];

const POINT_LAYERS = ['incidents', 'vacant-buildings', 'youth-facilities'] as const;
const ALL_LAYERS = ['neighbourhoods', ...POINT_LAYERS] as const;
const CENTRE: [number, number] = [4.2373, 50.7339];
const RATE = 'incidents-per-1000-residents';
const FIGURES_SCREENSHOT = path.resolve(import.meta.dirname, '../../docs/screenshot-figures.png');
const NUMBER_NL = new Intl.NumberFormat('nl-BE');

let server: RunningServer;
let browser: Browser;
let layers: LayerInfo[];
/** Every sector code, from the features API. */
let sectorCodes: string[];
/** The time slider's years, from the layers' temporal extents (index 0 is the first year). */
let years: number[];
let incidentCategories: string[];

const PLANNER: TestAccount = { username: 'planner-view', role: 'planner', password: 'planner-view-password' };
/** The planner's session, for the API calls here and every page's browser context. */
let session: Awaited<ReturnType<typeof staffSessionCookie>>;
const withSession = () => ({ headers: { cookie: `${session.name}=${session.value}` } });

async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
  const url = new URL(path, server.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url, withSession());
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A calendar year as a closed interval of instants, the way the API documents it. */
function yearInterval(year: number): string {
  return `${year}-01-01T00:00:00.000Z/${year}-12-31T23:59:59.999Z`;
}

/** The figures of an indicator as the map should hold them in feature state, per sector code. */
async function expectedStates(indicator: string, period?: string): Promise<Record<string, unknown>> {
  const figures = await api<{ rows: FigureRow[] }>('/api/neighbourhoods/figures', {
    indicator,
    ...(period ? { period } : {}),
  });
  expect(figures.rows.map((r) => r.code).sort()).toEqual([...sectorCodes].sort());
  return Object.fromEntries(figures.rows.map((r) => [r.code, { value: r.value, unstable: r.unstable }]));
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess({}, [PLANNER]), launchChromium()]);
  session = await staffSessionCookie(server.url, PLANNER);
  layers = (await api<{ layers: LayerInfo[] }>('/api/layers')).layers;
  const sectors = await api<FeatureCollection>('/api/layers/neighbourhoods/features', { limit: '1000' });
  sectorCodes = sectors.features.map((f) => String(f.properties.code));
  expect(sectorCodes).toHaveLength(41);
  const extents = layers.flatMap((l) => (l.extent.temporal ? [l.extent.temporal] : []));
  const first = Math.min(...extents.map(([start]) => Number(start.slice(0, 4))));
  const last = Math.max(...extents.map(([, end]) => Number(end.slice(0, 4))));
  years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  expect(years).toContain(2024);
  expect(years).toContain(2025);
  incidentCategories = layers
    .find((l) => l.id === 'incidents')!
    .legend.flatMap((e) => (e.value === null ? [] : [e.value]));
  expect(incidentCategories.length).toBeGreaterThan(4);
});

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * A page in a new browser context that may only talk to the app on loopback (as openLocalPage),
 * recording console errors, blocked requests and every request's URL.
 */
async function openPage(options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
  contexts.push(context);
  await context.addCookies([session]);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const blockedRequests: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    blockedRequests.push(url.href);
    return route.abort();
  });
  return { context, page, consoleErrors, blockedRequests, requests };
}

/**
 * What MapLibre drew per API layer: for a point layer the sum of its cells' counts (distinct per
 * tile and position, as map.test.ts counts them) and the number of distinct raw points; for the
 * sectors the number of distinct codes.
 */
function drawing(page: Page) {
  return page.evaluate(
    (ids) => {
      const map = window.__map!;
      const result: Record<string, { cells: number; raw: number }> = {};
      for (const id of ids) {
        const seen = new Map<string, number>();
        if (map.getLayer(`layer-${id}-cells`)) {
          for (const feature of map.queryRenderedFeatures({ layers: [`layer-${id}-cells`] })) {
            const { _z, _x, _y } = feature as unknown as { _z: number; _x: number; _y: number };
            const [lon, lat] = (feature.geometry as unknown as { coordinates: [number, number] }).coordinates;
            seen.set(`${_z}/${_x}/${_y} ${lon.toFixed(7)},${lat.toFixed(7)}`, Number(feature.properties.count));
          }
        }
        const raw = new Set(
          map.queryRenderedFeatures({ layers: [`layer-${id}`] }).map((f) => String(f.id ?? f.properties.code)),
        );
        result[id] = { cells: [...seen.values()].reduce((a, b) => a + b, 0), raw: raw.size };
      }
      return result;
    },
    ALL_LAYERS as unknown as string[],
  );
}

/** The map's view as the `bbox` parameter the panel's counts use. */
async function viewBox(page: Page): Promise<BBox> {
  return page.evaluate(() => {
    const b = window.__map!.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as [number, number, number, number];
  });
}
const bboxParam = (box: BBox) => box.map((n) => n.toFixed(6)).join(',');

/** The panel's count of a layer: the number it holds and the sentence it shows. */
function panelCount(page: Page, layerId: string) {
  return page.evaluate((id) => {
    const element = document.getElementById(`layer-toggle-${id}-status`);
    const count = element?.dataset.count;
    return { count: count === undefined ? null : Number(count), text: element?.textContent?.trim() ?? null };
  }, layerId);
}

const layerToggle = (page: Page, layerId: string) => page.locator(`#layer-toggle-${layerId}`);
/** A category checkbox in a layer's legend (the other filters carry data-filter-property too). */
const legendBox = (page: Page, layerId: string, value: string) =>
  page.locator(`[data-layer-id="${layerId}"] input[data-filter-value="${value}"]:not([data-filter-property])`);

async function untickCategories(page: Page, layerId: string, values: readonly string[]) {
  for (const value of values) {
    await legendBox(page, layerId, value).uncheck();
    expect(await legendBox(page, layerId, value).isChecked()).toBe(false);
  }
}

function featureStates(page: Page) {
  return page.evaluate(
    (codes) =>
      Object.fromEntries(
        codes.map((code) => [
          code,
          window.__map!.getFeatureState({ source: 'source-neighbourhoods', sourceLayer: 'neighbourhoods', id: code }),
        ]),
      ),
    sectorCodes,
  );
}

/** The sectors' fill-color: its class colours and breaks (the `step` inside it), or null when it has none. */
async function choroplethFill(page: Page) {
  const fill: unknown = await page.evaluate(() => window.__map!.getPaintProperty('layer-neighbourhoods', 'fill-color'));
  const find = (node: unknown): unknown[] | null => {
    if (!Array.isArray(node)) return null;
    if (node[0] === 'step') return node;
    for (const child of node) {
      const found = find(child);
      if (found) return found;
    }
    return null;
  };
  const step = find(fill);
  const usesState = JSON.stringify(fill).includes('"feature-state"');
  if (!step) return { usesState, colors: [] as string[], breaks: [] as number[] };
  const [, , first, ...stops] = step as [string, unknown, string, ...(string | number)[]];
  return {
    usesState,
    colors: [first, ...stops.filter((_, i) => i % 2 === 1)].map(String),
    breaks: stops.filter((_, i) => i % 2 === 0).map(Number),
  };
}

/** `#RRGGBB` as the `rgb(r, g, b)` a computed style gives. */
function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** The classes the choropleth legend lists: swatch colours and labels, in order. */
function choroplethLegend(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="choropleth-legend"] li')].map((li) => ({
      color: getComputedStyle(li.querySelector('.swatch')!).backgroundColor,
      label: li.textContent!.trim(),
    })),
  );
}

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();

describe('the planner view in Chromium', () => {
  it('toggling a layer removes all of its drawing and ticking it brings it back; the other layers keep theirs', async () => {
    const { page, consoleErrors, blockedRequests } = await openPage();
    await page.goto(server.url);
    await waitForMap(page);

    for (const [zoom, center] of [
      [null, null], // the opening view: Halle whole, points as cells
      [15, CENTRE], // close up: raw points
    ] as const) {
      if (zoom !== null) await jumpAndSettle(page, center, zoom);
      const before = await drawing(page);
      const drawn = zoom === null ? before.incidents!.cells : before.incidents!.raw;
      expect(drawn, `incidents drawn at zoom ${zoom ?? 'opening'}`).toBeGreaterThan(zoom === null ? 5000 : 20);
      expect(before.neighbourhoods!.raw).toBeGreaterThan(0);
      if (zoom === null) {
        expect(before['vacant-buildings']!.cells).toBe(300);
        expect(before['youth-facilities']!.cells).toBe(87);
      }

      await layerToggle(page, 'incidents').uncheck();
      await expect.poll(() => drawing(page)).toEqual({ ...before, incidents: { cells: 0, raw: 0 } });
      expect(
        await page.evaluate(() =>
          ['layer-incidents', 'layer-incidents-cells'].map((id) => window.__map!.getLayoutProperty(id, 'visibility')),
        ),
      ).toEqual(['none', 'none']);

      await layerToggle(page, 'incidents').check();
      await expect.poll(() => drawing(page)).toEqual(before);
    }

    // A polygon layer too: its fill and outline go, the points stay.
    const before = await drawing(page);
    await layerToggle(page, 'neighbourhoods').uncheck();
    await expect.poll(() => drawing(page)).toEqual({ ...before, neighbourhoods: { cells: 0, raw: 0 } });
    expect(
      await page.evaluate(
        () => window.__map!.queryRenderedFeatures({ layers: ['layer-neighbourhoods-outline'] }).length,
      ),
    ).toBe(0);
    await layerToggle(page, 'neighbourhoods').check();
    await expect.poll(() => drawing(page)).toEqual(before);

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('a category filter changes the drawn cells, the panel count and the tile requests to what the API matches', async () => {
    const { page, consoleErrors, blockedRequests, requests } = await openPage();
    await page.goto(server.url);
    await waitForMap(page);
    expect((await drawing(page)).incidents!.cells).toBe(6000);

    const off = [incidentCategories[0]!, incidentCategories[3]!, incidentCategories.at(-1)!];
    const ticked = incidentCategories.filter((c) => !off.includes(c));
    await untickCategories(page, 'incidents', off);
    for (const value of ticked) expect(await legendBox(page, 'incidents', value).isChecked()).toBe(true);

    const { numberMatched: matched } = await api<FeatureCollection>('/api/layers/incidents/features', {
      category: ticked.join(','),
      limit: '1',
    });
    expect(matched).toBeGreaterThan(0);
    expect(matched).not.toBe(6000);

    // The drawn cells add up to the filtered number, and the other layers are untouched.
    await expect.poll(() => drawing(page).then((d) => d.incidents!.cells), { timeout: 30_000 }).toBe(matched);
    const after = await drawing(page);
    expect(after['vacant-buildings']!.cells).toBe(300);
    expect(after['youth-facilities']!.cells).toBe(87);

    // The panel says the same number: the features in view that pass the filter.
    const box = await viewBox(page);
    const inView = await api<FeatureCollection>('/api/layers/incidents/features', {
      category: ticked.join(','),
      bbox: bboxParam(box),
      limit: '1',
    });
    expect(inView.numberMatched).toBe(matched); // the whole of Halle is in view
    await expect
      .poll(() => panelCount(page, 'incidents'))
      .toEqual({ count: matched, text: `${NUMBER_NL.format(matched)} incidenten in beeld` });

    // The tiles are cut for the filter: TileJSON and tile requests carry exactly the ticked categories.
    const categoryOf = (url: string) => new URL(url).searchParams.get('category')?.split(',').sort() ?? null;
    const sorted = [...ticked].sort();
    const tileUrls = await page.evaluate(() =>
      Object.fromEntries(
        ['incidents', 'vacant-buildings'].map((id) => [
          id,
          (window.__map!.getSource(`source-${id}`) as unknown as { tiles: string[] }).tiles[0]!,
        ]),
      ),
    );
    expect(categoryOf(tileUrls.incidents!)).toEqual(sorted);
    expect(categoryOf(tileUrls['vacant-buildings']!)).toBeNull();
    // (Each untick asks for tiles once; the last TileJSON request is for the final selection.)
    const tileJsonRequests = requests.filter((url) => url.includes('/tiles/incidents.json'));
    expect(categoryOf(tileJsonRequests.at(-1)!)).toEqual(sorted);
    const isTile = (url: string) => /\/tiles\/incidents\/\d+\/\d+\/\d+\.mvt/.test(url);
    expect(requests.filter((url) => isTile(url) && categoryOf(url)?.join() === sorted.join()).length).toBeGreaterThan(
      0,
    );

    // The count requests ask for one feature, with the view's box and the filter.
    const counts = requests.filter((url) => url.includes('/api/layers/incidents/features'));
    for (const url of counts) expect(new URL(url).searchParams.get('limit')).toBe('1');
    const last = new URL(counts.at(-1)!);
    expect(last.searchParams.get('category')?.split(',').sort()).toEqual(sorted);
    expect(last.searchParams.get('bbox')).toBe(bboxParam(box));

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('moving the time slider changes the choropleth to the figures of that year; play advances the period and pause stops it', async () => {
    const { page, consoleErrors, blockedRequests } = await openPage();
    await page.goto(server.url);
    await waitForMap(page);

    const slider = page.getByTestId('time-slider');
    expect(await slider.getAttribute('min')).toBe('-1');
    expect(await slider.getAttribute('max')).toBe(String(years.length - 1));
    expect(await slider.inputValue()).toBe('-1');
    expect(await text(page, 'time-current')).toBe('Alle datums');

    await page.getByTestId('indicator-select').selectOption(RATE);
    const allDates = await expectedStates(RATE);
    await expect.poll(() => featureStates(page)).toEqual(allDates);
    const fillAll = await choroplethFill(page);
    expect(fillAll.usesState).toBe(true);
    expect(fillAll.colors.length).toBeGreaterThan(1);

    // Move the slider with the keyboard to 2024 (the far left is "all dates").
    const index = years.indexOf(2024);
    await slider.focus();
    for (let i = -1; i < index; i++) await page.keyboard.press('ArrowRight');
    expect(await slider.inputValue()).toBe(String(index));
    await expect.poll(() => text(page, 'time-current')).toBe('2024');

    const year = await expectedStates(RATE, yearInterval(2024));
    expect(year).not.toEqual(allDates);
    await expect.poll(() => featureStates(page)).toEqual(year);

    // The fill follows: classes from the year's stable values, the legend lists them in the same colours.
    await expect.poll(() => choroplethFill(page)).not.toEqual(fillAll);
    const fill = await choroplethFill(page);
    const stable = Object.values(year as Record<string, { value: number | null; unstable: boolean }>)
      .filter((s) => !s.unstable && s.value !== null)
      .map((s) => s.value!);
    expect(fill.colors).toHaveLength(fill.breaks.length + 1);
    expect(fill.breaks).toEqual([...fill.breaks].sort((a, b) => a - b));
    for (const b of fill.breaks) {
      expect(stable).toContain(b);
      expect(b).toBeGreaterThan(Math.min(...stable));
    }
    const legend = await choroplethLegend(page);
    expect(legend.length).toBeGreaterThanOrEqual(fill.colors.length + 1); // the classes, then no data (and unstable)
    expect(legend.slice(0, fill.colors.length).map((item) => item.color)).toEqual(fill.colors.map(rgb));
    expect(legend[0]!.label).toMatch(/\d.* – .*\d/);
    // The README's second screenshot: the figures of one year on the sectors.
    await page.evaluate(() => new Promise((resolve) => window.__map!.once('idle', resolve).triggerRepaint()));
    await page.screenshot({ path: FIGURES_SCREENSHOT });

    // Play advances one period per tick, wrapping after the last; pause stops it. The page's
    // clock is driven by the test, so no tick depends on how fast the machine is.
    await page.clock.install();
    // Installed, the fake clock still runs with real time; paused, only runFor moves it, so a
    // slow machine cannot add ticks between the checks.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    const play = page.getByTestId('time-play');
    await play.click();
    await expect.poll(() => play.getAttribute('aria-pressed')).toBe('true');
    const labels: string[] = [];
    for (let tick = 1; tick <= 3; tick++) {
      await page.clock.runFor(1500);
      const expected = String(years[(index + tick) % years.length]);
      await expect.poll(() => text(page, 'time-current')).toBe(expected);
      labels.push(expected);
    }
    expect(new Set(labels).size).toBe(3);
    await play.click();
    await expect.poll(() => play.getAttribute('aria-pressed')).toBe('false');
    const paused = await text(page, 'time-current');
    await page.clock.runFor(10_000);
    expect(await text(page, 'time-current')).toBe(paused);
    expect(await slider.inputValue()).toBe(String(years.indexOf(Number(paused))));
    // The choropleth shows the year it paused on.
    const pausedStates = await expectedStates(RATE, yearInterval(Number(paused)));
    await expect.poll(() => featureStates(page)).toEqual(pausedStates);

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('the change against the previous year has fixed classes around zero, without a class method to pick', async () => {
    const { page, consoleErrors } = await openPage();
    await page.goto(`${server.url}?period=2025-01-01/2025-12-31&indicator=incidents-change`);
    await waitForMap(page);
    const expected = await expectedStates('incidents-change', yearInterval(2025));
    await expect.poll(() => featureStates(page)).toEqual(expected);
    const fill = await choroplethFill(page);
    expect(fill.breaks).toEqual([-50, -10, 10, 50]);
    expect(fill.colors).toHaveLength(5);
    expect(await page.locator('input[name=class-method]').count()).toBe(0);
    // The legend says the classes are fixed, and lists them in the map's colours.
    const legend = await choroplethLegend(page);
    expect(legend.slice(0, 5).map((item) => item.color)).toEqual(fill.colors.map(rgb));
    expect(await page.getByTestId('choropleth-legend').locator('xpath=..').textContent()).toContain('Vaste klassen');
    expect(consoleErrors).toEqual([]);
  });

  it('a shared URL opened in a fresh browser context reproduces layers, filters, period, indicator and position', async () => {
    const first = await openPage();
    const { page } = first;
    await page.goto(server.url);
    await waitForMap(page);

    await layerToggle(page, 'youth-facilities').uncheck();
    const off = [incidentCategories[1]!, incidentCategories[2]!];
    await untickCategories(page, 'incidents', off);
    await legendBox(page, 'vacant-buildings', 'leegstaand').uncheck();
    const index = years.indexOf(2025);
    await page.getByTestId('time-slider').fill(String(index));
    await expect.poll(() => text(page, 'time-current')).toBe('2025');
    await page.getByTestId('indicator-select').selectOption('vacant-buildings-per-1000-dwellings');
    await jumpAndSettle(page, [4.24817, 50.73561], 13.42);

    // The address bar follows (history.replaceState) with everything set above.
    await page.waitForFunction(
      ({ off }) => {
        const q = new URLSearchParams(location.search);
        const category = q.get('f.incidents.category')?.split(',') ?? [];
        return (
          q.get('map')?.startsWith('13.42/') &&
          q.get('layers') === 'neighbourhoods,incidents,vacant-buildings' &&
          category.length > 0 &&
          off.every((c) => !category.includes(c)) &&
          q.get('f.vacant-buildings.status') !== null &&
          q.get('period') === '2025-01-01/2025-12-31' &&
          q.get('indicator') === 'vacant-buildings-per-1000-dwellings'
        );
      },
      { off },
    );
    await expect.poll(() => page.url()).toBe(await page.evaluate(() => location.href));
    const shared = page.url();

    /** Everything the view consists of, to compare between the two pages. */
    const view = (p: Page) =>
      p.evaluate(() => {
        const map = window.__map!;
        const checkboxes = Object.fromEntries(
          [...document.querySelectorAll<HTMLInputElement>('aside.panel input[type="checkbox"]')].map((input) => [
            input.id ||
              `${input.closest('[data-layer-id]')?.getAttribute('data-layer-id')}:${input.dataset.filterProperty ?? 'legend'}:${input.dataset.filterValue}`,
            input.checked,
          ]),
        );
        const sources = Object.fromEntries(
          ['neighbourhoods', 'incidents', 'vacant-buildings', 'youth-facilities'].map((id) => {
            const source = map.getSource(`source-${id}`) as unknown as { tiles?: string[]; url?: string };
            return [id, { tiles: (source.tiles ?? []).map((t) => new URL(t).search), url: source.url ?? null }];
          }),
        );
        const visibility = Object.fromEntries(
          map.getStyle().layers.map((layer) => [layer.id, map.getLayoutProperty(layer.id, 'visibility') ?? 'visible']),
        );
        const { lng, lat } = map.getCenter();
        return {
          checkboxes,
          sources,
          visibility,
          period: document.querySelector('[data-testid="time-current"]')?.textContent,
          slider: document.querySelector<HTMLInputElement>('[data-testid="time-slider"]')?.value,
          indicator: document.querySelector<HTMLSelectElement>('[data-testid="indicator-select"]')?.value,
          legend: document.querySelector('[data-testid="choropleth-legend"]')?.textContent ?? null,
          center: [lng, lat],
          zoom: map.getZoom(),
        };
      });
    await expect
      .poll(() => page.evaluate(() => document.querySelector('[data-testid="choropleth-legend"]') !== null))
      .toBe(true);
    const original = await view(page);
    expect(original.checkboxes['layer-toggle-youth-facilities']).toBe(false);
    expect(original.checkboxes[`incidents:legend:${off[0]}`]).toBe(false);
    expect(original.visibility['layer-youth-facilities-cells']).toBe('none');
    expect(original.sources.incidents!.tiles[0]).toContain('datetime=2025-01-01');

    // A new context: no shared storage, history or cache.
    const second = await openPage();
    expect(second.context).not.toBe(first.context);
    await second.page.goto(shared);
    await waitForMap(second.page);
    await expect
      .poll(() => second.page.evaluate(() => document.querySelector('[data-testid="choropleth-legend"]')?.textContent))
      .toBe(original.legend);
    // The sources end up cut for the link's filters (see the last assertion for how they get there).
    await expect.poll(() => view(second.page).then((v) => v.sources)).toEqual(original.sources);
    const reopened = await view(second.page);

    expect(reopened.checkboxes).toEqual(original.checkboxes);
    expect(reopened.visibility).toEqual(original.visibility);
    expect(reopened.period).toBe('2025');
    expect(reopened.slider).toBe(original.slider);
    expect(reopened.indicator).toBe('vacant-buildings-per-1000-dwellings');
    expect(Math.abs(reopened.center[0]! - original.center[0]!)).toBeLessThan(1e-4);
    expect(Math.abs(reopened.center[1]! - original.center[1]!)).toBeLessThan(1e-4);
    expect(Math.abs(reopened.zoom - original.zoom)).toBeLessThan(0.01);

    for (const { blockedRequests, consoleErrors } of [first, second]) {
      expect(blockedRequests).toEqual([]);
      expect(consoleErrors).toEqual([]);
    }

    // The link's filters are known before the map opens: no tile of a filtered layer may be
    // fetched (and drawn, and reported ready by data-map-ready) without them.
    const filteredLayers = ['incidents', 'vacant-buildings'];
    const unfiltered = second.requests.filter((url) => {
      const match = /\/tiles\/([\w-]+)(?:\/\d+\/\d+\/\d+\.mvt|\.json)/.exec(url);
      return match && filteredLayers.includes(match[1]!) && !new URL(url).searchParams.has('datetime');
    });
    expect(unfiltered, "requests of the reopened page for tiles without the link's filters").toEqual([]);
  });

  it('exports the view as a PNG: map width + 260 px at the device pixel ratio, not blank, with the legend colours', async () => {
    const deviceScaleFactor = 2;
    const { page, consoleErrors, blockedRequests } = await openPage({
      viewport: { width: 1100, height: 750 },
      deviceScaleFactor,
    });
    await page.goto(server.url);
    await waitForMap(page);
    await page.getByTestId('indicator-select').selectOption(RATE);
    await expect.poll(() => choroplethLegend(page).then((items) => items.length)).toBeGreaterThan(2);
    const classColors = (await choroplethFill(page)).colors;
    expect(classColors.length).toBeGreaterThan(1);
    expect((await choroplethLegend(page)).slice(0, classColors.length).map((i) => i.color)).toEqual(
      classColors.map(rgb),
    );

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const mapSize = await page.evaluate(() => {
      const container = window.__map!.getContainer();
      return { width: container.clientWidth, height: container.clientHeight, ratio: window.devicePixelRatio };
    });
    expect(mapSize.ratio).toBe(deviceScaleFactor);

    const categoryColors = layers.find((l) => l.id === 'incidents')!.legend.map((e) => e.color);
    const wanted = [...categoryColors, ...classColors];
    const image = await page.evaluate(
      async ({ base64, mapWidth, wanted }) => {
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([data], { type: 'image/png' }), {
          colorSpaceConversion: 'none',
          premultiplyAlpha: 'none',
        });
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
        const hex = (i: number) =>
          `#${[pixels[i]!, pixels[i + 1]!, pixels[i + 2]!].map((n) => n.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
        const legendColours = new Set<string>();
        const mapColours = new Map<string, number>();
        const splitX = mapWidth * devicePixelRatio;
        for (let y = 0; y < bitmap.height; y++) {
          for (let x = 0; x < bitmap.width; x++) {
            const i = (y * bitmap.width + x) * 4;
            if (pixels[i + 3] !== 255) continue;
            if (x >= splitX) legendColours.add(hex(i));
            else mapColours.set(hex(i), (mapColours.get(hex(i)) ?? 0) + 1);
          }
        }
        const mapPixels = [...mapColours.values()].reduce((a, b) => a + b, 0);
        return {
          width: bitmap.width,
          height: bitmap.height,
          missing: wanted.filter((color) => !legendColours.has(color.toUpperCase())),
          mapColours: mapColours.size,
          largestShare: Math.max(...mapColours.values()) / mapPixels,
          opaque: mapPixels,
        };
      },
      { base64: bytes.toString('base64'), mapWidth: mapSize.width, wanted },
    );
    expect(image.width).toBe((mapSize.width + 260) * deviceScaleFactor);
    expect(image.height).toBeGreaterThanOrEqual(mapSize.height * deviceScaleFactor);
    // Not blank: the map part has the background, sectors in their class colours, outlines and cells.
    expect(image.mapColours).toBeGreaterThan(50);
    expect(image.largestShare).toBeLessThan(0.9);
    // The legend column holds every incident category's colour and every class colour, exactly.
    expect(image.missing).toEqual([]);

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('the CSV and GeoJSON downloads hold exactly the features that pass the category filter and the period', async () => {
    const { page, consoleErrors, blockedRequests } = await openPage();
    await page.goto(server.url);
    await waitForMap(page);

    const off = [incidentCategories[0]!, incidentCategories[4]!];
    const ticked = incidentCategories.filter((c) => !off.includes(c));
    await untickCategories(page, 'incidents', off);
    await page.getByTestId('time-slider').fill(String(years.indexOf(2025)));
    await expect.poll(() => text(page, 'time-current')).toBe('2025');

    const filters = { category: ticked.join(','), datetime: yearInterval(2025) };
    const expected = await api<FeatureCollection>('/api/layers/incidents/features', { ...filters, limit: '10000' });
    expect(expected.numberReturned).toBe(expected.numberMatched);
    expect(expected.numberMatched).toBeGreaterThan(100);
    const expectedIds = expected.features.map((f) => String(f.id)).sort();
    const inView = await api<FeatureCollection>('/api/layers/incidents/features', {
      ...filters,
      bbox: bboxParam(await viewBox(page)),
      limit: '1',
    });
    expect(inView.numberMatched).toBe(expected.numberMatched); // the whole of Halle is in view
    await expect
      .poll(() => panelCount(page, 'incidents'))
      .toEqual({
        count: expected.numberMatched,
        text: `${NUMBER_NL.format(expected.numberMatched)} incidenten in beeld`,
      });

    const layerItem = page.locator('[data-layer-id="incidents"]');
    await layerItem.locator('details summary').click();
    expect(await layerItem.locator('details summary').textContent()).toContain('gefilterd');
    const csvLink = layerItem.locator('a[data-export="csv"]');
    const geojsonLink = layerItem.locator('a[data-export="geojson"]');
    expect(await csvLink.isVisible()).toBe(true);

    const csvResponse = await fetch(new URL((await csvLink.getAttribute('href'))!, server.url), withSession());
    expect(csvResponse.status).toBe(200);
    const csv = parse(await csvResponse.text(), { bom: true, columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    expect(csv.length).toBe(expected.numberMatched);
    expect(csv.map((row) => row.id!).sort()).toEqual(expectedIds);
    for (const row of csv) {
      expect(ticked).toContain(row.category);
      expect(row.occurredAt!.startsWith('2025-')).toBe(true);
    }

    const geojsonResponse = await fetch(new URL((await geojsonLink.getAttribute('href'))!, server.url), withSession());
    expect(geojsonResponse.status).toBe(200);
    const geojson = (await geojsonResponse.json()) as { type: string; features: Feature[] };
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.features.length).toBe(expected.numberMatched);
    expect(geojson.features.map((f) => String(f.id)).sort()).toEqual(expectedIds);

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('has no serious or critical accessibility violations (axe-core): main view, search results, sector panel', async () => {
    const { page, consoleErrors, blockedRequests } = await openPage();
    await page.goto(server.url);
    await waitForMap(page);
    await injectAxe(page);

    const check = async (state: string) => {
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
        }));
      });
      const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(severe, `${state}:\n${JSON.stringify(severe, null, 2)}`).toEqual([]);
      return violations;
    };

    const minor: unknown[] = [];
    minor.push(...(await check('main view')));

    // With a choropleth and its legend, and every layer's options (opacity, filters, downloads) open.
    await page.getByTestId('indicator-select').selectOption(RATE);
    await page.getByTestId('choropleth-legend').waitFor();
    for (const summary of await page.locator('aside.panel details summary').all()) await summary.click();
    // Four layers' options (signed in, the panel has more details, opened and checked too).
    expect(await page.locator('aside.panel [data-layer-id] details[open]').count()).toBe(4);
    expect(await page.locator('aside.panel details:not([open])').count()).toBe(0);
    minor.push(...(await check('indicator and layer options open')));

    await page.getByTestId('search-input').fill('centrum');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#search-results [role="option"]').length > 0 &&
        !document.getElementById('search-results')!.hidden,
    );
    minor.push(...(await check('search results open')));

    await page.keyboard.press('Enter');
    await page.getByTestId('sector-panel').waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="sector-panel"] td[data-indicator]').length > 0,
    );
    minor.push(...(await check('sector panel open')));
    if (minor.length > 0) console.info('axe: moderate or minor violations', JSON.stringify(minor, null, 2));

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('search: a sector picked with the keyboard moves the map onto it and opens its panel with its figures', async () => {
    const { page, consoleErrors, blockedRequests } = await openPage();
    await page.goto(server.url);
    await waitForMap(page);

    const { results } = await api<{ results: { kind: string; id: string; name: string }[] }>('/api/search', {
      q: 'centrum',
    });
    const target = results.find((r) => r.kind === 'neighbourhood')!;
    expect(target).toBeDefined();
    const sector = (
      await api<FeatureCollection>('/api/layers/neighbourhoods/features', { limit: '1000' })
    ).features.find((f) => f.properties.code === target.id)!;
    const points = (sector.geometry.coordinates as number[][][][]).flat(2) as unknown as [number, number][];
    const sectorBox: BBox = [
      Math.min(...points.map((p) => p[0])),
      Math.min(...points.map((p) => p[1])),
      Math.max(...points.map((p) => p[0])),
      Math.max(...points.map((p) => p[1])),
    ];
    const opening = await viewBox(page);

    const input = page.getByTestId('search-input');
    await input.click();
    await page.keyboard.type('centrum');
    await page.waitForFunction(
      (n) => document.querySelectorAll('#search-results [role="option"]').length === n,
      results.length,
    );
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('true');
    // Walk the options with ArrowDown until the sector is the active one, then take it with Enter.
    const activeName = () =>
      page.evaluate(() => {
        const id = document.querySelector('[data-testid="search-input"]')!.getAttribute('aria-activedescendant');
        return id ? (document.getElementById(id)?.querySelector('.name')?.textContent ?? null) : null;
      });
    for (let i = 0; i < results.length && (await activeName()) !== target.name; i++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await activeName()).toBe(target.name);
    await page.keyboard.press('Enter');
    await expect.poll(() => input.getAttribute('aria-expanded')).toBe('false');

    // The map moves to show the whole sector, closer than the opening view.
    await page.waitForFunction(
      ([w, s, e, n]) => {
        const b = window.__map!.getBounds();
        return (
          !window.__map!.isMoving() && b.getWest() <= w && b.getSouth() <= s && b.getEast() >= e && b.getNorth() >= n
        );
      },
      sectorBox,
      { timeout: 15_000 },
    );
    const view = await viewBox(page);
    expect(view[2] - view[0]).toBeLessThan(opening[2] - opening[0]);
    expect(await page.evaluate(() => window.__map!.getZoom())).toBeGreaterThan(13);

    // The sector panel opens on it, with its name, residents and every indicator's figure.
    const panel = page.getByTestId('sector-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('data-sector')).toBe(target.id);
    await expect.poll(() => panel.locator('h2').textContent()).toBe(String(sector.properties.name));
    await expect.poll(() => panel.textContent()).toContain(NUMBER_NL.format(Number(sector.properties.population)));
    const indicators = (await api<{ indicators: { id: string; temporal: boolean }[] }>('/api/indicators')).indicators;
    const shown = () =>
      panel.evaluate((el) =>
        Object.fromEntries(
          [...el.querySelectorAll<HTMLElement>('td[data-indicator]')].map((td) => [
            td.dataset.indicator!,
            td.textContent!.trim(),
          ]),
        ),
      );
    await expect.poll(() => shown().then((s) => Object.keys(s).sort())).toEqual(indicators.map((i) => i.id).sort());
    const rate = await api<{ rows: FigureRow[] }>('/api/neighbourhoods/figures', { indicator: RATE });
    const value = rate.rows.find((r) => r.code === target.id)!.value!;
    // Figures are shown with one decimal (two below 1).
    const formatted = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: Math.abs(value) < 1 ? 2 : 1 }).format(
      value,
    );
    expect((await shown())[RATE]).toContain(formatted);
    expect(await page.evaluate(() => new URLSearchParams(location.search).get('sector'))).toBe(target.id);

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('is usable at tablet sizes (1024×768 and 768×1024): map visible, panel leaves room, slider reachable', async () => {
    const config = await api<{ bounds: BBox }>('/api/config');
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
    ]) {
      const size = `${viewport.width}×${viewport.height}`;
      const { page, consoleErrors, blockedRequests } = await openPage({ viewport });
      await page.goto(server.url);
      await waitForMap(page);

      const layout = await page.evaluate((bounds) => {
        const map = window.__map!;
        const box = (el: Element) => el.getBoundingClientRect().toJSON() as DOMRect;
        const canvas = map.getCanvas();
        const [west, south, east, north] = bounds;
        const sw = map.project([west, south]);
        const ne = map.project([east, north]);
        return {
          map: box(map.getContainer()),
          canvas: box(canvas),
          panel: box(document.querySelector('aside.panel')!),
          halle: { left: sw.x, right: ne.x, top: ne.y, bottom: sw.y },
          sectors: new Set(map.queryRenderedFeatures({ layers: ['layer-neighbourhoods'] }).map((f) => f.id)).size,
        };
      }, config.bounds);
      expect(layout.map.width, size).toBe(viewport.width);
      expect(layout.map.height, size).toBe(viewport.height);
      expect(layout.canvas.width, size).toBe(viewport.width);
      expect(layout.canvas.height, size).toBe(viewport.height);
      expect(await page.locator('.maplibregl-canvas').isVisible()).toBe(true);
      // The panel covers at most half the map's width; Halle opens whole and clear of it.
      expect(layout.panel.right - Math.max(0, layout.panel.left), size).toBeLessThanOrEqual(layout.map.width / 2);
      expect(layout.sectors, size).toBe(41);
      expect(layout.halle.left, `${size}: Halle starts right of the panel`).toBeGreaterThanOrEqual(layout.panel.right);
      expect(layout.halle.right, size).toBeLessThanOrEqual(layout.map.width);

      // The map takes a drag where the panel is not.
      const before = await page.evaluate(() => window.__map!.getCenter().toArray());
      const x = (layout.panel.right + layout.map.width) / 2;
      const y = layout.map.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 80, y + 40, { steps: 5 });
      await page.mouse.up();
      await page.waitForFunction((b) => {
        const c = window.__map!.getCenter();
        return !window.__map!.isMoving() && (c.lng !== b[0] || c.lat !== b[1]);
      }, before);

      // The slider can be scrolled to within the panel and used with the pointer.
      const slider = page.getByTestId('time-slider');
      await slider.scrollIntoViewIfNeeded();
      const reachable = await slider.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { hit: hit === el, top: r.top, bottom: r.bottom, right: r.right };
      });
      expect(reachable.hit, size).toBe(true);
      expect(reachable.top, size).toBeGreaterThanOrEqual(0);
      expect(reachable.bottom, size).toBeLessThanOrEqual(viewport.height);
      await slider.click(); // the middle of the track: a year
      await expect.poll(() => text(page, 'time-current')).toMatch(/^\d{4}$/);

      expect(blockedRequests, size).toEqual([]);
      expect(consoleErrors, size).toEqual([]);
    }
  });
});

declare global {
  interface Window {
    axe: typeof axe;
  }
}
