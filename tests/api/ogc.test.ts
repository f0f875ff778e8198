import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.ts';
import { signInPlanner } from '../support/staff.ts';

/*
 * OGC API - Features at /ogc (issue 8, decision record 19), against the shared fixture
 * (tests/fixtures/api-fixture.sql): municipality 99999 is the square lon 4.0–4.1, lat 50.0–50.1
 * with sectors WEST (4.0–4.05) and OOST (4.05–4.1), 5 incidents, 3 vacant buildings and 2
 * youth facilities. `inject` addresses the app as http://localhost:80, which links write as http://localhost.
 */

const ORIGIN = 'http://localhost';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

interface Link {
  href: string;
  rel: string;
  type?: string;
}
interface Feature {
  type: 'Feature';
  id: number | string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
  links?: Link[];
}
interface Items {
  type: 'FeatureCollection';
  numberMatched: number;
  numberReturned: number;
  timeStamp: string;
  links: Link[];
  features: Feature[];
}
interface Collection {
  id: string;
  title: string;
  description: string;
  itemType: string;
  crs: string[];
  extent?: { spatial?: { bbox: number[][]; crs: string }; temporal?: { interval: string[][]; trs: string } };
  links: Link[];
}

let app: FastifyInstance;
let planner: string;
/** Fixture source_id -> the id the database gave it. */
let idOf: Record<string, number>;

beforeAll(async () => {
  app = await createTestApp();
  planner = await signInPlanner(app, 'ogc-planner');
  const { rows } = await app.db.pool.query<{ source_id: string; id: string }>(
    `SELECT source_id, id::text AS id FROM incidents
      UNION ALL SELECT source_id, id::text FROM vacant_buildings
      UNION ALL SELECT source_id, id::text FROM youth_facilities`,
  );
  idOf = Object.fromEntries(rows.map((row) => [row.source_id, Number(row.id)]));
});
afterAll(async () => {
  await app.close();
});

async function get(url: string, options: { cookie?: string; language?: string } = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.language) headers['accept-language'] = options.language;
  return app.inject({ method: 'GET', url, headers });
}

async function ok<T>(url: string, options: { cookie?: string; language?: string } = {}): Promise<T> {
  const response = await get(url, options);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

const relOf = (links: Link[], rel: string) => links.find((link) => link.rel === rel)?.href;
/** An absolute link of the app as the path and query an injected request takes. */
const local = (href: string) => {
  expect(href.startsWith(`${ORIGIN}/ogc/`)).toBe(true);
  return href.slice(ORIGIN.length);
};

/** Follows `next` from `url` to the last page; the pages' ids, and each page's size. */
async function followNext(url: string, cookie?: string) {
  const ids: (number | string)[] = [];
  const sizes: number[] = [];
  const matched = new Set<number>();
  for (let next: string | undefined = url; next;) {
    const page: Items = await ok<Items>(next, { cookie });
    ids.push(...page.features.map((f) => f.id));
    sizes.push(page.numberReturned);
    expect(page.features).toHaveLength(page.numberReturned);
    matched.add(page.numberMatched);
    const href = relOf(page.links, 'next');
    next = href === undefined ? undefined : local(href);
    expect(sizes.length).toBeLessThan(20);
  }
  return { ids, sizes, matched: [...matched] };
}

describe('landing page and conformance', () => {
  it.each(['/ogc', '/ogc/'])('%s links to the API definition, the conformance classes and the data', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const landing = response.json<{ title: string; description: string; links: Link[] }>();
    expect(landing.title).toBe('Leefbaarheidskaart Halle');
    expect(landing.links.map(({ rel, href, type }) => [rel, href, type])).toEqual([
      ['self', `${ORIGIN}/ogc`, 'application/json'],
      ['service-desc', `${ORIGIN}/ogc/api`, 'application/vnd.oai.openapi+json;version=3.0'],
      ['conformance', `${ORIGIN}/ogc/conformance`, 'application/json'],
      ['data', `${ORIGIN}/ogc/collections`, 'application/json'],
    ]);
  });

  it('speaks English when asked to', async () => {
    const landing = await ok<{ title: string }>('/ogc', { language: 'en-GB,en;q=0.9' });
    expect(landing.title).toBe('Liveability map of Halle');
  });

  it('declares core, GeoJSON and OpenAPI 3.0, and no HTML', async () => {
    const conformance = await ok<{ conformsTo: string[] }>('/ogc/conformance');
    expect(conformance.conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ]);
  });
});

