import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { describeError } from '../../api/src/cli/describe-error.ts';
import { openDatabase } from '../../api/src/db/database.ts';
import { hasDemoData, loadDemoData } from '../../api/src/seed/load-demo.ts';
import {
  BENCH_HEADER,
  BENCH_SOURCE_PREFIX,
  halleLambertPoints,
  POINT_POOL,
  writeIncidentsCsv,
  type GeneratedCsv,
} from './import-csv.ts';
import { medianPhase, withCpu, type Phase } from './load.ts';
import { describeMachine, fmt, machineTable, table } from './report.ts';
import { CannotRun, parseFlags, positiveInteger } from './script-options.ts';

/*
 * `npm run bench:import [-- --rows N | --small] [--runs N] [--out FILE]`: how fast a messy incidents CSV
 * (UTF-8 with BOM, `;`, decimal comma, Lambert 72, dd/mm/yyyy) gets into the app's PostGIS
 * (BENCH_DATABASE_URL, a server database it may fill), against two yardsticks measured in the
 * same run on the same file: the floor (COPY of the raw text into an unlogged table, the least
 * any loader must do) and ogr2ogr. Then the app's import (`npm run import`), once inserting
 * every row and once more updating every row. The machines are shared and noisy, so each loader
 * is set against the floor run just before it. Checks the import's counts and that it stored
 * what the file says; exits non-zero when they are wrong. Leaves the database as it found it.
 */

// Its own file: the tile benchmark rewrites RESULTS.md whole.
const RESULTS_FILE = fileURLToPath(new URL('RESULTS-import.md', import.meta.url));
const SEED = 8;
const HALLE = '23027';
const FLOOR_TABLE = 'bench_floor_incidents';
const OGR_TABLE = 'bench_ogr_incidents';
/** The file writes centimetres; a loader may not move a point further than that. */
const TOLERANCE_M = 0.01;

/** It ran, but a loader's counts or values are wrong, so its figures do not stand. */
class WrongResult extends Error {}

interface Options {
  rows: number;
  runs: number;
  out: string | null;
  command: string;
}

function parseOptions(args: string[]): Options {
  const options = {
    rows: { type: 'string' },
    runs: { type: 'string' },
    small: { type: 'boolean', default: false },
    out: { type: 'string' },
  } as const;
  const values = parseFlags(args, options);
  return {
    rows: positiveInteger('rows', values.rows, values.small ? 20_000 : 1_000_000),
    runs: positiveInteger('runs', values.runs, 2),
    out: values.out ?? null,
    command: ['npm run bench:import', ...(args.length ? ['--', ...args] : [])].join(' '),
  };
}

