import { describe, expect, it } from 'vitest';
import { languageOf } from './language.ts';

describe('languageOf', () => {
  it.each([
    [undefined, 'nl'],
    ['', 'nl'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['nl-BE,nl;q=0.9,en;q=0.8', 'nl'],
    ['fr-BE,fr;q=0.9,en;q=0.5', 'en'],
    ['fr-BE', 'nl'],
    ['de, *;q=0.1', 'nl'],
    ['en;q=0.5, nl;q=0.6', 'nl'],
    ['en;q=0.6, nl;q=0.5', 'en'],
    ['en;q=0', 'nl'],
    ['nl;q=0, *;q=0.3', 'en'],
    ['EN-us', 'en'],
  ])('%s -> %s', (header, expected) => {
    expect(languageOf(header)).toBe(expected);
  });
});
