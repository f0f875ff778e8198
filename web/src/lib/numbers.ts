import { localeTag } from './lang.ts';
import type { Lang } from './types.ts';

/* Numbers as the UI shows them, apart from format.ts so that pages without the planner's message table can use them. */

export function formatNumber(value: number, lang: Lang, maximumFractionDigits: number): string {
  return new Intl.NumberFormat(localeTag(lang), { maximumFractionDigits }).format(value);
}

/** Formats a count for the UI ("12.345" in Dutch, "12,345" in English). */
export function formatCount(value: number, lang: Lang): string {
  return formatNumber(value, lang, 0);
}

/** Formats an indicator's figure: one decimal ("12,3" in Dutch), two below 1 so small rates do not read as 0. */
export function formatFigure(value: number, lang: Lang): string {
  return formatNumber(value, lang, Math.abs(value) < 1 ? 2 : 1);
}
