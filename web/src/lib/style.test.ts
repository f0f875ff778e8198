import { describe, expect, it } from 'vitest';
import {
  BASEMAP_ID,
  baseStyle,
  buildStyle,
  CELL_FILTER,
  CELL_RADIUS,
  choroplethColor,
  featureColor,
  filterSources,
  layerSource,
  layerSpecifications,
  NO_DATA_COLOR,
  RAW_FILTER,
  sourceAttribution,
  styleLayerIds,
  UNSTABLE_COLOR,
  tileJsonUrl,
  withOverlay,
} from './style.ts';
import { neighbourhoods, youthFacilities } from './test-fixtures.ts';
import type { LayerDescription } from './types.ts';

const PAGE = 'http://127.0.0.1:3000/?lang=en#map';

describe('layer ids', () => {
  it('names circles and fills layer-<id>, cells layer-<id>-cells and outlines layer-<id>-outline', () => {
    expect(styleLayerIds(youthFacilities)).toEqual(['layer-youth-facilities-cells', 'layer-youth-facilities']);
    expect(layerSpecifications(youthFacilities).map((l) => [l.id, l.type])).toEqual([
      ['layer-youth-facilities-cells', 'circle'],
      ['layer-youth-facilities', 'circle'],
    ]);
    expect(styleLayerIds(neighbourhoods)).toEqual(['layer-neighbourhoods', 'layer-neighbourhoods-outline']);
    expect(layerSpecifications(neighbourhoods).map((l) => [l.id, l.type])).toEqual([
      ['layer-neighbourhoods', 'fill'],
      ['layer-neighbourhoods-outline', 'line'],
    ]);
  });

  it('lists exactly the style layers that are built (the panel hides them all)', () => {
    for (const layer of [youthFacilities, neighbourhoods]) {
      expect(layerSpecifications(layer).map((l) => l.id)).toEqual(styleLayerIds(layer));
    }
  });
});

describe('vector sources', () => {
  it('point at the layer’s TileJSON as an absolute URL (MapLibre’s worker cannot resolve relative ones)', () => {
    expect(tileJsonUrl('youth-facilities', PAGE)).toBe('http://127.0.0.1:3000/tiles/youth-facilities.json');
    expect(tileJsonUrl('youth-facilities', 'https://kaart.example/halle/')).toBe(
      'https://kaart.example/tiles/youth-facilities.json',
    );
    expect(tileJsonUrl('a b', PAGE)).toBe('http://127.0.0.1:3000/tiles/a%20b.json');
  });

  it('promote the id property where the layer has one (sector codes), and carry the attribution', () => {
    expect(layerSource(neighbourhoods, PAGE)).toEqual({
      type: 'vector',
      url: 'http://127.0.0.1:3000/tiles/neighbourhoods.json',
      attribution: 'Bron/Source: Statbel',
      promoteId: 'code',
    });
    expect(layerSource(youthFacilities, PAGE)).toEqual({
      type: 'vector',
      url: 'http://127.0.0.1:3000/tiles/youth-facilities.json',
      attribution: 'Synthetische demodata / synthetic demo data',
    });
  });

  it('read the source layer named after the layer id', () => {
    for (const layer of [youthFacilities, neighbourhoods]) {
      for (const spec of layerSpecifications(layer)) {
        expect(spec).toMatchObject({ source: `source-${layer.id}`, 'source-layer': layer.id });
      }
    }
  });
});

