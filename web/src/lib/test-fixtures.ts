import type { LayerDescription } from './types.ts';

/* Layer descriptions shaped like `GET /api/layers` answers, for unit tests. */

export const neighbourhoods: LayerDescription = {
  id: 'neighbourhoods',
  title: { nl: 'Statistische sectoren', en: 'Statistical sectors' },
  description: { nl: 'Statbel-sectoren van Halle.', en: "Halle's Statbel sectors." },
  geometryType: 'MultiPolygon',
  properties: [
    { name: 'code', type: 'string', title: { nl: 'Sectorcode', en: 'Sector code' } },
    { name: 'population', type: 'integer', title: { nl: 'Inwoners (schatting)', en: 'Residents (estimate)' } },
  ],
  categoryProperty: null,
  idProperty: 'code',
  temporal: false,
  access: 'public',
  synthetic: false,
  attribution: 'Bron/Source: Statbel',
  style: { color: '#4477AA', outline: '#223355' },
  legend: [{ value: null, title: { nl: 'Statistische sectoren', en: 'Statistical sectors' }, color: '#4477AA' }],
  order: 0,
  links: { features: '/api/layers/neighbourhoods/features' },
  extent: { temporal: null },
};

export const youthFacilities: LayerDescription = {
  id: 'youth-facilities',
  title: { nl: 'Jeugdvoorzieningen', en: 'Youth facilities' },
  description: { nl: 'Jeugdhuizen, speelpleinen, …', en: 'Youth centres, play schemes, …' },
  geometryType: 'Point',
  properties: [
    { name: 'name', type: 'string', title: { nl: 'Naam', en: 'Name' } },
    {
      name: 'kind',
      type: 'string',
      title: { nl: 'Soort', en: 'Kind' },
      values: [
        { value: 'jeugdhuis', title: { nl: 'Jeugdhuis', en: 'Youth centre' }, color: '#4477AA' },
        { value: 'speelplein', title: { nl: 'Speelplein', en: 'Play scheme' }, color: '#228833' },
      ],
    },
  ],
  categoryProperty: 'kind',
  idProperty: null,
  temporal: false,
  access: 'public',
  synthetic: true,
  attribution: 'Synthetische demodata / synthetic demo data',
  style: { color: '#228833' },
  legend: [
    { value: 'jeugdhuis', title: { nl: 'Jeugdhuis', en: 'Youth centre' }, color: '#4477AA' },
    { value: 'speelplein', title: { nl: 'Speelplein', en: 'Play scheme' }, color: '#228833' },
  ],
  order: 10,
  links: { features: '/api/layers/youth-facilities/features' },
  extent: { temporal: null },
};
