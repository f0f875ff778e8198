import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openLocalPage, pageFetch } from '../support/browser.ts';
import { jumpAndSettle, waitForMap } from '../support/map-page.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';

/*
 * The neighbourhood coordinator's acceptance test, in Chromium against the real server: sign in,
 * draw an area with mouse clicks, fill in the form, save, reload; then a planner sees it and
 * cannot change it, and an anonymous visitor sees nothing of it. Accounts are made with the
 * same `npm run user:add` a city's admin uses.
 */

const COORDINATOR: TestAccount = { username: 'coordinator-e2e', role: 'coordinator', password: 'coordinator-pass-1' };
const PLANNER: TestAccount = { username: 'planner-e2e', role: 'planner', password: 'planner-pass-12' };
const AREA_NAME = 'Aandachtsgebied Centrum-Oost';

interface AreaFigures {
  areaHa: number;
  residents: number;
}
interface AreaFeature {
  id: number;
  properties: {
    name: string;
    theme: string;
    priority: string;
    status: string;
    description: string;
    version: number;
    actions: { year: number; action: string; partner: string; status: string }[];
    figures?: AreaFigures;
  };
}

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess({}, [COORDINATOR, PLANNER]), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Four corners of a square on the map, clear of the panel, in page pixels. */
async function squareCorners(page: Page, side: number) {
  const { left, top, width, height, panelRight } = await page.evaluate(() => {
    const box = window.__map!.getContainer().getBoundingClientRect();
    const panel = document.querySelector('aside.panel')!.getBoundingClientRect();
    return { left: box.left, top: box.top, width: box.width, height: box.height, panelRight: panel.right };
  });
  const cx = Math.round(panelRight + (left + width - panelRight) / 2 - 100);
  const cy = Math.round(top + height / 2);
  const h = side / 2;
  return [
    [cx - h, cy - h],
    [cx + h, cy - h],
    [cx + h, cy + h],
    [cx - h, cy + h],
  ] as [number, number][];
}

