import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { login, writeHeaders } from '../support/auth.ts';
import { createPartner, createPartnerUser } from '../support/partners.ts';
import { expectSane, hostileString, runs, signIn } from './support.ts';

/*
 * The signals and partners routes fuzzed as the roles that get past their role check (the
 * GET fuzz of query-params.test.ts signs in as a planner, whom these routes refuse): the list's
 * filters as a coordinator and as a partner, hostile ids, every write's JSON body (signals,
 * edits, transitions, partners), and valid signals, which must be saved. No 5xx; a 4xx is
 * problem+json with a detail. Everything written is removed afterwards.
 */

const app = await createTestApp();
const coordinator = await signIn(app, 'fuzz-signals.coordinator', 'coordinator');
const partnerId = await createPartner(app.db.pool, 'fuzz-signals.partner', 'police');
const partnerUserId = await createPartnerUser(app.db.pool, {
  username: 'fuzz-signals.partner',
  password: 'fuzz-signals.partner-password',
  partnerId,
});
const partnerCookie = await login(app, 'fuzz-signals.partner', 'fuzz-signals.partner-password');
const cookies = { coordinator: coordinator.cookie, partner: partnerCookie };

const VALID_SIGNAL = {
  kind: 'neglect',
  phase: 'prevention',
  reportedOn: '2025-01-15',
  geometry: { type: 'Point', coordinates: [4.05, 50.05] },
  description: 'fuzz',
  partnerId,
};
const created = await app.inject({
  method: 'POST',
  url: '/api/signals',
  headers: writeHeaders(coordinator.cookie),
  payload: VALID_SIGNAL,
});
if (created.statusCode !== 201) throw new Error(`setup: ${created.statusCode} ${created.body}`);
const signalId = created.json<{ id: number }>().id;

afterAll(async () => {
  const pool = app.db.pool;
  const users = [coordinator.id, partnerUserId];
  const { rows } = await pool.query<{ id: string }>(
    'SELECT id::text FROM signals WHERE created_by = ANY ($1::bigint[]) OR partner_id = $2',
    [users, partnerId],
  );
  const ids = rows.map((row) => row.id);
  await pool.query('DELETE FROM signals WHERE id = ANY ($1::bigint[])', [ids]); // steps cascade
  await pool.query(`DELETE FROM audit_log WHERE user_id = ANY ($1::bigint[])`, [users]);
  await pool.query('UPDATE partners SET updated_by = NULL WHERE updated_by = ANY ($1::bigint[])', [users]);
  await pool.query('DELETE FROM users WHERE id = ANY ($1::bigint[])', [users]); // sessions cascade
  await pool.query(`DELETE FROM partners WHERE id = $1 OR name LIKE 'fuzz-signals.%'`, [partnerId]);
  await app.close();
});

/** Any JSON value, including odd ones. */
const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, 0, -1, 1e308, -1e308, 2 ** 53 + 1, true, [], {}) },
);
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyJson });

const point = fc.oneof(
  fc
    .tuple(fc.double({ min: 3.9, max: 4.2, noNaN: true }), fc.double({ min: 49.9, max: 50.2, noNaN: true }))
    .map((coordinates) => ({ type: 'Point', coordinates })),
  fc.record({ type: fc.constantFrom('Point', 'Polygon', 'point'), coordinates: anyJson }),
  fc.constant({ type: 'Point', coordinates: [1e308, -1e308] }),
  fc.constant({ type: 'Point', coordinates: [0, 90] }),
  anyJson,
);
const id = fc.oneof(fc.constant(partnerId), fc.integer({ min: -2, max: 2 ** 31 }), fc.constant(null));
const signalContent = {
  kind: field(fc.constantFrom('housing-care', 'neglect', 'other', 'burenruzie')),
  phase: field(fc.constantFrom('pro-action', 'aftercare', 'nazorg')),
  reportedOn: field(fc.constantFrom('2025-01-15', '2024-02-29', '2024-02-31', '0000-01-01', '2025-1-5', '9999-12-31')),
  geometry: point,
  description: field(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 100 }), fc.constant('x'.repeat(4001)))),
  reporter: field(fc.string({ maxLength: 250 })),
  reportingPartnerId: field(id),
  partnerId: field(id),
  vacantBuildingId: field(id),
  incidentId: field(id),
  focusAreaId: field(id),
};
const signalBody = fc.oneof(
  { weight: 4, arbitrary: fc.record(signalContent, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 5 }) },
  { weight: 1, arbitrary: anyJson },
);
const patchBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { ...signalContent, version: field(fc.integer({ min: 0, max: 5 })), note: field(fc.string()) },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: anyJson },
);
const transitionBody = fc.oneof(
  fc.record(
    {
      to: field(fc.constantFrom('new', 'assessed', 'referred', 'in-progress', 'closed', 'done')),
      note: field(fc.string({ unit: 'grapheme', maxLength: 50 })),
    },
    { requiredKeys: [] },
  ),
  anyJson,
);
const partnerBody = fc.oneof(
  fc.record(
    {
      name: field(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).map((s) => `fuzz-signals.${s}`)),
      kind: field(fc.constantFrom('police', 'youth', 'church')),
      contactRole: field(fc.string({ maxLength: 210 })),
    },
    { requiredKeys: [] },
  ),
  anyJson,
);
/** A signal id in the path: this file's signal, absent ones, hostile text. */
const signalPath = fc.oneof(
  fc.constant(String(signalId)),
  fc.constantFrom('0', '-1', '999999999', '1e999', 'Infinity', '9'.repeat(30), '1.5'),
  hostileString.map(encodeURIComponent),
);

