import { featureNoun, translate } from './i18n.ts';
import { localeTag, localized } from './lang.ts';
import { formatCount, formatNumber } from './numbers.ts';
import type { Lang, LayerDescription, PropertyDescription, PropertyValue } from './types.ts';

// Counts and figures live in numbers.ts, which the embed loads without the planner's message table.
export { formatCount, formatFigure } from './numbers.ts';

/** Shown for a missing value. */
export const EMPTY_VALUE = '—';

/** Halle's time zone: incident times are shown as local time, whatever the viewer's machine says. */
const TIME_ZONE = 'Europe/Brussels';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What an aggregated cell holds: "12 incidenten in deze cel — zoom in voor details". */
export function cellSummary(layer: Pick<LayerDescription, 'id'>, count: number, lang: Lang): string {
  return translate(lang, 'cellCount', { n: formatCount(count, lang), noun: featureNoun(lang, layer.id, count) });
}

function dateFormat(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(localeTag(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone });
}

/** A calendar date ("2024-03-01" or the date part of a timestamp), without time-zone shifts. */
function formatDate(value: string, lang: Lang): string | null {
  const match = DATE_ONLY.exec(value.slice(0, 10));
  if (!match) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return Number.isNaN(date.getTime()) ? null : dateFormat(lang, 'UTC').format(date);
}

/** A point in time, as date and 24-hour time in Brussels: "1 maart 2024, 14:05". */
function formatDateTime(value: string, lang: Lang): string | null {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const time = new Intl.DateTimeFormat(localeTag(lang), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).format(date);
  return `${dateFormat(lang, TIME_ZONE).format(date)}, ${time}`;
}

function asBoolean(value: PropertyValue): boolean | null {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return null;
}

/**
 * A property value as the UI shows it: enumerated values by their localized title, booleans as
 * ja/nee or yes/no, numbers and dates in Belgian Dutch or British English. Anything that does not
 * parse as its declared type is shown as it came.
 */
export function formatValue(property: PropertyDescription, value: PropertyValue, lang: Lang): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  const known = property.values?.find((v) => v.value === String(value));
  if (known) return localized(known.title, lang);
  switch (property.type) {
    case 'boolean': {
      const flag = asBoolean(value);
      return flag === null ? String(value) : translate(lang, flag ? 'yes' : 'no');
    }
    case 'integer':
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number) ? formatNumber(number, lang, property.type === 'integer' ? 0 : 2) : String(value);
    }
    case 'date':
      return formatDate(String(value), lang) ?? String(value);
    case 'datetime':
      return formatDateTime(String(value), lang) ?? String(value);
    default:
      return String(value);
  }
}

export interface PropertyRow {
  name: string;
  label: string;
  value: string;
}

/** The rows of a feature's popup, in the order the layer describes its properties. */
export function propertyRows(
  layer: LayerDescription,
  properties: Record<string, PropertyValue> | null | undefined,
  lang: Lang,
): PropertyRow[] {
  return layer.properties.map((property) => ({
    name: property.name,
    label: localized(property.title, lang),
    value: formatValue(property, properties?.[property.name], lang),
  }));
}
