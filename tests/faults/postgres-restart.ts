import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { badFailures, checkIntegrity } from './integrity.ts';
import { type Account, addUser, createArea, signIn, spawnServer, type WriteResult } from './server.ts';

/*
 * PostgreSQL stopped under light load and started again, with the real server on it: while it
 * is down every API answer is 503 problem+json and the process stays up; after it is back the
 * API serves within 5 s; areas of focus written meanwhile are whole or reported failed.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const PORT = process.env.FAULTS_PG_PORT ?? '55441';
const DIR = process.env.FAULTS_PG_DIR ?? '/tmp/liveability-pg-faults';
const CLUSTER_ENV = { ...process.env, PG_TEST_PORT: PORT, PG_TEST_DIR: DIR };
const COORDINATOR: Account = { username: 'faults-coordinator', role: 'coordinator', password: 'faults-coordinator-pw' };
const RECOVERY_LIMIT_S = 5;
const NAME_PREFIX = 'faults-pg-';

/** What readers ask for during the fault: each needs the database (none is a cached tile). */
const READ_PATHS = [
  '/api/layers',
  '/api/layers/youth-facilities/features?limit=50',
  '/api/neighbourhoods/figures?indicator=youth-facilities-within-500m',
  '/api/layers/youth-facilities/hexagons?size=250',
  '/api/search?q=halle',
  '/api/focus-areas',
];

export interface PostgresFaultResult {
  problems: string[];
  lines: string[];
}

function pgBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  return `/usr/lib/postgresql/${versions.at(-1)}/bin`;
}

/** pg_ctl as the cluster's owner (PostgreSQL refuses to run as root). */
function pgCtl(args: string[]): void {
  const command = [`${pgBin()}/pg_ctl`, '-D', DIR, ...args];
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : command[0]!, asRoot ? ['-u', 'postgres', '--', ...command] : command.slice(1), {
    stdio: 'pipe',
  });
}

const stopPostgres = () => pgCtl(['-m', 'fast', '-w', 'stop']);
const startPostgres = () =>
  pgCtl([
    '-o',
    `-p ${PORT} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`,
    '-l',
    `${DIR}/server.log`,
    '-w',
    'start',
  ]);

