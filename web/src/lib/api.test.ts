import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONFIG,
  featureCounts,
  featuresUrl,
  fetchConfig,
  fetchFeatures,
  fetchLayers,
  HttpError,
  loadStyle,
  parseConfig,
} from './api.ts';
import { neighbourhoods } from './test-fixtures.ts';

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
    expect(featuresUrl('/api/layers/incidents/features')).toBe('/api/layers/incidents/features?limit=10000');
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

  it('asks for GeoJSON with a limit and returns the collection', async () => {
    const collection = { type: 'FeatureCollection', features: [], numberMatched: 0, numberReturned: 0 };
    const { impl, calls } = fakeFetch({ '/api/layers/neighbourhoods/features?limit=10000': [200, collection] });
    expect(await fetchFeatures(neighbourhoods, impl)).toEqual(collection);
    expect(calls[0]?.accept).toBe('application/geo+json, application/json');
  });

  it('reports HTTP errors with their status', async () => {
    const { impl } = fakeFetch({ '/api/layers/neighbourhoods/features?limit=10000': [401, { title: 'Unauthorized' }] });
    const error = await fetchFeatures(neighbourhoods, impl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
  });

  it('refuses answers of the wrong shape', async () => {
    const { impl } = fakeFetch({
      '/api/layers': [200, { items: [] }],
      '/api/layers/neighbourhoods/features?limit=10000': [200, { type: 'Feature' }],
    });
    await expect(fetchLayers(impl)).rejects.toThrow('no "layers" array');
    await expect(fetchFeatures(neighbourhoods, impl)).rejects.toThrow('not a GeoJSON FeatureCollection');
  });
});

describe('featureCounts', () => {
  const features = (n: number) =>
    Array.from({ length: n }, () => ({ type: 'Feature' as const, geometry: null, properties: {} }));

  it('uses numberReturned, and numberMatched only when more matched than were returned', () => {
    expect(
      featureCounts({ type: 'FeatureCollection', features: features(2), numberReturned: 2, numberMatched: 2 }),
    ).toEqual({
      returned: 2,
      matched: null,
    });
    expect(
      featureCounts({ type: 'FeatureCollection', features: features(2), numberReturned: 2, numberMatched: 7 }),
    ).toEqual({
      returned: 2,
      matched: 7,
    });
    expect(featureCounts({ type: 'FeatureCollection', features: features(3) })).toEqual({ returned: 3, matched: null });
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
    const style = await loadStyle({ basemap: null }, [neighbourhoods], impl);
    expect(style.layers.map((l) => l.id)).toEqual([
      'background',
      'layer-neighbourhoods',
      'layer-neighbourhoods-outline',
    ]);
    expect(calls).toEqual([]);
  });

  it('puts the layers on top of a fetched basemap style', async () => {
    const { impl } = fakeFetch({ [styleUrl]: [200, remote] });
    const style = await loadStyle({ basemap: { type: 'style', url: styleUrl } }, [neighbourhoods], impl);
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
      const style = await loadStyle({ basemap: { type: 'style', url: styleUrl } }, [neighbourhoods], impl);
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