const WRITES = [
  { name: 'POST /api/signals', method: 'POST', url: fc.constant('/api/signals'), body: signalBody },
  {
    name: 'PATCH /api/signals/:id',
    method: 'PATCH',
    url: signalPath.map((p) => `/api/signals/${p}`),
    body: patchBody,
  },
  {
    name: 'POST /api/signals/:id/transitions',
    method: 'POST',
    url: signalPath.map((p) => `/api/signals/${p}/transitions`),
    body: transitionBody,
  },
  { name: 'POST /api/partners', method: 'POST', url: fc.constant('/api/partners'), body: partnerBody },
] as const;

describe('signals and partners, fuzzed', () => {
  it.each(WRITES)('$name: no 5xx, 4xx as problem+json (coordinator and partner)', async ({ method, url, body }) => {
    await fc.assert(
      fc.asyncProperty(url, body, fc.constantFrom('coordinator', 'partner'), async (target, payload, who) => {
        const response = await app.inject({
          method,
          url: target,
          headers: { ...writeHeaders(cookies[who]), 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        expectSane(response, `${method} ${target} as ${who} ${JSON.stringify(payload)?.slice(0, 300)}`);
      }),
      runs(2),
    );
  });

  it('GET /api/signals and /api/signals/:id with fuzzed parameters: no 5xx', async () => {
    const value = fc.oneof(
      fc.constantFrom('new', 'new,closed', 'neglect', 'aftercare', String(partnerId), '4.0,50.0,4.1,50.1', ','),
      hostileString,
    );
    const entry = fc.tuple(
      fc.oneof(fc.constantFrom('status', 'kind', 'phase', 'partner', 'bbox'), hostileString),
      value,
    );
    const request = fc.oneof(
      fc
        .array(entry, { maxLength: 5 })
        .map(
          (entries) =>
            `/api/signals?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
        ),
      signalPath.map((p) => `/api/signals/${p}`),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom('coordinator', 'partner'), async (url, who) => {
        const response = await app.inject({ method: 'GET', url, headers: { cookie: cookies[who] } });
        expectSane(response, `GET ${url} as ${who}`);
      }),
      runs(2),
    );
  });

  it('a valid signal is saved (201)', async () => {
    const valid = fc.record({
      kind: fc.constantFrom('housing-care', 'suspected-vacancy', 'neglect', 'neighbour-dispute', 'youth-nuisance'),
      phase: fc.constantFrom('pro-action', 'prevention', 'preparation', 'repression', 'aftercare'),
      reportedOn: fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      lon: fc.double({ min: 4.0, max: 4.1, noNaN: true }),
      lat: fc.double({ min: 50.0, max: 50.1, noNaN: true }),
      description: fc.string({ unit: 'grapheme', maxLength: 200 }),
      reporter: fc.option(fc.string({ unit: 'grapheme-ascii', maxLength: 50 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(valid, async ({ lon, lat, ...content }) => {
        const payload = { ...content, geometry: { type: 'Point', coordinates: [lon, lat] }, partnerId };
        const response = await app.inject({
          method: 'POST',
          url: '/api/signals',
          headers: writeHeaders(coordinator.cookie),
          payload,
        });
        expect(expectSane(response, `POST /api/signals ${JSON.stringify(payload)}`), response.body).toBe(201);
      }),
      runs(0.5),
    );
  });
});