describe('cells and raw points', () => {
  // What MapLibre's own filter and expression code make of the style, on features as tiles carry them.
  const cell = (count: number) => ({ type: 1 as const, properties: { count } });
  const raw = { type: 1 as const, properties: { name: 'Jeugdhuis De Zolder', kind: 'jeugdhuis' } };
  const zoom = { zoom: 12 };

  it('split a tile’s features on the count property: cells only in the cells layer, raw features only in the main one', async () => {
    const { featureFilter } = await import('@maplibre/maplibre-gl-style-spec');
    const [cells, points] = layerSpecifications(youthFacilities);
    expect(cells).toMatchObject({ filter: CELL_FILTER });
    expect(points).toMatchObject({ filter: RAW_FILTER });
    const isCell = featureFilter(CELL_FILTER, 'layers[0].filter').filter;
    const isRaw = featureFilter(RAW_FILTER, 'layers[1].filter').filter;
    expect(isCell(zoom, cell(1))).toBe(true);
    expect(isCell(zoom, raw)).toBe(false);
    expect(isRaw(zoom, cell(12))).toBe(false);
    expect(isRaw(zoom, raw)).toBe(true);
  });

  it('draw cells in the layer colour with a white stroke, growing with the square root of the count', async () => {
    const { createExpression, latest } = await import('@maplibre/maplibre-gl-style-spec');
    const [cells] = layerSpecifications(youthFacilities);
    expect(cells).toMatchObject({
      paint: { 'circle-color': '#228833', 'circle-stroke-color': '#ffffff', 'circle-radius': CELL_RADIUS },
    });
    const radius = createExpression(
      CELL_RADIUS,
      'layers[0].paint.circle-radius',
      latest.paint_circle['circle-radius'] as Parameters<typeof createExpression>[2],
    );
    if (radius.result !== 'success') throw new Error(JSON.stringify(radius.value));
    const at = (count: number) => radius.value.evaluate(zoom, cell(count)) as number;
    expect(at(1)).toBe(3);
    expect(at(9)).toBe(5.5);
    expect(at(100)).toBe(10);
    expect(at(10_000)).toBe(10); // capped
    expect(at(4)).toBeGreaterThan(at(2));
    expect(at(50)).toBeGreaterThan(at(20));
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
  it('draws raw points as circles coloured by category', () => {
    const [, circle] = layerSpecifications(youthFacilities);
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
    const style = buildStyle({ basemap: null }, [youthFacilities, neighbourhoods], PAGE);
    expect(style.version).toBe(8);
    expect(style.glyphs).toBeUndefined();
    expect(style.layers.map((l) => l.id)).toEqual([
      'background',
      'layer-neighbourhoods',
      'layer-neighbourhoods-outline',
      'layer-youth-facilities-cells',
      'layer-youth-facilities',
    ]);
    expect(Object.keys(style.sources)).toEqual(['source-neighbourhoods', 'source-youth-facilities']);
    expect(style.sources['source-neighbourhoods']).toEqual(layerSource(neighbourhoods, PAGE));
    expect(style.sources['source-youth-facilities']).toMatchObject({
      type: 'vector',
      url: 'http://127.0.0.1:3000/tiles/youth-facilities.json',
    });
  });

  it('puts a raster basemap at the bottom, above the background, with its attribution', () => {
    const basemap = {
      type: 'raster' as const,
      tiles: ['https://tiles.example/{z}/{x}/{y}.png'],
      tileSize: 256,
      attribution: '© OSM',
    };
    const style = buildStyle({ basemap }, [neighbourhoods], PAGE);
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
    const style = withOverlay(base, [neighbourhoods], PAGE);
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
      const style = buildStyle({ basemap }, [neighbourhoods, youthFacilities], PAGE);
      expect(style.layers).toHaveLength(basemap ? 6 : 5);
      expect(validateStyleMin(style).map((error) => error.message)).toEqual([]);
    }
  });
});

describe('choroplethColor', () => {
  it('greys out unstable sectors, leaves sectors without a value white, and colours the rest by class', async () => {
    const { createExpression, latest } = await import('@maplibre/maplibre-gl-style-spec');
    const spec = latest.paint_fill['fill-color'] as Parameters<typeof createExpression>[2];
    const colors = ['#FFF7BC', '#FEC44F', '#D95F0E'];
    const parsed = createExpression(choroplethColor([10, 30], colors), 'fill-color', spec);
    if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
    const hex = (state: Record<string, unknown>) => {
      const { r, g, b } = parsed.value.evaluate({ zoom: 12 }, { type: 3, properties: {} }, state) as {
        r: number;
        g: number;
        b: number;
      };
      return `#${[r, g, b]
        .map((c) =>
          Math.round(c * 255)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')}`.toUpperCase();
    };
    expect(hex({ value: 9.5, unstable: false })).toBe('#FFF7BC');
    expect(hex({ value: 10, unstable: false })).toBe('#FEC44F'); // a value on a break goes up
    expect(hex({ value: 500, unstable: false })).toBe('#D95F0E');
    expect(hex({ value: 500, unstable: true })).toBe(UNSTABLE_COLOR); // never the darkest class
    expect(hex({ value: null, unstable: false })).toBe(NO_DATA_COLOR);
    expect(hex({})).toBe(NO_DATA_COLOR);
  });
});

describe('filtered sources', () => {
  it('passes the filters into the TileJSON URL, and leaves it bare without any', () => {
    expect(tileJsonUrl('incidents', PAGE, new URLSearchParams({ category: 'overlast,drugs' }))).toBe(
      'http://127.0.0.1:3000/tiles/incidents.json?category=overlast%2Cdrugs',
    );
    expect(tileJsonUrl('incidents', PAGE, new URLSearchParams())).toBe('http://127.0.0.1:3000/tiles/incidents.json');
  });

  it('points the style’s sources at their filtered TileJSON before the map opens', () => {
    const style = buildStyle({ basemap: null }, [neighbourhoods, youthFacilities], PAGE);
    filterSources(style, { 'youth-facilities': new URLSearchParams({ kind: 'speelplein' }) }, PAGE);
    const url = (id: string) => (style.sources[id] as { url: string }).url;
    expect(url('source-youth-facilities')).toBe('http://127.0.0.1:3000/tiles/youth-facilities.json?kind=speelplein');
    expect(url('source-neighbourhoods')).toBe('http://127.0.0.1:3000/tiles/neighbourhoods.json');
  });
});
