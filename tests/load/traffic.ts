import { tileName, viewportTiles } from '../bench/tile-set.ts';

/*
 * What the load test asks for: the requests a page of the map or of the embed makes, grouped
 * in kinds so the report shows each kind's latency. A request carries the statuses that count
 * as success for it: 204 for an empty tile, 401 where an anonymous caller is refused on purpose.
 */

export interface LoadRequest {
  kind: string;
  path: string;
  /** Send the staff session cookie. */
  staff: boolean;
  expected: readonly number[];
}

const OK = [200, 204, 304] as const;
/** Zooms a reader pans through: the city, a district, streets, houses. */
export const LOAD_ZOOMS = [10, 12, 14, 16] as const;
/** Whole months that have ended: the public may only ask for those (decision record 16). */
const YEAR = new Date().getUTCFullYear() - 1;
const PERIOD = `${YEAR}-01-01/${YEAR}-12-31`;
const HALLE_BBOX = '4.18,50.70,4.30,50.77';

function tiles(kind: string, layer: string, staff: boolean): LoadRequest[] {
  return LOAD_ZOOMS.flatMap((z) =>
    viewportTiles(z).map((tile) => ({ kind, path: `/tiles/${layer}/${tileName(tile)}.mvt`, staff, expected: OK })),
  );
}

const get = (kind: string, path: string, staff = false, expected: readonly number[] = OK): LoadRequest => ({
  kind,
  path,
  staff,
  expected,
});

/** Fisher–Yates with a fixed LCG: the same order every run, kinds interleaved. */
function shuffled<T>(items: T[]): T[] {
  let seed = 9;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * The mixed request list, tiles weighted as a map weighs them (a view is 20 tiles and a few API
 * calls), shuffled so that a short run still reaches every kind.
 */
export function trafficMix(): LoadRequest[] {
  const figures = [
    'incidents-per-1000-residents',
    'vacant-buildings-per-1000-dwellings',
    'youth-facilities-within-500m',
    'burglaries-per-1000-dwellings',
  ].map((indicator) => get('figures (public)', `/api/neighbourhoods/figures?indicator=${indicator}&period=${PERIOD}`));
  return shuffled([
    ...tiles('tiles, public', 'incidents', false),
    ...tiles('tiles, public', 'youth-facilities', false),
    ...tiles('tiles, public', 'neighbourhoods', false).filter((_, i) => i % 4 === 0),
    ...tiles('tiles, staff', 'incidents', true),
    ...tiles('tiles, staff', 'vacant-buildings', true),
    get('features', `/api/layers/youth-facilities/features?bbox=${HALLE_BBOX}&limit=500`),
    get('features', `/api/layers/neighbourhoods/features?limit=200`),
    get('features', `/api/layers/incidents/features?bbox=${HALLE_BBOX}&limit=1000`, true),
    get('features', `/api/layers/vacant-buildings/features?bbox=${HALLE_BBOX}&limit=1000`, true),
    get('embed page', `/embed?layers=incidents,youth-facilities&theme=wonen&lang=nl`),
    get('embed page', `/embed?layers=neighbourhoods&theme=jongeren&lang=en&legend=0`),
    get('/api/layers', '/api/layers'),
    get('/api/layers', '/api/layers', true),
    ...figures,
    ...figures,
    get('figures (public)', `/api/focus-areas`),
    // With a bbox, as the map asks: the scale data cover Flanders, too many hexagons without one.
    // A public bbox picks hexagons but does not narrow the points the size check counts, so the
    // public asks at 500 m here (250 m over the whole scale set is refused with a 400, correctly).
    get('hexagons', `/api/layers/incidents/hexagons?size=500&bbox=${HALLE_BBOX}&datetime=${PERIOD}`),
    get('hexagons', `/api/layers/incidents/hexagons?size=250&bbox=${HALLE_BBOX}&datetime=${PERIOD}`, true),
    get('hexagons', `/api/layers/incidents/hexagons?size=500&bbox=${HALLE_BBOX}`),
    get('hexagons', `/api/layers/incidents/hexagons?size=100&bbox=${HALLE_BBOX}`, true),
    get('hexagons', `/api/layers/youth-facilities/hexagons?size=250&bbox=${HALLE_BBOX}`),
    // The public is refused the vacancy register's points: an answer the map expects.
    get('refused (401 expected)', '/tiles/vacant-buildings/14/8393/5489.mvt', false, [401]),
    get('refused (401 expected)', `/api/layers/incidents/features?bbox=${HALLE_BBOX}`, false, [401]),
  ]);
}
