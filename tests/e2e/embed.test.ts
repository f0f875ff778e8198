import type axe from 'axe-core';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figures } from '../../api/src/routes/neighbourhoods.ts';
import { latestWholeYear } from '../../web/src/embed/figures.ts';
import { formatFigure } from '../../web/src/lib/format.ts';
import { cspDirective, injectAxe, launchChromium, openLocalPage } from '../support/browser.ts';
import { waitForMap } from '../support/map-page.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';

/*
 * The public embed in Chromium (issue 7). A second, tiny HTTP server on another origin (another
 * port of 127.0.0.1: another origin, the same site, so a SameSite=Strict session cookie would
 * still travel) serves a page with two iframes: `/embed?…`, which must render, and the planner
 * map `/`, which must be refused. A coordinator is signed in in the same browser, so the test
 * also shows that the embed's own requests carry no cookie. Then axe-core on the embed, the
 * full-screen link, and the two figures the issue asks for: the JavaScript the embed loads
 * (gzipped) and its first-render time.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const COORDINATOR: TestAccount = {
  username: 'coordinator-embed-e2e',
  role: 'coordinator',
  password: 'coordinator-embed-12',
};
const INDICATOR = 'incidents-per-1000-residents'; // the embed's indicator of the theme `buurten`
const EMBED_QUERY =
  'layers=neighbourhoods,incidents,youth-facilities&center=4.2373,50.7339&zoom=12.5&theme=buurten&lang=nl&legend=1';
/** The demo data's statistical sectors in Halle. */
const SECTOR_COUNT = 41;

let server: RunningServer;
let browser: Browser;
let framer: Server;
let framerOrigin: string;

/** The iframe code the planner's snippet generator wrote, pasted into the other site's page. */
let snippet = '';

/** The page on the other origin: the embed (as the generator wrote it) and the planner map, each in an iframe. */
function framingPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>City website</title></head><body>
<h1>City website</h1>
${snippet}
<iframe id="planner" src="${server.url}" title="Planner map" width="600" height="400"></iframe>
</body></html>`;
}

beforeAll(async () => {
  framer = createServer((request, response) => {
    if (request.url !== '/frames') return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(framingPage());
  });
  await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
  framerOrigin = `http://127.0.0.1:${(framer.address() as AddressInfo).port}`;
  // The production default limit: the embed and these tests stay well under 600 requests a minute.
  [server, browser] = await Promise.all([
    startServerProcess({ EMBED_ALLOWED_ORIGINS: framerOrigin, RATE_LIMIT_PER_MINUTE: '600' }, [COORDINATOR]),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => framer?.close(resolve));
});

/** A POST or GET from the app's own page (same origin: the browser adds Origin and the cookie). */
function pageFetch(page: Page, url: string, body?: unknown) {
  return page.evaluate(
    async ({ url, body }) => {
      const response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    { url, body },
  );
}

function square(lon: number, lat: number, half: number) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
      ],
    ],
  };
}

/** Signs the coordinator in and draws three areas: only the active one of the theme `buurten` is public in that embed. */
async function signInAndDrawAreas(page: Page): Promise<number> {
  await page.goto(server.url);
  await waitForMap(page);
  const login = await pageFetch(page, '/api/auth/login', {
    username: COORDINATOR.username,
    password: COORDINATOR.password,
  });
  expect(login.status).toBe(200);
  const area = (name: string, theme: string, status: string, lon: number) => ({
    name,
    theme,
    priority: 'high',
    status,
    description: '',
    actions: [],
    geometry: square(lon, 50.7339, 0.002),
  });
  const ids: number[] = [];
  for (const content of [
    area('Stationsbuurt', 'buurten', 'active', 4.2373),
    area('Voorstel Nederhem', 'buurten', 'proposed', 4.2473),
    area('Woonerf Zuid', 'wonen', 'active', 4.2273),
  ]) {
    const created = await pageFetch(page, '/api/focus-areas', content);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids.push((created.body as { id: number }).id);
  }
  return ids[0]!;
}

async function waitForEmbed(target: Page | Frame) {
  await target.waitForFunction(() => document.documentElement.dataset.mapReady === 'true', null, { timeout: 60_000 });
}

