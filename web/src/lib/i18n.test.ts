import { describe, expect, it } from 'vitest';
import { initialLang, localeTag, localized, parseLang, translate, withLangParam } from './i18n.ts';

describe('initialLang', () => {
  it('defaults to Dutch', () => {
    expect(initialLang('', null)).toBe('nl');
  });

  it('uses the stored choice', () => {
    expect(initialLang('', 'en')).toBe('en');
  });

  it('lets ?lang= override the stored choice', () => {
    expect(initialLang('?lang=nl', 'en')).toBe('nl');
    expect(initialLang('?x=1&lang=EN', null)).toBe('en');
  });

  it('ignores unknown languages', () => {
    expect(initialLang('?lang=fr', 'de')).toBe('nl');
    expect(initialLang('?lang=fr', 'en')).toBe('en');
  });
});

describe('parseLang', () => {
  it('accepts nl and en only', () => {
    expect(parseLang(' NL ')).toBe('nl');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('en-GB')).toBeNull();
    expect(parseLang(undefined)).toBeNull();
  });
});

describe('translate', () => {
  it('returns the message in each language', () => {
    expect(translate('nl', 'appTitle')).toBe('Leefbaarheidskaart Halle');
    expect(translate('en', 'appTitle')).toBe('Liveability map Halle');
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(translate('nl', 'featureCountPartial', { returned: '10.000', matched: '12.345' })).toBe(
      '10.000 van 12.345 objecten geladen',
    );
    expect(translate('en', 'position', { i: 2 })).toBe('2 of {n}');
  });
});

describe('localized and localeTag', () => {
  it('picks the language and falls back to Dutch for an empty translation', () => {
    expect(localized({ nl: 'Wijk', en: 'Ward' }, 'en')).toBe('Ward');
    expect(localized({ nl: 'Wijk', en: '' }, 'en')).toBe('Wijk');
    expect(localeTag('nl')).toBe('nl-BE');
    expect(localeTag('en')).toBe('en-GB');
  });
});

describe('withLangParam', () => {
  it('sets ?lang= and keeps the rest of the address', () => {
    expect(withLangParam('http://127.0.0.1:3000/', 'en')).toBe('http://127.0.0.1:3000/?lang=en');
    expect(withLangParam('http://127.0.0.1:3000/?lang=en&x=1#map', 'nl')).toBe(
      'http://127.0.0.1:3000/?lang=nl&x=1#map',
    );
  });
});
