import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/*
 * `npm run import` as a city's admin runs it: a child process on the suite's database (on the
 * embedded backend it reaches PGlite through its socket, and finds out it cannot COPY there).
 * Its last line, its exit status and its --report file.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/imports');
const CLI_TIMEOUT = 90_000;

let pool: pg.Pool;
let workDir: string;
let lastRunBefore: number;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  lastLine: string;
}

function runCli(args: string[]): Promise<Result> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/cli/import.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      const lines = stdout.trimEnd().split('\n');
      resolve({ code, stdout, stderr, lastLine: lines[lines.length - 1] ?? '' });
    });
  });
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
  workDir = await mkdtemp(path.join(tmpdir(), 'import-cli-'));
  const { rows } = await pool.query<{ id: number }>('SELECT coalesce(max(id), 0)::integer AS id FROM import_runs');
  lastRunBefore = rows[0]!.id;
});

afterAll(async () => {
  const runs = `SELECT id::text FROM import_runs WHERE id > $1 AND user_id IS NULL`;
  await pool.query(`DELETE FROM audit_log WHERE action = 'import.run' AND user_id IS NULL AND entity_id IN (${runs})`, [
    lastRunBefore,
  ]);
  await pool.query('DELETE FROM import_runs WHERE id > $1 AND user_id IS NULL', [lastRunBefore]);
  await pool.query(`DELETE FROM import_sources WHERE name = 'cli-test'`);
  await pool.query(`DELETE FROM incidents WHERE source_id LIKE ANY (ARRAY['B-0__', 'CLI-%'])`);
  await pool.end();
  await rm(workDir, { recursive: true, force: true });
});

describe('npm run import', () => {
  it(
    'imports the bad-rows file: says what it found, ends with the counts, writes every rejection to --report',
    async () => {
      const report = path.join(workDir, 'afgewezen.csv');
      const result = await runCli([
        '--layer',
        'incidents',
        '--report',
        report,
        path.join(FIXTURES, 'incidents-bad-rows.csv'),
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.lastLine).toBe('inserted 3, updated 0, rejected 11');
      expect(result.stdout).toContain(
        'CSV, UTF-8, separator ";", decimal comma; 6 columns: Nr, Categorie, Datum feit, Bron, X, Y',
      );
      expect(result.stdout).toContain('sourceId <- column "Nr"');
      expect(result.stdout).toContain('CRS: EPSG:31370 (Lambert 72), detected from the coordinates');
      expect(result.stdout).toMatch(/14 rows in [\d.]+ s \(\d+ rows\/s\)/);
      const text = await readFile(report, 'utf8');
      const lines = text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('\uFEFFrow,field,reason');
      expect(lines).toHaveLength(12); // the header and the 11 rejected rows
      expect(lines.slice(1).map((line) => Number(line.split(',')[0]))).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      expect(lines[7]).toBe('9,sourceId,"sourceId ""B-001"" repeats row 2 (the first row with it is imported)"');
    },
    CLI_TIMEOUT,
  );

  it(
    'a dry run of the same file: all 3 good rows would be updated; the JSON report has every rejection',
    async () => {
      const report = path.join(workDir, 'proef.json');
      const before = await pool.query(`SELECT count(*)::integer AS n FROM incidents WHERE source_id LIKE 'B-0__'`);
      const result = await runCli([
        '--layer',
        'incidents',
        '--dry-run',
        '--report',
        report,
        path.join(FIXTURES, 'incidents-bad-rows.csv'),
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.lastLine).toBe('inserted 0, updated 3, rejected 11');
      expect(result.stdout).toContain('DRY RUN, nothing was written');
      const json = JSON.parse(await readFile(report, 'utf8')) as {
        dryRun: boolean;
        rows: number;
        rejections: unknown[];
      };
      expect(json).toMatchObject({ dryRun: true, rows: 14, inserted: 0, updated: 3, rejected: 11 });
      expect(json.rejections).toHaveLength(11);
      const after = await pool.query(`SELECT count(*)::integer AS n FROM incidents WHERE source_id LIKE 'B-0__'`);
      expect(after.rows).toEqual(before.rows);
    },
    CLI_TIMEOUT,
  );

  it(
    'exits 1 with the reason on stderr when the import cannot run',
    async () => {
      const lambert = path.join(FIXTURES, 'incidents-excel-nl.csv');
      const mismatch = await runCli(['--layer', 'incidents', '--crs', 'EPSG:4326', lambert]);
      expect(mismatch.code).toBe(1);
      expect(mismatch.stderr).toMatch(
        /^import not run: the coordinates look like EPSG:31370 \(Lambert 72\), not EPSG:4326 \(WGS 84 longitude\/latitude\) as declared/,
      );
      expect(mismatch.lastLine).not.toMatch(/^inserted/);
      const layer = await runCli(['--layer', 'wegen', lambert]);
      expect(layer.code).toBe(1);
      expect(layer.stderr).toMatch(
        /no layer "wegen"; layers that take imports: neighbourhoods, vacant-buildings, incidents, youth-facilities/,
      );
      const missing = await runCli(['--layer', 'incidents', path.join(workDir, 'bestaat-niet.csv')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/cannot read .*bestaat-niet\.csv/);
      const crs = await runCli(['--layer', 'incidents', '--crs', 'EPSG:3857', lambert]);
      expect(crs.code).toBe(1);
      expect(crs.stderr).toMatch(/--crs: EPSG:3857 is not supported/);
    },
    CLI_TIMEOUT * 2,
  );

  it(
    '--mapping and --source: the mapping from a file is used and saved, and found again by its source',
    async () => {
      const csv = path.join(workDir, 'meldingen.csv');
      await writeFile(csv, 'Code;Wat;Wanneer;X;Y\nCLI-1;Inbraak;02/05/2024 10:00;4,05;50,05\n');
      const mapping = path.join(workDir, 'mapping.json');
      await writeFile(
        mapping,
        JSON.stringify({
          fields: {
            sourceId: { column: 'Code' },
            category: { column: 'Wat' },
            occurredAt: { column: 'Wanneer' },
            source: { value: 'meldpunt' },
          },
          geometry: { kind: 'xy', x: 'X', y: 'Y' },
          crs: null,
          values: { category: { Inbraak: 'woninginbraak' } },
        }),
      );
      const first = await runCli(['--layer', 'incidents', '--source', 'cli-test', '--mapping', mapping, csv]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain(`Mapping (from ${mapping})`);
      expect(first.lastLine).toBe('inserted 1, updated 0, rejected 0');
      const second = await runCli(['--layer', 'incidents', '--source', 'cli-test', csv]);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('Mapping (saved for source "cli-test")');
      expect(second.lastLine).toBe('inserted 0, updated 1, rejected 0');
      const { rows } = await pool.query(`SELECT category, source FROM incidents WHERE source_id = 'CLI-1'`);
      expect(rows).toEqual([{ category: 'woninginbraak', source: 'meldpunt' }]);
    },
    CLI_TIMEOUT * 2,
  );
});
