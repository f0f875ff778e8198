import { describe, expect, it } from 'vitest';
import { originOf, pageLinks } from './links.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const hrefs = (links: { rel: string; href: string }[]) => Object.fromEntries(links.map((l) => [l.rel, l.href]));

describe('pageLinks', () => {
  it('gives self and next on the first of several pages', () => {
    const links = pageLinks(ORIGIN, '/ogc/collections/incidents/items?limit=2', {
      offset: 0,
      limit: 2,
      numberMatched: 5,
    });
    expect(hrefs(links)).toEqual({
      self: `${ORIGIN}/ogc/collections/incidents/items?limit=2`,
      next: `${ORIGIN}/ogc/collections/incidents/items?limit=2&offset=2`,
    });
    expect(links.every((link) => link.type === 'application/geo+json')).toBe(true);
  });

  it('keeps every other parameter and replaces only offset', () => {
    const url = '/ogc/collections/incidents/items?bbox=4,50,4.1,50.1&offset=2&limit=2&category=overlast';
    expect(hrefs(pageLinks(ORIGIN, url, { offset: 2, limit: 2, numberMatched: 5 }))).toEqual({
      self: `${ORIGIN}${url}`,
      // 2 + 2 = 4 < 5: one more page; 2 - 2 = 0 before
      next: `${ORIGIN}/ogc/collections/incidents/items?bbox=4%2C50%2C4.1%2C50.1&offset=4&limit=2&category=overlast`,
      prev: `${ORIGIN}/ogc/collections/incidents/items?bbox=4%2C50%2C4.1%2C50.1&offset=0&limit=2&category=overlast`,
    });
  });

  it('has no next link on the last page and no prev link below 0', () => {
    // offset 4 + limit 2 = 6 >= 5 matched: last page; 4 - 2 = 2
    expect(
      Object.keys(hrefs(pageLinks(ORIGIN, '/i?offset=4&limit=2', { offset: 4, limit: 2, numberMatched: 5 }))),
    ).toEqual(['self', 'prev']);
    // an offset of 1 with a limit of 10: the previous page starts at 0, not -9
    expect(hrefs(pageLinks(ORIGIN, '/i?offset=1', { offset: 1, limit: 10, numberMatched: 3 })).prev).toBe(
      `${ORIGIN}/i?offset=0`,
    );
    // exactly filled: 0 + 5 = 5 matched, nothing after
    expect(Object.keys(hrefs(pageLinks(ORIGIN, '/i?limit=5', { offset: 0, limit: 5, numberMatched: 5 })))).toEqual([
      'self',
    ]);
    expect(Object.keys(hrefs(pageLinks(ORIGIN, '/i', { offset: 0, limit: 10, numberMatched: 0 })))).toEqual(['self']);
  });
});

describe('originOf', () => {
  it('joins the protocol and the Host the client sent', () => {
    expect(originOf({ protocol: 'https', host: 'kaart.halle.be' })).toBe('https://kaart.halle.be');
    expect(originOf({ protocol: 'http', host: '127.0.0.1:3000' })).toBe(ORIGIN);
    // the default port is left out, as in any URL
    expect(originOf({ protocol: 'http', host: 'localhost:80' })).toBe('http://localhost');
  });
});