describe('collections', () => {
  it('lists the public layers to the public, with their extent from the data', async () => {
    const { collections, links } = await ok<{ collections: Collection[]; links: Link[] }>('/ogc/collections');
    expect(relOf(links, 'self')).toBe(`${ORIGIN}/ogc/collections`);
    // In the map's drawing order: sectors (0), youth facilities (30); incidents and vacancies are staff only.
    expect(collections.map((c) => c.id)).toEqual(['neighbourhoods', 'youth-facilities']);
    const [sectors, youth] = collections as [Collection, Collection];
    expect(sectors).toMatchObject({
      title: 'Statistische sectoren',
      itemType: 'feature',
      crs: [CRS84],
      // WEST and OOST together: the square 4.0–4.1 × 50.0–50.1; sectors have no time
      extent: { spatial: { bbox: [[4, 50, 4.1, 50.1]], crs: CRS84 } },
    });
    expect(sectors.extent?.temporal).toBeUndefined();
    expect(sectors.links.map(({ rel, href, type }) => [rel, href, type])).toEqual([
      ['self', `${ORIGIN}/ogc/collections/neighbourhoods`, 'application/json'],
      ['items', `${ORIGIN}/ogc/collections/neighbourhoods/items`, 'application/geo+json'],
    ]);
    // Testschool at 4.03/50.03 and Testskatepark at 4.07/50.02
    expect(youth.extent).toEqual({ spatial: { bbox: [[4.03, 50.02, 4.07, 50.03]], crs: CRS84 } });
  });

  it('lists every layer to staff, dated layers with their time interval in whole UTC days', async () => {
    const { collections } = await ok<{ collections: Collection[] }>('/ogc/collections', { cookie: planner });
    expect(collections.map((c) => c.id)).toEqual([
      'neighbourhoods',
      'incidents',
      'vacant-buildings',
      'youth-facilities',
    ]);
    const incidents = collections.find((c) => c.id === 'incidents')!;
    // first incident 2024-01-15 22:00Z, last 2025-03-01 08:00Z (09:00+01:00)
    expect(incidents.extent).toEqual({
      spatial: { bbox: [[4.01, 50.01, 4.09, 50.09]], crs: CRS84 },
      temporal: {
        interval: [['2024-01-15T00:00:00Z', '2025-03-01T23:59:59Z']],
        trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
      },
    });
    // registered from 2020-01-01; the latest day is the 2024-02-01 registration (the last resolution is 2022-06-30)
    const vacant = collections.find((c) => c.id === 'vacant-buildings')!;
    expect(vacant.extent?.temporal?.interval).toEqual([['2020-01-01T00:00:00Z', '2024-02-01T23:59:59Z']]);
  });

  it('describes one collection, in Dutch or English', async () => {
    const nl = await ok<Collection>('/ogc/collections/youth-facilities');
    expect(nl).toMatchObject({ id: 'youth-facilities', title: 'Jeugdvoorzieningen' });
    expect(nl.description).toContain('(en: Youth facilities)');
    const response = await get('/ogc/collections/youth-facilities', { language: 'en' });
    expect(response.headers['content-language']).toBe('en');
    expect(response.headers.vary).toBe('Accept-Language, Cookie');
    expect(response.json<Collection>().title).toBe('Youth facilities');
  });
});