/** The anonymous figures of the embed's indicator for the latest whole year of the incidents. */
async function publicFigures(): Promise<{ figures: Figures; year: number }> {
  const layers = (await (await fetch(new URL('/api/layers', server.url))).json()) as {
    layers: { id: string; extent: { temporal: [string, string] | null } }[];
  };
  const year = latestWholeYear(layers.layers.find((l) => l.id === 'incidents')!.extent.temporal)!;
  const query = new URLSearchParams({ indicator: INDICATOR, period: `${year}-01-01/${year}-12-31` });
  const figures = (await (await fetch(new URL(`/api/neighbourhoods/figures?${query}`, server.url))).json()) as Figures;
  return { figures, year };
}

describe('the embed on another site', () => {
  it('renders framed on another origin without sending a cookie, while the planner map is refused there', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    const areaId = await signInAndDrawAreas(page);

    // The planner's snippet generator: the public layers only (not the vacancy register, shown
    // to staff but given to the public only as counts per sector), the theme, language and size.
    await page.reload();
    await waitForMap(page);
    const generator = page.getByTestId('embed-snippet');
    await expect
      .poll(() =>
        generator.locator('[data-embed-layer]').evaluateAll((boxes) => boxes.map((b) => b.dataset.embedLayer)),
      )
      .toEqual(['neighbourhoods', 'incidents', 'youth-facilities']);
    expect(await generator.locator('[data-embed-layer]:checked').count()).toBe(3);
    await generator.getByTestId('embed-theme').selectOption('buurten');
    await generator.getByTestId('embed-lang').selectOption('nl');
    await generator.getByLabel('Huidig kaartbeeld gebruiken').uncheck(); // the whole municipality
    await generator.getByTestId('embed-width').fill('900');
    await generator.getByTestId('embed-height').fill('650');
    await generator.getByTestId('embed-height').blur();
    snippet = await generator.getByTestId('embed-code').inputValue();
    expect(snippet).toBe(
      `<iframe src="${server.url}embed?layers=neighbourhoods,incidents,youth-facilities&amp;theme=buurten&amp;lang=nl&amp;legend=1" ` +
        'title="Leefbaarheidskaart Halle: Buurten" width="900" height="650" loading="lazy" allowfullscreen></iframe>',
    );

    const requests: Request[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(server.url)) requests.push(request);
    });
    // From here on: the full map's own console (anonymous 401s for staff layers) is not this test's.
    const errorsBefore = consoleErrors.length;
    const embedResponse = page.waitForResponse((r) => r.url().startsWith(`${server.url}embed?`));
    const plannerResponse = page.waitForResponse((r) => r.url() === server.url);
    await page.goto(`${framerOrigin}/frames`);

    // The embed's page: frameable by the framing site, no cookie set although the browser sent one.
    const embedPage = await embedResponse;
    const embedHeaders = await embedPage.allHeaders();
    expect(cspDirective(embedHeaders['content-security-policy'], 'frame-ancestors')).toBe(
      `frame-ancestors 'self' ${framerOrigin}`,
    );
    expect(embedHeaders['x-frame-options']).toBeUndefined();
    expect(embedHeaders['set-cookie']).toBeUndefined();
    expect((await embedPage.request().allHeaders()).cookie).toMatch(/lk_session=/);

    const frame = page.frame({ url: (url) => url.pathname === '/embed' })!;
    expect(frame).toBeTruthy();
    await waitForEmbed(frame);

    // The map draws every sector, each with the anonymous figure of the latest whole year.
    const { figures, year } = await publicFigures();
    expect(figures.rows).toHaveLength(SECTOR_COUNT);
    const drawn = await frame.evaluate(() => {
      const map = window.__map!;
      const codes = [
        ...new Set(map.queryRenderedFeatures({ layers: ['layer-neighbourhoods'] }).map((f) => String(f.id))),
      ];
      return {
        codes,
        states: Object.fromEntries(
          codes.map((code) => [
            code,
            map.getFeatureState({ source: 'source-neighbourhoods', sourceLayer: 'neighbourhoods', id: code }),
          ]),
        ),
        fill: map.getPaintProperty('layer-neighbourhoods', 'fill-color'),
        opacity: map.getPaintProperty('layer-neighbourhoods', 'fill-opacity'),
      };
    });
    expect(drawn.codes).toHaveLength(SECTOR_COUNT); // no position given: the embed opens on the whole municipality
    for (const code of drawn.codes) {
      const row = figures.rows.find((r) => r.code === code)!;
      const suppressed = (row as { suppressed?: boolean }).suppressed === true;
      expect(drawn.states[code], code).toEqual({
        value: suppressed ? null : row.value,
        unstable: row.unstable || suppressed,
      });
    }
    expect(JSON.stringify(drawn.fill)).toContain('"feature-state","value"');
    expect(drawn.opacity).toBe(0.7);

    // The legend, and the table alternative: one row per sector with the figure the map shows.
    const legend = frame.getByTestId('embed-class-legend');
    expect(await legend.isVisible()).toBe(true);
    expect(await legend.locator('li').count()).toBeGreaterThanOrEqual(5);
    expect(await frame.getByTestId('embed-legend').textContent()).toContain(`Incidenten per 1.000 inwoners, ${year}`);
    const tableRows = frame.locator('[data-testid="sector-table"] tbody tr');
    expect(await tableRows.count()).toBe(SECTOR_COUNT);
    for (const row of figures.rows) {
      const cells = await frame
        .locator(`[data-testid="sector-table"] tr[data-code="${row.code}"] > *`)
        .allTextContents();
      const suppressed = (row as { suppressed?: boolean }).suppressed === true;
      expect(cells[0]).toBe(row.name);
      if (suppressed) expect(cells[1]).toMatch(/^niet getoond/);
      else if (row.value === null) expect(cells[1]).toBe('Geen cijfer');
      else expect(cells[1]!.startsWith(formatFigure(row.value, 'nl'))).toBe(true);
      expect(cells[2]).toBe('per 1.000 inwoners');
    }
    expect(await frame.locator('#sector-table').getAttribute('class')).toContain('visually-hidden');

    // The theme's active area only: not the proposed one, not another theme's.
    expect(await frame.getByTestId('embed-areas').locator('li').allTextContents()).toEqual([
      'Stationsbuurt (hoge prioriteit)',
    ]);
    const areaIds = await frame.evaluate(() =>
      window.__map!.queryRenderedFeatures({ layers: ['focus-areas-fill'] }).map((f) => f.id),
    );
    expect([...new Set(areaIds)]).toEqual([areaId]);

    // Incidents reach the embed only as counts per cell.
    const cellProperties = await frame.evaluate(() => [
      ...new Set(
        window
          .__map!.queryRenderedFeatures({ layers: ['layer-incidents-cells', 'layer-incidents'] })
          .flatMap((f) => Object.keys(f.properties)),
      ),
    ]);
    expect(cellProperties.every((name) => name === 'count')).toBe(true);

    // Not one of the embed's API or tile requests carried the session cookie.
    const fetches = requests.filter((r) => ['fetch', 'xhr'].includes(r.resourceType()));
    const urls = fetches.map((r) => new URL(r.url()).pathname);
    expect(urls).toContain('/api/neighbourhoods/figures');
    expect(urls).toContain('/api/focus-areas');
    expect(urls.some((u) => u.startsWith('/tiles/neighbourhoods/'))).toBe(true);
    expect(urls.some((u) => u.startsWith('/tiles/incidents/'))).toBe(true);
    for (const request of fetches) expect((await request.allHeaders()).cookie, request.url()).toBeUndefined();

    // The planner map in the other frame: refused by the browser, as its headers say.
    const plannerHeaders = await (await plannerResponse).allHeaders();
    expect(cspDirective(plannerHeaders['content-security-policy'], 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(plannerHeaders['x-frame-options']).toBe('DENY');
    const planner = page.frames().find((f) => f !== page.mainFrame() && f !== frame)!;
    await expect.poll(() => planner.url()).toMatch(/^chrome-error:/);
    expect(await planner.locator('#app').count()).toBe(0);

    expect(blockedRequests).toEqual([]);
    // The one console error expected: Chromium saying it refused to frame the planner map.
    const errors = consoleErrors.slice(errorsBefore);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`Framing '${server.url}' violates the following Content Security Policy directive`);
  });
});

