import type axe from 'axe-core';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspDirective, injectAxe, launchChromium, openLocalPage, pageFetch } from '../support/browser.ts';
import { type RunningServer, startServerProcess, type TestAccount } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';
import { staffSessionCookie } from '../support/staff.ts';

/*
 * The import page (issue 8) in Chromium against the real server: a coordinator signs in on the
 * map, follows its "Gegevens importeren" link, tries a broken file (the refusal shown at the file
 * input), drops a messy police export for incidents (UTF-8 with a byte-order mark, `;`, decimal
 * commas, Lambert 72, dd/mm/yyyy), checks what was detected, maps one column by hand, provokes a
 * refused mapping entry (shown at its field), runs a dry run, maps an unknown category to its
 * code, runs it again, downloads the report, imports, and finds the incidents through the API.
 * Everything but choosing the files is done with the keyboard alone. A planner and an anonymous
 * visitor are told they may not import.
 */

const COORDINATOR: TestAccount = {
  username: 'coordinator-import',
  role: 'coordinator',
  password: 'coordinator-import-1',
};
const PLANNER: TestAccount = { username: 'planner-import', role: 'planner', password: 'planner-import-12' };
const SOURCE = 'Politiezone Zennevallei (e2e)';

/*
 * Points inside Halle's boundary (geodata/halle_gemeente.geojson; ST_Contains checked in PostGIS
 * 3.3) and their Lambert 72 coordinates, computed beforehand with PostGIS
 * ST_Transform(ST_SetSRID(ST_Point(lon, lat), 4326), 31370) and checked with GDAL's
 * `gdaltransform -s_srs EPSG:4326 -t_srs EPSG:31370` (same to the centimetre):
 *   Grote Markt  4.2360 50.7340 -> 140628.52 158171.21
 *   Buizingen    4.2480 50.7520 -> 141478.89 160172.05
 *   Lembeek      4.2210 50.7110 -> 139564.53 155614.75
 *   station      4.2400 50.7330 -> 140910.71 158059.48
 *   Essenbeek    4.2050 50.7440 -> 138442.53 159287.93
 *   south-east   4.2600 50.7250 -> 142321.33 157167.33
 */
interface Expected {
  id: string;
  category: string;
  lon: number;
  lat: number;
  /** 14 March 2025 is in winter time: Brussels is UTC+1, so 09:30 there is 08:30 UTC. */
  utc: string;
}
const IMPORTED: Expected[] = [
  { id: 'PV-E2E-0101', category: 'diefstal', lon: 4.236, lat: 50.734, utc: '2025-03-14T08:30:00.000Z' },
  { id: 'PV-E2E-0102', category: 'vandalisme', lon: 4.248, lat: 50.752, utc: '2025-03-14T10:05:00.000Z' },
  { id: 'PV-E2E-0103', category: 'woninginbraak', lon: 4.221, lat: 50.711, utc: '2025-03-14T12:45:00.000Z' },
  { id: 'PV-E2E-0105', category: 'sluikstort', lon: 4.205, lat: 50.744, utc: '2025-03-14T14:20:00.000Z' },
  { id: 'PV-E2E-0107', category: 'geweld', lon: 4.26, lat: 50.725, utc: '2025-03-14T17:40:00.000Z' },
];

/*
 * The file as a police zone exports it. Row numbers are the spreadsheet's: the header is row 1.
 * Row 4 has a category the layer does not know by that name ("Inbraak woning"), mapped to
 * `woninginbraak` on the page; row 5 has a date that does not exist (31 February); row 7 has an
 * x without a y. "Herkomst" (who reported it) is a header no layer field recognises: mapped by hand.
 */
const CSV =
  '\uFEFF' +
  [
    'PV-nummer;Feit;Datum feit;Herkomst;X;Y;Opmerking',
    'PV-E2E-0101;Diefstal;14/03/2025 09:30;politie;140628,52;158171,21;Grote Markt',
    'PV-E2E-0102;Vandalisme;14/03/2025 11:05;politie;141478,89;160172,05;Buizingen',
    'PV-E2E-0103;Inbraak woning;14/03/2025 13:45;meldpunt;139564,53;155614,75;Lembeek',
    'PV-E2E-0104;Overlast;31/02/2025 22:10;politie;140910,71;158059,48;datum bestaat niet',
    'PV-E2E-0105;Sluikstort;14/03/2025 15:20;meldpunt;138442,53;159287,93;Essenbeek',
    'PV-E2E-0106;Drugs;14/03/2025 16:00;politie;140910,71;;y ontbreekt',
    'PV-E2E-0107;Geweld;14/03/2025 18:40;politie;142321,33;157167,33;zuidoost',
  ].join('\r\n') +
  '\r\n';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServerProcess({}, [COORDINATOR, PLANNER]), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Presses Tab until the element with `testid` has the focus: it is reachable by keyboard. */
