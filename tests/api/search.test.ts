import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import type { Database } from '../../api/src/db/database.ts';
import { createTestApp } from '../support/app.ts';
import { openFreshDatabase } from '../support/fresh-database.ts';
import { signInPlanner } from '../support/staff.ts';

interface SearchResult {
  kind: string;
  id: string;
  name: string;
  context: string | null;
  bbox: number[];
  center: number[];
}

/** The session a search is made with: streets (from the vacancy register) are for staff only. */
const sessions = new WeakMap<FastifyInstance, string>();

async function search(app: FastifyInstance, query: string): Promise<SearchResult[]> {
  const cookie = sessions.get(app);
  const response = await app.inject({ url: `/api/search?${query}`, headers: cookie ? { cookie } : {} });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ results: SearchResult[] }>().results;
}

const names = (results: SearchResult[]) => results.map((r) => r.name);

// The fixture's places. Sectors are the west and east halves of the square lon 4.0-4.1,
// lat 50.0-50.1; ST_PointOnSurface of a rectangle is the middle of its middle line.
const WEST: SearchResult = {
  kind: 'neighbourhood',
  id: '99999A00-',
  name: 'WEST',
  context: 'Testgem',
  bbox: [4, 50, 4.05, 50.1],
  center: [4.025, 50.05], // (4.0 + 4.05) / 2, (50.0 + 50.1) / 2
};
const OOST: SearchResult = {
  kind: 'neighbourhood',
  id: '99999A01-',
  name: 'OOST',
  context: 'Testgem',
  bbox: [4.05, 50, 4.1, 50.1],
  center: [4.075, 50.05], // (4.05 + 4.1) / 2, (50.0 + 50.1) / 2
};
const TESTWIJK: SearchResult = {
  kind: 'ward',
  id: '99999W01',
  name: 'Testwijk',
  context: null,
  bbox: [4, 50, 4.1, 50.1],
  center: [4.05, 50.05],
};
// Both sectors together: the whole square.
const TESTGEM: SearchResult = {
  kind: 'deelgemeente',
  id: 'Testgem',
  name: 'Testgem',
  context: null,
  bbox: [4, 50, 4.1, 50.1],
  center: [4.05, 50.05],
};
// Teststraat 1 (4.01, 50.03) in WEST, 2 (4.06, 50.04) and 3 (4.08, 50.08) in OOST.
const TESTSTRAAT: SearchResult = {
  kind: 'street',
  id: 'Teststraat',
  name: 'Teststraat',
  context: 'OOST, WEST',
  bbox: [4.01, 50.03, 4.08, 50.08],
  // centroid: (4.01 + 4.06 + 4.08) / 3 = 12.15 / 3 = 4.05; (50.03 + 50.04 + 50.08) / 3 = 150.15 / 3 = 50.05
  center: [4.05, 50.05],
};

describe('GET /api/search on the fixture', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp();
    // As a planner, who finds streets too (the public does not: tests/api/privacy.test.ts).
    sessions.set(app, await signInPlanner(app, 'search-planner'));
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds the sector WEST by name, with its bbox, centre and deelgemeente', async () => {
    expect(await search(app, 'q=west')).toEqual([WEST]);
  });

  it('finds sectors by code', async () => {
    expect(await search(app, 'q=99999A01')).toEqual([OOST]);
    // both codes start with it; both names are 4 long, then by name
    expect(await search(app, 'q=99999a0')).toEqual([OOST, WEST]);
  });

  it('finds a street once, at the centroid of its addresses, with the sectors it lies in', async () => {
    expect(await search(app, 'q=teststraat')).toEqual([TESTSTRAAT]);
    expect(await search(app, 'q=straat')).toEqual([TESTSTRAAT]); // an infix of the street only
  });

  it('finds the ward and the deelgemeente', async () => {
    expect(await search(app, 'q=testwijk')).toEqual([TESTWIJK]);
    expect(await search(app, 'q=testgem')).toEqual([TESTGEM]);
  });

  it('ignores case and accents, and trims', async () => {
    for (const q of ['WEST', 'wÉst', 'wèst', 'Wëst', '  west  ']) {
      expect(await search(app, `q=${encodeURIComponent(q)}`), q).toEqual([WEST]);
    }
    expect(await search(app, `q=${encodeURIComponent('TËSTWIJK')}`)).toEqual([TESTWIJK]);
  });

  it('orders by shorter name among equal matches, then by name', async () => {
    // "test" starts every name it is in: Testgem (7) < Testwijk (8) < Teststraat (10)
    expect(names(await search(app, 'q=test'))).toEqual(['Testgem', 'Testwijk', 'Teststraat']);
    // "st" starts none: OOST = WEST (4, by name) < Testgem (7) < Testwijk (8) < Teststraat (10)
    expect(await search(app, 'q=st')).toEqual([OOST, WEST, TESTGEM, TESTWIJK, TESTSTRAAT]);
  });

  it('gives at most limit results, 8 by default', async () => {
    expect(names(await search(app, 'q=st&limit=2'))).toEqual(['OOST', 'WEST']);
    expect(await search(app, 'q=st&limit=20')).toHaveLength(5);
  });

  it('matches LIKE wildcards literally', async () => {
    expect(await search(app, 'q=%25%25')).toEqual([]); // q=%%
    expect(await search(app, 'q=__')).toEqual([]);
    expect(await search(app, 'q=%5C%5C')).toEqual([]); // q=\\
    expect(await search(app, 'q=t%25t')).toEqual([]); // "t%t" is in no name, though "Testgem" is t…t
  });

  it('finds nothing for separators only', async () => {
    expect(await search(app, 'q=--')).toEqual([]);
    expect(await search(app, 'q=xyzzy')).toEqual([]);
  });
});

