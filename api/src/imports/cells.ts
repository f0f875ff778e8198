import type { ImportField } from './fields.ts';
import type { SourceValue } from './types.ts';
import {
  dateProblem,
  dateTimeProblem,
  normaliseKey,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseInteger,
  parseNumber,
} from './values.ts';

/*
 * One cell of a file as the text the staging table takes for a field: a code for an enumerated
 * field, `YYYY-MM-DD` for a date, `YYYY-MM-DDTHH:MM:SS` (Brussels wall-clock time) or an ISO
 * instant for a date-time, digits for numbers, true/false. PostgreSQL casts that text; a cell
 * that does not read is refused here, with what was found, so a cast never fails in SQL.
 */

export type CellResult = { value: string | null } | { error: string };

export interface CellContext {
  /** The file writes numbers with a decimal comma (a CSV's description says; null: not known). */
  decimalComma: boolean | null;
  /** For an enumerated field: normalised text -> code (valueLookup). */
  lookup?: Map<string, string>;
}

/** int4: the registry's `integer` columns. A larger number would fail the whole load in SQL. */
const INT4_MAX = 2_147_483_647;

/**
 * What a cell of an enumerated field may say, normalised (normaliseKey): each code, its Dutch
 * and English title, and the mapping's own values table (which wins where they overlap: it is
 * the user's explicit choice).
 */
export function valueLookup(field: ImportField, table: Record<string, string> = {}): Map<string, string> | undefined {
  if (!field.values) return undefined;
  const lookup = new Map<string, string>();
  for (const value of field.values) {
    for (const name of [value.value, value.title.nl, value.title.en]) lookup.set(normaliseKey(name), value.value);
  }
  for (const [from, to] of Object.entries(table)) lookup.set(normaliseKey(from), to);
  return lookup;
}

/** Text of a cell as written; numbers and booleans from typed formats as JavaScript writes them. */
export function cellText(value: SourceValue): string | null {
  if (value === null) return null;
  const text = typeof value === 'string' ? value.trim() : String(value);
  return text === '' ? null : text;
}

const quoted = (text: string) => `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;

/** A parser for one field's cells. */
export function cellParser(field: ImportField, context: CellContext): (value: SourceValue) => CellResult {
  switch (field.type) {
    case 'string':
      return field.values ? enumerated(field, context.lookup ?? new Map()) : (value) => ({ value: cellText(value) });
    case 'integer':
      return (value) => {
        const text = cellText(value);
        if (text === null) return { value: null };
        const parsed = parseInteger(value, context.decimalComma);
        return parsed === null ? { error: `${quoted(text)} is not a whole number` } : integerResult(parsed, text);
      };
    case 'number':
      return (value) => {
        const text = cellText(value);
        if (text === null) return { value: null };
        const parsed = parseNumber(value, context.decimalComma);
        return parsed === null ? { error: `${quoted(text)} is not a number` } : { value: String(parsed) };
      };
    case 'boolean':
      return (value) => {
        const text = cellText(value);
        if (text === null) return { value: null };
        const parsed = parseBoolean(value);
        return parsed === null
          ? { error: `${quoted(text)} is not yes or no (ja/nee, true/false, 1/0)` }
          : { value: String(parsed) };
      };
    case 'date':
      return (value) => {
        if (cellText(value) === null) return { value: null };
        const parsed = parseDate(typeof value === 'string' ? value : String(value));
        return parsed === null
          ? { error: dateProblem(String(value)) ?? `"${String(value)}" is not a date` }
          : { value: parsed };
      };
    case 'datetime':
      return (value) => {
        if (cellText(value) === null) return { value: null };
        const text = typeof value === 'string' ? value : String(value);
        const parsed = parseDateTime(text);
        if (parsed === null) return { error: dateTimeProblem(text) ?? `"${text}" is not a date and time` };
        return { value: 'local' in parsed ? parsed.local : parsed.instant };
      };
  }
}

function integerResult(value: number, text: string): CellResult {
  if (!Number.isInteger(value)) return { error: `${quoted(text)} is not a whole number` };
  if (Math.abs(value) > INT4_MAX) return { error: `${quoted(text)} is too large (at most ${INT4_MAX})` };
  return { value: String(value) };
}

/** Distinct texts remembered per enumerated field: a column holds few, a million rows repeat them. */
const ENUM_CACHE = 10_000;

function enumerated(field: ImportField, lookup: Map<string, string>): (value: SourceValue) => CellResult {
  const codes = (field.values ?? []).map((v) => v.value).join(', ');
  const seen = new Map<string, CellResult>();
  return (value) => {
    const text = cellText(value);
    if (text === null) return { value: null };
    const known = seen.get(text);
    if (known) return known;
    const code = lookup.get(normaliseKey(text));
    const result: CellResult =
      code === undefined
        ? {
            error: `${quoted(text)} is not a known ${field.name}; expected one of ${codes} (or map it in the mapping's values)`,
          }
        : { value: code };
    if (seen.size < ENUM_CACHE) seen.set(text, result);
    return result;
  };
}
