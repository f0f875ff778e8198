import pg from 'pg';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { registeredRoutes } from '../support/authz-matrix.ts';
import { removeUsers, writeHeaders } from '../support/auth.ts';
import { importFile } from '../support/imports.ts';
import { signIn } from '../fuzz/support.ts';

/*
 * SQL is built only from registry identifiers and bound parameters (issue 9). Every statement
 * any pg client sends is recorded while request data carrying a marker reaches every route: each
 * path parameter, each query parameter the server knows, every free-text field of the writes, a
 * login, an imported file. The marker must never appear in a statement's text, and it must reach
 * the database as a bound value (or the test would prove nothing). A statement built by string
 * concatenation with request data fails the test; so does a 5xx (a quote breaking a statement).
 */

const MARKER = 'sqlmarker';
/** Request values: the marker with the characters string-built SQL trips over. */
const HOSTILE = `${MARKER}'"; --`;

interface Statement {
  text: string;
  values: unknown[];
}
const statements: Statement[] = [];

// Every pg client of this process (the app's pool, both backends) goes through Client#query.
const originalQuery = pg.Client.prototype.query;
function recordingQuery(this: pg.Client, ...args: [unknown, unknown?, ...unknown[]]) {
  const [first, second] = args;
  const config = typeof first === 'object' && first !== null ? (first as { text?: string; values?: unknown[] }) : {};
  const text = typeof first === 'string' ? first : (config.text ?? '');
  const values = Array.isArray(second) ? second : (config.values ?? []);
  statements.push({ text, values });
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
}

/** Statements whose text holds the marker: string-built with request data. */
function stringBuilt(recorded: Statement[]): Statement[] {
  return recorded.filter((s) => s.text.toLowerCase().includes(MARKER));
}
/** Statements that received the marker as a bound value. */
const bound = (recorded: Statement[]) =>
  recorded.filter((s) =>
    s.values.some((v) =>
      JSON.stringify(v ?? null)
        .toLowerCase()
        .includes(MARKER),
    ),
  );

let app: FastifyInstance;
let coordinator: { id: number; cookie: string };
let admin: { id: number; cookie: string };
let areaId: number;
const signalIds: number[] = [];
const partnerIds: number[] = [];
const responses: { what: string; status: number; body: string }[] = [];

async function send(what: string, options: InjectOptions) {
  const response = await app.inject(options);
  responses.push({ what, status: response.statusCode, body: response.body.slice(0, 200) });
  return response;
}

const SQUARE = {
  type: 'Polygon',
  coordinates: [
    [
      [4.21, 50.73],
      [4.22, 50.73],
      [4.22, 50.74],
      [4.21, 50.74],
      [4.21, 50.73],
    ],
  ],
};

beforeAll(async () => {
  pg.Client.prototype.query = recordingQuery as typeof originalQuery;
  app = await createTestApp();
  coordinator = await signIn(app, 'sql-params.coordinator', 'coordinator');
  admin = await signIn(app, 'sql-params.admin', 'admin');
  const created = await app.inject({
    method: 'POST',
    url: '/api/focus-areas',
    headers: writeHeaders(coordinator.cookie),
    payload: {
      name: 'SQL-parameters area',
      theme: 'buurten',
      priority: 'high',
      status: 'proposed',
      description: '',
      actions: [],
      geometry: SQUARE,
    },
  });
  if (created.statusCode !== 201) throw new Error(`setup: ${created.statusCode} ${created.body}`);
  areaId = created.json<{ id: number }>().id;
});

afterAll(async () => {
  pg.Client.prototype.query = originalQuery;
  const pool = app.db.pool;
  const users = [coordinator.id, admin.id];
  const { rows } = await pool.query<{ id: string }>(
    'SELECT DISTINCT focus_area_id AS id FROM focus_area_versions WHERE changed_by = ANY ($1)',
    [users],
  );
  const ids = rows.map((r) => r.id);
  await pool.query(
    `DELETE FROM audit_log WHERE user_id = ANY ($1) OR (entity = 'focus-area' AND entity_id = ANY ($2))`,
    [users, ids],
  );
  await pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = ANY ($1::bigint[])', [ids]);
  await pool.query('DELETE FROM focus_areas WHERE id = ANY ($1::bigint[])', [ids]);
  await pool.query(`DELETE FROM incidents WHERE source_id LIKE 'SQLP-%'`);
  await pool.query('DELETE FROM signals WHERE id = ANY ($1::bigint[])', [signalIds]); // steps cascade
  await removeUsers(pool, users);
  await pool.query('DELETE FROM partners WHERE id = ANY ($1::bigint[])', [partnerIds]);
  await app.close();
});

