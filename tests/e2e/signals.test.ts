import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAxe, launchChromium, openLocalPage, pageFetch } from '../support/browser.ts';
import { jumpAndSettle, waitForMap } from '../support/map-page.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';

/*
 * Issue 10's acceptance test, in Chromium against the real server: a coordinator adds two
 * partners with the partners form, pins a signal on the map, fills in the form and assigns it to
 * partner A; partner A's user sees it, moves it to "in progress" and closes it (the trail shows
 * both steps); partner B's user does not see it, and the API answers its direct request with a
 * 404 (the signal's existence is not revealed). The partner users are made with the same
 * `npm run user:add --role partner --partner NAME` a city's admin uses, which needs the partners
 * in the database: the server is stopped after the partners are added and started again on the
 * same data folder.
 */

const COORDINATOR: TestAccount = {
  username: 'coordinator-signals',
  role: 'coordinator',
  password: 'coordinator-signals-1',
};
const PARTNER_A = { name: 'Wijkteam Halle-Noord', kind: 'social-welfare', contactRole: 'maatschappelijk werker' };
const PARTNER_B = { name: 'Jeugdwerking Zuid', kind: 'youth', contactRole: 'jeugdconsulent' };
const USER_A: TestAccount = {
  username: 'partner-a-user',
  role: 'partner',
  password: 'partner-a-password',
  partner: PARTNER_A.name,
};
const USER_B: TestAccount = {
  username: 'partner-b-user',
  role: 'partner',
  password: 'partner-b-password',
  partner: PARTNER_B.name,
};
const DESCRIPTION = 'Vochtige woning, schimmel in de kinderkamer; eigenaar reageert niet.';
/** Central Halle, inside the municipality (the API refuses a pin outside it). */
const PIN: [number, number] = [4.2373, 50.7339];

interface SignalStep {
  fromStatus: string | null;
  toStatus: string;
  partnerName: string | null;
  note: string | null;
  username: string | null;
}
interface SignalDetail {
  id: number;
  geometry: { coordinates: [number, number] };
  properties: {
    kind: string;
    description: string | null;
    reporter: string | null;
    status: string;
    phase: string;
    partnerId: number | null;
    partnerName: string | null;
    closedAt: string | null;
    steps: SignalStep[];
  };
}

