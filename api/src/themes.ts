import type { Localized } from './layers/types.ts';

/** The liveability plan's three priority themes (Halle, 2010): safe housing, children and youth, neighbourhoods. */
export const THEMES = ['wonen', 'jongeren', 'buurten'] as const;

export type Theme = (typeof THEMES)[number];

export const THEME_TITLES: Record<Theme, Localized> = {
  wonen: { nl: 'Veilig wonen', en: 'Safe housing' },
  jongeren: { nl: 'Kinderen en jongeren', en: 'Children and youth' },
  buurten: { nl: 'Buurten', en: 'Neighbourhoods' },
};
