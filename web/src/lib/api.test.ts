import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONFIG,
  featuresUrl,
  fetchConfig,
  fetchFeatureCount,
  fetchLayers,
  HttpError,
  loadStyle,
  parseConfig,
} from './api.ts';
import { neighbourhoods } from './test-fixtures.ts';

const PAGE = 'http://127.0.0.1:3000/';
const COUNT_URL = '/api/layers/neighbourhoods/features?limit=1';

/** A fetch that answers from a table of URL → [status, body], and records what was asked. */
function fakeFetch(routes: Record<string, [number, unknown]>) {
  const calls: { url: string; accept: string | null }[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, accept: new Headers(init?.headers).get('accept') });
    const [status, body] = routes[url] ?? [404, { title: 'Not Found' }];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { impl, calls };
}

describe('featuresUrl', () => {
  it('adds the limit, keeping an existing query', () => {
    expect(featuresUrl('/api/layers/incidents/features', 1)).toBe('/api/layers/incidents/features?limit=1');
    expect(featuresUrl('/api/layers/incidents/features?category=drugs&limit=5', 20)).toBe(
      '/api/layers/incidents/features?category=drugs&limit=20',
    );
  });
});

describe('parseConfig', () => {
  it('keeps a valid configuration', () => {
    const config = {
      basemap: { type: 'raster', tiles: ['https://t/{z}/{x}/{y}.png'], tileSize: 256, attribution: '© OSM' },
      center: [4.24, 50.73],
      zoom: 13,
      bounds: [4.17, 50.68, 4.31, 50.77],
    };
    expect(parseConfig(config)).toEqual(config);
  });

  it('falls back to Halle for anything missing or malformed', () => {
    expect(parseConfig({})).toEqual(DEFAULT_CONFIG);
    expect(parseConfig(null)).toEqual(DEFAULT_CONFIG);
    expect(parseConfig({ basemap: { type: 'raster', tiles: [] }, center: [4], zoom: '12', bounds: 'x' })).toEqual(
      DEFAULT_CONFIG,
    );
  });
});

describe('fetching', () => {
  it('reads the config and the layer list', async () => {
    const { impl } = fakeFetch({
      '/api/config': [
        200,
        {
          basemap: { type: 'style', url: 'https://s/style.json' },
          center: [4.2, 50.7],
          zoom: 12,
          bounds: [1, 2, 3, 4],
        },
      ],
      '/api/layers': [200, { layers: [neighbourhoods] }],
    });
    expect((await fetchConfig(impl)).basemap).toEqual({ type: 'style', url: 'https://s/style.json' });
    expect(await fetchLayers(impl)).toEqual([neighbourhoods]);
  });

  it('counts features from a one-feature page’s numberMatched', async () => {
    const page = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: 'x', geometry: null, properties: {} }],
      numberMatched: 41,
      numberReturned: 1,
    };
    const { impl, calls } = fakeFetch({ [COUNT_URL]: [200, page] });
    expect(await fetchFeatureCount(neighbourhoods, impl)).toBe(41);
    expect(calls).toEqual([{ url: COUNT_URL, accept: 'application/geo+json, application/json' }]);
  });

  it('keeps a query the features link already has', async () => {
    const empty = { type: 'FeatureCollection', features: [], numberMatched: 0, numberReturned: 0 };
    const link = { features: '/api/layers/incidents/features?category=drugs' };
    const { impl } = fakeFetch({ '/api/layers/incidents/features?category=drugs&limit=1': [200, empty] });
    expect(await fetchFeatureCount({ links: link }, impl)).toBe(0);
  });

  it('reports HTTP errors with their status', async () => {
    const { impl } = fakeFetch({ [COUNT_URL]: [401, { title: 'Unauthorized' }] });
    const error = await fetchFeatureCount(neighbourhoods, impl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
  });

  it('refuses answers of the wrong shape, or without a count', async () => {
    const { impl } = fakeFetch({
      '/api/layers': [200, { items: [] }],
      [COUNT_URL]: [200, { type: 'Feature' }],
    });
    await expect(fetchLayers(impl)).rejects.toThrow('no "layers" array');
    await expect(fetchFeatureCount(neighbourhoods, impl)).rejects.toThrow('not a GeoJSON FeatureCollection');
    for (const numberMatched of [undefined, -1, 2.5, '41']) {
      const page = { type: 'FeatureCollection', features: [], numberReturned: 0, numberMatched };
      const { impl: counting } = fakeFetch({ [COUNT_URL]: [200, page] });
      await expect(fetchFeatureCount(neighbourhoods, counting)).rejects.toThrow('no numberMatched');
    }
  });
});

describe('loadStyle', () => {
  const styleUrl = 'https://basemap.example/style.json';
  const remote = {
    version: 8,
    glyphs: 'https://basemap.example/fonts/{fontstack}/{range}.pbf',
    sources: { streets: { type: 'vector', url: 'https://basemap.example/tiles.json' } },
    layers: [{ id: 'land', type: 'background', paint: { 'background-color': '#eee' } }],
  };

  it('builds our own style without a basemap style URL, fetching nothing', async () => {
    const { impl, calls } = fakeFetch({});
    const style = await loadStyle({ basemap: null }, [neighbourhoods], PAGE, impl);
    expect(style.layers.map((l) => l.id)).toEqual([
      'background',
      'layer-neighbourhoods',
      'layer-neighbourhoods-outline',
    ]);
    expect(style.sources['source-neighbourhoods']).toMatchObject({
      type: 'vector',
      url: 'http://127.0.0.1:3000/tiles/neighbourhoods.json',
    });
    expect(calls).toEqual([]);
  });

  it('puts the layers on top of a fetched basemap style', async () => {
    const { impl } = fakeFetch({ [styleUrl]: [200, remote] });
    const style = await loadStyle({ basemap: { type: 'style', url: styleUrl } }, [neighbourhoods], PAGE, impl);
    expect(style.glyphs).toBe(remote.glyphs);
    expect(Object.keys(style.sources)).toEqual(['streets', 'source-neighbourhoods']);
    expect(style.layers.map((l) => l.id)).toEqual(['land', 'layer-neighbourhoods', 'layer-neighbourhoods-outline']);
  });

  it('falls back to the plain background when the basemap style cannot be had', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    for (const impl of [offline, fakeFetch({ [styleUrl]: [200, { hello: 'world' }] }).impl]) {
      const style = await loadStyle({ basemap: { type: 'style', url: styleUrl } }, [neighbourhoods], PAGE, impl);
      expect(style.layers.map((l) => l.id)).toEqual([
        'background',
        'layer-neighbourhoods',
        'layer-neighbourhoods-outline',
      ]);
    }
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
