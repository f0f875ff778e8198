import type { Position } from './geo.ts';
import type { Placement } from './placement.ts';
import { createRng, deriveSeed, shuffled, type Rng } from './prng.ts';

/*
 * Synthetic youth facilities: counts plausible for a town of 40,000, placed where people live
 * (sector drawn ∝ estimated residents, uniform point inside it), with fictional names.
 */

export const YOUTH_KINDS = [
  'jeugdhuis',
  'jeugdbeweging',
  'speelplein',
  'speeltuin',
  'sportveld',
  'skatepark',
  'school',
] as const;
export type YouthKind = (typeof YOUTH_KINDS)[number];

export const YOUTH_COUNTS: Readonly<Record<YouthKind, number>> = {
  jeugdhuis: 4,
  jeugdbeweging: 12,
  speelplein: 4,
  speeltuin: 30,
  sportveld: 14,
  skatepark: 3,
  school: 20,
};

/** Share open to the public: school grounds and youth-movement premises mostly are not. */
export const YOUTH_PUBLIC_SHARE: Readonly<Record<YouthKind, number>> = {
  jeugdhuis: 1,
  jeugdbeweging: 0.15,
  speelplein: 1,
  speeltuin: 1,
  sportveld: 0.75,
  skatepark: 1,
  school: 0.1,
};

// Fictional names (nature, animals, common Flemish school and venue names); no real persons.
const NAMES: Readonly<Record<YouthKind, { prefixes: readonly string[]; byPlace: boolean; themes: readonly string[] }>> =
  {
    jeugdhuis: {
      prefixes: ['Jeugdhuis'],
      byPlace: false,
      themes: [
        'De Kroon',
        'De Kelder',
        'Het Gebinte',
        'De Schuur',
        'Den Draak',
        'Het Pakhuis',
        'De Zolder',
        'De Loods',
      ],
    },
    jeugdbeweging: {
      prefixes: ['Scouts', 'Chiro', 'KSA', 'KLJ', 'Scouts en Gidsen'],
      byPlace: false,
      themes: [
        'De Vossen',
        'De Valken',
        'De Dassen',
        'De Uilen',
        'De Bevers',
        'De Eekhoorns',
        'De Wolven',
        'De Reigers',
        'De Zwaluwen',
        'De Herten',
        'De Kraaien',
        'De Egels',
        'De Otters',
        'De Merels',
      ],
    },
    speelplein: {
      prefixes: ['Speelplein'],
      byPlace: false,
      themes: ['De Ravotter', 'Kriebelbos', 'Zonnekind', 'De Speelvogel', 'Het Speelbos', 'De Wervelwind'],
    },
    speeltuin: {
      prefixes: ['Speeltuin'],
      byPlace: true,
      themes: [
        'De Eekhoorn',
        'De Kastanje',
        'Het Egeltje',
        'De Linde',
        'De Wilg',
        'De Beuk',
        'Het Vlindertje',
        'De Glijbaan',
        'De Klimboom',
        'Het Zandkasteel',
        'De Schommel',
        'Het Bosuiltje',
        'De Kikker',
        'De Notelaar',
        'De Els',
        'Het Mierennest',
        'De Lieveheersbeestjes',
        'De Merel',
        'De Vijver',
        'Het Konijntje',
        'De Hazelaar',
        'De Esdoorn',
        'Het Klavertje',
        'De Madelief',
        'De Boomgaard',
        'De Regenboog',
        'De Paddenstoel',
        'De Zonnebloem',
        'Het Kabouterbos',
        'De Wolk',
        'De Hoeve',
      ],
    },
    sportveld: {
      prefixes: ['Sportveld', 'Voetbalveld', 'Sportterrein'],
      byPlace: true,
      themes: [
        'De Meersen',
        'Ter Weide',
        'Het Broek',
        'De Vijvers',
        'De Beemd',
        'Ter Heide',
        'De Kouter',
        'De Akker',
        'Zonneveld',
        'De Molenwei',
        'Ter Linden',
        'De Steenbakkerij',
        'De Bleek',
        'Het Hof',
      ],
    },
    skatepark: {
      prefixes: ['Skatepark'],
      byPlace: true,
      themes: ['De Loods', 'Het Kanaal', 'De Helling'],
    },
    school: {
      prefixes: ['Basisschool', 'Vrije Basisschool', 'Gemeentelijke Basisschool', 'Kleuterschool', 'Secundaire school'],
      byPlace: false,
      themes: [
        'De Regenboog',
        'De Linde',
        'Het Klavertje',
        'De Vlinder',
        'De Horizon',
        'Het Kompas',
        'De Toverberg',
        'Het Anker',
        'De Wegwijzer',
        'De Zonnewijzer',
        'De Bolleboos',
        'Het Mozaïek',
        'De Sleutel',
        'De Boomhut',
        'De Kleine Wereld',
        'De Springplank',
        'Het Vogelnest',
        'De Notelaar',
        'De Zandloper',
        'De Windroos',
        'Het Lichtpunt',
        'De Brug',
        'De Ontdekking',
        'Het Zonnetje',
      ],
    },
  };

export interface YouthFacility {
  sourceId: string;
  name: string;
  kind: YouthKind;
  isPublic: boolean;
  position: Position;
}

function nameFor(rng: Rng, kind: YouthKind, place: string, themes: string[], used: Set<string>): string {
  const spec = NAMES[kind];
  const prefix = rng.pick(spec.prefixes);
  // Sites named after their neighbourhood first ("Speeltuin Sint-Rochus"), then themed names.
  const candidates = [...(spec.byPlace ? [`${prefix} ${place}`] : []), ...themes.map((t) => `${prefix} ${t}`)];
  let name = candidates.find((c) => !used.has(c)) ?? '';
  for (let n = 2; name === ''; n++) if (!used.has(`${prefix} ${place} ${n}`)) name = `${prefix} ${place} ${n}`;
  used.add(name);
  // A theme is used once per kind, whatever the prefix ("Scouts De Vossen" rules out "Chiro De Vossen").
  const theme = themes.findIndex((t) => name.endsWith(` ${t}`));
  if (theme >= 0) themes.splice(theme, 1);
  return name;
}

export function generateYouthFacilities(place: Placement, seed: number): YouthFacility[] {
  const rng = createRng(deriveSeed(seed, 'youth-facilities'));
  const bySector = place.sampler((s) => s.population);
  const used = new Set<string>();
  const out: YouthFacility[] = [];
  for (const kind of YOUTH_KINDS) {
    const themes = shuffled(rng, NAMES[kind].themes);
    for (let i = 0; i < YOUTH_COUNTS[kind]; i++) {
      const sector = bySector.sample(rng);
      out.push({
        sourceId: `DEMO-JEUGD-${String(out.length + 1).padStart(3, '0')}`,
        name: nameFor(rng, kind, place.placeName(sector), themes, used),
        kind,
        isPublic: rng.chance(YOUTH_PUBLIC_SHARE[kind]),
        position: place.randomPointInSector(rng, sector),
      });
    }
  }
  return out;
}