/** Output of a finished child process. */
interface ChildResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; its output is kept (and echoed, prefixed), a non-zero exit throws. */
function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new CannotRun(`${label}: ${error.message}`)));
    child.on('close', (code, signal) => {
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      for (const line of `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim())) {
        console.log(`  ${label}: ${line}`);
      }
      if (code === 0) resolve(result);
      else reject(new WrongResult(`${label} exited with ${signal ?? code}`));
    });
  });
}

/** Times one load, with the CPU it used, as a phase of `ok` rows (the latency columns stay empty). */
function timed(pool: pg.Pool, name: string, load: () => Promise<number>): Promise<Phase> {
  return withCpu(pool, async () => {
    const started = performance.now();
    const rows = await load();
    const seconds = (performance.now() - started) / 1000;
    console.log(`  ${fmt(rows)} rows in ${fmt(seconds, 1)} s: ${fmt(rows / seconds)} rows/s`);
    return {
      name,
      connections: 1,
      ok: rows,
      errors: 0,
      seconds,
      perSecond: rows / seconds,
      p50: NaN,
      p95: NaN,
      p99: NaN,
    };
  });
}

/** Writes dirty pages out before a timed step, so it does not pay for the previous one's. */
async function settle(pool: pg.Pool): Promise<void> {
  try {
    await pool.query('CHECKPOINT');
  } catch {
    // Needs superuser or pg_checkpoint; without it the runs are only a little noisier.
  }
}

/** The floor: the file's bytes through COPY into text columns, nothing parsed or checked. */
async function floorLoad(pool: pg.Pool, file: string, rows: number): Promise<Phase> {
  await pool.query(`DROP TABLE IF EXISTS ${FLOOR_TABLE}`);
  await pool.query(
    `CREATE UNLOGGED TABLE ${FLOOR_TABLE} (nr text, categorie text, datum_feit text, bron text, x text, y text)`,
  );
  await settle(pool);
  const phase = await timed(pool, 'Floor: COPY into text columns', async () => {
    const client = await pool.connect();
    try {
      const copy = client.query(
        copyFrom(`COPY ${FLOOR_TABLE} FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'UTF8')`),
      );
      await pipeline(createReadStream(file), copy);
      return copy.rowCount;
    } finally {
      client.release();
    }
  });
  if (phase.ok !== rows) throw new WrongResult(`the floor copied ${phase.ok} rows of ${rows}`);
  return phase;
}

/** ogr2ogr's connection: the URL without its password, which goes in PGPASSWORD (not on a command line). */
function gdalConnection(databaseUrl: string): { dsn: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dsn: `PG:${url.href}`, env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/**
 * The ogr2ogr command line. GDAL 3.6's CSV driver finds the `;` from the header itself (it has no
 * SEPARATOR open option yet) and reads the decimal comma of the X/Y columns as numbers. -s_srs,
 * not -a_srs: -a_srs only labels the output, and with -t_srs ogr2ogr refuses a source without
 * a CRS. KEEP_GEOM_COLUMNS=NO so that it stores what the import stores: the point, not X and Y again.
 */
function ogrArguments(dsn: string, file: string): string[] {
  return [
    '-f',
    'PostgreSQL',
    dsn,
    file,
    '-nln',
    OGR_TABLE,
    '-oo',
    'X_POSSIBLE_NAMES=X',
    '-oo',
    'Y_POSSIBLE_NAMES=Y',
    '-oo',
    'AUTODETECT_TYPE=YES',
    '-oo',
    'KEEP_GEOM_COLUMNS=NO',
    '-s_srs',
    'EPSG:31370',
    '-t_srs',
    'EPSG:4326',
    '-nlt',
    'POINT',
    '-lco',
    'GEOMETRY_NAME=geom',
    '--config',
    'PG_USE_COPY',
    'YES',
    '-gt',
    '65536',
  ];
}

async function ogrLoad(pool: pg.Pool, databaseUrl: string, file: string, rows: number): Promise<Phase> {
  await pool.query(`DROP TABLE IF EXISTS ${OGR_TABLE}`);
  await settle(pool);
  const { dsn, env } = gdalConnection(databaseUrl);
  const phase = await timed(pool, 'ogr2ogr', async () => {
    await run('ogr2ogr', 'ogr2ogr', ogrArguments(dsn, file), env);
    return rows;
  });
  const { rows: count } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${OGR_TABLE}`);
  if (count[0]!.n !== rows) throw new WrongResult(`ogr2ogr loaded ${count[0]!.n} rows of ${rows}`);
  return phase;
}

interface ImportRun {
  phase: Phase;
  counts: string;
  /** The rows per second the import reports itself (its own clock, without process start-up). */
  ownRate: number | null;
}

const COUNTS_LINE = /^inserted (\d+), updated (\d+), rejected (\d+)$/;
/** The import's speed line, e.g. `1000000 rows in 95.2 s (10504 rows/s), server database, run 7`. */
const SPEED_LINE = /\((\d+) rows\/s\).*\brun (\d+)/;

/** The import runs this benchmark made (import_runs rows), removed with the rest when it ends. */
const importRuns: number[] = [];