interface Sample {
  path: string;
  started: number;
  ended: number;
  status: number;
  type: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function postgresRestart(options: { downSeconds: number; readers: number }): Promise<PostgresFaultResult> {
  const problems: string[] = [];
  const lines: string[] = [];
  const out = execFileSync('scripts/pg-test-cluster.sh', ['start'], { cwd: ROOT, env: CLUSTER_ENV, encoding: 'utf8' });
  const databaseUrl = out
    .trim()
    .split('\n')
    .at(-1)!
    .replace(/^TEST_DATABASE_URL=/, '');
  try {
    await addUser(COORDINATOR, { DATABASE_URL: databaseUrl });
    const server = await spawnServer({ DATABASE_URL: databaseUrl });
    let exitedEarly: string | null = null;
    server.child.once('exit', (code, signal) => (exitedEarly = `server exited (${code ?? signal})`));
    try {
      const cookie = await signIn(server.url, COORDINATOR);
      const ready =
        (await fetch(`${server.url}/api/health/ready`)).status === 404 ? '/api/health' : '/api/health/ready';
      const paths = [...READ_PATHS, ready];
      const samples: Sample[] = [];
      const writes: WriteResult[] = [];
      let running = true;
      const reader = async (r: number) => {
        for (let i = r; running; i++) {
          const p = paths[i % paths.length]!;
          const started = performance.now();
          let status = 0;
          let type = '';
          try {
            const response = await fetch(server.url + p);
            await response.arrayBuffer();
            status = response.status;
            type = response.headers.get('content-type') ?? '';
          } catch {
            // no answer: status 0
          }
          samples.push({ path: p, started, ended: performance.now(), status, type });
          await sleep(20);
        }
      };
      const writer = async () => {
        for (let i = 0; running; i++) {
          writes.push(await createArea(server.url, cookie, `${NAME_PREFIX}${i}`, i));
          await sleep(30);
        }
      };
      const load = Promise.all([...Array.from({ length: options.readers }, (_, r) => reader(r)), writer()]);

      await sleep(2000);
      const tStop = performance.now();
      stopPostgres();
      const tDown = performance.now();
      await sleep(options.downSeconds * 1000);
      const tStart = performance.now();
      startPostgres();
      const tUp = performance.now();
      // Recovery: the first readiness answer 200 after PostgreSQL accepts connections again.
      let tServing: number | null = null;
      while (performance.now() - tUp < 30_000) {
        const response = await fetch(server.url + ready).catch(() => null);
        if (response?.status === 200) {
          tServing = performance.now();
          break;
        }
        await sleep(50);
      }
      await sleep(3000);
      running = false;
      await load;

      const before = samples.filter((s) => s.ended < tStop);
      const down = samples.filter((s) => s.started >= tDown && s.ended <= tStart);
      const after = samples.filter((s) => tServing !== null && s.started >= tServing + 500);
      const wrongDown = down.filter((s) => s.status !== 503 || !s.type.startsWith('application/problem+json'));
      const wrongBefore = before.filter((s) => s.status !== 200);
      const wrongAfter = after.filter((s) => s.status !== 200);
      const noAnswer = samples.filter((s) => s.status === 0);
      if (exitedEarly) problems.push(exitedEarly);
      if (noAnswer.length) problems.push(`${noAnswer.length} requests got no answer at all`);
      if (wrongBefore.length)
        problems.push(`before the stop: ${wrongBefore[0]!.path} answered ${wrongBefore[0]!.status}`);
      if (down.length === 0) problems.push('no request was made while PostgreSQL was down');
      for (const s of wrongDown.slice(0, 5)) problems.push(`while down: ${s.path} answered ${s.status} ${s.type}`);
      if (tServing === null) problems.push('the API did not serve again within 30 s');
      const recovery = tServing === null ? NaN : (tServing - tUp) / 1000;
      if (recovery > RECOVERY_LIMIT_S)
        problems.push(`recovery took ${recovery.toFixed(2)} s (limit ${RECOVERY_LIMIT_S} s)`);
      if (after.length === 0) problems.push('no request after recovery');
      for (const s of wrongAfter.slice(0, 5)) problems.push(`after recovery: ${s.path} answered ${s.status}`);
      problems.push(...badFailures(writes, false));

      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      try {
        // The tile caches' change listener (tiles/data-versions.ts) must have connected again.
        const { rows: listeners } = await pool.query<{ n: number }>(
          `SELECT count(*)::integer AS n FROM pg_stat_activity WHERE query ILIKE 'LISTEN%data_changed%'`,
        );
        const listening = listeners[0]!.n;
        if (listening !== 1) problems.push(`${listening} sessions LISTEN for data changes after recovery (expected 1)`);
        const integrity = await checkIntegrity(pool, NAME_PREFIX, writes);
        problems.push(...integrity.problems);
        const acknowledged = writes.filter((w) => w.status === 201).length;
        lines.push(
          `PostgreSQL stopped (\`pg_ctl stop -m fast\`, ${((tDown - tStop) / 1000).toFixed(2)} s) for ` +
            `${((tStart - tDown) / 1000).toFixed(1)} s under ${options.readers} readers and one writer; ` +
            `\`pg_ctl start -w\` took ${((tUp - tStart) / 1000).toFixed(2)} s.`,
          `Readiness (\`${ready}\`) 200 again **${recovery.toFixed(2)} s** after PostgreSQL accepted connections (limit ${RECOVERY_LIMIT_S} s).`,
          `While down: ${down.length} answers, ${down.length - wrongDown.length} of them 503 problem+json. ` +
            `Before: ${before.length} answers (${before.length - wrongBefore.length} 200); after recovery: ` +
            `${after.length} (${after.length - wrongAfter.length} 200). Requests without an answer: ${noAnswer.length}; ` +
            `server process exited: ${exitedEarly ? 'yes' : 'no'}.`,
          `Writes (areas of focus): ${writes.length}, ${acknowledged} acknowledged (201), ` +
            `${writes.length - acknowledged} refused (${[...new Set(writes.filter((w) => w.status !== 201).map((w) => w.status))].join(', ') || 'none'}); ` +
            `${integrity.areas} in the database, each with its version rows and audit entry` +
            `${integrity.problems.length ? ' — NOT all, see problems' : ''}; ` +
            `${integrity.committedButFailed} committed although reported failed.`,
          `Sessions listening for data changes (the tile caches' invalidation) 3 s after recovery: ${listening}.`,
        );
      } finally {
        await pool.end();
      }
    } finally {
      await server.stop();
    }
  } finally {
    execFileSync('scripts/pg-test-cluster.sh', ['stop'], { cwd: ROOT, env: CLUSTER_ENV });
  }
  return { problems, lines };
}