describe('items', () => {
  it('gives a GeoJSON FeatureCollection with the OGC members', async () => {
    const response = await get('/ogc/collections/neighbourhoods/items');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
    const items = response.json<Items>();
    expect(items.type).toBe('FeatureCollection');
    expect(Date.now() - Date.parse(items.timeStamp)).toBeLessThan(60_000);
    // Two sectors; the default limit of 10 holds both, so there is no next page.
    expect([items.numberMatched, items.numberReturned]).toEqual([2, 2]);
    expect(items.links.map((l) => l.rel)).toEqual(['self', 'collection']);
    expect(relOf(items.links, 'self')).toBe(`${ORIGIN}/ogc/collections/neighbourhoods/items`);
    expect(items.features[0]).toEqual({
      type: 'Feature',
      id: '99999A00-',
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [4, 50],
              [4, 50.1],
              [4.05, 50.1],
              [4.05, 50],
              [4, 50],
            ],
          ],
        ],
      },
      properties: {
        code: '99999A00-',
        name: 'WEST',
        ward: '99999W01',
        deelgemeente: 'Testgem',
        population: 1000,
        dwellings: 400,
        figuresEstimated: true,
      },
    });
    expect(items.features[1]).toMatchObject({ id: '99999A01-', properties: { name: 'OOST', population: 50 } });
  });

  it('pages by next links that keep the query, giving every feature exactly once', async () => {
    const all = [idOf['T-INC-1'], idOf['T-INC-2'], idOf['T-INC-3'], idOf['T-INC-4'], idOf['T-INC-5']];
    // 5 incidents in pages of 2: 2 + 2 + 1
    expect(await followNext('/ogc/collections/incidents/items?limit=2', planner)).toEqual({
      ids: all,
      sizes: [2, 2, 1],
      matched: [5],
    });
    // the north-east quarter holds T-INC-3, 4 and 5: pages of 1
    const northEast = await followNext('/ogc/collections/incidents/items?bbox=4.05,50.05,4.1,50.1&limit=1', planner);
    expect(northEast).toEqual({ ids: all.slice(2), sizes: [1, 1, 1], matched: [3] });
    // exactly filled: 5 in one page of 5 has no next link
    expect(await followNext('/ogc/collections/incidents/items?limit=5', planner)).toEqual({
      ids: all,
      sizes: [5],
      matched: [5],
    });
  });

  it('links back with prev down to offset 0', async () => {
    const last = await ok<Items>(
      '/ogc/collections/incidents/items?limit=2&offset=4&category=overlast,woninginbraak,diefstal,verkeer',
      {
        cookie: planner,
      },
    );
    // all five match the four categories; offset 4: the fifth only
    expect([last.numberMatched, last.numberReturned]).toEqual([5, 1]);
    expect(relOf(last.links, 'next')).toBeUndefined();
    const prev = relOf(last.links, 'prev')!;
    expect(prev).toBe(
      `${ORIGIN}/ogc/collections/incidents/items?limit=2&offset=2&category=overlast%2Cwoninginbraak%2Cdiefstal%2Cverkeer`,
    );
    const middle = await ok<Items>(local(prev), { cookie: planner });
    expect(middle.features.map((f) => f.id)).toEqual([idOf['T-INC-3'], idOf['T-INC-4']]);
    const first = await ok<Items>(local(relOf(middle.links, 'prev')!), { cookie: planner });
    expect(first.features.map((f) => f.id)).toEqual([idOf['T-INC-1'], idOf['T-INC-2']]);
    expect(relOf(first.links, 'prev')).toBeUndefined();
    // an offset past the end: nothing, and a way back
    const beyond = await ok<Items>('/ogc/collections/incidents/items?offset=50', { cookie: planner });
    expect([beyond.numberMatched, beyond.numberReturned, beyond.features]).toEqual([5, 0, []]);
    expect(relOf(beyond.links, 'prev')).toBe(`${ORIGIN}/ogc/collections/incidents/items?offset=40`);
  });

  it('filters by datetime as the features API does', async () => {
    const idsOf = async (url: string) => (await ok<Items>(url, { cookie: planner })).features.map((f) => f.id);
    // 2024 as whole UTC days: T-INC-3 at 23:30Z on 31 December is in
    expect(await idsOf('/ogc/collections/incidents/items?datetime=2024-01-01/2024-12-31')).toEqual([
      idOf['T-INC-1'],
      idOf['T-INC-2'],
      idOf['T-INC-3'],
    ]);
    // one day: 1 March 2025 UTC holds T-INC-4 (08:00Z) and T-INC-5 (09:00+01:00 = 08:00Z)
    expect(await idsOf('/ogc/collections/incidents/items?datetime=2025-03-01')).toEqual([
      idOf['T-INC-4'],
      idOf['T-INC-5'],
    ]);
    // an instant: only what happened exactly then
    expect(await idsOf('/ogc/collections/incidents/items?datetime=2024-06-01T12:00:00Z')).toEqual([idOf['T-INC-2']]);
    // periods intersecting "from June 2023 on": B (2023-05-01, ongoing) and C (2024-02-01, ongoing); A ended in 2022
    expect(await idsOf('/ogc/collections/vacant-buildings/items?datetime=2023-06-01/..')).toEqual([
      idOf['T-LEEG-B'],
      idOf['T-LEEG-C'],
    ]);
  });

  it('filters by bbox and by enumerated properties', async () => {
    const items = (url: string) => ok<Items>(url, { cookie: planner });
    // only OOST (4.05–4.1) reaches this box
    const sectors = await ok<Items>('/ogc/collections/neighbourhoods/items?bbox=4.06,50.01,4.07,50.02');
    expect(sectors.features.map((f) => f.id)).toEqual(['99999A01-']);
    const skatepark = await ok<Items>('/ogc/collections/youth-facilities/items?kind=skatepark');
    expect(skatepark.features).toEqual([
      {
        type: 'Feature',
        id: idOf['T-JEUGD-2'],
        geometry: { type: 'Point', coordinates: [4.07, 50.02] },
        properties: { name: 'Testskatepark', kind: 'skatepark', isPublic: true, synthetic: false },
      },
    ]);
    // `category` is the alias of the layer's category property (kind)
    expect((await ok<Items>('/ogc/collections/youth-facilities/items?category=school')).numberMatched).toBe(1);
    // politie: T-INC-2..5; of which exact: T-INC-3 and T-INC-4
    const police = await items('/ogc/collections/incidents/items?source=politie&locationPrecision=exact');
    expect(police.features.map((f) => f.id)).toEqual([idOf['T-INC-3'], idOf['T-INC-4']]);
    expect(police.numberMatched).toBe(2);
  });

  it('gives one feature by its id, with links', async () => {
    const response = await get('/ogc/collections/neighbourhoods/items/99999A01-');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
    const sector = response.json<Feature>();
    expect(sector).toMatchObject({ type: 'Feature', id: '99999A01-', properties: { name: 'OOST', dwellings: 20 } });
    expect(sector.links?.map(({ rel, href }) => [rel, href])).toEqual([
      ['self', `${ORIGIN}/ogc/collections/neighbourhoods/items/99999A01-`],
      ['collection', `${ORIGIN}/ogc/collections/neighbourhoods`],
    ]);
    const school = await ok<Feature>(`/ogc/collections/youth-facilities/items/${idOf['T-JEUGD-1']}`);
    expect(school).toMatchObject({
      id: idOf['T-JEUGD-1'],
      geometry: { type: 'Point', coordinates: [4.03, 50.03] },
      properties: { name: 'Testschool', isPublic: false },
    });
    const incident = await ok<Feature>(`/ogc/collections/incidents/items/${idOf['T-INC-5']}`, { cookie: planner });
    // 09:00+01:00 leaves as UTC
    expect(incident.properties).toMatchObject({ category: 'verkeer', occurredAt: '2025-03-01T08:00:00Z' });
  });

  it.each([
    ['/ogc/collections/neighbourhoods/items/99999X00-', 'featureId'],
    ['/ogc/collections/youth-facilities/items/abc', 'featureId'],
    ['/ogc/collections/youth-facilities/items/0', 'featureId'],
    ['/ogc/collections/youth-facilities/items/99999999999999999999', 'featureId'],
    ['/ogc/collections/nope', 'collectionId'],
    ['/ogc/collections/nope/items', 'collectionId'],
    ['/ogc/collections/nope/items/1', 'collectionId'],
    ['/ogc/collections/Incidents/items', 'collectionId'],
  ])('%s -> 404 naming %s', async (url, parameter) => {
    const response = await get(url, { cookie: planner });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, parameter });
  });

  it('does not find an incident through another collection', async () => {
    // youth facilities and incidents are numbered apart: an incident's id is not a facility's
    const facilityIds = new Set([idOf['T-JEUGD-1'], idOf['T-JEUGD-2']]);
    for (const source of ['T-INC-1', 'T-INC-2', 'T-INC-3', 'T-INC-4', 'T-INC-5']) {
      const response = await get(`/ogc/collections/youth-facilities/items/${idOf[source]}`);
      if (facilityIds.has(idOf[source]!)) {
        expect(response.json<Feature>().properties).not.toHaveProperty('category');
      } else {
        expect(response.statusCode).toBe(404);
      }
    }
  });
});

