import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import {
  fillBody,
  fillText,
  loadMatrix,
  type MatrixRole,
  type MatrixRow,
  methodOf,
  placeholdersOf,
  registeredRoutes,
  ROLES,
  STATIC_ROUTE,
  staticUrls,
} from '../support/authz-matrix.ts';
import { createUser, login, removeUsers, writeHeaders } from '../support/auth.ts';
import { multipart, tableState, type UploadBody } from '../support/imports.ts';
import { createPartner, createPartnerUser } from '../support/partners.ts';

/*
 * Who may call what: every route the server registers x every role, against the matrix in
 * tests/authz-matrix.json (format: tests/README.md). A registered route without a row fails, as
 * does a row for a route that is gone. A refused call (401, 403) answers problem+json (HTML for
 * the report page) and leaves every table its row `writes` as it was; what the allowed writes
 * create is removed in afterAll (other files count areas of focus, users, import runs, partners
 * and signals). The `partner` role is a user of the partner `{partner}`; `{otherPartner}` is
 * another partner, whose signals it must not reach.
 */

const matrix = loadMatrix();

// Front end files of our own: `npm test` runs before any build, and the routes must not depend on one.
const WEB_FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>kaart</title>',
  'embed.html': '<!doctype html><title>embed</title>',
  'import.html': '<!doctype html><title>import</title>',
  'assets/app.js': 'console.log("kaart");',
};

const PASSWORD = (username: string) => `${username}-password`;
const LOGIN_TARGET = 'authz-login';

let app: FastifyInstance;
let webDistDir: string;
let uploadDir: string;
const userIds: number[] = [];
const partnerIds: number[] = [];
/** A number for the names of the partners the calls add (names are unique). */
let partnerNames = 0;
/** Each signed-in role's session cookie (anonymous: none). */
const cookies: Partial<Record<MatrixRole, string>> = {};
/** Placeholders made once: the area every read row looks at, an import run, an incident. */
let fixed: Record<string, unknown>;

const username = (role: MatrixRole) => `authz-${role}`;

beforeAll(async () => {
  webDistDir = await mkdtemp(path.join(tmpdir(), 'authz-web-'));
  for (const [name, content] of Object.entries(WEB_FILES)) {
    await mkdir(path.dirname(path.join(webDistDir, name)), { recursive: true });
    await writeFile(path.join(webDistDir, name), content);
  }
  uploadDir = await mkdtemp(path.join(tmpdir(), 'authz-uploads-'));
  app = await createTestApp({}, { webDistDir, importUploadDir: uploadDir });

  const partner = await createPartner(app.db.pool, 'authz-partner', 'police');
  const otherPartner = await createPartner(app.db.pool, 'authz-other-partner', 'youth');
  partnerIds.push(partner, otherPartner);
  for (const role of ROLES) {
    if (role === 'anonymous') continue;
    const name = username(role);
    const password = PASSWORD(name);
    userIds.push(
      role === 'partner'
        ? await createPartnerUser(app.db.pool, { username: name, password, partnerId: partner })
        : await createUser(app.db.pool, { username: name, role, password }),
    );
    cookies[role] = await login(app, name, password);
  }
  userIds.push(
    await createUser(app.db.pool, { username: LOGIN_TARGET, role: 'planner', password: PASSWORD(LOGIN_TARGET) }),
  );

  const area = await freshArea();
  const upload = await makeUpload(cookies.admin!);
  const run = await app.inject({
    method: 'POST',
    url: '/api/imports',
    headers: writeHeaders(cookies.admin),
    payload: { uploadId: upload.upload.id, layer: matrix.uploadFile.layer, mapping: upload.mapping, dryRun: true },
  });
  expect(run.statusCode, run.body).toBe(200);
  const { rows } = await app.db.pool.query<{ id: string }>(`SELECT id FROM incidents WHERE source_id = 'T-INC-1'`);
  fixed = {
    ...matrix.values,
    partner,
    otherPartner,
    signal: await freshSignal(partner),
    otherSignal: await freshSignal(otherPartner),
    area,
    run: run.json<{ id: number }>().id,
    incident: rows[0]!.id,
    loginUsername: LOGIN_TARGET,
    loginPassword: PASSWORD(LOGIN_TARGET),
  };
});

afterAll(async () => {
  const pool = app.db.pool;
  const { rows } = await pool.query<{ id: string }>(
    'SELECT DISTINCT focus_area_id AS id FROM focus_area_versions WHERE changed_by = ANY ($1::bigint[])',
    [userIds],
  );
  const areaIds = rows.map((row) => row.id);
  const signals = await pool.query<{ id: string }>(
    'SELECT id::text FROM signals WHERE created_by = ANY ($1::bigint[]) OR partner_id = ANY ($2::bigint[])',
    [userIds, partnerIds],
  );
  const signalIds = signals.rows.map((row) => row.id);
  const partners = await pool.query<{ id: string }>(`SELECT id::text FROM partners WHERE name LIKE 'authz-%'`);
  await pool.query('DELETE FROM signals WHERE id = ANY ($1::bigint[])', [signalIds]); // steps cascade
  await pool.query(
    `DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[]) OR (entity = 'focus-area' AND entity_id = ANY ($2::text[]))
        OR (entity = 'signal' AND entity_id = ANY ($3::text[]))`,
    [userIds, areaIds, signalIds],
  );
  await pool.query('DELETE FROM focus_area_versions WHERE focus_area_id = ANY ($1::bigint[])', [areaIds]);
  await pool.query('DELETE FROM focus_areas WHERE id = ANY ($1::bigint[])', [areaIds]);
  // Partner users refer to their partner: the users go first, then the partners.
  await removeUsers(pool, userIds);
  await pool.query('DELETE FROM partners WHERE id = ANY ($1::bigint[])', [partners.rows.map((row) => row.id)]);
  await app.close();
  await rm(webDistDir, { recursive: true, force: true });
  await rm(uploadDir, { recursive: true, force: true });
});

