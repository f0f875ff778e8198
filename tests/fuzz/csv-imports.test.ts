import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { removeUsers } from '../support/auth.ts';
import { runImport, upload, type ReportBody, type UploadBody } from '../support/imports.ts';
import { expectSane, runs, signIn } from './support.ts';

/*
 * CSV imports with fuzzed files: random bytes, and files with a valid header whose cells,
 * separator, quoting, encoding and line endings are random. Each goes through POST
 * /api/imports/uploads and, when accepted, a dry run of POST /api/imports with the suggested
 * mapping: a 2xx report whose inserted + updated + rejected equals its rows, or a 4xx problem;
 * never a 5xx. Dry runs write no feature; the runs, sources and uploads are removed afterwards.
 */

const uploadDir = await mkdtemp(path.join(tmpdir(), 'fuzz-imports-'));
const app = await createTestApp({ IMPORT_UPLOAD_DIR: uploadDir });
const coordinator = await signIn(app, 'fuzz-imports.coordinator', 'coordinator');

afterAll(async () => {
  const pool = app.db.pool;
  await removeUsers(pool, [coordinator.id]);
  await app.close();
  await rm(uploadDir, { recursive: true, force: true });
});

/** Headers the city's files use, per layer (tests/fixtures/imports). */
const HEADERS: Record<string, string[]> = {
  incidents: ['Nr', 'Categorie', 'Datum feit', 'Bron', 'X', 'Y'],
  'vacant-buildings': ['Dossier', 'Adres', 'Type', 'Toestand', 'Datum opname', 'Datum schrapping', 'X', 'Y'],
  'youth-facilities': ['Naam', 'Soort', 'Adres', 'Lat', 'Lon'],
};

/** A cell: plausible for some column, or anything. */
const cell = fc.oneof(
  fc.constantFrom(
    'PV-2024-0001',
    'Overlast',
    'woninginbraak',
    'Sluikstort',
    '15/03/2024 22:15',
    '2024-03-15T22:15:00Z',
    '31.12.2023',
    'Politie',
    '124467,73',
    '78249.09',
    '4,2',
    '50.73',
    '',
    ' ',
    'NaN',
    '1e308',
    '-1e308',
    'POINT(4.2 50.7)',
    'POINT(nan nan)',
    '"',
    '""',
    ';',
    '\t',
    '\r',
    '\n',
    '=cmd|" /C calc"!A0',
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.double().map(String),
);

/** A CSV text with a layer's header, random rows, separator, quoting and line ending. */
const csvFile = fc
  .record({
    layer: fc.constantFrom(...Object.keys(HEADERS)),
    separator: fc.constantFrom(';', ',', '\t', '|'),
    lineEnding: fc.constantFrom('\r\n', '\n', '\r'),
    quoteAll: fc.boolean(),
    bom: fc.boolean(),
    encoding: fc.constantFrom<BufferEncoding>('utf8', 'utf8', 'latin1', 'utf16le'),
    rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 10 }), { maxLength: 15 }),
    trailing: fc.constantFrom('', '\n', '\n\n', '"', ';;;'),
  })
  .map(({ layer, separator, lineEnding, quoteAll, bom, encoding, rows, trailing }) => {
    const quote = (v: string) => (quoteAll ? `"${v.replaceAll('"', '""')}"` : v);
    const lines = [HEADERS[layer]!, ...rows].map((row) => row.map(quote).join(separator));
    const text = (bom ? '\uFEFF' : '') + lines.join(lineEnding) + trailing;
    return { layer, content: Buffer.from(text, encoding), describe: JSON.stringify({ separator, encoding, text }) };
  });

const randomBytesFile = fc
  .record({
    layer: fc.constantFrom(...Object.keys(HEADERS)),
    bytes: fc.uint8Array({ maxLength: 2000 }),
    name: fc.constantFrom('data.csv', 'data.CSV', 'data.txt', 'data.geojson', 'data.zip', 'data.gpkg', 'data', '.csv'),
  })
  .map(({ layer, bytes, name }) => ({
    layer,
    content: Buffer.from(bytes),
    name,
    describe: `${name}: ${Buffer.from(bytes).toString('hex').slice(0, 200)}`,
  }));

let dryRuns = 0;

/** Upload, then (when accepted) a dry run with the suggested mapping: checked at each step. */
async function uploadAndDryRun(layer: string, name: string, content: Buffer, describe: string) {
  const uploaded = await upload(app, coordinator.cookie, name, content, `layer=${layer}`);
  const status = expectSane(uploaded, `upload ${describe}`);
  if (status !== 201) return;
  const { upload: info, mapping } = uploaded.json<UploadBody>();
  const response = await runImport(app, coordinator.cookie, { uploadId: info.id, layer, mapping, dryRun: true });
  if (expectSane(response, `dry run of ${describe}`) >= 300) return;
  dryRuns += 1;
  const report = response.json<ReportBody>();
  expect(report.inserted + report.updated + report.rejected, `report of ${describe}: ${response.body}`).toBe(
    report.rows,
  );
}

describe('CSV imports, fuzzed', () => {
  it('CSV with a valid header and random cells, separators, quotes, encodings, line endings', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, async ({ layer, content, describe }) => {
        await uploadAndDryRun(layer, 'fuzz.csv', content, describe);
      }),
      runs(2),
    );
    // The header is valid: the property must reach the import itself, not only the upload.
    expect(dryRuns).toBeGreaterThan(0);
  });

  it('random bytes under any name', async () => {
    await fc.assert(
      fc.asyncProperty(randomBytesFile, async ({ layer, content, name, describe }) => {
        await uploadAndDryRun(layer, name, content, describe);
      }),
      runs(2),
    );
  });
});
