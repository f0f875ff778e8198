import type { SourceValue } from './types.ts';

/*
 * Values as Belgian spreadsheets write them: decimal commas, dot or space thousands, dates day
 * first, "ja"/"nee". Pure functions. Each parser returns null for a value it cannot read and
 * never guesses: an ambiguous value (a two-digit year, "1.234" without knowing the file's
 * decimal mark) is refused rather than read one way. Why a date or a date-time was refused is
 * told by dateProblem / dateTimeProblem, so the import can give the row a precise reason.
 */

/** Lower case, accents removed, everything but letters and digits dropped: "Datum feit" -> "datumfeit". */
export function normaliseKey(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const SIGN = '[-+\u2212]?';
const PLAIN_INTEGER = /^\d+$/;
const DECIMAL_POINT = /^(\d+\.\d*|\.\d+)$/;
const DECIMAL_COMMA = /^(\d+,\d*|,\d+)$/;
const DOT_THOUSANDS = /^\d{1,3}(\.\d{3})+$/;
const COMMA_THOUSANDS = /^\d{1,3}(,\d{3})+$/;
const DOT_THOUSANDS_DECIMAL_COMMA = /^\d{1,3}(\.\d{3})+,\d+$/;
const COMMA_THOUSANDS_DECIMAL_POINT = /^\d{1,3}(,\d{3})+\.\d+$/;
/** Space, no-break space or narrow no-break space between groups of three digits. */
const SPACE_THOUSANDS = /^(\d{1,3}(?:[ \u00a0\u202f]\d{3})+)([.,]\d+)?$/;
const EXPONENT = /^(.*?)[eE]([-+]?\d{1,4})$/;

/**
 * A number written the Belgian or the English way. `decimalComma` is what the file's other
 * cells showed (csv.ts finds it): only when it is true is "1.234" read as 1234 (dot thousands),
 * only when it is false is "1,234" read as 1234 (comma thousands); otherwise a lone dot or a
 * lone comma is the decimal mark. Both a dot and a comma: the last one is the decimal mark, the
 * other must group thousands in threes. An exponent ("1,5E+3") is allowed. A typed number passes
 * through when finite; anything else (text, NaN, Infinity, "1e999", a boolean) gives null.
 */
export function parseNumber(value: SourceValue | undefined, decimalComma: boolean | null): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const match = new RegExp(`^(${SIGN})(.+)$`).exec(text);
  if (!match) return null;
  const negative = match[1] !== '' && match[1] !== '+';
  let body = match[2]!;
  let exponent = '';
  const withExponent = EXPONENT.exec(body);
  if (withExponent) {
    body = withExponent[1]!;
    exponent = `e${withExponent[2]}`;
  }
  const mantissa = plainDecimal(body, decimalComma);
  if (mantissa === null) return null;
  const number = Number(`${negative ? '-' : ''}${mantissa}${exponent}`);
  return Number.isFinite(number) ? number : null;
}

/** `body` (no sign, no exponent) as digits with an optional '.' decimal point, or null. */
function plainDecimal(body: string, decimalComma: boolean | null): string | null {
  if (PLAIN_INTEGER.test(body)) return body;
  const spaced = SPACE_THOUSANDS.exec(body);
  if (spaced) return spaced[1]!.replace(/\D/g, '') + (spaced[2] ?? '').replace(',', '.');
  const hasDot = body.includes('.');
  const hasComma = body.includes(',');
  if (hasDot && hasComma) {
    if (DOT_THOUSANDS_DECIMAL_COMMA.test(body)) return body.replace(/\./g, '').replace(',', '.');
    if (COMMA_THOUSANDS_DECIMAL_POINT.test(body)) return body.replace(/,/g, '');
    return null;
  }
  if (hasDot) {
    if (decimalComma === true && DOT_THOUSANDS.test(body)) return body.replace(/\./g, '');
    return DECIMAL_POINT.test(body) ? body : null;
  }
  if (hasComma) {
    if (decimalComma === false && COMMA_THOUSANDS.test(body)) return body.replace(/,/g, '');
    return DECIMAL_COMMA.test(body) ? body.replace(',', '.') : null;
  }
  return null;
}

/** As parseNumber, but only a whole number within JavaScript's safe integers ("12,0" is 12). */
export function parseInteger(value: SourceValue | undefined, decimalComma: boolean | null): number | null {
  const number = parseNumber(value, decimalComma);
  return number !== null && Number.isSafeInteger(number) ? number : null;
}

