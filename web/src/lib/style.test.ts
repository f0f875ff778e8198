import { describe, expect, it } from 'vitest';
import {
  BASEMAP_ID,
  baseStyle,
  buildStyle,
  featureColor,
  layerSpecifications,
  sourceAttribution,
  styleLayerIds,
  withOverlay,
} from './style.ts';
import { neighbourhoods, youthFacilities } from './test-fixtures.ts';
import type { LayerDescription } from './types.ts';

describe('layer ids', () => {
  it('names circles and fills layer-<id> and outlines layer-<id>-outline', () => {
    expect(styleLayerIds(youthFacilities)).toEqual(['layer-youth-facilities']);
    expect(styleLayerIds(neighbourhoods)).toEqual(['layer-neighbourhoods', 'layer-neighbourhoods-outline']);
    expect(layerSpecifications(neighbourhoods).map((l) => [l.id, l.type])).toEqual([
      ['layer-neighbourhoods', 'fill'],
      ['layer-neighbourhoods-outline', 'line'],
    ]);
  });
});

describe('featureColor', () => {
  it('matches the category property against the legend, falling back to the layer colour', () => {
    expect(featureColor(youthFacilities)).toEqual([
      'match',
      ['to-string', ['get', 'kind']],
      'jeugdhuis',
      '#4477AA',
      'speelplein',
      '#228833',
      '#228833',
    ]);
  });

  it('is the plain layer colour without categories', () => {
    expect(featureColor(neighbourhoods)).toBe('#4477AA');
  });

  it('keeps only the first of duplicate legend values (match labels must be unique)', () => {
    const layer: LayerDescription = {
      ...youthFacilities,
      legend: [
        { value: 'a', title: { nl: 'A', en: 'A' }, color: '#111111' },
        { value: 'a', title: { nl: 'A', en: 'A' }, color: '#222222' },
        { value: null, title: { nl: 'Rest', en: 'Rest' }, color: '#333333' },
      ],
    };
    expect(featureColor(layer)).toEqual(['match', ['to-string', ['get', 'kind']], 'a', '#111111', '#228833']);
  });

  it('is the plain layer colour when no legend entry has a value', () => {
    expect(featureColor({ ...youthFacilities, legend: [] })).toBe('#228833');
  });
});

describe('layerSpecifications', () => {
  it('draws points as circles coloured by category', () => {
    const [circle] = layerSpecifications(youthFacilities);
    expect(circle).toMatchObject({
      id: 'layer-youth-facilities',
      type: 'circle',
      source: 'source-youth-facilities',
      paint: { 'circle-color': featureColor(youthFacilities) },
    });
  });

  it('draws polygons as a transparent fill and an outline in the outline colour', () => {
    const [fill, line] = layerSpecifications(neighbourhoods);
    expect(fill).toMatchObject({ source: 'source-neighbourhoods', paint: { 'fill-opacity': 0 } });
    expect(line).toMatchObject({ source: 'source-neighbourhoods', paint: { 'line-color': '#223355' } });
  });
});

describe('sourceAttribution', () => {
  it('keeps the attribution and adds the synthetic note where it is missing', () => {
    expect(sourceAttribution(neighbourhoods)).toBe('Bron/Source: Statbel');
    expect(sourceAttribution(youthFacilities)).toBe('Synthetische demodata / synthetic demo data');
    expect(sourceAttribution({ ...youthFacilities, attribution: 'Stad Halle' })).toBe(
      'Synthetische demodata / Synthetic demo data; Stad Halle',
    );
    expect(sourceAttribution({ ...youthFacilities, attribution: '' })).toBe(
      'Synthetische demodata / Synthetic demo data',
    );
  });
});

describe('buildStyle', () => {
  it('without a basemap: a background, then the layers sorted by order, one source each', () => {
    const style = buildStyle({ basemap: null }, [youthFacilities, neighbourhoods]);
    expect(style.version).toBe(8);
    expect(style.glyphs).toBeUndefined();
    expect(style.layers.map((l) => l.id)).toEqual([
      'background',
      'layer-neighbourhoods',
      'layer-neighbourhoods-outline',
      'layer-youth-facilities',
    ]);
    expect(Object.keys(style.sources)).toEqual(['source-neighbourhoods', 'source-youth-facilities']);
    expect(style.sources['source-neighbourhoods']).toEqual({
      type: 'geojson',
      data: { type: 'FeatureCollection', features: [] },
      attribution: 'Bron/Source: Statbel',
      promoteId: 'code',
    });
  });

  it('puts a raster basemap at the bottom, above the background, with its attribution', () => {
    const basemap = {
      type: 'raster' as const,
      tiles: ['https://tiles.example/{z}/{x}/{y}.png'],
      tileSize: 256,
      attribution: '© OSM',
    };
    const style = buildStyle({ basemap }, [neighbourhoods]);
    expect(style.layers.map((l) => l.id).slice(0, 3)).toEqual(['background', BASEMAP_ID, 'layer-neighbourhoods']);
    expect(style.sources[BASEMAP_ID]).toEqual({
      type: 'raster',
      tiles: basemap.tiles,
      tileSize: 256,
      attribution: '© OSM',
    });
  });

  it('ignores a style-URL basemap in the base style (it is loaded as the style itself)', () => {
    expect(baseStyle({ basemap: { type: 'style', url: 'https://example/style.json' } }).layers).toHaveLength(1);
  });
});

describe('withOverlay', () => {
  it('adds the layers on top of a fetched base style without dropping its own', () => {
    const base = baseStyle({ basemap: null });
    base.glyphs = 'https://example/fonts/{fontstack}/{range}.pbf';
    const style = withOverlay(base, [neighbourhoods]);
    expect(style.glyphs).toBe(base.glyphs);
    expect(style.layers.map((l) => l.id)).toEqual([
      'background',
      'layer-neighbourhoods',
      'layer-neighbourhoods-outline',
    ]);
    expect(base.layers).toHaveLength(1);
  });
});

describe('the built style', () => {
  it('passes the MapLibre style-spec validator, with and without a raster basemap', async () => {
    // maplibre-gl's own dependency; used here only to validate what we build.
    const { validateStyleMin } = await import('@maplibre/maplibre-gl-style-spec');
    const raster = {
      type: 'raster' as const,
      tiles: ['https://tiles.example/{z}/{x}/{y}.png'],
      tileSize: 256,
      attribution: '© OSM',
    };
    for (const basemap of [null, raster]) {
      const style = buildStyle({ basemap }, [neighbourhoods, youthFacilities]);
      expect(validateStyleMin(style).map((error) => error.message)).toEqual([]);
    }
  });
});
