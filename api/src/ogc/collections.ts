import type { TemporalExtent } from '../layers/extent.ts';
import type { BBox } from '../layers/filters.ts';
import { layers } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { precisionOf, refusal } from '../privacy/policy.ts';
import type { Viewer } from '../privacy/viewer.ts';
import { CRS84, GREGORIAN, MEDIA_TYPES } from './constants.ts';
import type { Language } from './language.ts';
import type { Link } from './links.ts';

/*
 * The collections of /ogc: the registry's layers, each offered only to a caller who may have
 * its individual features (privacy/policy.ts decides; decision record 16). A layer the caller
 * gets only as aggregates is not a collection for them: it is not listed, and asking for it
 * is answered with the policy's refusal.
 */

/** The layers whose features this caller may read, in the map's drawing order. */
export function collectionsFor(viewer: Viewer, minCount: number): LayerDefinition[] {
  return [...layers]
    .filter((layer) => precisionOf(layer, viewer, minCount).level === 'full')
    .sort((a, b) => a.order - b.order);
}

/** A collection this caller may read: 404 when there is no such layer, the policy's 401 when it is not theirs. */
export function collectionOr401(collectionId: string, viewer: Viewer, minCount: number): LayerDefinition {
  const layer = layers.find((candidate) => candidate.id === collectionId);
  if (!layer) {
    throw new HttpProblem(
      404,
      'Not Found',
      `unknown collection "${collectionId}"; see /ogc/collections`,
      'collectionId',
    );
  }
  if (precisionOf(layer, viewer, minCount).level !== 'full') throw refusal(layer, 'features', minCount);
  return layer;
}

export interface CollectionExtent {
  bbox: BBox | null;
  temporal: TemporalExtent;
}

export interface Collection {
  id: string;
  title: string;
  description: string;
  attribution: string;
  itemType: 'feature';
  crs: string[];
  extent?: {
    spatial?: { bbox: BBox[]; crs: string };
    temporal?: { interval: [string, string][]; trs: string };
  };
  links: Link[];
}

/** The collection as /ogc/collections describes it, in one language, with absolute links. */
export function describeCollection(
  layer: LayerDefinition,
  extent: CollectionExtent,
  language: Language,
  origin: string,
): Collection {
  const href = `${origin}/ogc/collections/${layer.id}`;
  const other: Language = language === 'nl' ? 'en' : 'nl';
  const collection: Collection = {
    id: layer.id,
    title: layer.title[language],
    // The other language's title in the description, so either is found by a search in QGIS.
    description: `${layer.description[language]} (${other}: ${layer.title[other]})`,
    attribution: layer.attribution,
    itemType: 'feature',
    crs: [CRS84],
    links: [
      { href, rel: 'self', type: MEDIA_TYPES.json, title: layer.title[language] },
      { href: `${href}/items`, rel: 'items', type: MEDIA_TYPES.geojson, title: layer.title[language] },
    ],
  };
  const spatial = extent.bbox ? { bbox: [extent.bbox], crs: CRS84 } : undefined;
  // Whole UTC days (extent.ts gives days): from the first day's start to the last day's end.
  const temporal = extent.temporal
    ? {
        interval: [[`${extent.temporal[0]}T00:00:00Z`, `${extent.temporal[1]}T23:59:59Z`] as [string, string]],
        trs: GREGORIAN,
      }
    : undefined;
  if (spatial || temporal) collection.extent = { ...(spatial ? { spatial } : {}), ...(temporal ? { temporal } : {}) };
  return collection;
}
