import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type pg from 'pg';
import type { SqlQuery } from '../../api/src/layers/features-query.ts';

/* Load generators (pg straight, HTTP with autocannon, sequential fetch) and their statistics. */

export interface Phase {
  name: string;
  connections: number;
  /** Successful responses (2xx, including 204 for empty tiles) or queries. */
  ok: number;
  errors: number;
  firstError?: string;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** CPU used during the phase, in cores: this Node process, PostgreSQL, everything else (null: unknown). */
  cpu?: { node: number; db: number | null; other: number | null };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarize(name: string, connections: number, latencies: number[], errors: number, seconds: number): Phase {
  const sorted = latencies.sort((a, b) => a - b);
  return {
    name,
    connections,
    ok: sorted.length,
    errors,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One row from repeated runs of a phase: the median of each figure, errors summed. */
export function medianPhase(name: string, runs: readonly Phase[]): Phase {
  const m = (pick: (p: Phase) => number) => median(runs.map(pick));
  const cpu = (pick: (c: NonNullable<Phase['cpu']>) => number | null) => {
    const values = runs.map((r) => (r.cpu ? pick(r.cpu) : null));
    return values.includes(null) ? null : median(values as number[]);
  };
  return {
    name,
    connections: runs[0]!.connections,
    ok: m((r) => r.ok),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    seconds: m((r) => r.seconds),
    perSecond: m((r) => r.perSecond),
    p50: m((r) => r.p50),
    p95: m((r) => r.p95),
    p99: m((r) => r.p99),
    cpu: { node: cpu((c) => c.node) ?? NaN, db: cpu((c) => c.db), other: cpu((c) => c.other) },
  };
}

/** The floor: `connections` workers run the queries back to back, each from its own offset in the list. */
export async function runQueries(
  name: string,
  pool: pg.Pool,
  queries: readonly SqlQuery[],
  connections: number,
  seconds: number,
): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async (w: number) => {
    for (let i = Math.floor((w * queries.length) / connections); performance.now() < end; i++) {
      const { text, values } = queries[i % queries.length]!;
      const t0 = performance.now();
      try {
        await pool.query(text, values);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  return { ...summarize(name, connections, latencies, errors, (performance.now() - start) / 1000), firstError };
}

/** HTTP load with autocannon: each connection walks the whole path list, from its own offset. */
export async function runHttp(
  name: string,
  origin: string,
  paths: readonly string[],
  connections: number,
  seconds: number,
  extraHeaders: Record<string, string> = {},
): Promise<Phase> {
  const headers = { 'accept-encoding': 'gzip', ...extraHeaders };
  let client = 0;
  const rotated = (offset: number) =>
    paths.map((_, i) => ({ method: 'GET' as const, path: paths[(i + offset) % paths.length], headers }));
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections,
        duration: seconds,
        headers,
        setupClient: (c) => c.setRequests(rotated(Math.floor((client++ * paths.length) / connections))),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  const phase = summarize(name, connections, latencies, errors, result.duration);
  return errors ? { ...phase, firstError: `${result.non2xx} non-2xx, ${result.errors} errors` } : phase;
}

/** Latency of `run` called `count` times in a row; a call that resolves false counts as an error. */
export async function timeSequential(
  name: string,
  count: number,
  run: (i: number) => Promise<boolean>,
): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    if (await run(i)) latencies.push(performance.now() - t0);
    else errors++;
  }
  return summarize(name, 1, latencies, errors, (performance.now() - start) / 1000);
}

/** Latency of a URL (or the i-th of a series of URLs) fetched `count` times in a row. */
export function runSequential(
  name: string,
  url: string | ((i: number) => string),
  count: number,
  headers: Record<string, string> = {},
): Promise<Phase> {
  return timeSequential(name, count, async (i) => {
    const response = await fetch(typeof url === 'string' ? url : url(i), { headers });
    await response.arrayBuffer();
    return response.ok;
  });
}

// ---------------------------------------------------------------------------------------------
// Where the time goes: CPU of this process, of the PostgreSQL server (all its processes) and of
// the rest of the machine. Linux with the database on the same machine; else left out.

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/<pid>/stat from the 3rd (state) on, so field n of proc(5) is at index n - 3. */
function procStat(pid: number): number[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text
      .slice(text.lastIndexOf(') ') + 2)
      .split(' ')
      .map(Number);
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine (steal excluded), or null off Linux. */
function machineCpu(): number | null {
  try {
    const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user! + nice! + system! + irq! + softirq!) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** The PostgreSQL server's main process: the parent of this connection's backend. */
async function postmasterPid(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return procStat(rows[0]!.pid)?.[1] ?? null;
}

/**
 * CPU seconds of each of the server's processes (backends, parallel workers, background
 * processes), and under pid 0 those of its children that exited and were reaped.
 */
function serverCpu(postmaster: number): Map<number, number> | null {
  const main = procStat(postmaster);
  if (!main) return null;
  const cpu = new Map<number, number>([
    [0, (main[13]! + main[14]!) / CLOCK_TICKS],
    [postmaster, (main[11]! + main[12]!) / CLOCK_TICKS],
  ]);
  for (const entry of readdirSync('/proc')) {
    const stat = /^\d+$/.test(entry) ? procStat(Number(entry)) : null;
    if (stat?.[1] === postmaster) cpu.set(Number(entry), (stat[11]! + stat[12]!) / CLOCK_TICKS);
  }
  return cpu;
}

/** Runs a phase and adds the CPU it used, in cores (1.0 = one core busy throughout). */
export async function withCpu(pool: pg.Pool, run: () => Promise<Phase>): Promise<Phase> {
  const postmaster = await postmasterPid(pool);
  const db0 = postmaster === null ? null : serverCpu(postmaster);
  const machine0 = machineCpu();
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  const phase = await run();
  const wall = (performance.now() - t0) / 1000;
  const nodeUsage = process.cpuUsage(node0);
  const machine1 = machineCpu();
  const db1 = postmaster === null ? null : serverCpu(postmaster);
  const node = (nodeUsage.user + nodeUsage.system) / 1e6 / wall;
  let db: number | null = null;
  if (db0 && db1) {
    // A process that exited meanwhile (an idle pool connection, a parallel worker) took its earlier time into pid 0.
    const exited = [...db0].filter(([pid]) => !db1.has(pid)).reduce((sum, [, s]) => sum + s, 0);
    db = ([...db1].reduce((sum, [pid, s]) => sum + s - (db0.get(pid) ?? 0), 0) - exited) / wall;
  }
  const total = machine0 !== null && machine1 !== null ? (machine1 - machine0) / wall : null;
  const other = total !== null && db !== null ? Math.max(0, total - node - db) : null;
  return { ...phase, cpu: { node, db, other } };
}