describe('bad items requests', () => {
  it.each([
    ['neighbourhoods/items?bbox=4,50,4.1', 'bbox'],
    ['neighbourhoods/items?bbox=4,50,0,4.1,50.1,10', 'bbox'],
    ['neighbourhoods/items?bbox=4,50,x,50.1', 'bbox'],
    ['neighbourhoods/items?bbox=4.1,50,4,50.1', 'bbox'],
    ['neighbourhoods/items?bbox=4,50,4.1,50.1&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/31370', 'bbox-crs'],
    ['incidents/items?datetime=2024-13-01', 'datetime'],
    ['incidents/items?datetime=2024-02-01/2024-01-01', 'datetime'],
    ['incidents/items?datetime=yesterday', 'datetime'],
    ['neighbourhoods/items?datetime=2024-01-01', 'datetime'],
    ['neighbourhoods/items?limit=0', 'limit'],
    ['neighbourhoods/items?limit=10001', 'limit'],
    ['neighbourhoods/items?limit=-1', 'limit'],
    ['neighbourhoods/items?limit=2.5', 'limit'],
    ['neighbourhoods/items?limit=', 'limit'],
    ['neighbourhoods/items?limit=1&limit=2', 'limit'],
    ['neighbourhoods/items?offset=-1', 'offset'],
    ['neighbourhoods/items?offset=abc', 'offset'],
    ['neighbourhoods/items?foo=1', 'foo'],
    ['neighbourhoods/items?f=html', 'f'],
    ['neighbourhoods/items?category=WEST', 'category'],
    ['neighbourhoods/items?population=1000', 'population'],
    ['youth-facilities/items?kind=leegstaand', 'kind'],
    ['youth-facilities/items?status=leegstaand', 'status'],
    ['incidents/items?category=nope', 'category'],
  ])('/ogc/collections/%s -> 400 naming %s', async (path, parameter) => {
    const response = await get(`/ogc/collections/${path}`, { cookie: planner });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, parameter });
  });

  it('accepts the largest limit and bbox-crs CRS84', async () => {
    const items = await ok<Items>(
      `/ogc/collections/neighbourhoods/items?limit=10000&bbox=4,50,4.1,50.1&bbox-crs=${CRS84}`,
    );
    expect(items.numberReturned).toBe(2);
  });
});

