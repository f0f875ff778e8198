import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
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
