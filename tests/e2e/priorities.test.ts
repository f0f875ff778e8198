import type axe from 'axe-core';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectAxe, launchChromium, openLocalPage } from '../support/browser.ts';
import { waitForMap } from '../support/map-page.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';

/*
 * The priorities view in Chromium against the real server with Halle's demo data, signed in as
 * a planner: the ranking table and the map show what GET /api/priorities computes (asked here,
 * with the same parameters, never read from the page), a weight changed with the keyboard
 * reorders the table and recolours the map, a row explains its score, and axe-core finds
 * nothing to fix.
 */

const PLANNER: TestAccount = { username: 'planner-priorities-e2e', role: 'planner', password: 'planner-prio-pass-1' };
const PERIOD = '2025-01-01/2025-12-31';
const VIEWPORT = { width: 1280, height: 800 };
/** Score classes: limits −1, −0.25, 0.25, 1 (a score on a limit goes up), Paul Tol's sunset blue to red. */
const LIMITS = [-1, -0.25, 0.25, 1];
const CLASS_COLORS = ['#4A7BB7', '#98CAE1', '#EAECCC', '#FDB366', '#DD3D2D'];
const UNRANKED_COLOR = '#BBBBBB';
const NL_SCORE = new Intl.NumberFormat('nl-BE', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

interface SectorIndicator {
  id: string;
  z: number | null;
  contribution: number | null;
}
interface Sector {
  code: string;
  name: string;
  ranked: boolean;
  rank: number | null;
  score: number | null;
  indicators: SectorIndicator[];
}
interface Priorities {
  theme: string;
  indicators: { id: string; title: { nl: string; en: string }; weight: number }[];
  sectors: Sector[];
}
interface Indicator {
  id: string;
  title: { nl: string; en: string };
  themes: string[];
}

let server: RunningServer;
let browser: Browser;
/** The planner's session cookie, for asking the API directly. */
let cookie: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess({}, [PLANNER]), launchChromium()]);
  const origin = new URL(server.url).origin;
  const response = await fetch(new URL('/api/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username: PLANNER.username, password: PLANNER.password }),
  });
  expect(response.status).toBe(200);
  cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
  const url = new URL(path, server.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const priorities = (weights?: string) =>
  api<Priorities>('/api/priorities', { theme: 'wonen', period: PERIOD, ...(weights ? { weights } : {}) });

/** The class of a score, counted by hand: how many limits are at or below it. */
const classOf = (score: number) => LIMITS.filter((limit) => limit <= score).length;
const ranked = (p: Priorities) => p.sectors.filter((s) => s.ranked);
const order = (p: Priorities) => p.sectors.map((s) => s.code);

/** The table's rows, top to bottom: code, rank and the score as shown. */
function tableRows(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLTableRowElement>('[data-testid="ranking-table"] tbody tr')].map((tr) => ({
      code: tr.dataset.code!,
      rank: tr.dataset.rank === '' ? null : Number(tr.dataset.rank),
      score: tr.querySelector('td.score')!.textContent!.trim(),
      trend: tr.querySelector('td.trend .visually-hidden')!.textContent!.trim(),
    })),
  );
}

/** Waits until the table lists `codes` in that order and every sector's feature state holds its score. */
async function waitForRanking(page: Page, expected: Priorities) {
  const codes = order(expected);
  const states = expected.sectors.map((s) => ({ code: s.code, value: s.score, unstable: !s.ranked }));
  await page.waitForFunction(
    ({ codes, states }) => {
      const rows = [...document.querySelectorAll<HTMLTableRowElement>('[data-testid="ranking-table"] tbody tr')];
      if (rows.map((tr) => tr.dataset.code).join() !== codes.join()) return false;
      const map = window.__map!;
      return states.every(({ code, value, unstable }) => {
        const state = map.getFeatureState({ source: 'source-neighbourhoods', sourceLayer: 'neighbourhoods', id: code });
        return state.value === value && state.unstable === unstable;
      });
    },
    { codes, states },
    { polling: 'raf', timeout: 20_000 },
  );
}

