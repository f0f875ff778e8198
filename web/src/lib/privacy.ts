import type { LayerDescription } from './types.ts';

/*
 * What the server says each layer gives this caller (`GET /api/layers`, a layer's `precision`,
 * issue 7): the embed draws what the public may see, and its privacy panel states the figures
 * the server applies instead of repeating them from memory.
 */

export type PrecisionLevel = 'full' | 'aggregate' | 'sector-counts';

export interface Precision {
  level: PrecisionLevel;
  /** Aggregates: the smallest cell side in metres. */
  cellMetres?: number;
  /** The smallest count shown (k); smaller counts are withheld. */
  minCount?: number;
  /** The finest time step given, e.g. `month`. */
  time?: string;
}

const LEVELS: readonly PrecisionLevel[] = ['full', 'aggregate', 'sector-counts'];

const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** The layer's `precision` block when the server sends a well-formed one, else null. */
export function precisionOf(layer: LayerDescription): Precision | null {
  const raw = (layer as { precision?: unknown }).precision;
  if (typeof raw !== 'object' || raw === null) return null;
  const { level, cellMetres, minCount, time } = raw as Record<string, unknown>;
  if (!LEVELS.includes(level as PrecisionLevel)) return null;
  const precision: Precision = { level: level as PrecisionLevel };
  if (positive(cellMetres)) precision.cellMetres = cellMetres;
  if (positive(minCount)) precision.minCount = minCount;
  if (typeof time === 'string') precision.time = time;
  return precision;
}

/**
 * Whether the embed draws the layer: in full or as aggregates, not a layer given only as counts
 * per sector (those are in the figures). A server that says nothing about precision is taken
 * at the registry's word: public layers only.
 */
export function isEmbeddable(layer: LayerDescription): boolean {
  const precision = precisionOf(layer);
  return precision ? precision.level !== 'sector-counts' : layer.access === 'public';
}

export interface PrivacyFacts {
  /** Side of the smallest cell an aggregated layer is cut into, in metres. */
  cellMetres: number | null;
  /** k: the smallest count shown. */
  minCount: number | null;
}

/** The figures the privacy panel quotes: the largest a layer declares (they are one setting on the server). */
export function privacyFacts(layers: readonly LayerDescription[]): PrivacyFacts {
  const precisions = layers.flatMap((layer) => precisionOf(layer) ?? []);
  const largest = (values: (number | undefined)[]) => {
    const known = values.filter(positive);
    return known.length > 0 ? Math.max(...known) : null;
  };
  return {
    cellMetres: largest(precisions.filter((p) => p.level === 'aggregate').map((p) => p.cellMetres)),
    minCount: largest(precisions.map((p) => p.minCount)),
  };
}