/** The GET routes the app registers (front-end files left out). */
const getRoutes = () =>
  registeredRoutes(app, new Set())
    .filter((route) => route.startsWith('GET '))
    .map((route) => route.slice('GET '.length))
    .filter((route) => !/^\/(assets\/|\S+\.html$)/.test(route));

/** Query parameters the routes know, each with a valid value the marker is appended to. */
const QUERY: Record<string, string> = {
  q: 'Halle',
  source: 'Politie Halle',
  partner: '1',
  phase: 'prevention',
  category: 'overlast',
  status: 'leegstaand',
  kind: 'jeugdhuis',
  theme: 'buurten',
  indicator: 'incidents-per-1000-residents',
  weights: 'incidents-per-1000-residents:5',
  layer: 'incidents',
  unit: 'sector',
  lang: 'nl',
  f: 'json',
  format: 'csv',
  datetime: '2024-01-01/2024-12-31',
  period: '2024-01-01/2024-12-31',
  bbox: '4.0,50.0,4.1,50.1',
  interval: 'year',
  limit: '10',
  offset: '0',
  year: '2024',
  from: '1',
  to: '2',
  version: '1',
  deleted: 'true',
  size: '250',
  cell: '250',
};

/** A valid value for each path parameter, so the other parameters reach the query. */
function validPath(route: string): string {
  return route
    .replace(':collectionId', 'incidents')
    .replace(':featureId', '1')
    .replace(':layer', 'incidents')
    .replace(':code', '23027A00-')
    .replace(':z', '14')
    .replace(':x', '8430')
    .replace(':y', '5500')
    .replace(
      ':id',
      route.startsWith('/api/focus-areas') || route.startsWith('/api/imports') ? String(areaId) : 'incidents',
    );
}

