import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/*
 * `npm run retention` as an admin (or a cron job) runs it: a child process on the suite's
 * database (through its socket on the embedded backend), its one line and its exit status.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI_TIMEOUT = 90_000;

let pool: pg.Pool;
let signalId: number;

function runCli(env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/cli/retention.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: inject('databaseUrl'), SIGNAL_RETENTION_MONTHS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The cutoff date the database computes for `months`, as the command prints it. */
async function cutoff(months: number): Promise<string> {
  const { rows } = await pool.query<{ day: string }>(
    `SELECT to_char((now() - make_interval(months => $1::integer)) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`,
    [months],
  );
  return rows[0]!.day;
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO signals (kind, description, reporter, reported_on, status, phase, geom, closed_at)
     VALUES ('housing-care', 'Beschrijving (cli)', 'Melder (cli)', '2021-01-04', 'closed', 'aftercare',
             ST_SetSRID(ST_MakePoint(4.05, 50.05), 4326), now() - interval '30 months')
     RETURNING id`,
  );
  signalId = Number(rows[0]!.id);
});

afterAll(async () => {
  await pool.query('DELETE FROM signals WHERE id = $1', [signalId]);
  await pool.end();
});

describe('npm run retention', () => {
  it(
    'anonymises the signal closed 30 months ago and prints the one line; then nothing is due',
    async () => {
      const day = await cutoff(24);
      const first = await runCli();
      expect(first.code, first.stderr).toBe(0);
      // The date is the database's now() minus 24 months: the day read just before, or the next.
      expect([
        `anonymised 1 signals (closed before ${day})`,
        `anonymised 1 signals (closed before ${await cutoff(24)})`,
      ]).toContain(first.stdout.trim());
      const { rows } = await pool.query('SELECT description, reporter FROM signals WHERE id = $1', [signalId]);
      expect(rows[0]).toEqual({ description: null, reporter: null });

      const second = await runCli({ SIGNAL_RETENTION_MONTHS: '12' });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout.trim()).toMatch(/^anonymised 0 signals \(closed before \d{4}-\d{2}-\d{2}\)$/);
      expect(second.stdout).toContain(await cutoff(12));
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses a retention period that is not 1 to 1200 months, saying so, and touches nothing',
    async () => {
      const result = await runCli({ SIGNAL_RETENTION_MONTHS: '0' });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim()).toBe(
        'retention failed: SIGNAL_RETENTION_MONTHS must be an integer from 1 to 1200, got "0"',
      );
    },
    CLI_TIMEOUT,
  );
});
