import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMBED_PARAMS,
  fullMapUrl,
  readEmbedParams,
  resolveLayers,
  writeEmbedParams,
  type EmbedParams,
} from './params.ts';

const EMBEDDABLE = ['neighbourhoods', 'incidents', 'youth-facilities'];

describe('readEmbedParams', () => {
  it('reads every option of a well-formed address', () => {
    expect(
      readEmbedParams(
        '?layers=neighbourhoods,incidents&center=4.2373,50.7339&zoom=13.5&theme=jongeren&lang=en&legend=0',
      ),
    ).toEqual({
      layers: ['neighbourhoods', 'incidents'],
      center: [4.2373, 50.7339],
      zoom: 13.5,
      theme: 'jongeren',
      lang: 'en',
      legend: false,
    });
  });

  it('gives the defaults for an empty address', () => {
    expect(readEmbedParams('')).toEqual(DEFAULT_EMBED_PARAMS);
    expect(DEFAULT_EMBED_PARAMS).toEqual({
      layers: null,
      center: null,
      zoom: null,
      theme: 'buurten',
      lang: 'nl',
      legend: true,
    });
  });

  it.each([
    ['an unknown theme', 'theme=veiligheid', { theme: 'buurten' }],
    ['an unknown language', 'lang=fr', { lang: 'nl' }],
    ['a legend that is neither 0 nor 1', 'legend=maybe', { legend: true }],
    ['a centre with one number', 'center=4.2', { center: null }],
    ['a centre with three numbers', 'center=4.2,50.7,3', { center: null }],
    ['a centre off the map', 'center=4.2,89', { center: null }],
    ['a centre in exponent notation', 'center=4e0,50.7', { center: null }],
    ['a centre that is text', 'center=halle', { center: null }],
    ['a negative zoom', 'zoom=-1', { zoom: null }],
    ['a zoom past 22', 'zoom=23', { zoom: null }],
    ['a zoom that is text', 'zoom=close', { zoom: null }],
    ['an infinite zoom', 'zoom=Infinity', { zoom: null }],
    ['layer ids that are not ids', 'layers=<script>,a b', { layers: null }],
    ['an empty layer list', 'layers=', { layers: null }],
  ])('falls back to the default for %s', (_what, search, expected) => {
    expect(readEmbedParams(search)).toEqual({ ...DEFAULT_EMBED_PARAMS, ...expected });
  });

  it('keeps the good options of an address with bad ones, and ignores case and blanks where harmless', () => {
    expect(readEmbedParams('layers=Incidents, foo_bar ,incidents&theme=WONEN&lang=EN&zoom=12&center=x')).toEqual({
      ...DEFAULT_EMBED_PARAMS,
      layers: ['incidents'],
      theme: 'wonen',
      lang: 'en',
      zoom: 12,
    });
  });

  it('takes the first of a repeated option and never throws on malformed escapes', () => {
    expect(readEmbedParams('theme=wonen&theme=jongeren').theme).toBe('wonen');
    expect(() => readEmbedParams('layers=%E0%A4%A&center=%%&zoom=%')).not.toThrow();
  });

  it('refuses a list of more than 20 layers', () => {
    const many = Array.from({ length: 21 }, (_, i) => `layer-${i}`).join(',');
    expect(readEmbedParams(`layers=${many}`).layers).toBeNull();
  });
});

describe('resolveLayers', () => {
  it('keeps the layers asked for that the public may see, in the registry’s order', () => {
    expect(resolveLayers(['youth-facilities', 'vacant-buildings', 'neighbourhoods'], EMBEDDABLE)).toEqual([
      'neighbourhoods',
      'youth-facilities',
    ]);
  });

  it('falls back to the sectors and the youth facilities when nothing usable was asked for', () => {
    expect(resolveLayers(null, EMBEDDABLE)).toEqual(['neighbourhoods', 'youth-facilities']);
    expect(resolveLayers(['vacant-buildings'], EMBEDDABLE)).toEqual(['neighbourhoods', 'youth-facilities']);
    // A server that offers neither default layer: nothing but the background.
    expect(resolveLayers(null, ['incidents'])).toEqual([]);
  });
});

describe('writeEmbedParams', () => {
  it('writes every option in a fixed order, rounding the position', () => {
    const params: EmbedParams = {
      layers: ['neighbourhoods', 'youth-facilities'],
      center: [4.237312345, 50.7339],
      zoom: 13.456,
      theme: 'wonen',
      lang: 'en',
      legend: false,
    };
    // 4.237312345 → 5 decimals 4.23731; zoom 13.456 → 2 decimals 13.46.
    expect(writeEmbedParams(params)).toBe(
      'layers=neighbourhoods,youth-facilities&center=4.23731,50.7339&zoom=13.46&theme=wonen&lang=en&legend=0',
    );
  });

  it('leaves out the layers and position when they are the defaults', () => {
    expect(writeEmbedParams(DEFAULT_EMBED_PARAMS)).toBe('theme=buurten&lang=nl&legend=1');
  });

  it('is read back as written', () => {
    const params: EmbedParams = {
      layers: ['incidents'],
      center: [4.25, 50.7],
      zoom: 14,
      theme: 'jongeren',
      lang: 'nl',
      legend: true,
    };
    expect(readEmbedParams(writeEmbedParams(params))).toEqual(params);
  });
});

describe('fullMapUrl', () => {
  it('links the full map on the same view, layers, period, indicator, theme and language', () => {
    const href = fullMapUrl(
      {
        center: [4.2373, 50.7339],
        zoom: 13,
        layers: ['neighbourhoods', 'incidents'],
        theme: 'buurten',
        lang: 'en',
        indicator: 'incidents-per-1000-residents',
        period: { start: '2025-01-01', end: '2025-12-31' },
      },
      'https://kaart.halle.be/embed?theme=buurten',
    );
    expect(href).toBe(
      'https://kaart.halle.be/?map=13/50.7339/4.2373&layers=neighbourhoods,incidents' +
        '&period=2025-01-01/2025-12-31&indicator=incidents-per-1000-residents&theme=buurten&lang=en',
    );
  });

  it('leaves out the period and indicator when there are none', () => {
    const href = fullMapUrl(
      {
        center: [4.2, 50.7],
        zoom: 12.5,
        layers: [],
        theme: 'wonen',
        lang: 'nl',
        indicator: null,
        period: null,
      },
      'http://127.0.0.1:3000/embed',
    );
    expect(href).toBe('http://127.0.0.1:3000/?map=12.5/50.7/4.2&layers=&theme=wonen&lang=nl');
  });
});