describe('request data reaches SQL only as bound parameters', () => {
  it('records what the app sends (the recorder works)', async () => {
    const before = statements.length;
    await app.db.pool.query('SELECT $1::text AS echoed', [HOSTILE]);
    const recorded = statements.slice(before);
    expect(bound(recorded)).toHaveLength(1);
    expect(stringBuilt(recorded)).toHaveLength(0);
    // And a statement built with request data is caught.
    await app.db.pool.query(`SELECT ${pg.escapeLiteral(HOSTILE)} AS built`);
    expect(stringBuilt(statements.slice(before))).toHaveLength(1);
    statements.length = before;
  });

  it('every GET route, with the marker in each path and query parameter', async () => {
    const routes = getRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const cookie = admin.cookie;
    for (const route of routes) {
      const names = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const name of names) {
        const url = validPath(route.replace(`:${name}`, encodeURIComponent(HOSTILE)));
        await send(`GET ${url}`, { method: 'GET', url, headers: { cookie } });
      }
      for (const [key, valid] of Object.entries(QUERY)) {
        const url = `${validPath(route)}?${key}=${encodeURIComponent(valid + HOSTILE)}`;
        await send(`GET ${url}`, { method: 'GET', url, headers: { cookie } });
      }
    }
  });

  it('every free-text field of the writes, a login and an imported file', async () => {
    const headers = writeHeaders(coordinator.cookie);
    const area = {
      name: `Buurt ${HOSTILE}`,
      theme: 'buurten',
      priority: 'high',
      status: 'proposed',
      description: `Beschrijving ${HOSTILE}`,
      actions: [{ year: 2024, action: `Actie ${HOSTILE}`, partner: `Partner ${HOSTILE}`, status: 'planned' }],
      geometry: SQUARE,
    };
    const created = await send('POST area', { method: 'POST', url: '/api/focus-areas', headers, payload: area });
    expect(created.statusCode).toBe(201);
    const { id, properties } = created.json<{ id: number; properties: { version: number } }>();
    const url = `/api/focus-areas/${id}`;
    const put = { ...area, version: properties.version, name: `Andere ${HOSTILE}` };
    const updated = await send('PUT area', { method: 'PUT', url, headers, payload: put });
    expect(updated.statusCode, updated.body).toBe(200);
    await send('search', { method: 'GET', url: `/api/focus-areas?q=${encodeURIComponent(HOSTILE)}`, headers });
    await send('login', {
      method: 'POST',
      url: '/api/auth/login',
      headers: writeHeaders(),
      payload: { username: HOSTILE, password: HOSTILE },
    });
    const partner = await send('POST partner', {
      method: 'POST',
      url: '/api/partners',
      headers,
      payload: { name: `Partner ${HOSTILE}`, kind: 'other', contactRole: `Rol ${HOSTILE}` },
    });
    expect(partner.statusCode, partner.body).toBe(201);
    partnerIds.push(partner.json<{ id: number }>().id);
    const signal = await send('POST signal', {
      method: 'POST',
      url: '/api/signals',
      headers,
      payload: {
        kind: 'housing-care',
        phase: 'prevention',
        reportedOn: '2025-03-01',
        geometry: { type: 'Point', coordinates: [4.02, 50.03] },
        description: `Signaal ${HOSTILE}`,
        reporter: `Melder ${HOSTILE}`,
      },
    });
    expect(signal.statusCode, signal.body).toBe(201);
    const { id: signalId, properties: signalProperties } = signal.json<{
      id: number;
      properties: { version: number };
    }>();
    signalIds.push(signalId);
    const patched = await send('PATCH signal', {
      method: 'PATCH',
      url: `/api/signals/${signalId}`,
      headers,
      payload: { version: signalProperties.version, description: `Anders ${HOSTILE}`, note: `Notitie ${HOSTILE}` },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const moved = await send('transition', {
      method: 'POST',
      url: `/api/signals/${signalId}/transitions`,
      headers,
      payload: { to: 'assessed', note: `Stap ${HOSTILE}` },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const csv = `Nummer;Soort;Datum;Bron;Lengtegraad;Breedtegraad\nSQLP-1;overlast;03-02-2024 08:30;Bron ${HOSTILE.replaceAll('"', '')};4,2215;50,7335\n`;
    const report = await importFile(app, coordinator.cookie, 'incidents', `${MARKER}.csv`, csv, {
      source: `Bron ${HOSTILE}`,
    });
    expect(report.inserted + report.updated + report.rejected).toBe(1);
  });

  it('no statement held the marker in its text, many received it as a value, and none failed', () => {
    const failures = responses.filter((r) => r.status >= 500);
    expect(failures, JSON.stringify(failures.slice(0, 5))).toEqual([]);
    const built = stringBuilt(statements);
    expect(built.map((s) => s.text.slice(0, 300))).toEqual([]);
    // The marker reached the database, as values, in each kind of statement it was sent to.
    const given = [...new Set(bound(statements).map((s) => s.text.replace(/\s+/g, ' ')))];
    for (const statement of [
      /^WITH deelgemeenten AS/, // the place search (q)
      /^INSERT INTO focus_areas/,
      /^UPDATE focus_areas/,
      /^INSERT INTO audit_log/,
      /FROM users WHERE username = \$1/, // the login
      /^INSERT INTO import_runs/,
      /^INSERT INTO import_sources/,
      /^INSERT INTO partners/,
      /^INSERT INTO signals/,
      /^UPDATE signals/,
      /^INSERT INTO signal_steps/,
    ]) {
      expect(
        given.some((text) => statement.test(text.trim())),
        `${statement} in ${given.join('\n')}`,
      ).toBe(true);
    }
  });
});

describe('escapeLiteral is used on module constants only', () => {
  it('every call in api/src quotes an UPPER_CASE constant', async () => {
    const root = path.resolve('api/src');
    const calls: string[] = [];
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      const source = await readFile(file, 'utf8');
      for (const match of source.matchAll(/escapeLiteral\(([^)]*)\)/g)) calls.push(`${file}: ${match[1]}`);
    }
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !/: [A-Z][A-Z0-9_]*$/.test(c))).toEqual([]);
  });
});