const TRUE_WORDS = new Set(['ja', 'j', 'waar', 'true', 't', 'yes', 'y', '1', 'x', 'oui', 'vrai']);
const FALSE_WORDS = new Set(['nee', 'n', 'onwaar', 'false', 'f', 'no', '0', 'non', 'faux']);

/**
 * Yes or no, in Dutch, English or French: ja/nee, j/n, waar/onwaar, true/false, t/f, yes/no,
 * y/n, oui/non, vrai/faux, 1/0 (case, accents and punctuation ignored), and "x" (a ticked box)
 * for yes. An empty cell is null, not "no": an unticked box and a forgotten value look the
 * same, so the import decides (a default, or a rejection for a required field). Typed
 * booleans pass through, typed 1 and 0 are true and false; anything else is null.
 */
export function parseBoolean(value: SourceValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const key = normaliseKey(value);
  if (TRUE_WORDS.has(key)) return true;
  if (FALSE_WORDS.has(key)) return false;
  return null;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Day first with / - or . (the same separator twice), or ISO year first with - or /. */
const DAY_FIRST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
const YEAR_FIRST = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const TWO_DIGIT_YEAR = /^\d{1,2}([/.-])\d{1,2}\1\d{2}$/;
/** hh:mm, hh:mm:ss(.fff), 22u15, 22h15 or 22.15. */
const TIME = /^(\d{1,2})[:uUhH.](\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;
const OFFSET = /^(.*\d)(Z|[+-]\d{2}(?::?\d{2})?)$/i;

type Parsed<T> = { ok: T } | { problem: string };

/** The date at the start of a cell (`datePart`); problems quote the whole cell (`text`). */
function readCalendarDate(datePart: string, text: string): Parsed<CalendarDate> {
  let date: CalendarDate | null = null;
  const dayFirst = DAY_FIRST.exec(datePart);
  if (dayFirst) date = { day: Number(dayFirst[1]), month: Number(dayFirst[3]), year: Number(dayFirst[4]) };
  const yearFirst = YEAR_FIRST.exec(datePart);
  if (yearFirst) date = { year: Number(yearFirst[1]), month: Number(yearFirst[3]), day: Number(yearFirst[4]) };
  if (!date) {
    if (TWO_DIGIT_YEAR.test(datePart)) {
      return { problem: `"${text}" has a two-digit year, which could be either century: write the year in full` };
    }
    return { problem: `"${text}" is not a date written as dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd` };
  }
  if (!isCalendarDay(date)) return { problem: `"${text}" is not a day of the calendar` };
  return { ok: date };
}

/** Years before 100 are refused too: Date.UTC would move them to 1900-1999. */
function isCalendarDay({ year, month, day }: CalendarDate): boolean {
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : daysInMonth);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: CalendarDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

interface ClockTime {
  hour: number;
  minute: number;
  second: number;
  /** The fraction of a second as written (digits after the mark), '' when none. */
  fraction: string;
}

function readClockTime(text: string): Parsed<ClockTime> {
  const match = TIME.exec(text);
  if (!match) return { problem: `"${text}" is not a time written as hh:mm or hh:mm:ss` };
  const time = {
    hour: Number(match[1]),
    minute: Number(match[2]),
    second: match[3] === undefined ? 0 : Number(match[3]),
    fraction: match[4] ?? '',
  };
  if (time.hour > 23 || time.minute > 59 || time.second > 59) {
    return { problem: `"${text}" is not a time of day (hours 0-23, minutes and seconds 0-59)` };
  }
  return { ok: time };
}

/** A date and what follows it, split at the first space(s) or 'T' after the date. */
function splitDateTime(text: string): [date: string, time: string | null] {
  const match = /^(\S+?)(?:\s+|T)(.+)$/.exec(text);
  return match ? [match[1]!, match[2]!] : [text, null];
}

function readDate(value: SourceValue | undefined): Parsed<string> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return { problem: `${String(value)} is not a date` };
  const text = value.trim();
  if (text === '') return null;
  const [datePart, timePart] = splitDateTime(text);
  const date = readCalendarDate(datePart, text);
  if ('problem' in date) return date;
  if (timePart !== null) {
    // Excel adds a time of midnight to dates it exports; any other time is not "a date".
    const time = readClockTime(timePart);
    if ('problem' in time || time.ok.hour + time.ok.minute + time.ok.second !== 0 || /[1-9]/.test(time.ok.fraction)) {
      return { problem: `"${text}" is a date and a time, not a date` };
    }
  }
  return { ok: isoDate(date.ok) };
}

/**
 * A date as 'YYYY-MM-DD': dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd (or
 * yyyy/mm/dd), optionally followed by a time of midnight (00:00 or 00:00:00, as Excel adds).
 * Always day first, never month first; the calendar is checked (no 31/02, no 29/02 outside
 * leap years); a two-digit year is refused. Empty, invalid or non-text values give null.
 */
export function parseDate(value: SourceValue | undefined): string | null {
  const result = readDate(value);
  return result && 'ok' in result ? result.ok : null;
}

/** Why parseDate refused a value, in a sentence for the import report; null when it did not. */
export function dateProblem(value: SourceValue | undefined): string | null {
  const result = readDate(value);
  return result && 'problem' in result ? result.problem : null;
}

/** A wall-clock time in Belgium, or an instant (the text said its UTC offset). */
export type DateTimeValue = { local: string } | { instant: string };

function readDateTime(value: SourceValue | undefined): Parsed<DateTimeValue> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return { problem: `${String(value)} is not a date and time` };
  const text = value.trim();
  if (text === '') return null;
  const [datePart, rest] = splitDateTime(text);
  const date = readCalendarDate(datePart, text);
  if ('problem' in date) return date;
  if (rest === null) return { ok: { local: `${isoDate(date.ok)}T00:00:00` } };
  const offsetMatch = OFFSET.exec(rest);
  const timeText = offsetMatch ? offsetMatch[1]! : rest;
  const time = readClockTime(timeText);
  if ('problem' in time) return time;
  const { hour, minute, second, fraction } = time.ok;
  if (!offsetMatch) {
    const seconds = `${pad(second)}${fraction ? `.${fraction}` : ''}`;
    return { ok: { local: `${isoDate(date.ok)}T${pad(hour)}:${pad(minute)}:${seconds}` } };
  }
  if (!YEAR_FIRST.test(datePart) || !timeText.includes(':')) {
    return { problem: `"${text}" gives a UTC offset, but not in ISO 8601 form (yyyy-mm-ddThh:mm:ss+01:00)` };
  }
  const offset = offsetMinutes(offsetMatch[2]!);
  if (offset === null) return { problem: `"${text}" has an impossible UTC offset` };
  const milliseconds = Number(`0.${fraction || '0'}`) * 1000;
  const utc =
    Date.UTC(date.ok.year, date.ok.month - 1, date.ok.day, hour, minute, second, Math.round(milliseconds)) -
    offset * 60_000;
  return { ok: { instant: new Date(utc).toISOString() } };
}

