import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../layers/filters.ts';
import { likePatterns, normalise, normalisedSql, parseSearchText, TRANSLATE_FROM, TRANSLATE_TO } from './normalise.ts';

describe('normalise', () => {
  it('folds case, accents, hyphens and spaces alike', () => {
    for (const text of ['Sint-Rochus', 'SINT ROCHUS', 'sint-rôchus', '  Sint   -Rochus ']) {
      expect(normalise(text)).toBe('sint rochus');
    }
    expect(normalise('Hélène Ñandú Çà')).toBe('helene nandu ca');
    expect(normalise("'t Hof (Lembeek)")).toBe('t hof lembeek');
  });

  it('reads a decomposed accent (o + combining circumflex) as the composed one', () => {
    expect(normalise('ro\u0302chus')).toBe('rochus');
  });

  it('leaves LIKE wildcards alone: escaping them is the pattern’s job', () => {
    expect(normalise('%_\\')).toBe('%_\\');
  });

  it('maps exactly as the SQL translate() lists, one character to one', () => {
    expect([...TRANSLATE_FROM]).toHaveLength([...TRANSLATE_TO].length);
  });
});

describe('normalisedSql', () => {
  it('translates before lower() and quotes the lists as literals', () => {
    const sql = normalisedSql('n.name');
    expect(sql.startsWith("btrim(regexp_replace(lower(translate(n.name, 'ÀÁ")).toBe(true);
    expect(sql).toContain("-''’‘().,/'"); // the apostrophe doubled inside the literal
    expect(sql.endsWith("), '\\s+', ' ', 'g'))")).toBe(true);
  });
});

describe('parseSearchText', () => {
  it('trims and accepts 2 to 100 characters', () => {
    expect(parseSearchText('  west ')).toBe('west');
    expect(parseSearchText('ab')).toBe('ab');
    expect(parseSearchText('x'.repeat(100))).toHaveLength(100);
  });

  it.each(['', ' a ', 'a', 'x'.repeat(101)])('rejects %j naming q', (raw) => {
    expect(() => parseSearchText(raw)).toThrow(InvalidParameterError);
    try {
      parseSearchText(raw);
    } catch (error) {
      expect((error as InvalidParameterError).parameter).toBe('q');
    }
  });
});

describe('likePatterns', () => {
  it('builds prefix, word-prefix and infix patterns', () => {
    expect(likePatterns('sint rochus')).toEqual({
      prefix: 'sint rochus%',
      wordPrefix: '% sint rochus%',
      infix: '%sint rochus%',
    });
  });

  it('escapes %, _ and the escape character itself', () => {
    expect(likePatterns('%%').infix).toBe('%\\%\\%%');
    expect(likePatterns('a_b\\c').prefix).toBe('a\\_b\\\\c%');
  });
});