async function tabTo(page: Page, testid: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    if (focused === testid) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${testid} not reached with ${limit} presses of Tab`);
}

/** With a closed select focused, presses the arrow keys until it holds `value` (keyboard only). */
async function arrowTo(page: Page, testid: string, value: string): Promise<void> {
  const select = page.getByTestId(testid);
  const options = await select.evaluate((element: HTMLSelectElement) => [...element.options].map((o) => o.value));
  const target = options.indexOf(value);
  if (target < 0) throw new Error(`${testid} has no option ${value}: ${options.join(', ')}`);
  for (let i = 0; i <= options.length; i++) {
    const current = options.indexOf(await select.inputValue());
    if (current === target) return;
    await page.keyboard.press(current < target ? 'ArrowDown' : 'ArrowUp');
  }
  throw new Error(`${testid}: ${value} not reached with the arrow keys`);
}

async function axeViolations(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await injectAxe(page);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
}

/** Waits for a run's report; a refusal shown on the page instead fails with its text. */
async function waitForReport(page: Page, testid: string): Promise<void> {
  const report = page.getByTestId(testid);
  const problem = page.locator('[data-testid=run-problem], .problem[role=alert]');
  await report.or(problem).first().waitFor();
  if ((await report.count()) === 0) throw new Error(`no ${testid}: ${(await problem.allTextContents()).join(' | ')}`);
}

async function reportRows(page: Page) {
  return page
    .getByTestId('dry-run-report')
    .getByTestId('rejection')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-row'))));
}

describe('the import page', () => {
  it('a coordinator imports a messy police export: detection, mapping, dry run, unknown values, report, import', async () => {
    const started = performance.now();
    const { page, consoleErrors, blockedRequests } = await openLocalPage(browser);
    await page.goto(server.url);
    await signIn(page, COORDINATOR);
    // The map links coordinators to the import page; the session cookie is shared.
    await Promise.all([page.waitForURL(/\/import\?lang=nl$/), page.getByTestId('import-link').click()]);
    await page.getByTestId('upload-form').waitFor();
    expect(await page.getByTestId('signed-in-user').getAttribute('data-role')).toBe('coordinator');

    // Step 1 with the keyboard: the layer, the source's name; the file is the one thing picked otherwise.
    await page.getByTestId('back-to-map').focus();
    await tabTo(page, 'import-layer');
    await arrowTo(page, 'import-layer', 'incidents');
    await tabTo(page, 'import-source');
    await page.keyboard.type(SOURCE);
    // A file that is not what its name says: the server's refusal is shown at the file input.
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'kapot.gpkg', mimeType: 'application/geopackage+sqlite3', buffer: Buffer.from('geen') });
    await tabTo(page, 'import-upload');
    await page.keyboard.press('Enter');
    const uploadProblem = page.getByTestId('upload-problem');
    await uploadProblem.waitFor();
    expect((await uploadProblem.textContent())!.length).toBeGreaterThan(10);
    expect(await page.getByTestId('import-file').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('detection').count()).toBe(0);
    // The real file, dropped on the drop zone.
    const dropped = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'pv-export-maart.csv', { type: 'text/csv' }));
      return transfer;
    }, CSV);
    await page.getByTestId('drop-zone').dispatchEvent('dragenter', { dataTransfer: dropped });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dropped });
    expect(await page.getByTestId('chosen-file').textContent()).toContain('pv-export-maart.csv');
    expect(await page.getByTestId('import-file').evaluate((input: HTMLInputElement) => input.files?.[0]?.name)).toBe(
      'pv-export-maart.csv',
    );
    await tabTo(page, 'import-upload');
    await page.keyboard.press('Enter');

    // Step 2: what was detected. The focus moved to the step's heading.
    await page.getByTestId('detection').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-mapping');
    const detected = (testid: string) => page.getByTestId(testid).getAttribute('data-value');
    expect(await detected('detected-format')).toBe('csv');
    expect(await detected('detected-encoding')).toBe('utf-8-bom');
    expect(await detected('detected-separator')).toBe(';');
    expect(await page.getByTestId('detected-separator').textContent()).toContain('puntkomma');
    expect(await detected('detected-decimal-comma')).toBe('true');
    expect(await detected('detected-crs')).toBe('31370');
    expect(await page.getByTestId('detected-crs').textContent()).toContain('Lambert 72');
    expect(await detected('mapping-from')).toBe('suggested');
    // The first rows as read: 7 data rows (spreadsheet rows 2-8), the cells as written.
    const sampleRows = page.getByTestId('sample-table').locator('tbody tr');
    expect(await sampleRows.count()).toBe(7);
    expect(await sampleRows.first().textContent()).toContain('140628,52');

    // Suggested from the headers: the id, the category, the date and the x/y columns.
    expect(await page.getByTestId('field-source-sourceId').inputValue()).toBe('column:PV-nummer');
    expect(await page.getByTestId('field-source-category').inputValue()).toBe('column:Feit');
    expect(await page.getByTestId('field-source-occurredAt').inputValue()).toBe('column:Datum feit');
    expect(await page.getByTestId('geometry-mode-xy').isChecked()).toBe(true);
    expect(await page.getByTestId('geometry-x').inputValue()).toBe('X');
    expect(await page.getByTestId('geometry-y').inputValue()).toBe('Y');
    // The preview and the mapping form: no accessibility violations (axe-core, every impact).
    expect(await axeViolations(page)).toEqual([]);
    // "Herkomst" is not a header any field knows: mapped to the source field by hand, with the keyboard.
    await tabTo(page, 'field-source-source');
    await arrowTo(page, 'field-source-source', 'column:Herkomst');

    // A fixed date that does not read: the server's 400 names the mapping entry, and the page
    // shows it at that field, with the focus there. Then back to the column.
    await tabTo(page, 'field-source-occurredAt');
    await arrowTo(page, 'field-source-occurredAt', 'value');
    await tabTo(page, 'field-value-occurredAt');
    await page.keyboard.type('morgen');
    await tabTo(page, 'dry-run');
    await page.keyboard.press('Enter');
    const fieldProblem = page.getByTestId('problem-occurredAt');
    await fieldProblem.waitFor();
    expect(await fieldProblem.textContent()).toContain('occurredAt');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'field-value-occurredAt',
    );
    expect(await page.getByTestId('dry-run-report').count()).toBe(0);
    await page.keyboard.down('Shift');
    await tabTo(page, 'field-source-occurredAt');
    await page.keyboard.up('Shift');
    await arrowTo(page, 'field-source-occurredAt', 'column:Datum feit');
    // The refusal was about the mapping as it was: changed, it is no longer shown.
    expect(await fieldProblem.count()).toBe(0);

    // Step 3: the dry run, reached with Tab and started with Enter.
    await tabTo(page, 'dry-run');
    await page.keyboard.press('Enter');
    await waitForReport(page, 'dry-run-report');
    const dryReport = page.getByTestId('dry-run-report');
    const counts = async () => ({
      rows: Number(await dryReport.getAttribute('data-rows')),
      inserted: Number(await dryReport.getAttribute('data-inserted')),
      updated: Number(await dryReport.getAttribute('data-updated')),
      rejected: Number(await dryReport.getAttribute('data-rejected')),
    });
    // 7 rows: 4 would be inserted; rows 4 (unknown category), 5 (31 February) and 7 (no y) rejected.
    expect(await counts()).toEqual({ rows: 7, inserted: 4, updated: 0, rejected: 3 });
    expect(await reportRows(page)).toEqual([4, 5, 7]);
    expect(await page.getByTestId('import-announcement').textContent()).toContain('4 nieuw, 0 bijgewerkt, 3 geweigerd');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dry-run-report-heading');
    expect(await dryReport.getByTestId('report-crs').textContent()).toContain('EPSG:31370');
    expect(await dryReport.getByTestId('report-speed').textContent()).toMatch(/rijen per seconde/);

    // The unknown category, mapped to its code with the keyboard; the dry run runs again.
    const unknown = dryReport.getByTestId('unknown-values');
    expect(await unknown.locator('tr[data-value]').getAttribute('data-value')).toBe('Inbraak woning');
    await tabTo(page, 'unknown-value-select');
    await arrowTo(page, 'unknown-value-select', 'woninginbraak');
    await tabTo(page, 'apply-translations');
    await page.keyboard.press('Enter');
    await expect.poll(counts).toEqual({ rows: 7, inserted: 5, updated: 0, rejected: 2 });
    expect(await reportRows(page)).toEqual([5, 7]);
    const rejection = async (row: number) =>
      dryReport.locator(`[data-testid=rejection][data-row="${row}"]`).getAttribute('data-field');
    expect(await rejection(5)).toBe('occurredAt');
    expect(await rejection(7)).toBe('geometry');
    // The translation is part of the mapping now, shown at its field.
    expect(await page.locator('[data-field=category] [data-testid=translation]').textContent()).toContain(
      '“Inbraak woning” → Woninginbraak',
    );

    // The dry run's report, downloaded as CSV: the two rejected rows with their reasons.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('dry-run-report-csv').click(),
    ]);
    const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(records.map((r) => Number(r.row))).toEqual([5, 7]);
    expect(records.map((r) => r.field)).toEqual(['occurredAt', 'geometry']);
    for (const record of records) expect(record.reason?.length).toBeGreaterThan(5);

    // The import itself, with the keyboard: the button asks first, the focus is on the confirmation.
    await tabTo(page, 'import-run');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('import-run-confirm');
    expect(await page.getByRole('group').filter({ hasText: 'bijgewerkte objecten' }).textContent()).toContain(
      '5 nieuwe en 0 bijgewerkte objecten opslaan in “Incidenten”?',
    );
    await page.keyboard.press('Enter');
    await waitForReport(page, 'final-report');
    const finalReport = page.getByTestId('final-report');
    expect(await finalReport.getAttribute('data-inserted')).toBe('5');
    expect(await finalReport.getAttribute('data-updated')).toBe('0');
    expect(await finalReport.getAttribute('data-rejected')).toBe('2');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('final-report-heading');

    // The recent imports list the dry runs and the import, newest first.
    const recent = page.getByTestId('recent-run');
    await expect.poll(() => recent.count()).toBe(3);
    expect(await recent.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-dry-run')))).toEqual([
      'false',
      'true',
      'true',
    ]);

    // Through the API: the five incidents exist, real (not synthetic), where and when the file said.
    const day = encodeURIComponent('2025-03-14T00:00:00Z/2025-03-15T00:00:00Z');
    const features = await pageFetch(page, `/api/layers/incidents/features?datetime=${day}&limit=10000`);
    expect(features.status).toBe(200);
    const imported = (
      features.json as {
        features: { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[];
      }
    ).features
      .filter((f) => f.properties.synthetic === false)
      .sort((a, b) => String(a.properties.occurredAt).localeCompare(String(b.properties.occurredAt)));
    expect(imported).toHaveLength(5);
    imported.forEach((feature, i) => {
      const expected = IMPORTED[i]!;
      expect(feature.properties.category).toBe(expected.category);
      expect(new Date(String(feature.properties.occurredAt)).toISOString()).toBe(expected.utc);
      expect(feature.properties.locationPrecision).toBe('exact');
      // Lambert 72 back to WGS 84: within 1e-5° (about a metre) of the point it was computed from.
      expect(Math.abs(feature.geometry.coordinates[0] - expected.lon)).toBeLessThan(1e-5);
      expect(Math.abs(feature.geometry.coordinates[1] - expected.lat)).toBeLessThan(1e-5);
    });
    expect(imported.map((f) => f.properties.source)).toEqual(['politie', 'politie', 'meldpunt', 'meldpunt', 'politie']);

    // The mapping was saved under the source's name, translation included.
    const sources = await pageFetch(page, '/api/import-sources?layer=incidents');
    const saved = (sources.json as { sources: { name: string; mapping: { fields: Record<string, unknown> } }[] })
      .sources;
    const mine = saved.find((s) => s.name === SOURCE);
    expect(mine?.mapping.fields.source).toEqual({ column: 'Herkomst' });

    expect(await axeViolations(page)).toEqual([]);
    expect(blockedRequests).toEqual([]);
    // The only errors: Chromium logging the two refusals provoked above (the broken file, the fixed date).
    expect(consoleErrors).toEqual([
      'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    console.info(`import e2e: sign-in to imported incidents in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await page.close();
  });

  it('tells a planner and an anonymous visitor that they may not import, with a way back to the map', async () => {
    const context = await browser.newContext();
    await context.addCookies([await staffSessionCookie(server.url, PLANNER)]);
    const planner = await context.newPage();
    const response = await planner.goto(new URL('/import', server.url).href);
    // The page at its clean address: never cached stale after a build, never framed.
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-cache');
    expect(cspDirective(response?.headers()['content-security-policy'], 'frame-ancestors')).toBe(
      "frame-ancestors 'none'",
    );
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    const denied = planner.getByTestId('import-denied');
    await denied.waitFor();
    expect(await denied.textContent()).toContain('U bent aangemeld als planner');
    expect(await planner.getByTestId('upload-form').count()).toBe(0);
    expect(await axeViolations(planner)).toEqual([]);
    await context.close();

    const { page, consoleErrors } = await openLocalPage(browser);
    await page.goto(new URL('/import?lang=en', server.url).href);
    await page.getByTestId('import-denied').waitFor();
    expect(await page.getByTestId('import-denied').textContent()).toContain('requires signing in');
    expect(await page.getByTestId('import-denied').locator('a').getAttribute('href')).toBe('/?lang=en');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});

declare global {
  interface Window {
    axe: typeof axe;
  }
}