describe('the neighbourhood coordinator in Chromium', () => {
  let areaId: number;
  let liveFigures: AreaFigures;

  it('signs in, draws an area with mouse clicks, fills in the form, saves; after a reload the area and its figures are there', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    await signIn(page, COORDINATOR);

    await page.getByTestId('area-new').click();
    await page.getByTestId('area-form').waitFor();
    // Snapping off: the corners land where they are clicked.
    await page.getByTestId('snap-toggle').uncheck();
    await page.getByTestId('draw-polygon').click();
    const corners = await squareCorners(page, 140);
    for (const [x, y] of [...corners, corners[0]!]) {
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.click(x, y);
    }

    // The figures follow the drawing at once, computed in the browser.
    const figures = page.getByTestId('area-figures');
    await expect.poll(async () => Number(await figures.getAttribute('data-area-ha'))).toBeGreaterThan(10);
    liveFigures = {
      areaHa: Number(await figures.getAttribute('data-area-ha')),
      residents: Number(await figures.getAttribute('data-residents')),
    };
    expect(liveFigures.residents).toBeGreaterThan(0);

    await page.getByTestId('area-name').fill(AREA_NAME);
    await page.getByTestId('area-theme').selectOption('wonen');
    await page.getByTestId('area-priority').selectOption('high');
    await page.getByTestId('area-status').selectOption('active');
    await page.getByTestId('area-description').fill('Leegstand en verwaarlozing rond de Basiliekstraat.');
    await page.getByTestId('action-add').click();
    const row = page.getByTestId('action-row').first();
    await row.getByTestId('action-year').fill('2026');
    await row.getByTestId('action-action').fill('Huisbezoeken leegstaande panden');
    await row.getByTestId('action-partner').fill('Woonwinkel Halle');
    await row.getByTestId('action-status').selectOption('planned');
    await page.getByTestId('area-save').click();
    await page.getByTestId('area-panel').waitFor();

    // Reload: still signed in (the session cookie), and the saved area is there with its figures.
    await page.reload();
    await waitForMap(page);
    await expect.poll(() => page.getByTestId('signed-in-user').getAttribute('data-role')).toBe('coordinator');
    const list = await pageFetch(page, '/api/focus-areas');
    expect(list.status).toBe(200);
    const features = (list.json as { features: AreaFeature[] }).features;
    expect(features).toHaveLength(1);
    const saved = features[0]!;
    areaId = saved.id;
    expect(saved.properties).toMatchObject({
      name: AREA_NAME,
      theme: 'wonen',
      priority: 'high',
      status: 'active',
      version: 1,
      actions: [
        { year: 2026, action: 'Huisbezoeken leegstaande panden', partner: 'Woonwinkel Halle', status: 'planned' },
      ],
    });

    await page.locator(`[data-testid=focus-areas-panel] [data-area-id="${areaId}"]`).first().click();
    const panel = page.getByTestId('area-panel');
    await expect.poll(() => panel.textContent()).toContain(AREA_NAME);
    await expect.poll(() => panel.getByTestId('area-panel-figures').count()).toBeGreaterThan(0);

    // The map draws it.
    await expect
      .poll(() =>
        page.evaluate(
          (id) =>
            window.__map!.queryRenderedFeatures({ layers: ['focus-areas-fill'] }).filter((f) => f.id === id).length,
          areaId,
        ),
      )
      .toBeGreaterThan(0);

    // The browser's instant figures agree with PostGIS's on save (turf's sphere against the
    // ellipsoid: within 1 %).
    const one = await pageFetch(page, `/api/focus-areas/${areaId}`);
    const onSave = (one.json as AreaFeature).properties.figures!;
    expect(Math.abs(liveFigures.areaHa - onSave.areaHa) / onSave.areaHa).toBeLessThan(0.01);
    expect(Math.abs(liveFigures.residents - onSave.residents) / onSave.residents).toBeLessThan(0.01);

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('draws a rectangle and a circle, and undo brings the rectangle back', async () => {
    const { page, consoleErrors } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    await signIn(page, COORDINATOR);
    await page.getByTestId('area-new').click();
    await page.getByTestId('area-form').waitFor();
    await page.getByTestId('snap-toggle').uncheck();
    const figures = page.getByTestId('area-figures');
    const hectares = async () => Number(await figures.getAttribute('data-area-ha'));

    // A 120 px square by its corners, then a circle of radius 60 px on the same centre: the
    // circle covers π/4 of the square (0.785; a 64-gon a little less), whatever the zoom.
    const [topLeft, , bottomRight] = await squareCorners(page, 120);
    await page.getByTestId('draw-rectangle').click();
    for (const [x, y] of [topLeft!, bottomRight!]) {
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.click(x, y);
    }
    await expect.poll(hectares).toBeGreaterThan(1);
    const square = await hectares();
    const centre: [number, number] = [(topLeft![0] + bottomRight![0]) / 2, (topLeft![1] + bottomRight![1]) / 2];
    await page.getByTestId('draw-circle').click();
    for (const [x, y] of [centre, [centre[0] + 60, centre[1]] as [number, number]]) {
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.click(x, y);
    }
    await expect.poll(hectares).not.toBe(square);
    const circle = await hectares();
    expect(circle / square).toBeGreaterThan(0.76);
    expect(circle / square).toBeLessThan(0.8);

    await page.getByTestId('draw-undo').click();
    await expect.poll(hectares).toBe(square);

    expect(consoleErrors).toEqual([]);
  });

  it('snaps a corner exactly onto a sector vertex, and only where an outline is near', async () => {
    const { page, consoleErrors } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    await signIn(page, COORDINATOR);
    await page.getByTestId('area-new').click();
    await page.getByTestId('area-form').waitFor();
    // Snapping on: a click 4 px beside a sector's vertex lands exactly on it. Closer in, so
    // that the sectors' vertices lie well apart on screen.
    await jumpAndSettle(page, [4.2373, 50.7339], 14.5);
    const vertex = await page.evaluate(async () => {
      const map = window.__map!;
      const box = map.getContainer().getBoundingClientRect();
      const panelRight = document.querySelector('aside.panel')!.getBoundingClientRect().right;
      // The drawing form lies over the map on the right: every click must land on the map.
      const formLeft = document.querySelector('aside.side-panel')!.getBoundingClientRect().left;
      const response = await fetch('/api/layers/neighbourhoods/features?limit=100');
      const { features } = (await response.json()) as { features: { geometry: { coordinates: number[][][][] } }[] };
      const all = features.flatMap((f) => f.geometry.coordinates.flat(2) as unknown as [number, number][]);
      const projected = all.map((c) => ({ c, p: map.project(c) }));
      for (const { c, p } of projected) {
        const x = box.left + p.x;
        const y = box.top + p.y;
        if (x < panelRight + 60 || x > formLeft - 200 || y < box.top + 80 || y > box.bottom - 260) continue;
        const crowded = projected.some(
          (o) => (o.c[0] !== c[0] || o.c[1] !== c[1]) && Math.hypot(o.p.x - p.x, o.p.y - p.y) < 25,
        );
        if (!crowded) return { lonLat: c, x, y };
      }
      return null;
    });
    expect(vertex).not.toBeNull();
    await page.getByTestId('snap-toggle').check();
    await page.getByTestId('draw-polygon').click();
    const start: [number, number] = [vertex!.x + 4, vertex!.y + 3];
    for (const [x, y] of [start, [start[0] + 150, start[1] + 20], [start[0] + 80, start[1] + 160], start]) {
      await page.mouse.move(x!, y!, { steps: 4 });
      await page.mouse.click(x!, y!);
    }
    await page.getByTestId('area-name').fill('Gesnapt gebied');
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/api/focus-areas'),
    );
    await page.getByTestId('area-save').click();
    const response = await answered;
    expect(response.status(), `${await response.text()} for ${response.request().postData()}`).toBe(201);
    const body = response.request().postDataJSON() as { geometry: { coordinates: unknown } };
    const positions = JSON.stringify(body.geometry.coordinates).match(/-?\d+\.?\d*,-?\d+\.?\d*/g)!;
    const onVertex = positions.some((text) => {
      const [lon, lat] = text.split(',').map(Number) as [number, number];
      return Math.abs(lon - vertex!.lonLat[0]) < 1e-9 && Math.abs(lat - vertex!.lonLat[1]) < 1e-9;
    });
    expect(onVertex, `${JSON.stringify(vertex!.lonLat)} in ${positions.join(' ')}`).toBe(true);
    await page.getByTestId('area-panel').waitFor();
    expect(consoleErrors).toEqual([]);
  });

  it('a planner sees the area and its figures but has no way to edit it, and the API refuses it too', async () => {
    const { page } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    await signIn(page, PLANNER);

    await page.locator(`[data-testid=focus-areas-panel] [data-area-id="${areaId}"]`).first().click();
    await expect.poll(() => page.getByTestId('area-panel').textContent()).toContain(AREA_NAME);
    for (const id of ['area-new', 'area-edit', 'area-delete', 'draw-polygon', 'area-save']) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }

    const current = await pageFetch(page, `/api/focus-areas/${areaId}`);
    expect(current.status).toBe(200);
    const { properties } = current.json as AreaFeature;
    const put = await pageFetch(page, `/api/focus-areas/${areaId}`, {
      method: 'PUT',
      body: {
        ...properties,
        name: 'Gewijzigd door planner',
        geometry: (current.json as { geometry: unknown }).geometry,
      },
    });
    expect(put.status).toBe(403);
    expect((await pageFetch(page, `/api/focus-areas/${areaId}?version=1`, { method: 'DELETE' })).status).toBe(403);
    const after = await pageFetch(page, `/api/focus-areas/${areaId}`);
    expect((after.json as AreaFeature).properties).toMatchObject({ name: AREA_NAME, version: 1 });
  });

  it('an anonymous visitor sees no areas and no coordinator tools; the API gives the active areas only', async () => {
    const { page } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    for (const id of ['focus-areas-panel', 'area-new', 'signed-in-user']) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }
    expect(await page.evaluate(() => Boolean(window.__map!.getLayer('focus-areas-fill')))).toBe(false);
    // The public list (decision record 16): the active areas, without editor, version or history.
    const list = await pageFetch(page, '/api/focus-areas');
    expect(list.status).toBe(200);
    const { features } = list.json as { features: AreaFeature[] };
    expect(features.map((f) => f.id)).toEqual([areaId]);
    expect(Object.keys(features[0]!.properties).sort()).toEqual([
      'actions',
      'description',
      'name',
      'priority',
      'theme',
    ]);
    expect(JSON.stringify(list.json)).not.toMatch(/updatedBy|version|coordinator/);
    expect((await pageFetch(page, `/api/focus-areas/${areaId}`)).status).toBe(401);
    expect((await pageFetch(page, `/api/focus-areas/${areaId}/versions`)).status).toBe(401);
  });
});