/** Every sector drawn on the map: its feature state and its rendered fill colour as #RRGGBB. */
function renderedSectors(page: Page) {
  return page.evaluate(() => {
    const hex = (c: { r: number; g: number; b: number }) =>
      `#${[c.r, c.g, c.b]
        .map((v) =>
          Math.round(v * 255)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')
        .toUpperCase()}`;
    const result: Record<string, { value: unknown; unstable: unknown; fill: string }> = {};
    for (const feature of window.__map!.queryRenderedFeatures({ layers: ['layer-neighbourhoods'] })) {
      const fill = (feature.layer.paint as Record<string, { r: number; g: number; b: number }>)['fill-color']!;
      result[String(feature.id)] = { value: feature.state.value, unstable: feature.state.unstable, fill: hex(fill) };
    }
    return result;
  });
}

/** The colour each sector should have: its score's class, or grey when unranked. */
function expectedFills(p: Priorities): Record<string, string> {
  return Object.fromEntries(
    p.sectors.map((s) => [s.code, s.ranked ? CLASS_COLORS[classOf(s.score!)]! : UNRANKED_COLOR]),
  );
}

/** axe-core's violations on the page, all impacts. */
async function axeViolations(page: Page) {
  await injectAxe(page);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

describe('the priorities view in Chromium', () => {
  it('ranks as the API does, reorders and recolours on a weight change, explains a sector, passes axe', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser, VIEWPORT);
    await page.goto(`${server.url}?period=${PERIOD}`);
    await waitForMap(page);
    // Anonymous visitors see none of it.
    expect(await page.getByTestId('priorities-panel').count()).toBe(0);
    await signIn(page, PLANNER);

    await page.getByTestId('priorities-toggle').check();
    // Theme titles as api/src/themes.ts declares them.
    expect(await page.getByTestId('priorities-theme').locator('option').allTextContents()).toEqual([
      'Veilig wonen',
      'Kinderen en jongeren',
      'Buurten',
      "Alle thema's",
    ]);
    await page.getByTestId('priorities-theme').selectOption('wonen');
    expect(await page.getByTestId('priorities-period').textContent()).toContain('2025');

    // The default weights: the table's order and the map's states are the API's.
    const before = await priorities();
    expect(before.sectors).toHaveLength(41);
    const unranked = before.sectors.filter((s) => !s.ranked);
    expect(unranked.length).toBeGreaterThan(0);
    await waitForRanking(page, before);
    const rowsBefore = await tableRows(page);
    expect(rowsBefore.map((r) => r.code)).toEqual(order(before));
    expect(rowsBefore.map((r) => r.rank)).toEqual(before.sectors.map((s) => s.rank));
    expect(rowsBefore.map((r) => r.score)).toEqual(
      before.sectors.map((s) => (s.ranked ? NL_SCORE.format(s.score!) : 'niet gerangschikt')),
    );
    // Unranked sectors come last, marked.
    expect(rowsBefore.slice(-unranked.length).map((r) => r.code)).toEqual(unranked.map((s) => s.code));
    expect(rowsBefore.at(-1)!.score).toBe('niet gerangschikt');
    expect(rowsBefore.every((r) => r.trend.length > 0)).toBe(true);
    const fillsBefore = await renderedSectors(page);
    expect(Object.keys(fillsBefore).sort()).toEqual(order(before).sort());
    for (const [code, fill] of Object.entries(expectedFills(before))) expect(fillsBefore[code]!.fill, code).toBe(fill);

    // The legend states the classes in the map's colours.
    const legend = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="priorities-legend"] li .swatch')].map(
        (swatch) => getComputedStyle(swatch).backgroundColor,
      ),
    );
    const rgb = (hex: string) => {
      const n = Number.parseInt(hex.slice(1), 16);
      return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
    };
    expect(legend).toEqual([...CLASS_COLORS, UNRANKED_COLOR].map(rgb));

    // Which one indicator, weighed alone, is sure to reorder the ranking and move a sector to another class (asked of the API).
    const ids = before.indicators.map((i) => i.id);
    expect(ids.length).toBeGreaterThan(1);
    let kept: string | null = null;
    let after: Priorities | null = null;
    for (const candidate of ids) {
      const weights = ids
        .filter((id) => id !== candidate)
        .map((id) => `${id}:0`)
        .join(',');
      const answer = await priorities(weights);
      const reordered = order(answer).join() !== order(before).join();
      const scoreOf = new Map(ranked(before).map((s) => [s.code, s.score!]));
      const reclassed = ranked(answer).some((s) => classOf(s.score!) !== classOf(scoreOf.get(s.code)!));
      if (reordered && reclassed) {
        kept = candidate;
        after = answer;
        break;
      }
    }
    expect(kept).not.toBeNull();

    // Every other weight to 0 with the keyboard (Home on each range input); the last key press starts the clock.
    const others = ids.filter((id) => id !== kept);
    const sent: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/priorities') sent.push(url.searchParams.get('weights') ?? '');
    });
    let started = 0;
    for (const [index, id] of others.entries()) {
      const input = page.locator(`[data-testid="weight-input"][data-indicator="${id}"]`);
      await input.focus();
      if (index === others.length - 1) started = performance.now();
      await input.press('Home');
    }
    await waitForRanking(page, after!);
    const elapsed = performance.now() - started;
    console.info(
      `priorities: table and map updated ${elapsed.toFixed(0)} ms after the weight change; ` +
        `${sent.length} request(s) for ${others.length} key presses`,
    );
    // Weight changes in quick succession are debounced; whatever was sent, the last request has the final weights.
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThanOrEqual(others.length);
    expect(sent.at(-1)).toBe(others.map((id) => `${id}:0`).join(','));
    expect(elapsed).toBeLessThan(5000);
    for (const id of others) {
      expect(await page.locator(`[data-testid="weight-input"][data-indicator="${id}"]`).inputValue()).toBe('0');
    }

    // (a) The table's order changed, and is the API's for the new weights.
    const rowsAfter = await tableRows(page);
    expect(rowsAfter.map((r) => r.code)).toEqual(order(after!));
    expect(rowsAfter.map((r) => r.code)).not.toEqual(rowsBefore.map((r) => r.code));
    const loadedQuery = new URLSearchParams((await page.getByTestId('ranking-panel').getAttribute('data-query')) ?? '');
    expect(loadedQuery.get('weights')).toBe(others.map((id) => `${id}:0`).join(','));

    // (b) The map recoloured: some sector changed class, and every sector is drawn in its class's colour.
    const fillsAfter = await renderedSectors(page);
    const changedClass = ranked(after!).filter((s) => fillsAfter[s.code]!.fill !== fillsBefore[s.code]!.fill);
    expect(changedClass.length).toBeGreaterThan(0);
    for (const [code, fill] of Object.entries(expectedFills(after!))) expect(fillsAfter[code]!.fill, code).toBe(fill);

    // The links carry the same parameters.
    const csvHref = await page.getByTestId('priorities-csv').getAttribute('href');
    const csvParams = new URL(csvHref!, server.url).searchParams;
    expect(Object.fromEntries(csvParams)).toEqual({
      theme: 'wonen',
      period: PERIOD,
      weights: others.map((id) => `${id}:0`).join(','),
      format: 'csv',
    });
    const csv = await fetch(new URL(csvHref!, server.url), { headers: { cookie } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const csvRows = parse((await csv.text()).replace(/^\uFEFF/, ''), { columns: true }) as { code: string }[];
    expect(csvRows.map((r) => r.code)).toEqual(order(after!));
    const report = page.getByTestId('priorities-report');
    expect(await report.getAttribute('target')).toBe('_blank');
    const reportUrl = new URL((await report.getAttribute('href'))!, server.url);
    expect(reportUrl.pathname).toBe('/report');
    expect(Object.fromEntries(reportUrl.searchParams)).toEqual({
      theme: 'wonen',
      year: '2025',
      weights: others.map((id) => `${id}:0`).join(','),
      lang: 'nl',
    });

    // (c) A row selects its sector on the map, and its contributions add up to its score.
    const pick = ranked(after!)[2]!;
    await page.locator(`[data-testid="ranking-table"] tr[data-code="${pick.code}"] button`).click();
    await page
      .getByTestId('priority-explanation')
      .and(page.locator(`[data-code="${pick.code}"]`))
      .waitFor();
    await page.waitForFunction(
      (code) => {
        const map = window.__map!;
        if (map.isMoving() || !map.loaded()) return false;
        return map.queryRenderedFeatures({ layers: ['priorities-selected'] }).some((f) => f.properties.code === code);
      },
      pick.code,
      { timeout: 20_000 },
    );
    expect(await page.locator(`tr[data-code="${pick.code}"]`).getAttribute('aria-current')).toBe('true');
    const explained = await page.evaluate(() => {
      const section = document.querySelector('[data-testid="priority-explanation"]')!;
      return {
        contributions: [...section.querySelectorAll<HTMLElement>('tbody tr[data-indicator]')].map((tr) => ({
          id: tr.dataset.indicator!,
          value: Number(tr.dataset.contribution),
          text: tr.querySelector('.contribution .value')!.textContent!.trim(),
        })),
        total: section.querySelector('[data-testid="explanation-total"]')!.textContent!.trim(),
      };
    });
    expect(explained.contributions.map((c) => c.id)).toEqual(ids);
    const sum = explained.contributions.reduce((total, c) => total + c.value, 0);
    expect(Math.abs(sum - pick.score!)).toBeLessThanOrEqual(0.01);
    expect(explained.total).toBe(NL_SCORE.format(pick.score!));
    // Weighed alone, the kept indicator's contribution is the whole score; the others add 0.
    expect(explained.contributions.find((c) => c.id === kept)!.value).toBeCloseTo(pick.score!, 10);
    for (const c of explained.contributions.filter((c) => c.id !== kept)) expect(c.value).toBe(0);
    expect(explained.contributions.map((c) => c.text)).toEqual(
      pick.indicators.map((i) => NL_SCORE.format(i.contribution!)),
    );

    // A sector clicked on the map selects and scrolls to its row.
    const target = await page.evaluate((selected) => {
      const map = window.__map!;
      const box = map.getContainer().getBoundingClientRect();
      const left = document.querySelector('aside.panel')!.getBoundingClientRect().right + 10;
      const right = document.querySelector('[data-testid="ranking-panel"]')!.getBoundingClientRect().left - 10;
      const clickable = map
        .getStyle()
        .layers.filter((l) => l.id.startsWith('layer-') && l.type !== 'line')
        .map((l) => l.id);
      for (let y = box.top + 60; y < box.bottom - 60; y += 12) {
        for (let x = left; x < right; x += 12) {
          const [top] = map.queryRenderedFeatures([x - box.left, y - box.top], { layers: clickable });
          const code = top?.properties.code;
          if (top?.layer.id === 'layer-neighbourhoods' && typeof code === 'string' && code !== selected) {
            return { x, y, code };
          }
        }
      }
      return null;
    }, pick.code);
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    await page
      .getByTestId('priority-explanation')
      .and(page.locator(`[data-code="${target!.code}"]`))
      .waitFor();
    expect(await page.locator(`tr[data-code="${target!.code}"]`).getAttribute('aria-current')).toBe('true');
    const inView = await page.evaluate((code) => {
      const row = document.querySelector(`tr[data-code="${code}"]`)!.getBoundingClientRect();
      const scroller = document.querySelector('[data-testid="ranking-table"]')!.parentElement!.getBoundingClientRect();
      return row.top >= scroller.top - 1 && row.bottom <= scroller.bottom + 1;
    }, target!.code);
    expect(inView).toBe(true);
    // No sector panel opens beside the ranking: the ranking is the side panel while priorities are shown.
    expect(await page.getByTestId('sector-panel').count()).toBe(0);

    // Sorting by a column header: aria-sort follows, unranked sectors stay last.
    await page.getByTestId('sort-name').click();
    expect(await page.locator('th:has([data-testid="sort-name"])').getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('th:has([data-testid="sort-rank"])').getAttribute('aria-sort')).toBeNull();
    const byName = await tableRows(page);
    const rankedNames = ranked(after!)
      .map((s) => s.name)
      .sort((a, b) => a.localeCompare(b, 'nl-BE', { sensitivity: 'base', numeric: true }));
    const nameOf = new Map(after!.sectors.map((s) => [s.code, s.name]));
    expect(byName.slice(0, rankedNames.length).map((r) => nameOf.get(r.code))).toEqual(rankedNames);
    expect(byName.slice(rankedNames.length).every((r) => r.rank === null)).toBe(true);
    await page.getByTestId('sort-rank').click();

    // The indicator definitions come from the registry.
    const registry = await api<{ indicators: Indicator[] }>('/api/indicators');
    await page.locator('[data-testid="indicator-definitions"] summary').click();
    const defined = await page.locator('[data-testid="indicator-definitions"] article h3').allTextContents();
    expect([...defined].sort()).toEqual(registry.indicators.map((i) => i.title.nl).sort());

    // (d) axe-core: nothing to fix with the panel, the table and the explanation open.
    await page.locator('[data-testid="priority-explanation"] details summary').click();
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // The panel leaves the map most of the width.
    const panelBox = (await page.getByTestId('ranking-panel').boundingBox())!;
    expect(panelBox.width / VIEWPORT.width).toBeLessThanOrEqual(0.4);

    expect(blockedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('keeps theme, weights and the view in the address bar, and restores them from a link', async () => {
    const { page, consoleErrors } = await openLocalPage(browser, VIEWPORT);
    const registry = await api<{ indicators: Indicator[] }>('/api/indicators');
    const youth = registry.indicators.filter((i) => i.themes.includes('jongeren')).map((i) => i.id);
    expect(youth.length).toBeGreaterThan(1);
    const weights = `${youth[0]}:2.5`;
    await page.goto(`${server.url}?period=${PERIOD}&priorities=on&theme=jongeren&weights=${weights}`);
    await waitForMap(page);
    // Not shown before signing in, shown once signed in, as the link says.
    expect(await page.getByTestId('ranking-panel').count()).toBe(0);
    await signIn(page, PLANNER);
    const expected = await api<Priorities>('/api/priorities', { theme: 'jongeren', period: PERIOD, weights });
    await waitForRanking(page, expected);
    expect(await page.getByTestId('priorities-theme').inputValue()).toBe('jongeren');
    expect(await page.locator(`[data-testid="weight-input"][data-indicator="${youth[0]}"]`).inputValue()).toBe('2.5');
    expect(await page.locator('#ranking-heading').textContent()).toBe('Ranglijst: Kinderen en jongeren');

    // A change goes into the address bar; "reset weights" takes it out again.
    await page.getByTestId('weights-reset').click();
    await waitForRanking(page, await api<Priorities>('/api/priorities', { theme: 'jongeren', period: PERIOD }));
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).get('weights'))).toBeNull();
    await page.getByTestId('priorities-theme').selectOption('buurten');
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).get('theme'))).toBe('buurten');
    await page.getByTestId('priorities-toggle').uncheck();
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).get('priorities'))).toBeNull();
    // Hidden: the ranking panel closes and the map's sectors lose the priority colours.
    expect(await page.getByTestId('ranking-panel').count()).toBe(0);
    await expect
      .poll(() =>
        page.evaluate(() => JSON.stringify(window.__map!.getPaintProperty('layer-neighbourhoods', 'fill-color'))),
      )
      .not.toContain('feature-state');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('refuses the ranking to anonymous visitors', async () => {
    const response = await fetch(new URL(`/api/priorities?theme=wonen&period=${PERIOD}`, server.url));
    expect(response.status).toBe(401);
  });
});

declare global {
  interface Window {
    axe: typeof axe;
  }
}
