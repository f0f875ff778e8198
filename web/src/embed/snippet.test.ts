import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED_PARAMS, readEmbedParams } from './params.ts';
import { embedSrc, escapeAttribute, iframeSnippet, snippetSize } from './snippet.ts';

describe('iframeSnippet', () => {
  it('writes an iframe of /embed with the options, a title, the size, lazy loading and full screen', () => {
    const code = iframeSnippet({
      origin: 'https://kaart.halle.be',
      params: {
        layers: ['neighbourhoods', 'youth-facilities'],
        center: [4.2373, 50.7339],
        zoom: 13,
        theme: 'jongeren',
        lang: 'en',
        legend: false,
      },
      title: 'Liveability map of Halle: Children and youth',
      width: 640,
      height: 480,
    });
    expect(code).toBe(
      '<iframe src="https://kaart.halle.be/embed?layers=neighbourhoods,youth-facilities&amp;center=4.2373,50.7339' +
        '&amp;zoom=13&amp;theme=jongeren&amp;lang=en&amp;legend=0" title="Liveability map of Halle: Children and youth" ' +
        'width="640" height="480" loading="lazy" allowfullscreen></iframe>',
    );
  });

  it('escapes the title and keeps the address readable back to the same options', () => {
    const params = { ...DEFAULT_EMBED_PARAMS, theme: 'wonen' as const };
    const code = iframeSnippet({
      origin: 'http://127.0.0.1:3000',
      params,
      title: 'Kaart "Halle" <wonen> & co',
      width: 800,
      height: 600,
    });
    expect(code).toContain('title="Kaart &quot;Halle&quot; &lt;wonen&gt; &amp; co"');
    const src = /src="([^"]*)"/.exec(code)![1]!.replace(/&amp;/g, '&');
    expect(src).toBe(embedSrc('http://127.0.0.1:3000', params));
    expect(readEmbedParams(new URL(src).search)).toEqual(params);
  });

  it('keeps the size between 200 and 4000 pixels, whole', () => {
    expect(snippetSize(1000.4, 800)).toBe(1000);
    expect(snippetSize('50', 800)).toBe(200);
    expect(snippetSize(99999, 800)).toBe(4000);
    expect(snippetSize('', 800)).toBe(800);
    expect(snippetSize('wide', 600)).toBe(600);
    expect(
      iframeSnippet({ origin: 'http://x', params: DEFAULT_EMBED_PARAMS, title: 't', width: NaN, height: 10 }),
    ).toContain('width="800" height="200"');
  });
});

describe('escapeAttribute', () => {
  it('escapes the five characters that matter in a quoted attribute', () => {
    expect(escapeAttribute(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
