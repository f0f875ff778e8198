import type { Browser } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priorities } from '../../api/src/priorities/schema.ts';
import { launchChromium, openLocalPage } from '../support/browser.ts';
import { waitForMap } from '../support/map-page.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';

/*
 * The yearly report printed by Chromium, as the council gets it: a planner signs in on the
 * map, opens the housing report for 2025 on Halle's demo data, prints it to PDF, and the PDF
 * (read back with pdf.js) is A4 and holds the ranking in the API's order and the indicators.
 */

const PLANNER: TestAccount = { username: 'planner-report-e2e', role: 'planner', password: 'planner-report-12' };
const A4_POINTS = { width: 595, height: 842 };

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess({}, [PLANNER]), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface PdfPage {
  width: number;
  height: number;
  text: string;
}

/** Every page's size in points and its text, in the order Chromium wrote it. */
async function readPdf(pdf: Buffer): Promise<PdfPage[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pages.push({ width: x1 - x0, height: y1 - y0, text });
  }
  await document.destroy();
  return pages;
}

/** Text compared without white space (lines wrap anywhere in a table cell) and ligatures. */
const squash = (text: string) => text.normalize('NFKC').replace(/[\s\u00AD]+/g, '');

describe('the yearly report in Chromium', () => {
  it('prints the housing report for 2025 to an A4 PDF with the ranking in the API’s order and the indicators', async () => {
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(server.url);
    await waitForMap(page);
    await signIn(page, PLANNER);

    const priorities = await page.evaluate(async () => {
      const response = await fetch('/api/priorities?theme=wonen&period=2025-01-01/2025-12-31');
      return (await response.json()) as Priorities;
    });
    const ranked = priorities.sectors.filter((s) => s.ranked);
    expect(ranked.length).toBeGreaterThan(5);

    const started = performance.now();
    const response = await page.goto(new URL('/report?theme=wonen&year=2025', server.url).href);
    const loadMs = performance.now() - started;
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Leefbaarheidsrapport Halle 2025 — Veilig wonen');

    // Print CSS: an @page rule for A4 and an @media print block that hides the toolbar.
    const rules = await page.evaluate(() => {
      const all = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]);
      return {
        page: all.filter((r) => r instanceof CSSPageRule).map((r) => (r as CSSPageRule).style.getPropertyValue('size')),
        print: all.some((r) => r instanceof CSSMediaRule && r.conditionText === 'print'),
      };
    });
    // Chromium writes "A4 portrait" back as "a4" (portrait is the default).
    expect(rules).toEqual({ page: ['a4'], print: true });
    await expect.poll(() => page.locator('.toolbar').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    // Back to no emulation: page.pdf prints with print media unless told "screen".
    await page.emulateMedia({ media: null });

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = await readPdf(pdf);
    console.info(
      `report wonen 2025: page ${loadMs.toFixed(0)} ms (${response?.headers()['server-timing']}), ` +
        `PDF ${pages.length} pages, ${pdf.length} bytes`,
    );

    for (const p of pages) {
      expect(Math.abs(p.width - A4_POINTS.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.height - A4_POINTS.height)).toBeLessThanOrEqual(1);
    }
    // Title, method and map on page 1; the ranking starts on a page of its own.
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(squash(pages[0]!.text)).toContain(squash('Leefbaarheidsrapport Halle 2025 — Veilig wonen'));
    expect(squash(pages[0]!.text)).toContain(squash('Score in standaardafwijkingen'));
    const header = squash('Rang Sector Wijk Score Trend t.o.v. 2024 Inwoners (schatting) Opmerking');
    expect(squash(pages[0]!.text)).not.toContain(header);
    expect(squash(pages[1]!.text).startsWith('Rangschikking')).toBe(true);
    const text = squash(pages.map((p) => p.text).join(' '));
    // The toolbar is for the screen only.
    expect(text).not.toContain(squash('Terug naar de kaart'));

    const tableStart = text.indexOf(header);
    expect(tableStart).toBeGreaterThan(0);
    // The first five ranked sectors, code and name, in the API's order.
    let at = tableStart;
    for (const sector of ranked.slice(0, 5)) {
      const found = text.indexOf(squash(`${sector.code} ${sector.name}`), at);
      expect(found, `${sector.code} ${sector.name} after position ${at}`).toBeGreaterThan(at);
      at = found;
    }
    // Every page with ranking rows repeats the header, and no row is split between pages.
    for (const sector of priorities.sectors) {
      const holding = pages.filter((p) => squash(p.text).includes(squash(`${sector.code} ${sector.name}`)));
      expect(holding, sector.code).toHaveLength(1);
      expect(squash(holding[0]!.text), sector.code).toContain(header);
    }
    // The indicator table: every indicator of the theme by its registry title.
    const indicatorsStart = text.indexOf('Indicatoren', at);
    expect(indicatorsStart).toBeGreaterThan(at);
    expect(priorities.indicators.length).toBe(4);
    for (const indicator of priorities.indicators) {
      expect(text.indexOf(squash(indicator.title.nl), indicatorsStart), indicator.id).toBeGreaterThan(indicatorsStart);
    }

    expect(consoleErrors).toEqual([]);
    expect(blockedRequests).toEqual([]);
  });
});
