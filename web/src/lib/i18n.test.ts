import { describe, expect, it } from 'vitest';
import { featureNoun, initialLang, localeTag, localized, parseLang, translate, withLangParam } from './i18n.ts';

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
    expect(translate('nl', 'cellCount', { n: '1.234', noun: 'incidenten' })).toBe(
      '1.234 incidenten in deze cel — zoom in voor details',
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

describe('featureNoun', () => {
  it('names a layer’s features, singular for one, and falls back to objects for other layers', () => {
    expect(featureNoun('nl', 'incidents', 12)).toBe('incidenten');
    expect(featureNoun('nl', 'incidents', 1)).toBe('incident');
    expect(featureNoun('en', 'youth-facilities', 1)).toBe('youth facility');
    expect(featureNoun('en', 'vacant-buildings', 0)).toBe('buildings');
    expect(featureNoun('nl', 'somewhere-else', 3)).toBe('objecten');
    expect(featureNoun('en', 'toString', 1)).toBe('feature'); // not fooled by Object.prototype
  });
});