/** `npm run import` as a planner runs it; its last line must give the expected counts. */
async function importLoad(
  pool: pg.Pool,
  databaseUrl: string,
  file: string,
  name: string,
  expected: { inserted: number; updated: number },
): Promise<ImportRun> {
  await settle(pool);
  let counts = '';
  let ownRate: number | null = null;
  const args = ['run', 'import', '--', '--layer', 'incidents', '--crs', 'EPSG:31370', file];
  const phase = await timed(pool, name, async () => {
    const { stdout } = await run('import', 'npm', args, { ...process.env, DATABASE_URL: databaseUrl });
    const lines = stdout.split('\n').filter((l) => l.trim());
    counts = lines.at(-1)?.trim() ?? '';
    const speed = lines.map((l) => SPEED_LINE.exec(l)).find(Boolean);
    if (speed) {
      ownRate = Number(speed[1]);
      importRuns.push(Number(speed[2]));
    }
    const match = COUNTS_LINE.exec(counts);
    return match ? Number(match[1]) + Number(match[2]) : 0;
  });
  const want = `inserted ${expected.inserted}, updated ${expected.updated}, rejected 0`;
  if (counts !== want) throw new WrongResult(`${name}: the import's last line is "${counts}", expected "${want}"`);
  return { phase, counts, ownRate };
}

interface Agreement {
  rows: number;
  maxDistanceM: number | null;
  otherValues: number;
  otherTimes: number;
}

/**
 * Compares a loaded table with the file's own text (the floor's table): how far each point lies
 * from the file's X/Y (back in Lambert 72), and how many rows differ in category, source or
 * Belgian local time. `sql` selects source_id, category, source, occurred (text as the file
 * writes it, or null) and geom.
 */
async function agreement(pool: pg.Pool, sql: string): Promise<Agreement> {
  const { rows } = await pool.query<Agreement>(
    `SELECT count(*)::int AS rows,
            max(ST_Distance(ST_Transform(l.geom, 31370),
                            ST_SetSRID(ST_MakePoint(replace(f.x, ',', '.')::float8, replace(f.y, ',', '.')::float8), 31370)))
              AS "maxDistanceM",
            count(*) FILTER (WHERE l.category IS DISTINCT FROM f.categorie OR l.source IS DISTINCT FROM f.bron)::int
              AS "otherValues",
            count(*) FILTER (WHERE l.occurred IS DISTINCT FROM f.datum_feit)::int AS "otherTimes"
     FROM (${sql}) AS l JOIN ${FLOOR_TABLE} AS f ON f.nr = l.source_id`,
  );
  return rows[0]!;
}

const importedRows = `SELECT source_id, category, source, geom,
                             to_char(occurred_at AT TIME ZONE 'Europe/Brussels', 'DD/MM/YYYY HH24:MI') AS occurred
                      FROM incidents WHERE starts_with(source_id, '${BENCH_SOURCE_PREFIX}')`;
const ogrRows = `SELECT nr AS source_id, categorie AS category, bron AS source, geom, "datum feit" AS occurred
                 FROM ${OGR_TABLE}`;

function checkAgreement(name: string, a: Agreement, rows: number): string {
  const problems = [
    a.rows !== rows && `${fmt(a.rows)} rows of ${fmt(rows)} found`,
    !(a.maxDistanceM !== null && a.maxDistanceM <= TOLERANCE_M) &&
      `a point ${fmt(a.maxDistanceM ?? NaN, 3)} m from the file's X/Y`,
    a.otherValues > 0 && `${fmt(a.otherValues)} rows with another category or source`,
    a.otherTimes > 0 && `${fmt(a.otherTimes)} rows with another local date and time`,
  ].filter(Boolean);
  if (problems.length) throw new WrongResult(`${name} does not store what the file says: ${problems.join('; ')}`);
  return (
    `${name}: ${fmt(a.rows)} rows as in the file: every point within ${fmt(a.maxDistanceM! * 1000, 2)} mm of its ` +
    `X/Y, same category, source and local date and time.`
  );
}

/** One pass over the loaders, each after a floor run of its own (so a ratio compares runs a minute apart at most). */
interface Round {
  floors: [Phase, Phase, Phase];
  ogr: Phase;
  insert: ImportRun;
  update: ImportRun;
}

