import pg from 'pg';
import type { SqlQuery } from '../layers/features-query.ts';
import { normalisedSql as norm, type SearchPatterns } from './normalise.ts';

export const SEARCH_LIMIT = { min: 1, max: 20, default: 8 } as const;

export type SearchKind = 'neighbourhood' | 'ward' | 'deelgemeente' | 'street';

/** A street is an address without its trailing house number ("Kerkstraat 12A" -> "Kerkstraat"). */
export const STREET_OF_ADDRESS = '^(.*?)\\s+\\d+\\S*$';

const COORDINATE = (expression: string) => `round((${expression})::numeric, 6)::float8`;

/**
 * Jump targets whose name holds the query: statistical sectors (by name or code), wards,
 * former municipalities (the sectors grouped) and, with `streets`, streets. A match at the
 * start of a word ranks before one inside a word; then shorter names first, then by name.
 * Parameters: $1 to $3 the likePatterns, $4 the limit, $5 whether streets are searched.
 */
export function buildSearchQuery(patterns: SearchPatterns, limit: number, { streets = false } = {}): SqlQuery {
  const rank = (expression: string) =>
    `CASE WHEN ${norm(expression)} LIKE $1 OR ${norm(expression)} LIKE $2 THEN 0 ELSE 1 END`;
  const matches = (expression: string) => `${norm(expression)} LIKE $3`;
  const street = `coalesce(substring(v.address FROM ${pg.escapeLiteral(STREET_OF_ADDRESS)}), v.address)`;

  // privacy: streets come from the vacancy register, a staff layer: a street in the results
  // tells that a building in it is on the register, so only staff search streets (the route
  // passes `streets` from privacy/viewer.ts). $5 false leaves the register unread.
  const text = `
    WITH deelgemeenten AS (
      SELECT n.deelgemeente AS name, ST_Union(n.geom) AS area
        FROM neighbourhoods AS n
       WHERE ${matches('n.deelgemeente')}
       GROUP BY n.deelgemeente
    ), addresses AS (
      SELECT ${street} AS street, v.geom
        FROM vacant_buildings AS v
       WHERE $5::boolean AND ${matches('v.address')} -- a street that matches is part of an address that does
    ), streets AS (
      SELECT street, ST_Collect(geom) AS points
        FROM addresses
       WHERE ${matches('street')}
       GROUP BY street
    ), candidates AS (
      SELECT 'neighbourhood' AS kind, n.code AS id, n.name, n.deelgemeente AS context,
             LEAST(${rank('n.name')}, ${rank('n.code')}) AS rank,
             n.geom AS area, ST_PointOnSurface(n.geom) AS center
        FROM neighbourhoods AS n
       WHERE ${matches('n.name')} OR ${matches('n.code')}
      UNION ALL
      SELECT 'ward', w.code, w.name, NULL, ${rank('w.name')}, w.geom, ST_PointOnSurface(w.geom)
        FROM wards AS w
       WHERE ${matches('w.name')}
      UNION ALL
      SELECT 'deelgemeente', d.name, d.name, NULL, ${rank('d.name')}, d.area, ST_PointOnSurface(d.area)
        FROM deelgemeenten AS d
      UNION ALL
      -- streets: see the privacy note above
      SELECT 'street', s.street, s.street,
             (SELECT string_agg(n.name, ', ' ORDER BY n.name)
                FROM neighbourhoods AS n
               WHERE ST_Intersects(n.geom, s.points)),
             ${rank('s.street')}, s.points, ST_Centroid(s.points)
        FROM streets AS s
    )
    SELECT kind, id, name, context,
           ${COORDINATE('ST_XMin(area)')} AS west, ${COORDINATE('ST_YMin(area)')} AS south,
           ${COORDINATE('ST_XMax(area)')} AS east, ${COORDINATE('ST_YMax(area)')} AS north,
           ${COORDINATE('ST_X(center)')} AS longitude, ${COORDINATE('ST_Y(center)')} AS latitude
      FROM candidates
     ORDER BY rank, length(name), ${norm('name')} COLLATE "C", name COLLATE "C", kind, id
     LIMIT $4`;
  return { text, values: [patterns.prefix, patterns.wordPrefix, patterns.infix, limit, streets] };
}