describe('privacy: the public never gets an incident or a vacant building', () => {
  const staffOnly = ['incidents', 'vacant-buildings'];
  const urlsOf = (layer: string, id: number) => [
    `/ogc/collections/${layer}`,
    `/ogc/collections/${layer}/items`,
    `/ogc/collections/${layer}/items?limit=10000`,
    `/ogc/collections/${layer}/items?bbox=4,50,4.1,50.1&datetime=2020-01-01/..`,
    // the policy answers before any parameter is read: no hint about what would have matched
    `/ogc/collections/${layer}/items?limit=0&foo=bar`,
    `/ogc/collections/${layer}/items/${id}`,
    `/ogc/collections/${layer}/items/999999999`,
    `/ogc/collections/${layer}/items/abc`,
  ];

  it.each(staffOnly)('every URL of %s answers the policy’s 401, anonymous or with a made-up session', async (layer) => {
    const id = layer === 'incidents' ? idOf['T-INC-1']! : idOf['T-LEEG-A']!;
    for (const url of urlsOf(layer, id)) {
      for (const cookie of [undefined, 'lk_session=made-up']) {
        const response = await get(url, { cookie });
        expect(response.statusCode, url).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).not.toContain('Teststraat');
        expect(response.body).not.toContain('coordinates');
        expect(response.json<{ detail: string }>().detail).toContain('signed-in staff only');
      }
    }
  });

  it('names no staff layer in the landing page, the collections or the API definition', async () => {
    for (const url of ['/ogc', '/ogc/collections', '/ogc/api', '/ogc/conformance']) {
      for (const language of ['nl', 'en']) {
        const body = (await get(url, { language })).body;
        for (const word of ['incidents', 'vacant-buildings', 'Incidenten', 'Leegstand', 'Vacant']) {
          expect(body, `${url} ${language}`).not.toContain(word);
        }
      }
    }
  });

  it('gives staff every collection in full', async () => {
    for (const [layer, count] of [
      ['incidents', 5],
      ['vacant-buildings', 3],
    ] as const) {
      const items = await ok<Items>(`/ogc/collections/${layer}/items`, { cookie: planner });
      expect(items.numberMatched).toBe(count);
      expect(items.features[0]?.geometry.type).toBe('Point');
    }
    const vacant = await ok<Feature>(`/ogc/collections/vacant-buildings/items/${idOf['T-LEEG-A']}`, {
      cookie: planner,
    });
    expect(vacant.properties).toMatchObject({
      address: 'Teststraat 1',
      registeredOn: '2020-01-01',
      resolvedOn: '2022-06-30',
    });
  });
});