async function runRound(
  n: number,
  pool: pg.Pool,
  databaseUrl: string,
  file: string,
  rows: number,
  checks: Set<string>,
): Promise<Round> {
  const floor = async () => {
    console.log(`floor (run ${n}) …`);
    const phase = await floorLoad(pool, file, rows);
    return { ...phase, name: `Floor: COPY into text columns (run ${n})` };
  };
  const floor1 = await floor();
  console.log(`ogr2ogr (run ${n}) …`);
  const ogr = { ...(await ogrLoad(pool, databaseUrl, file, rows)), name: `ogr2ogr (run ${n})` };
  const floor2 = await floor();
  console.log(`import, every row new (run ${n}) …`);
  const insert = await importLoad(pool, databaseUrl, file, `Import, every row new: insert (run ${n})`, {
    inserted: rows,
    updated: 0,
  });
  checks.add(checkAgreement('The import', await agreement(pool, importedRows), rows));
  checks.add(
    checkAgreement('ogr2ogr', await agreement(pool, ogrRows), rows).replace(
      'same category, source and local date and time',
      'same category, source and date text (it keeps dates as text: GDAL reads no dd/mm/yyyy dates)',
    ),
  );
  // A second import comes days later in practice, after autovacuum has tidied up after the first.
  await pool.query('VACUUM ANALYZE incidents');
  const floor3 = await floor();
  console.log(`import again, every row known (run ${n}) …`);
  const update = await importLoad(pool, databaseUrl, file, `Import again, every row known: update (run ${n})`, {
    inserted: 0,
    updated: rows,
  });
  checks.add(checkAgreement('The import after updating every row', await agreement(pool, importedRows), rows));
  return { floors: [floor1, floor2, floor3], ogr, insert, update };
}

/**
 * Removes what a run made: the two tables, the imported incidents and the import runs' records.
 * Also run first, after a run that died (whose import runs, if any, stay recorded).
 */
async function cleanUp(pool: pg.Pool): Promise<number> {
  await pool.query(`DROP TABLE IF EXISTS ${FLOOR_TABLE}, ${OGR_TABLE}`);
  if (importRuns.length) await pool.query('DELETE FROM import_runs WHERE id = ANY($1::bigint[])', [importRuns]);
  const { rowCount } = await pool.query('DELETE FROM incidents WHERE starts_with(source_id, $1)', [
    BENCH_SOURCE_PREFIX,
  ]);
  return rowCount ?? 0;
}

/** The app's database: migrations applied (openDatabase), Halle and the demo data loaded when absent. */
async function prepareDatabase(databaseUrl: string): Promise<void> {
  const db = await openDatabase({ databaseUrl, pgliteDataDir: '' });
  try {
    if (!(await hasDemoData(db.pool))) {
      console.log("loading Halle's boundary, sectors and demo data …");
      await loadDemoData(db.pool);
    }
    const { rows } = await db.pool.query('SELECT 1 FROM municipalities WHERE nis_code = $1', [HALLE]);
    if (rows.length === 0) throw new CannotRun(`the database holds no municipality ${HALLE} (Halle)`);
  } finally {
    await db.close();
  }
}

async function ogrVersion(): Promise<string> {
  try {
    return (await run('ogr2ogr', 'ogr2ogr', ['--version'], process.env)).stdout.trim();
  } catch {
    throw new CannotRun('ogr2ogr is not installed (Debian: apt-get install gdal-bin)');
  }
}

