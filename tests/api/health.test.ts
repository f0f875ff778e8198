import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import type { Database } from '../../api/src/db/database.ts';
import { readsSession } from '../../api/src/plugins/auth.ts';
import { createTestApp } from '../support/app.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app.close();
});

it('GET /api/health reports the backend and the PostGIS version', async () => {
  const response = await app.inject('/api/health');
  expect(response.statusCode).toBe(200);
  const body = response.json<{ status: string; database: { backend: string; postgis: string; postgres: string } }>();
  expect(body.status).toBe('ok');
  expect(body.database.backend).toBe(inject('backend'));
  expect(body.database.postgis).toMatch(/^3\.\d+/);
  expect(body.database.postgres).toMatch(/^\d+/);
});

it('GET /api/config gives an offline-safe default view on Halle', async () => {
  const response = await app.inject('/api/config');
  expect(response.statusCode).toBe(200);
  const body = response.json<{ basemap: unknown; center: number[]; zoom: number }>();
  expect(body.basemap).toBeNull();
  expect(body.center[0]).toBeCloseTo(4.24, 1);
  expect(body.center[1]).toBeCloseTo(50.73, 1);
});

/**
 * A TCP relay between the app's pool and the suite's database, so a test can make the
 * database stop answering (`hold`: bytes are kept, as on a hung server) or go away (`down`)
 * without touching the database every other test file uses.
 */
async function startRelay(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let holding = false;
  const held: Array<() => void> = [];
  const relayServer: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (holding) held.push(() => to.write(chunk));
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relayServer.listen(0, '127.0.0.1', resolve));
  const port = (relayServer.address() as AddressInfo).port;
  return {
    port,
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const write of held.splice(0)) write();
    },
    async down() {
      await new Promise<void>((resolve) => {
        relayServer.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

describe('liveness and readiness probes', () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let probed: FastifyInstance;

  beforeAll(async () => {
    const url = new URL(inject('databaseUrl'));
    relay = await startRelay({ host: url.hostname, port: Number(url.port) });
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);
    // As createTestApp: PGlite serves one connection; on a server the LISTEN connection needs a second.
    const pool = new pg.Pool({ connectionString: url.toString(), max: inject('backend') === 'embedded' ? 1 : 4 });
    // The relay going down breaks idle connections: the app's own pool does the same (database.ts).
    pool.on('error', () => {});
    const db: Database = { pool, backend: inject('backend'), close: () => pool.end() };
    // A limit of 2 a minute: the probes must never meet it.
    probed = await buildApp({ config: { ...loadConfig({ RATE_LIMIT_PER_MINUTE: '2' }) }, db });
    probed.addHook('onClose', () => db.close());
  });

  afterAll(async () => {
    await relay?.down();
    await probed?.close();
  });

  it('live and ready answer 200 {status: ok}, uncached, more often than the anonymous limit allows', async () => {
    for (let i = 0; i < 4; i++) {
      for (const url of ['/api/health/live', '/api/health/ready']) {
        const response = await probed.inject(url);
        expect(response.statusCode, url).toBe(200);
        expect(response.json()).toEqual({ status: 'ok' });
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['x-ratelimit-limit']).toBeUndefined();
      }
    }
    // The limit itself is on: the full health check is counted like any API route.
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await probed.inject('/api/health')).statusCode);
    expect(codes).toEqual([200, 200, 429]);
  });

  it('the probes skip the session lookup; every other API path reads the session', () => {
    expect(readsSession('/api/health/live')).toBe(false);
    expect(readsSession('/api/health/ready?x=1')).toBe(false);
    expect(readsSession('/api/health')).toBe(true);
    expect(readsSession('/api/health/liveness')).toBe(true);
  });

  it('ready is a 503 problem when SELECT 1 gets no answer within 2 s; live still answers', async () => {
    relay.hold();
    try {
      const started = performance.now();
      const [ready, live] = await Promise.all([probed.inject('/api/health/ready'), probed.inject('/api/health/live')]);
      const seconds = (performance.now() - started) / 1000;
      expect(live.statusCode).toBe(200);
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(ready.json()).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expect(ready.json().detail).toMatch(/database is not reachable.*2000 ms/);
      expect(seconds).toBeGreaterThanOrEqual(1.9);
      expect(seconds).toBeLessThan(5);
    } finally {
      relay.release();
    }
    // The held query answers once the database does; ready is 200 again.
    await expect.poll(async () => (await probed.inject('/api/health/ready')).statusCode, { timeout: 5000 }).toBe(200);
  });

  it('ready is a 503 problem while the database is unreachable; live still answers 200', async () => {
    await relay.down();
    const ready = await probed.inject('/api/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().detail).toMatch(/database is not reachable/);
    expect(ready.json().instance).toBe('/api/health/ready');
    const live = await probed.inject('/api/health/live');
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
  });
});
