import type { LayerDefinition } from './types.ts';

/*
 * The layer registry: the one place a layer is described. The features API, /api/layers,
 * the legend and the map style are all derived from it; SQL identifiers come only from here.
 * Colours are Paul Tol's colour-blind-safe palettes (muted, bright, high-contrast).
 */

const SYNTHETIC_NOTE = 'Synthetische demodata / synthetic demo data';
const SOURCE_KEY = { name: 'sourceId', title: { nl: 'Id in de bron', en: 'Id in the source' } };
const STATBEL = 'Bron/Source: Statbel (Algemene Directie Statistiek – Statistics Belgium), sectoren 2024-01-01';

export const layers: readonly LayerDefinition[] = [
  {
    id: 'neighbourhoods',
    title: { nl: 'Statistische sectoren', en: 'Statistical sectors' },
    description: {
      nl: 'Statbel-sectoren van Halle met geschatte inwoners en woningen.',
      en: "Halle's Statbel sectors with estimated residents and dwellings.",
    },
    table: 'neighbourhoods',
    idColumn: 'code',
    geometryColumn: 'geom',
    geometryType: 'MultiPolygon',
    properties: [
      { name: 'code', column: 'code', type: 'string', title: { nl: 'Sectorcode', en: 'Sector code' } },
      { name: 'name', column: 'name', type: 'string', title: { nl: 'Naam', en: 'Name' } },
      { name: 'ward', column: 'ward_code', type: 'string', title: { nl: 'Wijk', en: 'Ward' } },
      {
        name: 'deelgemeente',
        column: 'deelgemeente',
        type: 'string',
        title: { nl: 'Deelgemeente', en: 'Former municipality' },
      },
      {
        name: 'population',
        column: 'population',
        type: 'integer',
        title: { nl: 'Inwoners (schatting)', en: 'Residents (estimate)' },
      },
      {
        name: 'dwellings',
        column: 'dwellings',
        type: 'integer',
        title: { nl: 'Woningen (schatting)', en: 'Dwellings (estimate)' },
      },
      {
        name: 'figuresEstimated',
        column: 'figures_estimated',
        type: 'boolean',
        title: { nl: 'Cijfers geschat', en: 'Figures estimated' },
      },
    ],
    access: 'public',
    synthetic: false,
    attribution: `${STATBEL}; wijken © gemeentebesturen, verzameld door Data & Analyse van de Vlaamse provincies`,
    style: { color: '#4477AA', outline: '#223355' },
    order: 0,
    import: {
      keyColumn: 'code',
      required: ['code', 'name', 'deelgemeente', 'population', 'dwellings'],
      defaults: { figuresEstimated: 'false' },
      references: { ward: { table: 'wards', column: 'code', title: 'ward code' } },
      headers: {
        code: ['sector', 'sectorcode', 'cd_sector', 'statsec', 'code sector'],
        name: ['sectornaam', 'tx_sector_descr_nl', 'naam sector'],
        ward: ['wijkcode', 'wijk code'],
        population: ['inwoners', 'bevolking', 'ms_population', 'pop', 'aantal inwoners'],
        dwellings: ['wooneenheden', 'aantal woningen', 'woningen'],
      },
    },
  },
  {
    id: 'vacant-buildings',
    title: { nl: 'Leegstand en verkrotting', en: 'Vacant and derelict buildings' },
    description: {
      nl: 'Leegstandsregister: leegstaande, verwaarloosde, ongeschikte en onbewoonbare panden.',
      en: 'Vacancy register: vacant, neglected, unfit and uninhabitable buildings.',
    },
    table: 'vacant_buildings',
    idColumn: 'id',
    geometryColumn: 'geom',
    geometryType: 'Point',
    properties: [
      { name: 'address', column: 'address', type: 'string', title: { nl: 'Adres', en: 'Address' } },
      {
        name: 'kind',
        column: 'kind',
        type: 'string',
        title: { nl: 'Soort', en: 'Kind' },
        values: [
          { value: 'woning', title: { nl: 'Woning', en: 'Dwelling' }, color: '#4477AA' },
          { value: 'gebouw', title: { nl: 'Gebouw', en: 'Building' }, color: '#CCBB44' },
          { value: 'bedrijfsruimte', title: { nl: 'Bedrijfsruimte', en: 'Business premises' }, color: '#AA3377' },
        ],
      },
      {
        name: 'status',
        column: 'status',
        type: 'string',
        title: { nl: 'Toestand', en: 'Status' },
        values: [
          { value: 'leegstaand', title: { nl: 'Leegstaand', en: 'Vacant' }, color: '#DDAA33' },
          { value: 'verwaarloosd', title: { nl: 'Verwaarloosd', en: 'Neglected' }, color: '#BB5566' },
          { value: 'ongeschikt', title: { nl: 'Ongeschikt', en: 'Unfit' }, color: '#004488' },
          { value: 'onbewoonbaar', title: { nl: 'Onbewoonbaar', en: 'Uninhabitable' }, color: '#000000' },
        ],
      },
      {
        name: 'registeredOn',
        column: 'registered_on',
        type: 'date',
        title: { nl: 'Geregistreerd op', en: 'Registered on' },
      },
      { name: 'resolvedOn', column: 'resolved_on', type: 'date', title: { nl: 'Opgelost op', en: 'Resolved on' } },
      { name: 'synthetic', column: 'synthetic', type: 'boolean', title: { nl: 'Synthetisch', en: 'Synthetic' } },
    ],
    categoryProperty: 'status',
    temporal: { start: 'registered_on', end: 'resolved_on' },
    access: 'staff',
    synthetic: true,
    attribution: SYNTHETIC_NOTE,
    style: { color: '#EE7733' },
    order: 20,
    import: {
      keyColumn: 'source_id',
      key: SOURCE_KEY,
      required: ['sourceId', 'address', 'kind', 'status', 'registeredOn'],
      fixed: { synthetic: 'false' },
      headers: {
        sourceId: ['id', 'dossier', 'dossiernummer', 'dossiernr', 'nummer', 'referentie', 'ref'],
        address: ['adres', 'straat en nummer', 'ligging'],
        kind: ['type', 'aard', 'soort pand'],
        status: ['toestand', 'staat', 'register'],
        registeredOn: [
          'datum opname',
          'opname',
          'datum registratie',
          'registratiedatum',
          'inventarisdatum',
          'registered',
        ],
        resolvedOn: ['datum schrapping', 'schrapping', 'geschrapt op', 'einddatum', 'resolved'],
      },
    },
  },
  {
    id: 'incidents',
    title: { nl: 'Incidenten', en: 'Incidents' },
    description: {
      nl: 'Meldingen van politie en meldpunt: overlast, vandalisme, inbraak, diefstal, …',
      en: 'Police and report-line incidents: nuisance, vandalism, burglary, theft, …',
    },
    table: 'incidents',
    idColumn: 'id',
    geometryColumn: 'geom',
    geometryType: 'Point',
    properties: [
      {
        name: 'category',
        column: 'category',
        type: 'string',
        title: { nl: 'Categorie', en: 'Category' },
        values: [
          { value: 'overlast', title: { nl: 'Overlast', en: 'Nuisance' }, color: '#CC6677' },
          { value: 'vandalisme', title: { nl: 'Vandalisme', en: 'Vandalism' }, color: '#332288' },
          { value: 'woninginbraak', title: { nl: 'Woninginbraak', en: 'Burglary' }, color: '#DDCC77' },
          { value: 'diefstal', title: { nl: 'Diefstal', en: 'Theft' }, color: '#117733' },
          { value: 'geweld', title: { nl: 'Geweld', en: 'Violence' }, color: '#88CCEE' },
          { value: 'drugs', title: { nl: 'Drugs', en: 'Drugs' }, color: '#882255' },
          { value: 'sluikstort', title: { nl: 'Sluikstort', en: 'Illegal dumping' }, color: '#44AA99' },
          { value: 'burenconflict', title: { nl: 'Burenconflict', en: 'Neighbour dispute' }, color: '#999933' },
          { value: 'verkeer', title: { nl: 'Verkeer', en: 'Traffic' }, color: '#AA4499' },
        ],
      },
      { name: 'occurredAt', column: 'occurred_at', type: 'datetime', title: { nl: 'Tijdstip', en: 'Date and time' } },
      {
        name: 'source',
        column: 'source',
        type: 'string',
        title: { nl: 'Bron', en: 'Source' },
        values: [
          { value: 'politie', title: { nl: 'Politie', en: 'Police' }, color: '#004488' },
          { value: 'meldpunt', title: { nl: 'Meldpunt', en: 'Report line' }, color: '#DDAA33' },
        ],
      },
      {
        name: 'locationPrecision',
        column: 'location_precision',
        type: 'string',
        title: { nl: 'Precisie locatie', en: 'Location precision' },
        values: [
          { value: 'exact', title: { nl: 'Exact', en: 'Exact' }, color: '#000000' },
          { value: 'straat', title: { nl: 'Straat', en: 'Street' }, color: '#555555' },
          { value: 'sector', title: { nl: 'Sector', en: 'Sector' }, color: '#AAAAAA' },
        ],
      },
      { name: 'synthetic', column: 'synthetic', type: 'boolean', title: { nl: 'Synthetisch', en: 'Synthetic' } },
    ],
    categoryProperty: 'category',
    temporal: { start: 'occurred_at' },
    access: 'staff',
    synthetic: true,
    attribution: SYNTHETIC_NOTE,
    style: { color: '#CC6677' },
    order: 10,
    import: {
      keyColumn: 'source_id',
      key: SOURCE_KEY,
      required: ['sourceId', 'category', 'occurredAt', 'source', 'locationPrecision'],
      defaults: { locationPrecision: 'exact' },
      fixed: { synthetic: 'false' },
      headers: {
        sourceId: ['id', 'nr', 'nummer', 'pv', 'pv nummer', 'pv-nummer', 'meldingsnummer', 'referentie', 'ref'],
        category: ['type', 'soort', 'feit', 'misdrijf', 'aard'],
        occurredAt: [
          'datum',
          'date',
          'datum feit',
          'datum en uur',
          'datum/uur',
          'datetime',
          'occurred at',
          'gepleegd op',
        ],
        source: ['bron', 'melder'],
        locationPrecision: ['precisie', 'nauwkeurigheid', 'precision'],
      },
    },
  },
  {
    id: 'youth-facilities',
    title: { nl: 'Jeugdvoorzieningen', en: 'Youth facilities' },
    description: {
      nl: 'Jeugdhuizen, jeugdbewegingslokalen, speelpleinen, speeltuinen, sportvelden, skateparken en scholen.',
      en: 'Youth centres, youth movement premises, play areas, playgrounds, sports pitches, skate parks and schools.',
    },
    table: 'youth_facilities',
    idColumn: 'id',
    geometryColumn: 'geom',
    geometryType: 'Point',
    properties: [
      { name: 'name', column: 'name', type: 'string', title: { nl: 'Naam', en: 'Name' } },
      {
        name: 'kind',
        column: 'kind',
        type: 'string',
        title: { nl: 'Soort', en: 'Kind' },
        values: [
          { value: 'jeugdhuis', title: { nl: 'Jeugdhuis', en: 'Youth centre' }, color: '#4477AA' },
          {
            value: 'jeugdbeweging',
            title: { nl: 'Jeugdbeweging (lokaal)', en: 'Youth movement premises' },
            color: '#EE6677',
          },
          { value: 'speelplein', title: { nl: 'Speelplein', en: 'Play scheme' }, color: '#228833' },
          { value: 'speeltuin', title: { nl: 'Speeltuin', en: 'Playground' }, color: '#CCBB44' },
          { value: 'sportveld', title: { nl: 'Sportveld', en: 'Sports pitch' }, color: '#66CCEE' },
          { value: 'skatepark', title: { nl: 'Skatepark', en: 'Skate park' }, color: '#AA3377' },
          { value: 'school', title: { nl: 'School', en: 'School' }, color: '#777777' },
        ],
      },
      {
        name: 'isPublic',
        column: 'is_public',
        type: 'boolean',
        title: { nl: 'Publiek toegankelijk', en: 'Open to the public' },
      },
      { name: 'synthetic', column: 'synthetic', type: 'boolean', title: { nl: 'Synthetisch', en: 'Synthetic' } },
    ],
    categoryProperty: 'kind',
    access: 'public',
    synthetic: true,
    attribution: SYNTHETIC_NOTE,
    style: { color: '#228833' },
    order: 30,
    import: {
      keyColumn: 'source_id',
      key: SOURCE_KEY,
      required: ['sourceId', 'name', 'kind', 'isPublic'],
      fixed: { synthetic: 'false' },
      headers: {
        sourceId: ['id', 'nr', 'nummer', 'code', 'referentie', 'ref'],
        name: ['naam', 'benaming'],
        kind: ['type', 'soort', 'categorie'],
        isPublic: ['publiek', 'openbaar', 'public', 'toegankelijk'],
      },
    },
  },
];

export function findLayer(id: string): LayerDefinition | undefined {
  return layers.find((layer) => layer.id === id);
}