describe('the OpenAPI definition', () => {
  type OpenApi = {
    openapi: string;
    servers: { url: string }[];
    paths: Record<
      string,
      { get: { parameters?: { $ref?: string; name?: string; schema?: { items?: { enum?: string[] } } }[] } }
    >;
    components: { parameters: Record<string, { name: string; schema: { maximum?: number } }> };
  };

  /** Every `$ref` in the document points at something in it. */
  function expectRefsResolve(document: OpenApi) {
    const refs = JSON.stringify(document).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const path = ref.slice('"$ref":"#/'.length, -1).split('/');
      const target = path.reduce<unknown>(
        (node, key) => (node as Record<string, unknown> | undefined)?.[key],
        document,
      );
      expect(target, ref).toBeDefined();
    }
  }

  it('is OpenAPI 3.0 with one path per public collection and its own parameters', async () => {
    const response = await get('/ogc/api');
    expect(response.statusCode).toBe(200);
    // exactly so: GDAL compares the parameter as written
    expect(response.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0');
    const document = response.json<OpenApi>();
    expect(document.openapi).toMatch(/^3\.0\./);
    expect(document.servers).toEqual([{ url: `${ORIGIN}/ogc` }]);
    expect(Object.keys(document.paths)).toEqual([
      '/',
      '/conformance',
      '/api',
      '/collections',
      '/collections/neighbourhoods',
      '/collections/neighbourhoods/items',
      '/collections/neighbourhoods/items/{featureId}',
      '/collections/youth-facilities',
      '/collections/youth-facilities/items',
      '/collections/youth-facilities/items/{featureId}',
    ]);
    expect(document.components.parameters.limit!.schema.maximum).toBe(10000);
    const names = (path: string) =>
      document.paths[path]!.get.parameters!.map((p) => p.name ?? p.$ref!.replace('#/components/parameters/', ''));
    // sectors have no time and no enumerated property
    expect(names('/collections/neighbourhoods/items')).toEqual(['limit', 'offset', 'bbox', 'bbox-crs']);
    expect(names('/collections/youth-facilities/items')).toEqual([
      'limit',
      'offset',
      'bbox',
      'bbox-crs',
      'kind',
      'category',
    ]);
    const kind = document.paths['/collections/youth-facilities/items']!.get.parameters!.find((p) => p.name === 'kind')!;
    expect(kind.schema?.items?.enum).toEqual([
      'jeugdhuis',
      'jeugdbeweging',
      'speelplein',
      'speeltuin',
      'sportveld',
      'skatepark',
      'school',
    ]);
    expectRefsResolve(document);
  });

  it('describes the staff layers to staff', async () => {
    const document = await ok<OpenApi>('/ogc/api', { cookie: planner });
    const parameters = document.paths['/collections/incidents/items']!.get.parameters!;
    expect(parameters.map((p) => p.name ?? p.$ref!.replace('#/components/parameters/', ''))).toEqual([
      'limit',
      'offset',
      'bbox',
      'bbox-crs',
      'datetime',
      'category',
      'source',
      'locationPrecision',
    ]);
    expect(Object.keys(document.paths)).toContain('/collections/vacant-buildings/items/{featureId}');
    expectRefsResolve(document);
  });
});
