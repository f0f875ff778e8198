/** The languages the registry's titles come in; Dutch is the city's own. */
export type Language = 'nl' | 'en';

/**
 * The language of a response from the request's `Accept-Language` (RFC 9110 §12.5.4): the
 * acceptable one of Dutch and English with the highest weight, Dutch on a tie, without the
 * header or when neither is acceptable. `nl-BE` counts as Dutch, `en-GB` as English.
 */
export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'nl';
  const weights: Record<Language, number> = { nl: -1, en: -1 };
  let wildcard = -1;
  for (const part of acceptLanguage.split(',')) {
    const [range = '', ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (!Number.isFinite(weight)) continue;
    const primary = range.trim().split('-')[0];
    if (primary === 'nl' || primary === 'en') weights[primary] = Math.max(weights[primary], weight);
    else if (primary === '*') wildcard = Math.max(wildcard, weight);
  }
  // A language the client did not name gets the wildcard's weight, if it sent one.
  const nl = weights.nl < 0 ? wildcard : weights.nl;
  const en = weights.en < 0 ? wildcard : weights.en;
  return en > 0 && en > nl ? 'en' : 'nl';
}
