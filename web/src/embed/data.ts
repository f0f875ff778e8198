import type { RequestParameters } from 'maplibre-gl';
import { ApiProblem, fetchFocusAreas } from '../lib/api.ts';
import type { FocusAreaFeature, Theme } from '../lib/types.ts';

/*
 * Every request the embed makes goes without credentials: a planner signed in on the same
 * site sees in an embed exactly what the public sees, and the embed never sends or receives
 * a session cookie. The server decides what an anonymous caller gets (issue 7); the embed
 * only draws it.
 */

/** `fetch` without cookies, whatever the caller (the shared API helpers) asked for. */
export const publicFetch: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

/**
 * MapLibre's `transformRequest`: its TileJSON, tile and basemap requests without cookies.
 * MapLibre's type names only 'same-origin' and 'include', but it hands the value to `Request`
 * unchanged, which takes 'omit' too.
 */
export function omitCredentials(url: string): RequestParameters {
  return { url, credentials: 'omit' as RequestParameters['credentials'] };
}

/** An area of focus as the public receives it: no version, editor or history. */
export interface PublicArea {
  type: 'Feature';
  id: number;
  geometry: FocusAreaFeature['geometry'];
  properties: Pick<FocusAreaFeature['properties'], 'name' | 'theme' | 'priority' | 'description'> &
    Partial<Pick<FocusAreaFeature['properties'], 'status' | 'deletedAt'>>;
}

/**
 * The theme's active areas of focus the public may see (`GET /api/focus-areas` answered
 * anonymously). A server that refuses anonymous callers (401/403) shows none: the embed then
 * simply has no areas, without an error on the page.
 */
export async function fetchPublicAreas(theme: Theme): Promise<PublicArea[]> {
  try {
    const collection = await fetchFocusAreas(false, publicFetch);
    // The public list holds active areas only, without a status; a staff-shaped answer is filtered here too.
    return (collection.features as PublicArea[]).filter(
      (area) =>
        (area.properties.status ?? 'active') === 'active' &&
        !area.properties.deletedAt &&
        area.properties.theme === theme,
    );
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 401 || error.status === 403)) return [];
    console.warn('Areas of focus unavailable', error);
    return [];
  }
}