const mib = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MiB`;

function loadTable(phases: readonly Phase[], ratios: ReadonlyMap<Phase, number>): string {
  return table(
    ['Loader', 'Rows', 'Seconds', 'Rows/s', 'Ratio to floor', 'CPU Node', 'CPU PG', 'CPU other'],
    phases.map((p) => [
      p.name,
      fmt(p.ok),
      fmt(p.seconds, 2),
      fmt(p.perSecond),
      ratios.has(p) ? fmt(ratios.get(p)!, 3) : '',
      fmt(p.cpu?.node ?? NaN, 2),
      fmt(p.cpu?.db ?? NaN, 2),
      fmt(p.cpu?.other ?? NaN, 2),
    ]),
  );
}

async function main(o: Options): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) {
    throw new CannotRun(
      'set BENCH_DATABASE_URL to a PostgreSQL + PostGIS server database the benchmark may fill ' +
        '(the import loads with COPY on a server; ogr2ogr needs one too)',
    );
  }
  const gdal = await ogrVersion();
  await prepareDatabase(databaseUrl);
  // No statement timeout: deleting a million rows may take longer than the app allows a request.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-import-'));
  const file = path.join(dir, 'incidenten.csv');
  try {
    const left = await cleanUp(pool);
    if (left) console.log(`removed ${fmt(left)} incidents an earlier run left behind`);
    const machine = await describeMachine(pool);
    const { rows: before } = await pool.query<{ n: number; indexes: number }>(
      `SELECT (SELECT count(*) FROM incidents) AS n, (SELECT count(*) FROM pg_indexes WHERE tablename = 'incidents') AS indexes`,
    );
    const incidentIndexes = before[0]!.indexes;

    console.log(`writing ${fmt(o.rows)} rows to ${file} …`);
    const points = await halleLambertPoints(pool, Math.min(POINT_POOL, o.rows), SEED);
    const csv: GeneratedCsv = await writeIncidentsCsv(file, o.rows, points, SEED);
    console.log(`  ${mib(csv.bytes)} in ${fmt(csv.seconds, 1)} s`);

    const rounds: Round[] = [];
    const checks = new Set<string>();
    for (let n = 1; n <= o.runs; n++) {
      if (n > 1) {
        // Back to the state before the first run (not timed): the imported rows gone and vacuumed away.
        await pool.query('DELETE FROM incidents WHERE starts_with(source_id, $1)', [BENCH_SOURCE_PREFIX]);
        await pool.query('VACUUM ANALYZE incidents');
      }
      rounds.push(await runRound(n, pool, databaseUrl, file, o.rows, checks));
    }

    const floors = rounds.flatMap((r) => r.floors);
    const floor = medianPhase(`**Floor (median of ${floors.length})**`, floors);
    const ogr = medianPhase(
      '**ogr2ogr (median)**',
      rounds.map((r) => r.ogr),
    );
    const insert = medianPhase(
      '**Import, insert (median)**',
      rounds.map((r) => r.insert.phase),
    );
    const update = medianPhase(
      '**Import, update (median)**',
      rounds.map((r) => r.update.phase),
    );
    // Each loader against the floor run just before it; the medians against the floor's median.
    const ratios = new Map<Phase, number>(
      rounds.flatMap((r) =>
        [r.ogr, r.insert.phase, r.update.phase].map((p, i) => [p, p.perSecond / r.floors[i]!.perSecond] as const),
      ),
    );
    for (const p of [ogr, insert, update]) ratios.set(p, p.perSecond / floor.perSecond);
    const phases = [
      ...rounds.flatMap((r) => [r.floors[0]!, r.ogr, r.floors[1]!, r.insert.phase, r.floors[2]!, r.update.phase]),
      floor,
      ogr,
      insert,
      update,
    ];
    const ownRates = (pick: (r: Round) => ImportRun) =>
      rounds.map((r) => (pick(r).ownRate === null ? '?' : fmt(pick(r).ownRate!))).join(' and ');

    const report =
      [
        `# Import benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        `\`${o.command}\`: one incidents CSV loaded into the same PostGIS by the floor, by ogr2ogr and by the app's ` +
          `import (inserting, then updating every row), ${o.runs === 1 ? 'once' : `in ${o.runs} runs`}. Written by \`tests/bench/import.ts\`; a benchmark: the speed is reported, the counts and ` +
          `stored values are checked.`,
        '## Machine',
        machineTable(machine, new URL(databaseUrl).host),
        '## File and loaders',
        [
          `File: ${fmt(o.rows)} incidents, ${mib(csv.bytes)}, as a police export writes them: UTF-8 with BOM, \`;\`, ` +
            `CRLF, header \`${BENCH_HEADER.join(';')}\`, dates \`dd/mm/yyyy hh:mm\` (Belgian local time, 2019–2025), ` +
            `Lambert 72 X/Y in metres with a decimal comma at ${fmt(csv.points)} distinct points inside Halle, ` +
            `unique \`Nr\`, every row valid. Seeded, so the same file every run (written in ${fmt(csv.seconds, 1)} s).`,
          `Database: the app's (migrations, Halle's boundary and demo data), ${fmt(before[0]!.n)} incidents before ` +
            `the run. \`CHECKPOINT\` before each timed step; \`VACUUM ANALYZE incidents\` (not timed) before each ` +
            `update run, as autovacuum would have run before a second import days later, and before each further ` +
            `run, after deleting the imported rows.`,
          `Floor: the file's bytes streamed by pg-copy-streams to \`COPY … FROM STDIN (FORMAT csv, DELIMITER ';', ` +
            `HEADER)\` into an unlogged table of six text columns: nothing parsed, converted, checked or indexed.`,
          `ogr2ogr (${gdal}): \`ogr2ogr ${ogrArguments('PG:…', 'incidenten.csv').join(' ')}\`, a new table with ` +
            `a GiST index. GDAL 3.6 has no \`SEPARATOR\` open option (it finds \`;\` from the header) and reads the ` +
            `decimal comma of X/Y as numbers; \`-s_srs\` because \`-a_srs\` only labels the output. It keeps ` +
            `\`Datum feit\` as text (no dd/mm/yyyy dates), checks no category or place and cannot upsert.`,
          `Import: \`npm run import -- --layer incidents --crs EPSG:31370 FILE\` in a child process, start-up ` +
            `included (its own rows/s, without it: ${ownRates((r) => r.insert)} inserting, ` +
            `${ownRates((r) => r.update)} updating): detects encoding, separator and decimal comma, converts ` +
            `dates and coordinates, checks every row (category and source codes, date, point within Halle) and, in ` +
            `one transaction, stages the rows with COPY and upserts them on the source id into \`incidents\` ` +
            `(${incidentIndexes} indexes, CHECK constraints, data-version trigger).`,
          `Ratio to floor: rows/s against the floor run just before it (1.00 = as fast as the floor). CPU columns, ` +
            `in cores: this Node process (the floor's COPY stream), the PostgreSQL server (all of it, so on a ` +
            `shared server also other databases' work), everything else on the machine (ogr2ogr or the import ` +
            `process, and any other load).`,
        ]
          .map((line) => `- ${line}`)
          .join('\n'),
        '## Load times',
        `Medians of ${o.runs} run${o.runs === 1 ? '' : 's'}: the floor ${fmt(floor.seconds, 2)} s ` +
          `(${floors.length} floor runs), ` +
          `ogr2ogr ${fmt(ogr.seconds, 1)} s, the import ${fmt(insert.seconds, 1)} s inserting every row ` +
          `(${fmt(insert.seconds / ogr.seconds, 2)} × ogr2ogr's time) and ${fmt(update.seconds, 1)} s updating every row.`,
        loadTable(phases, ratios),
        '## Checks',
        [
          `The import's last lines, every run: \`${rounds[0]!.insert.counts}\`, then \`${rounds[0]!.update.counts}\`.`,
          ...checks,
          'Afterwards the two tables, the imported incidents and the records of its import runs are removed, ' +
            'and the temporary file deleted.',
        ]
          .map((line) => `- ${line}`)
          .join('\n'),
      ].join('\n\n') + '\n';

    console.log(`\n${report}`);
    await writeFile(o.out ?? RESULTS_FILE, report);
    console.log(`written to ${o.out ?? RESULTS_FILE}`);
  } finally {
    await cleanUp(pool).catch((error: Error) => console.error(`cleaning up: ${error.message}`));
    await pool.end();
    await rm(dir, { recursive: true, force: true });
  }
}

try {
  await main(parseOptions(process.argv.slice(2)));
} catch (error) {
  const message = describeError(error);
  if (error instanceof WrongResult) console.error(`bench:import: ${message}; no report was written`);
  else console.error(`bench:import: could not run: ${message}`);
  if (!(error instanceof CannotRun) && !(error instanceof WrongResult) && error instanceof Error) {
    console.error(error.stack);
  }
  process.exitCode = 1;
}
