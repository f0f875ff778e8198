import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@fastify/type-provider-typebox';
import { viewerOf } from '../privacy/viewer.ts';
import { ProblemSchema } from '../schemas.ts';
import { likePatterns, MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, normalise, parseSearchText } from '../search/normalise.ts';
import { buildSearchQuery, SEARCH_LIMIT, type SearchKind } from '../search/search-query.ts';

const SearchQuerySchema = Type.Object({
  q: Type.String({ description: `${MIN_QUERY_LENGTH} to ${MAX_QUERY_LENGTH} characters; case and accents ignored` }),
  limit: Type.Integer({ minimum: SEARCH_LIMIT.min, maximum: SEARCH_LIMIT.max, default: SEARCH_LIMIT.default }),
});

const SearchResultSchema = Type.Object({
  kind: Type.Union([
    Type.Literal('neighbourhood'),
    Type.Literal('ward'),
    Type.Literal('deelgemeente'),
    Type.Literal('street'),
  ]),
  id: Type.String({ description: 'sector code, ward code, former municipality or street name' }),
  name: Type.String(),
  context: Type.Union([Type.String(), Type.Null()], {
    description: "a sector's former municipality; the sector(s) a street lies in",
  }),
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], {
    description: 'west, south, east, north (WGS 84)',
  }),
  center: Type.Tuple([Type.Number(), Type.Number()], { description: 'longitude, latitude inside the place' }),
});

/** One search hit as clients receive it (the front end imports this type). */
export type SearchResult = Static<typeof SearchResultSchema>;

interface SearchRow {
  kind: SearchKind;
  id: string;
  name: string;
  context: string | null;
  west: number;
  south: number;
  east: number;
  north: number;
  longitude: number;
  latitude: number;
}

/** Places to jump to on the map, found by (part of) their name. */
const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/search',
    {
      schema: {
        querystring: SearchQuerySchema,
        response: { 200: Type.Object({ results: Type.Array(SearchResultSchema) }), 400: ProblemSchema },
      },
    },
    async (request) => {
      const normalised = normalise(parseSearchText(request.query.q));
      // Only separators ("--"): nothing to look for, and an empty pattern would match every name.
      if (normalised === '') return { results: [] };
      // Streets come from the vacancy register's addresses: staff only (decision record 16).
      const streets = viewerOf(request) === 'staff';
      const { text, values } = buildSearchQuery(likePatterns(normalised), request.query.limit, { streets });
      const { rows } = await app.db.pool.query<SearchRow>(text, values);
      const results: SearchResult[] = rows.map((row) => ({
        kind: row.kind,
        id: row.id,
        name: row.name,
        context: row.context,
        bbox: [row.west, row.south, row.east, row.north],
        center: [row.longitude, row.latitude],
      }));
      return { results };
    },
  );
};

export default searchRoutes;