describe('bad search requests', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['', 'q'],
    ['q=', 'q'],
    ['q=a', 'q'],
    ['q=%20a%20%20', 'q'], // " a  " is one character once trimmed
    [`q=${'x'.repeat(101)}`, 'q'],
    ['q=west&limit=0', 'limit'],
    ['q=west&limit=21', 'limit'],
    ['q=west&limit=two', 'limit'],
  ])('%s -> 400 naming %s', async (query, parameter) => {
    const response = await app.inject(`/api/search?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, parameter });
  });

  it('accepts exactly 100 characters', async () => {
    expect(await search(app, `q=${'x'.repeat(100)}`)).toEqual([]);
  });
});

describe('GET /api/search ranking and accents, on wards of its own', () => {
  // A database of its own: these wards would change what other suites count.
  let db: Database;
  let app: FastifyInstance;
  const square = (lon: number) => `ST_Multi(ST_MakeEnvelope(${lon}, 50.0, ${lon + 0.01}, 50.01, 4326))`;
  beforeAll(async () => {
    db = await openFreshDatabase('search');
    await db.pool.query(
      `INSERT INTO wards (code, name, geom) VALUES
         ('99999W11', 'Sint-Rochus', ${square(4.0)}),
         ('99999W12', 'Hélène', ${square(4.01)}),
         ('99999W13', 'Sint-Wijk', ${square(4.02)}),
         ('99999W14', 'Wijkveld-Noord', ${square(4.03)}),
         ('99999W15', 'Ouwijk', ${square(4.04)}),
         ('99999W16', 'Auwijk', ${square(4.05)})`,
    );
    app = await buildApp({ config: loadConfig({}), db });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('ranks a word start before an infix, then shorter names, then by name', async () => {
    // word starts: Sint-Wijk (9, after the hyphen), Wijkveld-Noord (14);
    // infixes: Auwijk = Ouwijk (6, by name) — shorter, but after the word starts
    expect(names(await search(app, 'q=wijk'))).toEqual(['Sint-Wijk', 'Wijkveld-Noord', 'Auwijk', 'Ouwijk']);
  });

  it('matches Sint-Rochus however it is written', async () => {
    for (const q of ['rochus', 'ROCHUS', 'rôchus', 'sint rochus', 'SINT-RÔCHUS', 'sint  -rochus', 'sint-ro']) {
      const results = await search(app, `q=${encodeURIComponent(q)}`);
      expect(names(results), q).toEqual(['Sint-Rochus']);
    }
    // "ro" + combining circumflex (U+0302), as some keyboards send it
    expect(names(await search(app, `q=${encodeURIComponent('ro\u0302chus')}`))).toEqual(['Sint-Rochus']);
  });

  it('finds an accented name typed without accents, and with others', async () => {
    for (const q of ['helene', 'HELENE', 'Hélène', 'hèlêne']) {
      const results = await search(app, `q=${encodeURIComponent(q)}`);
      expect(names(results), q).toEqual(['Hélène']);
    }
    const [helene] = await search(app, 'q=helene');
    expect(helene).toEqual({
      kind: 'ward',
      id: '99999W12',
      name: 'Hélène',
      context: null,
      bbox: [4.01, 50, 4.02, 50.01],
      center: [4.015, 50.005], // the middle of the square
    });
  });

  it('stays empty where there is no sector, street or deelgemeente at all', async () => {
    expect(await search(app, 'q=testgem')).toEqual([]);
  });
});