describe('the embed on its own', () => {
  it('has no accessibility violations (axe-core, every impact), legend, table and privacy panel open', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser, { width: 900, height: 650 });
    await page.goto(`${server.url}embed?${EMBED_QUERY}`);
    await waitForEmbed(page);
    await injectAxe(page);
    const violations = async () =>
      page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
        }));
      });
    expect(await violations()).toEqual([]);

    // Keyboard: the table toggle and the privacy panel open with the keyboard alone.
    await page.getByTestId('sector-table-toggle').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('sector-table-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#sector-table').getAttribute('class')).not.toContain('visually-hidden');
    await page.locator('[data-testid="privacy-panel"] summary').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-testid="privacy-panel"]').getAttribute('open')).not.toBeNull();
    const privacy = await page.getByTestId('privacy-panel').textContent();
    // k and the cell size as /api/layers declares them for the public (defaults: 5 and 200 m).
    expect(privacy).toContain('minstens 200 bij 200 m');
    expect(privacy).toContain('Een aantal onder 5 tonen we niet');
    expect(privacy).toContain('per maand');
    expect(privacy).toContain('alleen per statistische sector');
    expect(await violations()).toEqual([]);

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('links the full map in a new window with the same view, layers, figures and language', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser, { width: 900, height: 650 });
    await page.goto(`${server.url}embed?${EMBED_QUERY.replace('lang=nl', 'lang=en')}`);
    await waitForEmbed(page);
    const link = page.getByTestId('embed-full-map');
    expect(await link.textContent()).toContain('Open the full map');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    const { year } = await publicFigures();
    const href = new URL((await link.getAttribute('href'))!);
    expect(href.origin + href.pathname).toBe(server.url);
    expect(Object.fromEntries(href.searchParams)).toEqual({
      map: '12.5/50.7339/4.2373',
      layers: 'neighbourhoods,incidents,youth-facilities',
      period: `${year}-01-01/${year}-12-31`,
      indicator: INDICATOR,
      theme: 'buurten',
      lang: 'en',
    });

    // The full map opens on it: English, the same indicator and period.
    await page.goto(href.href);
    await waitForMap(page);
    expect(await page.getByTestId('indicator-select').inputValue()).toBe(INDICATOR);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const zoom = await page.evaluate(() => window.__map!.getZoom());
    expect(zoom).toBeCloseTo(12.5, 5);
    expect(blockedRequests).toEqual([]);
    // The full map asks anonymously for what only staff get (the vacancy register): Chromium logs those 401s.
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });

  it('is light: measures the JavaScript it loads (gzipped) and its first render (median of 3 cold loads)', async () => {
    // The scripts embed.html names (its entry and the chunks it preloads), gzipped as a server would.
    const html = await readFile(path.join(ROOT, 'web/dist/embed.html'), 'utf8');
    const named = [
      ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g),
    ].map((m) => m[1]!);
    expect(named.length).toBeGreaterThanOrEqual(2);
    const gz = async (file: string) => gzipSync(await readFile(path.join(ROOT, 'web/dist', file))).byteLength;
    let namedBytes = 0;
    for (const file of named) namedBytes += await gz(file);

    const loads: { ms: number; scripts: string[] }[] = [];
    for (let i = 0; i < 3; i++) {
      // A new context each time: nothing in the browser's cache.
      const { page, consoleErrors } = await openLocalPage(browser, { width: 900, height: 650 });
      const scripts = new Set<string>();
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (/\.m?js$/.test(url.pathname)) scripts.add(url.pathname);
      });
      await page.goto(`${server.url}embed?${EMBED_QUERY}`);
      await waitForEmbed(page);
      const ms = await page.evaluate(() => performance.getEntriesByName('embed-first-render')[0]!.startTime);
      loads.push({ ms, scripts: [...scripts].sort() });
      expect(consoleErrors).toEqual([]);
      await page.context().close();
    }
    // Everything the page ran, the map's worker included (it is fetched once the map starts).
    const loaded = loads[0]!.scripts;
    expect(loaded).toEqual(expect.arrayContaining(named));
    let loadedBytes = 0;
    for (const file of loaded) loadedBytes += await gz(file);
    // No drawing code reaches the embed (the build checks its module list; this checks what ran).
    for (const file of loaded) {
      expect(await readFile(path.join(ROOT, 'web/dist', file), 'utf8'), file).not.toMatch(/TerraDraw/);
    }

    const times = loads.map((l) => l.ms).sort((a, b) => a - b);
    const median = times[1]!;
    console.info(
      `embed: JavaScript named by embed.html ${(namedBytes / 1024).toFixed(1)} KiB gzipped (${named.join(', ')}); ` +
        `with the map's worker ${(loadedBytes / 1024).toFixed(1)} KiB gzipped; ` +
        `first render (navigation start → map idle with the sectors drawn) ${loads.map((l) => l.ms.toFixed(0)).join(', ')} ms, ` +
        `median ${median.toFixed(0)} ms`,
    );
    expect(namedBytes).toBeLessThan(400 * 1024);
    expect(median).toBeLessThan(15_000);
  });
});

declare global {
  interface Window {
    axe: typeof axe;
  }
}