/** "Z", "+02:00", "+0200" or "+02" as minutes east of UTC; null beyond ±14:00. */
function offsetMinutes(text: string): number | null {
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  if (Number(digits.slice(2) || '0') > 59 || minutes > 14 * 60) return null;
  return text.startsWith('-') ? -minutes : minutes;
}

/**
 * A date with an optional time: a date as parseDate reads it, then (after a space or 'T') a
 * time hh:mm, hh:mm:ss(.fff), 22u15, 22h15 or 22.15, hours 0-23, minutes 0-59.
 * - Without a UTC offset: `{ local: 'YYYY-MM-DDTHH:MM:SS' }` (a fraction of a second is kept
 *   as written, '…:SS.5'), a wall-clock time in Belgium; a date alone is midnight. The import
 *   turns it into an instant in SQL (`AT TIME ZONE 'Europe/Brussels'`), which knows the
 *   summer-time rules.
 * - ISO 8601 with an offset or Z ('2024-03-15T22:15:00+01:00'): `{ instant }`, normalised to
 *   UTC by toISOString ('2024-03-15T21:15:00.000Z').
 * Empty, invalid or non-text values give null.
 */
export function parseDateTime(value: SourceValue | undefined): DateTimeValue | null {
  const result = readDateTime(value);
  return result && 'ok' in result ? result.ok : null;
}

/** Why parseDateTime refused a value, in a sentence for the import report; null when it did not. */
export function dateTimeProblem(value: SourceValue | undefined): string | null {
  const result = readDateTime(value);
  return result && 'problem' in result ? result.problem : null;
}
