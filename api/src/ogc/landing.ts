import { MEDIA_TYPES } from './constants.ts';
import type { Language } from './language.ts';
import type { Link } from './links.ts';

const TEXT = {
  nl: {
    title: 'Leefbaarheidskaart Halle',
    description:
      'De lagen van de leefbaarheidskaart van Halle als OGC API - Features, in GeoJSON en WGS 84. ' +
      'Aangemelde medewerkers van de stad krijgen meer lagen dan het publiek.',
  },
  en: {
    title: 'Liveability map of Halle',
    description:
      "The layers of Halle's liveability map as OGC API - Features, in GeoJSON and WGS 84. " +
      'Signed-in city staff get more layers than the public.',
  },
} as const;

export interface LandingPage {
  title: string;
  description: string;
  links: Link[];
}

/** The landing page (OGC 17-069r4, clause 7.2): where the definition, conformance and data are. */
export function landingPage(language: Language, origin: string): LandingPage {
  const base = `${origin}/ogc`;
  return {
    ...TEXT[language],
    links: [
      { href: base, rel: 'self', type: MEDIA_TYPES.json, title: TEXT[language].title },
      { href: `${base}/api`, rel: 'service-desc', type: MEDIA_TYPES.openapi, title: 'OpenAPI 3.0' },
      { href: `${base}/conformance`, rel: 'conformance', type: MEDIA_TYPES.json, title: 'Conformance' },
      { href: `${base}/collections`, rel: 'data', type: MEDIA_TYPES.json, title: 'Collections' },
    ],
  };
}