/** A new area of focus (version 1), made by the admin through the API; its id. */
async function freshArea(): Promise<number> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/focus-areas',
    headers: writeHeaders(cookies.admin),
    payload: {
      name: 'authz',
      theme: 'buurten',
      priority: 'medium',
      status: 'proposed',
      description: '',
      actions: [],
      geometry: matrix.values.square as Record<string, unknown>,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number }>().id;
}

/** A new signal (version 1, status new) assigned to `partnerId`, made by the admin through the API; its id. */
async function freshSignal(partnerId: number): Promise<number> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/signals',
    headers: writeHeaders(cookies.admin),
    payload: {
      kind: 'neglect',
      phase: 'prevention',
      reportedOn: '2025-01-15',
      geometry: { type: 'Point', coordinates: [4.015, 50.015] },
      partnerId,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number }>().id;
}

async function makeUpload(cookie: string): Promise<UploadBody> {
  const { fileName, content, layer } = matrix.uploadFile;
  const { payload, contentType } = multipart(fileName, content);
  const response = await app.inject({
    method: 'POST',
    url: `/api/imports/uploads?layer=${layer}`,
    headers: { ...writeHeaders(cookie), 'content-type': contentType },
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<UploadBody>();
}

/** The placeholders of one call: the fixed ones, and those made for it (a fresh area, an upload of its own). */
async function valuesFor(row: MatrixRow, role: MatrixRole): Promise<Record<string, unknown>> {
  const used = placeholdersOf(row);
  const values = { ...fixed };
  if (used.has('freshArea')) values.freshArea = await freshArea();
  if (used.has('freshSignal')) values.freshSignal = await freshSignal(fixed.partner as number);
  if (used.has('freshOtherSignal')) values.freshOtherSignal = await freshSignal(fixed.otherPartner as number);
  if (used.has('freshName')) values.freshName = `authz-partner-${++partnerNames}`;
  if (used.has('upload') || used.has('uploadMapping')) {
    // The caller's own upload (an import finds only those); the admin's for a role that may not upload.
    const own = role === 'coordinator' || role === 'admin' ? cookies[role]! : cookies.admin!;
    const upload = await makeUpload(own);
    values.upload = upload.upload.id;
    values.uploadMapping = upload.mapping;
  }
  return values;
}

/** What a row writes, as it is now: each table's row count and checksum, the upload folder's files. */
async function stateOf(row: MatrixRow): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const target of row.writes ?? []) {
    state[target] =
      target === 'uploads'
        ? (await readdir(uploadDir, { recursive: true })).sort()
        : await tableState(app.db.pool, target);
  }
  return state;
}

async function call(row: MatrixRow, role: MatrixRole) {
  const values = await valuesFor(row, role);
  let cookie = cookies[role];
  if (row.session === 'fresh' && cookie !== undefined)
    cookie = await login(app, username(role), PASSWORD(username(role)));
  const request: InjectOptions = {
    method: methodOf(row),
    url: fillText(row.url, values),
    headers: writeHeaders(cookie),
  };
  if (row.multipart) {
    const { payload, contentType } = multipart(matrix.uploadFile.fileName, matrix.uploadFile.content);
    request.payload = payload;
    request.headers = { ...request.headers, 'content-type': contentType };
  } else if (row.body !== undefined) {
    request.payload = fillBody(row.body, values) as Record<string, unknown>;
  }
  const before = await stateOf(row);
  const response = await app.inject(request);
  return { response, before, after: await stateOf(row) };
}

describe('the matrix covers the server', () => {
  it('has a row for every route the server registers', async () => {
    const rows = new Set(matrix.rows.map((row) => row.route));
    const missing = registeredRoutes(app, await staticUrls(webDistDir)).filter((route) => !rows.has(route));
    expect(missing, `routes without a row in tests/authz-matrix.json: ${missing.join(', ')}`).toEqual([]);
  });

  it('names no route the server does not register', async () => {
    const registered = new Set(registeredRoutes(app, await staticUrls(webDistDir)));
    const gone = [...new Set(matrix.rows.map((row) => row.route))].filter((route) => !registered.has(route));
    expect(gone, `rows in tests/authz-matrix.json for routes that do not exist: ${gone.join(', ')}`).toEqual([]);
  });

  it('sees the routes it should: static files as one row, HEAD left out', async () => {
    const routes = registeredRoutes(app, await staticUrls(webDistDir));
    expect(routes).toContain(STATIC_ROUTE);
    expect(routes).toContain('DELETE /api/focus-areas/:id');
    expect(routes).toContain('GET /ogc/collections/:collectionId/items/:featureId');
    expect(routes.filter((route) => route.startsWith('HEAD ') || route.includes('.html'))).toEqual([]);
  });
});

describe.each(ROLES)('%s', (role) => {
  it.each(matrix.rows.map((row) => [`${methodOf(row)} ${row.url} → ${row.expect[role]}`, row] as const))(
    '%s',
    async (_, row) => {
      const expected = row.expect[role];
      const { response, before, after } = await call(row, role);
      expect(response.statusCode, response.body).toBe(expected);
      if (expected === 401 || expected === 403) {
        expect(response.headers['content-type']).toMatch(row.html ? /^text\/html/ : /^application\/problem\+json/);
        expect(after, 'a refused call wrote').toEqual(before);
      } else if (expected < 300 && row.writes !== undefined) {
        // The row's `writes` must name what the route writes, or the refusals' check proves nothing.
        expect(after, `an allowed call changed none of ${row.writes.join(', ')}`).not.toEqual(before);
      }
    },
  );
});
