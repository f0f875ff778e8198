import { writeFile } from 'node:fs/promises';
import { hashPassword } from '../../api/src/auth/passwords.ts';
import { openDatabase, type Database } from '../../api/src/db/database.ts';
import { hasDemoData, loadDemoData } from '../../api/src/seed/load-demo.ts';
import { loadScaleData } from '../../api/src/seed/scale.ts';
import { fmt, table } from '../bench/report.ts';
import { startServerProcess, type RunningServer } from '../support/server-process.ts';
import { staffSessionCookie } from '../support/staff.ts';
import { runMixedLoad, statsByKind, type KindStats, type Sample } from './mixed-load.ts';
import { trafficMix, type LoadRequest } from './traffic.ts';
import { CannotRun, parseFlags, positiveInteger } from '../bench/script-options.ts';

/*
 * `npm run test:load [-- --full] [--clients N] [--seconds S] [--incidents N] [--out FILE]`:
 * mixed traffic (tiles public and staff at several zooms, features, the embed page, /api/layers,
 * figures, hexagons) from N concurrent clients for S seconds against the real server process on
 * a PostGIS server (LOAD_DATABASE_URL, a database it may fill with the scale data set). Then a
 * short run with the anonymous rate limit on: beyond the limit, 429 problem+json, never an error.
 * Prints a Markdown table per kind and overall; exits non-zero on any error.
 * Small (default): 50,000 incidents, 20 clients × 10 s. --full: 1,000,000, 200 × 60 s.
 */

const SCALE_INCIDENT_PREFIX = 'SCALE-INC-';
const PLANNER = { username: 'load-test-planner', role: 'planner' as const, password: 'load-test-planner-password' };
/** The rate-limited run: a limit low enough that a few clients pass it within seconds. */
const RATE_LIMIT = { perMinute: 20, clients: 8, seconds: 5 };

interface Options {
  incidents: number;
  clients: number;
  seconds: number;
  out: string | undefined;
  command: string;
}

function parseOptions(args: string[]): Options {
  const options = {
    full: { type: 'boolean', default: false },
    clients: { type: 'string' },
    seconds: { type: 'string' },
    incidents: { type: 'string' },
    out: { type: 'string' },
  } as const;
  const values = parseFlags(args, options);
  const full = values.full;
  return {
    incidents: positiveInteger('incidents', values.incidents, full ? 1_000_000 : 50_000),
    clients: positiveInteger('clients', values.clients, full ? 200 : 20),
    seconds: positiveInteger('seconds', values.seconds, full ? 60 : 10),
    out: values.out,
    command: ['npm run test:load', ...(args.length ? ['--', ...args] : [])].join(' '),
  };
}

/** Migrations, Halle's sectors and demo data, exactly N SCALE incidents, and the planner account. */
async function prepareDatabase(databaseUrl: string, incidents: number): Promise<Database> {
  const db = await openDatabase({ databaseUrl, pgliteDataDir: '' });
  if (db.backend !== 'server') throw new CannotRun('LOAD_DATABASE_URL must name a PostGIS server');
  if (!(await hasDemoData(db.pool))) {
    console.log("loading Halle's demo data …");
    await loadDemoData(db.pool);
  }
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*) AS n FROM incidents WHERE source_id LIKE $1', [
    `${SCALE_INCIDENT_PREFIX}%`,
  ]);
  if (rows[0]!.n !== incidents) {
    console.log(`loading ${fmt(incidents)} SCALE incidents (the database holds ${fmt(rows[0]!.n)}) …`);
    const result = await loadScaleData(db, { incidents });
    console.log(`  loaded in ${result.seconds.toFixed(1)} s`);
  }
  // Upserted: its sign-ins of an earlier run are in the audit log, which keeps the user row.
  await db.pool.query(
    `INSERT INTO users (username, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash`,
    [PLANNER.username, PLANNER.role, await hashPassword(PLANNER.password)],
  );
  return db;
}

async function cookieOf(server: RunningServer): Promise<string> {
  const session = await staffSessionCookie(server.url, PLANNER);
  return `${session.name}=${session.value}`;
}

/** With the limit on: anonymous answers past it are 429 problem+json with Retry-After; staff are not limited. */
function rateLimitedCheck(request: LoadRequest, response: Response, body: ArrayBuffer): string | null {
  if (response.status !== 429) {
    return request.expected.includes(response.status) ? null : `HTTP ${response.status} for ${request.path}`;
  }
  if (request.staff) return `429 for a signed-in planner (${request.path})`;
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) return `429 as ${type}, not problem+json`;
  if (!response.headers.get('retry-after')) return '429 without Retry-After';
  const problem = JSON.parse(new TextDecoder().decode(body)) as { status?: number };
  return problem.status === 429 ? null : `429 with a problem of status ${problem.status}`;
}

const KIND_ORDER = (requests: readonly LoadRequest[]) => requests.map((r) => r.kind);

