import pg from 'pg';
import { InvalidParameterError } from '../layers/filters.ts';

/*
 * Search compares names in one normal form, in SQL for the data and here for the query:
 * common Latin accents dropped, lower case, hyphens and other separators as spaces, runs of
 * spaces as one, no spaces at the ends. "Sint-Rochus", "SINT ROCHUS" and "sint-rôchus" all
 * become "sint rochus".
 */

const ACCENTED = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ';
const PLAIN = 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy';
const SEPARATORS = "-'’‘().,/";

/** translate()'s two lists: each accented letter to its plain one, each separator to a space. */
export const TRANSLATE_FROM = ACCENTED + SEPARATORS;
export const TRANSLATE_TO = PLAIN + ' '.repeat(SEPARATORS.length);

const TRANSLATION = new Map([...TRANSLATE_FROM].map((char, i) => [char, TRANSLATE_TO[i]!]));

export const MIN_QUERY_LENGTH = 2;
export const MAX_QUERY_LENGTH = 100;

/** The SQL expression of `expression` (a column, never request data) in the normal form. */
export function normalisedSql(expression: string): string {
  // Accents are translated before lower(): the C locale leaves "É" alone.
  const translated = `translate(${expression}, ${pg.escapeLiteral(TRANSLATE_FROM)}, ${pg.escapeLiteral(TRANSLATE_TO)})`;
  return `btrim(regexp_replace(lower(${translated}), '\\s+', ' ', 'g'))`;
}

/** The normal form of a text, as normalisedSql gives it in the database. */
export function normalise(text: string): string {
  // NFC first: a client may send "ô" as "o" plus a combining circumflex.
  const translated = [...text.normalize('NFC')].map((char) => TRANSLATION.get(char) ?? char).join('');
  return translated.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** `q` as the client typed it: trimmed, 2 to 100 characters. */
export function parseSearchText(raw: string): string {
  const text = raw.trim();
  const length = [...text].length;
  if (length < MIN_QUERY_LENGTH || length > MAX_QUERY_LENGTH) {
    throw new InvalidParameterError(
      'q',
      `q must be ${MIN_QUERY_LENGTH} to ${MAX_QUERY_LENGTH} characters long (without leading or trailing spaces)`,
    );
  }
  return text;
}

/** LIKE patterns for a normalised query; its own % _ and \ match only themselves. */
export interface SearchPatterns {
  /** The name starts with the query. */
  prefix: string;
  /** A later word of the name starts with the query. */
  wordPrefix: string;
  /** The query is anywhere in the name. */
  infix: string;
}

export function likePatterns(normalised: string): SearchPatterns {
  const escaped = normalised.replace(/[\\%_]/g, (char) => `\\${char}`);
  return { prefix: `${escaped}%`, wordPrefix: `% ${escaped}%`, infix: `%${escaped}%` };
}
