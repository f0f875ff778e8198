import type { Figure } from '../indicators/compute.ts';
import type { IndicatorDefinition } from '../indicators/registry.ts';

/** A sector's figure as the public receives it: counts below k are withheld, and say so. */
export interface PublicFigure extends Omit<Figure, 'numerator'> {
  numerator: number | null;
  suppressed: boolean;
}

/**
 * Withholds a figure built on fewer than k events: value and numerator become null. A change
 * is built on two counts, and its value and denominator give both away, so either count below
 * k withholds all three (and `unstable`, which would tell whether the earlier count was below
 * 5, is set). A rate keeps its denominator: residents and dwellings are published estimates.
 */
export function suppressFigure(indicator: IndicatorDefinition, figure: Figure, minCount: number): PublicFigure {
  const isChange = indicator.measure.kind === 'change';
  const tooFew = figure.numerator < minCount || (isChange && (figure.denominator ?? 0) < minCount);
  if (!tooFew) return { ...figure, suppressed: false };
  return {
    value: null,
    numerator: null,
    denominator: isChange ? null : figure.denominator,
    unstable: isChange ? true : figure.unstable,
    suppressed: true,
  };
}
