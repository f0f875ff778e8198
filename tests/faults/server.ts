import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/*
 * The real server (`api/src/server.ts`) as a child process the fault tests can watch and kill:
 * tests/support/server-process.ts hides its process, and here the test has to see whether it
 * exits on its own and has to SIGKILL it mid-write.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Account {
  username: string;
  role: 'admin' | 'coordinator' | 'planner';
  password: string;
}

export interface ServerChild {
  url: string;
  child: ChildProcess;
  startupSeconds: number;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flush. */
  kill(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** `npm run user:add` against the database `env` names (the server must not hold an embedded folder). */
export async function addUser(account: Account, env: Record<string, string>): Promise<void> {
  const args = ['--import', 'tsx', 'api/src/cli/user-add.ts', '--username', account.username];
  args.push('--role', account.role, '--password', account.password);
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`user:add ${account.username} exited with ${code}:\n${output}`);
}

/** Starts the server on a free port and waits for its "ready … at URL" line (or its exit). */
export async function spawnServer(env: Record<string, string>, timeoutMs = 180_000): Promise<ServerChild> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready in [\d.]+ s at (http:\/\/\S+?)\/?(\s|$)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  return {
    url,
    child,
    startupSeconds: (performance.now() - started) / 1000,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    },
  };
}

/** Signs in as the map's own page does (same Origin); returns the Cookie header value. */
export async function signIn(url: string, account: Account): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`signing in ${account.username}: HTTP ${response.status}`);
  return cookie;
}

/** A small valid area of focus in Halle, named so the test can find it in SQL afterwards. */
export function areaBody(name: string, i: number) {
  const west = 4.2 + (i % 50) * 0.001;
  const south = 50.72 + Math.floor(i / 50) * 0.001;
  const ring = [
    [west, south],
    [west + 0.0008, south],
    [west + 0.0008, south + 0.0008],
    [west, south + 0.0008],
    [west, south],
  ];
  return {
    name,
    theme: 'buurten',
    priority: 'medium',
    status: 'proposed',
    description: 'written by the fault tests',
    actions: [{ year: 2026, action: 'check', partner: '', status: 'planned' }],
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
}

export interface WriteResult {
  name: string;
  status: number;
  /** Content type of the answer ('' for none). */
  type: string;
  id: number | null;
}

/** POST /api/focus-areas as a coordinator; a network failure is status 0. */
export async function createArea(url: string, cookie: string, name: string, i: number): Promise<WriteResult> {
  try {
    const response = await fetch(`${url}/api/focus-areas`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url, cookie },
      body: JSON.stringify(areaBody(name, i)),
    });
    const text = await response.text();
    const id = response.status === 201 ? ((JSON.parse(text) as { id: number }).id ?? null) : null;
    return { name, status: response.status, type: response.headers.get('content-type') ?? '', id };
  } catch {
    return { name, status: 0, type: '', id: null };
  }
}
