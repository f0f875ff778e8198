import { describe, expect, it } from 'vitest';
import { likePatterns } from './normalise.ts';
import { buildSearchQuery, STREET_OF_ADDRESS } from './search-query.ts';

describe('buildSearchQuery', () => {
  it('binds the patterns and the limit, never the query text', () => {
    const evil = "x'); DROP TABLE wards; --";
    const { text, values } = buildSearchQuery(likePatterns(evil), 8);
    expect(text).not.toContain('DROP TABLE');
    expect(values).toEqual([`${evil}%`, `% ${evil}%`, `%${evil}%`, 8, false]);
    expect(text).toContain('LIMIT $4');
  });

  it('reads the vacancy register for streets only when asked to (staff)', () => {
    const { text, values } = buildSearchQuery(likePatterns('straat'), 8);
    expect(values.at(-1)).toBe(false); // the default: no streets
    expect(text).toMatch(/FROM vacant_buildings AS v\s+WHERE \$5::boolean AND/);
    expect(buildSearchQuery(likePatterns('straat'), 8, { streets: true }).values.at(-1)).toBe(true);
  });

  it('ranks word starts first, then shorter names, then by name', () => {
    const { text } = buildSearchQuery(likePatterns('west'), 8);
    expect(text).toMatch(/ORDER BY rank, length\(name\), .* COLLATE "C", name COLLATE "C", kind, id/);
  });
});

describe('STREET_OF_ADDRESS', () => {
  // The same pattern in JavaScript's syntax, which PostgreSQL's reads alike here.
  const street = (address: string) => new RegExp(STREET_OF_ADDRESS).exec(address)?.[1] ?? address;

  it('drops a trailing house number, with its letter or box', () => {
    expect(street('Teststraat 1')).toBe('Teststraat');
    expect(street('Kerkstraat 12A')).toBe('Kerkstraat');
    expect(street('Sint-Rochusstraat 7/2')).toBe('Sint-Rochusstraat');
    expect(street('Markt')).toBe('Markt');
  });
});
