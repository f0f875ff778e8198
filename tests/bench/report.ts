import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type pg from 'pg';
import type { TileCoord } from '../../api/src/tiles/tile-grid.ts';
import type { Phase } from './load.ts';

/* The benchmark's report: machine details and markdown tables, for RESULTS.md and stdout. */

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  postgis: string;
  dbSettings: string;
  commit: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]!.trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(pool: pg.Pool): Promise<Machine> {
  const { rows } = await pool.query<{ version: string; postgis: string; settings: string }>(
    `SELECT current_setting('server_version') AS version, postgis_lib_version() AS postgis,
            concat_ws(', ', 'shared_buffers ' || current_setting('shared_buffers'),
                      'work_mem ' || current_setting('work_mem'), 'jit ' || current_setting('jit'),
                      'max_parallel_workers_per_gather ' || current_setting('max_parallel_workers_per_gather')) AS settings`,
  );
  const row = rows[0]!;
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: row.version,
    postgis: row.postgis,
    dbSettings: row.settings,
    commit: gitCommit(),
  };
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The phases table; `ratio` gives each row's ratio to the floor, or '' for none. */
export function phaseTable(phases: readonly Phase[], ratio: (phase: Phase) => string): string {
  return table(
    [
      'Phase',
      'Conn.',
      'Req./s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'OK',
      'Errors',
      'Ratio to floor',
      'CPU Node',
      'CPU PG',
      'CPU other',
    ],
    phases.map((p) => [
      p.name,
      String(p.connections),
      fmt(p.perSecond),
      fmt(p.p50, 1),
      fmt(p.p95, 1),
      fmt(p.p99, 1),
      fmt(p.ok),
      String(p.errors),
      ratio(p),
      fmt(p.cpu?.node ?? NaN, 2),
      fmt(p.cpu?.db ?? NaN, 2),
      fmt(p.cpu?.other ?? NaN, 2),
    ]),
  );
}

export function machineTable(m: Machine, databaseHost: string): string {
  return table(
    ['', ''],
    [
      ['CPU', `${m.cpu}, ${m.cores} cores`],
      ['Memory', `${fmt(m.memoryGiB, 1)} GiB`],
      ['OS', m.os],
      ['Node', m.node],
      ['PostgreSQL', `${m.postgres} on ${databaseHost}`],
      ['PostGIS', m.postgis],
      ['Database settings', m.dbSettings],
      ['Commit', m.commit],
    ],
  );
}

export interface LargestTile {
  tile: TileCoord;
  incidents: number;
  raw: number;
  gzip: number;
}

export interface Target {
  name: string;
  measured: string;
  holds: boolean;
}

export interface Report {
  title: string;
  intro: string;
  machine: Machine;
  databaseHost: string;
  /** Bullet points on the data and the tile set. */
  setup: string[];
  phases: Phase[];
  ratios: ReadonlyMap<Phase, number>;
  sizesHeading: string;
  largest: LargestTile[];
  targetsHeading: string;
  targets: Target[];
}

export function renderReport(r: Report): string {
  const tileName = ({ z, x, y }: TileCoord) => `${z}/${x}/${y}`;
  return (
    [
      `# ${r.title}`,
      r.intro,
      '## Machine',
      machineTable(r.machine, r.databaseHost),
      '## Data and tile set',
      r.setup.map((line) => `- ${line}`).join('\n'),
      '## Throughput and latency',
      phaseTable(r.phases, (p) => (r.ratios.has(p) ? fmt(r.ratios.get(p)!, 2) : '')),
      `## ${r.sizesHeading}`,
      table(
        ['Zoom', 'Tile', 'Incidents in tile', 'Raw bytes', 'Gzip bytes'],
        r.largest.map((s) => [String(s.tile.z), tileName(s.tile), fmt(s.incidents), fmt(s.raw), fmt(s.gzip)]),
      ),
      `## ${r.targetsHeading}`,
      table(
        ['Target', 'Measured', 'Holds'],
        r.targets.map((t) => [t.name, t.measured, t.holds ? '✓' : '✗']),
      ),
    ].join('\n\n') + '\n'
  );
}
