import { get } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServerProcess } from '../support/server-process.ts';

/*
 * Graceful shutdown (issue 9) on a real server process (embedded backend, demo data): requests
 * in flight when SIGTERM arrives finish with their whole answer, new connections are refused,
 * and the process exits 0. The slow requests are GeoPackage exports of the demo sectors (about
 * a second each on the embedded backend's single connection, so three queue up).
 */

let server: RunningServer;

beforeAll(async () => {
  server = await startServerProcess({ LOG_LEVEL: 'info' });
});

afterAll(async () => {
  await server?.stop();
});

/** A GET on a connection of its own (no keep-alive pool), resolving with status, body and when it ended. */
function fetchAlone(url: string): Promise<{ status: number; body: Buffer; endedAt: number }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), endedAt: performance.now() }),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

it('SIGTERM lets the requests in flight finish, refuses new connections and exits 0', async () => {
  let log = '';
  server.child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  const exportUrl = `${server.url}api/layers/neighbourhoods/export?format=gpkg`;
  const inFlight = [fetchAlone(exportUrl), fetchAlone(exportUrl), fetchAlone(exportUrl)];
  await new Promise((resolve) => setTimeout(resolve, 300));

  const signalledAt = performance.now();
  server.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const late = await fetchAlone(`${server.url}api/health/live`).then(
    (response) => `answered ${response.status}`,
    (error: NodeJS.ErrnoException) => error.code,
  );

  const responses = await Promise.all(inFlight);
  for (const response of responses) {
    expect(response.status).toBe(200);
    expect(response.body.subarray(0, 15).toString()).toBe('SQLite format 3'); // a whole GeoPackage
  }
  // At least one of them was still being served when the signal came.
  expect(Math.max(...responses.map((response) => response.endedAt))).toBeGreaterThan(signalledAt);
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
