/*
 * Identifiers from OGC API - Features - Part 1: Core (OGC 17-069r4) that the /ogc routes and
 * their OpenAPI document share.
 */

const CONFORMANCE_BASE = 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf';

/** What this server implements: the core, GeoJSON and an OpenAPI 3.0 definition; no HTML. */
export const CONFORMANCE_CLASSES = [
  `${CONFORMANCE_BASE}/core`,
  `${CONFORMANCE_BASE}/geojson`,
  `${CONFORMANCE_BASE}/oas30`,
] as const;

/** WGS 84 longitude/latitude, the only CRS of Part 1 (and of the layers' geometries). */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** The Gregorian calendar, the temporal reference system of every collection's extent. */
export const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian';

export const MEDIA_TYPES = {
  json: 'application/json',
  geojson: 'application/geo+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
} as const;

/** Items per page when the client names no `limit`, and the most it may name. */
export const DEFAULT_ITEMS_LIMIT = 10;
export const MAX_ITEMS_LIMIT = 10_000;