let dataDir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'liveability-signals-e2e-'));
  [server, browser] = await Promise.all([startServerProcess({}, [COORDINATOR], { dataDir }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/**
 * axe-core on the page: no serious or critical violation anywhere, and none at all in the
 * signal panels (`selectors`) this issue adds.
 */
async function expectAxeClean(page: Page, state: string, selectors: string[]) {
  if (!(await page.evaluate(() => 'axe' in window))) await injectAxe(page);
  const run = (include: string[] | null) =>
    page.evaluate(async (include) => {
      const result = await window.axe.run(include ? { include: include.map((s) => [s]) } : document, {
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      }));
    }, include);
  const severe = (await run(null)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(severe, `${state}:\n${JSON.stringify(severe, null, 2)}`).toEqual([]);
  const inPanels = await run(selectors);
  expect(inPanels, `${state} (panels):\n${JSON.stringify(inPanels, null, 2)}`).toEqual([]);
}

/** The signal pins the map draws (rendered features of the pins' layer), by id. */
function renderedPins(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    window
      .__map!.queryRenderedFeatures({ layers: ['signals-pins'] })
      .map((f) => Number(f.properties.id))
      .sort((a, b) => a - b),
  );
}

/** The trail in the signal's panel: one "from→to" per step, oldest first. */
async function trail(page: Page): Promise<string[]> {
  return page
    .getByTestId('signal-step')
    .evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-from')}→${row.getAttribute('data-to')}`));
}

describe('signals and partners in Chromium', () => {
  let signalId: number;
  let partnerIds: Record<string, number>;

  it('a coordinator adds two partners with the partners form; their users are made with user:add', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    await signIn(page, COORDINATOR);

    await page.getByTestId('partner-add-open').click();
    for (const partner of [PARTNER_A, PARTNER_B]) {
      await page.getByTestId('partner-name').fill(partner.name);
      await page.getByTestId('partner-kind').selectOption(partner.kind);
      await page.getByTestId('partner-contact-role').fill(partner.contactRole);
      const answered = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/api/partners'),
      );
      await page.getByTestId('partner-save').click();
      expect((await answered).status()).toBe(201);
      await expect.poll(() => page.getByTestId('partner-notice').textContent()).toContain(partner.name);
    }
    await expect.poll(() => page.getByTestId('partners-list').textContent()).toContain(PARTNER_B.name);
    await expectAxeClean(page, 'partners form', ['[data-testid=partners-panel]', '[data-testid=signals-panel]']);

    const listed = await pageFetch(page, '/api/partners');
    expect(listed.status).toBe(200);
    const partners = (listed.json as { partners: { id: number; name: string; kind: string; contactRole: string }[] })
      .partners;
    expect(partners.filter((p) => p.name === PARTNER_A.name || p.name === PARTNER_B.name)).toEqual([
      // Ordered by name: "Jeugdwerking …" before "Wijkteam …".
      { id: expect.any(Number), ...PARTNER_B },
      { id: expect.any(Number), ...PARTNER_A },
    ]);
    partnerIds = Object.fromEntries(partners.map((p) => [p.name, p.id]));
    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();

    // The partners' users need their partners in the database: made while the server is stopped.
    await server.stop();
    server = await startServerProcess({}, [USER_A, USER_B], { dataDir });
    // Two server starts (the first loads the demo data) besides the browser's work.
  }, 180_000);

  it('a coordinator pins a signal on the map, fills in the form, saves and assigns it to partner A', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    await signIn(page, COORDINATOR);
    // Close in on the pin's place, so that it lies mid-map, clear of the panels.
    await jumpAndSettle(page, PIN, 15);

    await page.getByTestId('signal-new').click();
    await page.getByTestId('signal-form').waitFor();
    expect(await page.getByTestId('signal-place').textContent()).toMatch(/speld/i);
    const at = await page.evaluate((pin) => {
      const map = window.__map!;
      const box = map.getContainer().getBoundingClientRect();
      const p = map.project(pin);
      return { x: box.left + p.x, y: box.top + p.y };
    }, PIN);
    const formLeft = await page.getByTestId('signal-form-panel').evaluate((e) => e.getBoundingClientRect().left);
    const panelRight = await page.locator('aside.panel').evaluate((e) => e.getBoundingClientRect().right);
    expect(at.x).toBeGreaterThan(panelRight);
    expect(at.x).toBeLessThan(formLeft);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.getByTestId('signal-place').textContent()).toContain('50.733');

    // Saving without kind and phase is refused in the form, naming both.
    await page.getByTestId('signal-save').click();
    const check = await page.getByTestId('signal-form-problem').textContent();
    expect(check).toContain('Soort');
    expect(check).toContain('Fase');

    await page.getByTestId('signal-kind').selectOption('housing-care');
    await page.getByTestId('signal-description').fill(DESCRIPTION);
    await page.getByTestId('signal-reporter').fill('Buurtbewoner, via de wijkagent');
    await page.getByTestId('signal-reporting-partner').selectOption({ label: PARTNER_B.name });
    await page.getByTestId('signal-phase').selectOption('prevention');
    // The description is labelled as personal data, with its hint.
    const description = page.getByTestId('signal-description');
    expect(await page.locator('label', { has: description }).textContent()).toContain('persoonsgegevens');
    expect(await description.getAttribute('aria-describedby')).toBe('signal-description-hint');
    await expectAxeClean(page, 'new signal form', ['[data-testid=signal-form-panel]', '[data-testid=signals-panel]']);

    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/signals'));
    await page.getByTestId('signal-save').click();
    const response = await created;
    expect(response.status(), await response.text()).toBe(201);
    const sent = response.request().postDataJSON() as Record<string, unknown>;
    expect(sent).toMatchObject({
      kind: 'housing-care',
      phase: 'prevention',
      description: DESCRIPTION,
      reportingPartnerId: partnerIds[PARTNER_B.name],
      geometry: { type: 'Point' },
    });
    const [lon, lat] = (sent.geometry as { coordinates: [number, number] }).coordinates;
    // A click lands within a pixel of the projected point: at zoom 15 a pixel is under 5 m (1e-4°).
    expect(Math.abs(lon - PIN[0])).toBeLessThan(1e-4);
    expect(Math.abs(lat - PIN[1])).toBeLessThan(1e-4);
    signalId = ((await response.json()) as SignalDetail).id;

    // The new signal opens in its panel; the list and the map have it.
    const panel = page.getByTestId('signal-panel');
    await expect.poll(() => panel.getAttribute('data-signal-id')).toBe(String(signalId));
    await expect.poll(() => page.getByTestId('signal-status').getAttribute('data-status')).toBe('new');
    expect(await page.locator(`[data-testid=signals-list] [data-signal-id="${signalId}"]`).count()).toBe(1);
    await expect.poll(() => renderedPins(page)).toEqual([signalId]);

    // Assign to partner A, with a note: a step in the trail.
    await page.getByTestId('signal-assign-select').selectOption({ label: PARTNER_A.name });
    await page.getByTestId('signal-note').fill('Doorverwezen naar het wijkteam.');
    const assigned = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/signals/${signalId}`),
    );
    await page.getByTestId('signal-assign').click();
    expect((await assigned).status()).toBe(200);
    await expect.poll(() => page.getByTestId('signal-partner-name').textContent()).toContain(PARTNER_A.name);
    expect(await trail(page)).toEqual(['→new', 'new→new']);
    await expectAxeClean(page, 'signal panel', ['[data-testid=signal-panel]', '[data-testid=signals-panel]']);

    const stored = await pageFetch(page, `/api/signals/${signalId}`);
    expect((stored.json as SignalDetail).properties).toMatchObject({
      status: 'new',
      partnerId: partnerIds[PARTNER_A.name],
      partnerName: PARTNER_A.name,
      description: DESCRIPTION,
    });
    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('partner A’s user sees it under "Mijn signalen", moves it to in progress and closes it', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    await signIn(page, USER_A);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain(PARTNER_A.name);
    expect(await page.locator('#signals-heading').textContent()).toBe('Mijn signalen');
    // Otherwise the public's map: no areas of focus, priorities, partners form or new signal.
    for (const id of ['focus-areas-panel', 'priorities-panel', 'partners-panel', 'signal-new']) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }

    await page.locator(`[data-testid=signals-list] [data-signal-id="${signalId}"]`).click();
    const panel = page.getByTestId('signal-panel');
    await expect.poll(() => panel.getAttribute('data-signal-id')).toBe(String(signalId));
    await expect.poll(() => page.getByTestId('signal-status').getAttribute('data-status')).toBe('new');
    await jumpAndSettle(page, PIN, 15);
    await expect.poll(() => renderedPins(page)).toEqual([signalId]);
    // A partner may only move its signal to in progress or closed, and not reassign it.
    const offered = await panel
      .locator('[data-testid^=signal-to-]')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
    expect(offered).toEqual(['signal-to-in-progress', 'signal-to-closed']);
    expect(await page.getByTestId('signal-assign').count()).toBe(0);
    await expectAxeClean(page, 'partner view', ['[data-testid=signal-panel]', '[data-testid=signals-panel]']);

    await page.getByTestId('signal-note').fill('Huisbezoek gepland.');
    await page.getByTestId('signal-to-in-progress').click();
    await expect.poll(() => page.getByTestId('signal-status').getAttribute('data-status')).toBe('in-progress');
    await expect.poll(() => page.getByTestId('signal-to-in-progress').count()).toBe(0);
    await page.getByTestId('signal-note').fill('Eigenaar herstelt het dak; opgevolgd.');
    await page.getByTestId('signal-to-closed').click();
    await expect.poll(() => page.getByTestId('signal-status').getAttribute('data-status')).toBe('closed');
    // Closed: nothing more a partner can do.
    await expect.poll(() => panel.locator('[data-testid^=signal-to-]').count()).toBe(0);
    await expect.poll(() => trail(page)).toEqual(['→new', 'new→new', 'new→in-progress', 'in-progress→closed']);
    const lastRows = await page
      .getByTestId('signal-step')
      .evaluateAll((rows) => rows.slice(2).map((row) => row.textContent ?? ''));
    expect(lastRows[0]).toContain('Huisbezoek gepland.');
    expect(lastRows[0]).toContain(USER_A.username);
    expect(lastRows[1]).toContain('Eigenaar herstelt het dak');
    expect(lastRows[1]).toContain(USER_A.username);

    const stored = await pageFetch(page, `/api/signals/${signalId}`);
    expect(stored.status).toBe(200);
    const { properties } = stored.json as SignalDetail;
    expect(properties.status).toBe('closed');
    expect(properties.closedAt).not.toBeNull();
    expect(properties.steps.slice(2)).toMatchObject([
      { fromStatus: 'new', toStatus: 'in-progress', username: USER_A.username, note: 'Huisbezoek gepland.' },
      { fromStatus: 'in-progress', toStatus: 'closed', username: USER_A.username },
    ]);
    const mine = await pageFetch(page, '/api/signals');
    expect((mine.json as { features: { id: number }[] }).features.map((f) => f.id)).toEqual([signalId]);
    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('partner B’s user does not see it, and the API answers a direct request with 404', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    // Anonymous: no signals anywhere, and the API wants a sign-in.
    expect(await page.getByTestId('signals-panel').count()).toBe(0);
    expect(await page.evaluate(() => Boolean(window.__map!.getLayer('signals-pins')))).toBe(false);
    await signIn(page, USER_B);

    await page.getByTestId('signals-empty').waitFor();
    expect(await page.locator('[data-signal-id]').count()).toBe(0);
    await jumpAndSettle(page, PIN, 15);
    expect(await renderedPins(page)).toEqual([]);
    await expectAxeClean(page, 'partner without signals', ['[data-testid=signals-panel]']);
    expect(consoleErrors).toEqual([]);

    const list = await pageFetch(page, '/api/signals');
    expect(list.status).toBe(200);
    expect((list.json as { features: unknown[] }).features).toEqual([]);
    const one = await pageFetch(page, `/api/signals/${signalId}`);
    expect(one.status).toBe(404);
    expect(JSON.stringify(one.json)).not.toContain(DESCRIPTION);
    const move = await pageFetch(page, `/api/signals/${signalId}/transitions`, {
      method: 'POST',
      body: { to: 'assessed' },
    });
    expect(move.status).toBe(404);
    expect(blockedRequests).toEqual([]);
    await page.close();
  });

  it('an anonymous visitor gets a 401 from the signals API', async () => {
    const response = await fetch(new URL('/api/signals', server.url));
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(DESCRIPTION);
  });
});
