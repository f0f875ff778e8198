import { initialLang, LANG_STORAGE_KEY, translate, withLangParam, type MessageKey } from './i18n.ts';
import type { Lang } from './types.ts';

function readStoredLang(): string | null {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage disabled (privacy mode, sandboxed frame)
  }
}

/** The UI language: from `?lang=`, else localStorage, else Dutch; a change is kept in both. */
export class Locale {
  lang = $state<Lang>('nl');

  constructor(lang: Lang) {
    this.lang = lang;
  }

  static fromEnvironment(): Locale {
    return new Locale(initialLang(location.search, readStoredLang()));
  }

  t = (key: MessageKey, params?: Record<string, string | number>): string => translate(this.lang, key, params);

  set(lang: Lang): void {
    this.lang = lang;
    try {
      localStorage.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // Not persisted; the URL below still carries the choice.
    }
    history.replaceState(history.state, '', withLangParam(location.href, lang));
  }
}