function statsTable(rows: readonly KindStats[], seconds: number): string {
  return table(
    ['Kind', 'Requests', 'Req./s', 'Errors', 'p50 ms', 'p95 ms', 'p99 ms'],
    rows.map((r) => [
      r.kind,
      fmt(r.requests),
      fmt(r.requests / seconds, 1),
      String(r.errors),
      fmt(r.p50, 1),
      fmt(r.p95, 1),
      fmt(r.p99, 1),
    ]),
  );
}

function statusCounts(samples: readonly Sample[]): string {
  const counts = new Map<number, number>();
  for (const s of samples) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status === 0 ? 'no answer' : status}: ${fmt(n)}`)
    .join(', ');
}

async function main(o: Options): Promise<boolean> {
  const databaseUrl = process.env.LOAD_DATABASE_URL;
  if (!databaseUrl) {
    throw new CannotRun('set LOAD_DATABASE_URL to a PostgreSQL + PostGIS database the load test may fill');
  }
  const db = await prepareDatabase(databaseUrl, o.incidents);
  const { rows } = await db.pool.query<{ incidents: number; version: string }>(
    `SELECT (SELECT count(*) FROM incidents) AS incidents,
            current_setting('server_version') || ', PostGIS ' || postgis_lib_version() AS version`,
  );
  await db.close();
  const requests = trafficMix();
  const env = { DATABASE_URL: databaseUrl, SEED_ON_START: 'false' };

  console.log(`load: ${o.clients} clients × ${o.seconds} s, ${requests.length} distinct requests …`);
  const server = await startServerProcess({ ...env, RATE_LIMIT_PER_MINUTE: '0' });
  let samples: Sample[];
  try {
    samples = await runMixedLoad({
      origin: server.url.replace(/\/$/, ''),
      requests,
      clients: o.clients,
      seconds: o.seconds,
      staffCookie: await cookieOf(server),
    });
  } finally {
    await server.stop();
  }

  console.log(`rate limit: ${RATE_LIMIT.perMinute}/min, ${RATE_LIMIT.clients} clients × ${RATE_LIMIT.seconds} s …`);
  const limited = await startServerProcess({ ...env, RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT.perMinute) });
  let limitedSamples: Sample[];
  try {
    limitedSamples = await runMixedLoad({
      origin: limited.url.replace(/\/$/, ''),
      requests,
      clients: RATE_LIMIT.clients,
      seconds: RATE_LIMIT.seconds,
      staffCookie: await cookieOf(limited),
      check: rateLimitedCheck,
    });
  } finally {
    await limited.stop();
  }
  const tooMany = limitedSamples.filter((s) => s.status === 429).length;

  const loadRows = statsByKind(samples, KIND_ORDER(requests));
  const limitedRows = statsByKind(limitedSamples, KIND_ORDER(requests));
  const report = [
    `# Load test, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `\`${o.command}\`: the real server process (\`api/src/server.ts\`) on PostgreSQL ${rows[0]!.version} ` +
      `at ${new URL(databaseUrl).host}, ${fmt(rows[0]!.incidents)} incidents (${fmt(o.incidents)} SCALE). ` +
      `${o.clients} concurrent clients for ${o.seconds} s, each walking ${requests.length} requests from its own ` +
      `offset and waiting for each answer. Errors: an answer other than the request expects (2xx/304; 401 for ` +
      `the refused rows) or none.`,
    '## Anonymous rate limit off',
    statsTable(loadRows, o.seconds),
    `Statuses: ${statusCounts(samples)}.`,
    `## Anonymous rate limit on (${RATE_LIMIT.perMinute} a minute, ${RATE_LIMIT.clients} clients × ${RATE_LIMIT.seconds} s)`,
    `Success here is the expected answer or 429 problem+json with Retry-After (never for the signed-in planner).`,
    statsTable(limitedRows, RATE_LIMIT.seconds),
    `Statuses: ${statusCounts(limitedSamples)}.`,
  ].join('\n\n');
  console.log(`\n${report}\n`);
  if (o.out) await writeFile(o.out, report + '\n');

  let ok = true;
  for (const row of [...loadRows, ...limitedRows].filter((r) => r.errors > 0 && r.kind !== '**all**')) {
    console.error(`${row.kind}: ${row.errors} errors, first: ${row.firstError}`);
    ok = false;
  }
  for (const row of loadRows.filter((r) => r.requests === 0)) {
    console.error(`${row.kind}: never requested in ${o.seconds} s; run longer`);
    ok = false;
  }
  if (tooMany === 0) {
    console.error('the rate-limited run never answered 429: the limit did not bite');
    ok = false;
  }
  return ok;
}

try {
  if (!(await main(parseOptions(process.argv.slice(2))))) {
    console.error('test:load: FAILED');
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`test:load: could not run: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof CannotRun) && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}
