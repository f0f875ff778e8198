import {
  assertSupportedRange,
  type ClosedPeriod,
  isClosed,
  parsePeriod,
  previousPeriod,
} from '../indicators/period.ts';
import { InvalidParameterError } from '../layers/filters.ts';
import { PRIORITY_THEMES, type PriorityTheme } from '../priorities/schema.ts';
import { parseWeights } from '../priorities/service.ts';
import { REPORT_LANGS, type ReportLang } from './messages.ts';

/*
 * The report's query: theme, year, weights (the priorities API's syntax) and lang. Parsed by
 * hand rather than by a route schema, because a refusal must be an HTML page in the reader's
 * language, and only after the sign-in check (an anonymous reader learns nothing about them).
 */

export interface ReportRequest {
  theme: PriorityTheme;
  year: number;
  /** The calendar year, as the priorities API reads `period=YYYY-01-01/YYYY-12-31`. */
  period: ClosedPeriod;
  /** `weights=` as given (for the CSV link), and as parsed. */
  weightsParameter: string | undefined;
  weights: Record<string, number>;
  lang: ReportLang;
}

type Query = Record<string, unknown>;

/** One value of a parameter; a parameter given twice is refused rather than guessed at. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidParameterError(name, `${name} is given more than once`);
  return value;
}

const isLang = (value: unknown): value is ReportLang => REPORT_LANGS.includes(value as ReportLang);

/** The language to answer in even when the query is bad: `lang` if it is one we have, else Dutch. */
export function reportLangOf(query: Query): ReportLang {
  return isLang(query.lang) ? query.lang : 'nl';
}

/** The calendar year `year` as a closed period, or a 400 naming `year`. */
export function yearPeriod(raw: string | undefined): { year: number; period: ClosedPeriod } {
  if (raw === undefined) throw new InvalidParameterError('year', 'year is required, e.g. year=2025');
  if (!/^[0-9]{4}$/.test(raw)) throw new InvalidParameterError('year', `year "${raw}" is not a four-digit year`);
  try {
    const period = parsePeriod(`${raw}-01-01/${raw}-12-31`);
    if (!isClosed(period)) throw new InvalidParameterError('year', `year "${raw}" is not a calendar year`);
    // The report compares with the year before: that one must be supported too (no year 0).
    assertSupportedRange([previousPeriod(period), period]);
    return { year: Number(raw), period };
  } catch (error) {
    if (!(error instanceof InvalidParameterError)) throw error;
    throw new InvalidParameterError('year', error.message.replace(/^period\b/, 'year'));
  }
}

export function parseReportQuery(query: Query): ReportRequest {
  const lang = single(query, 'lang') ?? 'nl';
  if (!isLang(lang)) throw new InvalidParameterError('lang', `lang "${lang}" is not one of ${REPORT_LANGS.join(', ')}`);
  const theme = single(query, 'theme');
  if (theme === undefined) throw new InvalidParameterError('theme', 'theme is required');
  if (!PRIORITY_THEMES.includes(theme as PriorityTheme)) {
    throw new InvalidParameterError('theme', `theme "${theme}" is not one of ${PRIORITY_THEMES.join(', ')}`);
  }
  const { year, period } = yearPeriod(single(query, 'year'));
  const weightsParameter = single(query, 'weights');
  const weights = parseWeights(weightsParameter, theme as PriorityTheme);
  return { theme: theme as PriorityTheme, year, period, weightsParameter, weights, lang };
}
