import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServerProcess } from '../support/server-process.ts';

/*
 * Graceful shutdown (issue 9) on a real server process (embedded backend, demo data): requests
 * in flight when SIGTERM arrives finish with their whole answer, new connections are refused,
 * and the process exits 0. The requests are GeoPackage exports of the demo sectors whose
 * answers the test reads only after the signal.
 */

let server: RunningServer;

beforeAll(async () => {
  server = await startServerProcess({ LOG_LEVEL: 'info' });
});

afterAll(async () => {
  await server?.stop();
});

interface Answer {
  status: number;
  body: Buffer;
  endedAt: number;
}

/**
 * A GET on a connection of its own (no keep-alive pool). `started` resolves once the response
 * has begun (the server is serving it); its body is read only when `read()` is called, so the
 * request is still in flight at that point whatever the machine's speed.
 */
function fetchAlone(url: string): { started: Promise<void>; read(): Promise<Answer> } {
  let begin!: () => void;
  let answer!: (value: Answer) => void;
  let fail!: (error: unknown) => void;
  const started = new Promise<void>((resolve, reject) => ((begin = resolve), (fail = reject)));
  const done = new Promise<Answer>((resolve, reject) => ((answer = resolve), (fail = reject)));
  let response: IncomingMessage | undefined;
  get(url, { agent: false }, (res) => {
    response = res;
    res.pause();
    begin();
  }).on('error', (error) => fail(error));
  return {
    started,
    read() {
      const chunks: Buffer[] = [];
      response!.on('data', (chunk: Buffer) => chunks.push(chunk));
      response!.on('end', () =>
        answer({ status: response!.statusCode ?? 0, body: Buffer.concat(chunks), endedAt: performance.now() }),
      );
      response!.on('error', fail);
      response!.resume();
      return done;
    },
  };
}

/** A GET that is read at once: the answer, or the connection error's code. */
function fetchNow(url: string): Promise<string> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

it('SIGTERM lets the requests in flight finish, refuses new connections and exits 0', async () => {
  let log = '';
  server.child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  const exportUrl = `${server.url}api/layers/neighbourhoods/export?format=gpkg`;
  const inFlight = [fetchAlone(exportUrl), fetchAlone(exportUrl), fetchAlone(exportUrl)];
  await Promise.all(inFlight.map((request) => request.started));

  const signalledAt = performance.now();
  server.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const late = await fetchNow(`${server.url}api/health/live`);

  // Only now are the answers read: each was still in flight when the signal came.
  const responses = await Promise.all(inFlight.map((request) => request.read()));
  for (const response of responses) {
    expect(response.status).toBe(200);
    expect(response.body.subarray(0, 15).toString()).toBe('SQLite format 3'); // a whole GeoPackage
  }
  for (const response of responses) expect(response.endedAt).toBeGreaterThan(signalledAt);
  expect(late).toBe('ECONNREFUSED');
  expect(await exited).toBe(0);
  // The log is pino's JSON, one object a line, and tells what happened.
  const messages = log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
  expect(messages).toContain('shutting down: finishing requests in flight');
  expect(messages.at(-1)).toBe('shut down');
});
