import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningServer {
  url: string;
  startupSeconds: number;
  /** The server's process, for tests that signal it themselves (graceful shutdown). */
  child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface TestAccount {
  username: string;
  role: 'admin' | 'coordinator' | 'planner' | 'partner';
  password: string;
  /** A partner user's organisation, by name (`--partner`); it must exist in the database already. */
  partner?: string;
}

/** Runs `npm run user:add` (the CLI a city's admin uses) against the server's database. */
async function addUser(account: TestAccount, env: NodeJS.ProcessEnv): Promise<void> {
  const args = ['--import', 'tsx', 'api/src/cli/user-add.ts'];
  args.push('--username', account.username, '--role', account.role, '--password', account.password);
  if (account.partner !== undefined) args.push('--partner', account.partner);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`user:add ${account.username} exited with ${code}:\n${output}`);
}

/**
 * Starts the real server (`tsx api/src/server.ts`) as `npm start` would, on a free port and a
 * fresh embedded data folder (or DATABASE_URL when given), and waits for its "ready … at URL" line.
 * `accounts` are created first with `npm run user:add`, on the same data folder. With
 * `options.dataDir` it runs on that folder instead and leaves it in place on stop, so a test can
 * stop the server, add accounts that need its data (a partner's user needs its partner) and
 * start it again on the same database; the caller removes the folder.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  accounts: readonly TestAccount[] = [],
  options: { dataDir?: string } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'liveability-e2e-')));
  const started = performance.now();
  const baseEnv = { ...process.env, PGLITE_DATA_DIR: path.join(dataDir, 'pglite'), LOG_LEVEL: 'warn', ...env };
  for (const account of accounts) await addUser(account, baseEnv);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PGLITE_DATA_DIR: path.join(dataDir, 'pglite'),
      LOG_LEVEL: 'warn',
      // One browser on one address makes hundreds of tile requests: no limit unless a test sets one.
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready in [\d.]+ s at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready:\n${output}`)));
  });
  return {
    url,
    startupSeconds: (performance.now() - started) / 1000,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
