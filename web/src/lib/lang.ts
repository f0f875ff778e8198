import type { Lang, Localized } from './types.ts';

/*
 * The UI languages and text the API gives in both, without any message table: the public embed
 * and the import page use these and have their own strings; the planner map's table is i18n.ts.
 */

export const LANGS: readonly Lang[] = ['nl', 'en'];
export const DEFAULT_LANG: Lang = 'nl';
export const LANG_STORAGE_KEY = 'leefbaarheidskaart.lang';

/** BCP 47 tag used for number and date formatting. */
export function localeTag(lang: Lang): string {
  return lang === 'nl' ? 'nl-BE' : 'en-GB';
}

export function parseLang(value: string | null | undefined): Lang | null {
  const lower = value?.trim().toLowerCase();
  return lower === 'nl' || lower === 'en' ? lower : null;
}

/** `?lang=` wins over the stored choice, which wins over the default (Dutch). */
export function initialLang(search: string, stored: string | null): Lang {
  return parseLang(new URLSearchParams(search).get('lang')) ?? parseLang(stored) ?? DEFAULT_LANG;
}

/** The same address with `?lang=` set, so that a shared link keeps the language. */
export function withLangParam(href: string, lang: Lang): string {
  const url = new URL(href);
  url.searchParams.set('lang', lang);
  return url.href;
}

/** A text the API gives in Dutch and English, in `lang`; Dutch when the English is missing. */
export function localized(text: Localized, lang: Lang): string {
  return text[lang] || text.nl;
}
