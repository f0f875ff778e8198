/*
 * Class breaks, colours and legend labels for a choropleth.
 *
 * Breaks are the inner thresholds between classes, ascending and distinct: `k` classes have
 * `k - 1` breaks. A value equal to a threshold goes up: class `i` holds the values `v` with
 * `breaks[i - 1] <= v < breaks[i]` (the first class everything below `breaks[0]`, the last one
 * everything from the last break up). This is MapLibre's `step` convention, so the map and the
 * legend agree. Every break is a value of the data (the lowest value of the class above it) and
 * lies above the minimum, so no class is empty.
 */

export type ClassMethod = 'quantile' | 'jenks';

export const CLASS_METHODS: readonly ClassMethod[] = ['quantile', 'jenks'];

/** The most classes the palettes have colours for. */
export const MAX_CLASSES = 7;

/** The finite values, ascending. */
function sortedFinite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** Distinct values of an ascending list, with how often each occurs. */
function distinctWithCounts(sorted: readonly number[]): { values: number[]; counts: number[] } {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]! += 1;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  return { values: distinct, counts };
}

function classCount(classes: number): number {
  return Number.isFinite(classes) ? Math.max(1, Math.floor(classes)) : 1;
}

/** Ascending, distinct and above the minimum (a break at the minimum would leave the first class empty). */
function cleanBreaks(candidates: readonly number[], min: number): number[] {
  const breaks: number[] = [];
  for (const b of candidates) {
    if (b > min && (breaks.length === 0 || b > breaks[breaks.length - 1]!)) breaks.push(b);
  }
  return breaks;
}

/**
 * Quantile (equal count) breaks: with `n` values and `k` classes, break `i` is the value with
 * closest to i·n/k values below it (on equal distance the higher value). Without ties that is
 * the value at (0-based) position ⌈i·n/k⌉ in ascending order; tied values stay together, so a
 * tie moves the break to the nearer side of it and classes can end up unequal, or fewer when two
 * breaks meet. With no more distinct values than classes, every distinct value is a class.
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  const sorted = sortedFinite(values);
  const k = classCount(classes);
  if (sorted.length === 0 || k === 1) return [];
  const { values: distinct, counts } = distinctWithCounts(sorted);
  const d = distinct.length;
  if (d <= k) return distinct.slice(1);
  // below[j]: how many values are less than distinct[j].
  const below = [0];
  for (let j = 1; j < d; j++) below.push(below[j - 1]! + counts[j - 1]!);
  const candidates: number[] = [];
  for (let i = 1; i < k; i++) {
    const target = (i * sorted.length) / k;
    let best = 1;
    for (let j = 2; j < d; j++) {
      if (Math.abs(below[j]! - target) <= Math.abs(below[best]! - target)) best = j;
    }
    candidates.push(distinct[best]!);
  }
  return cleanBreaks(candidates, distinct[0]!);
}

/**
 * Jenks natural breaks: the classes that minimise the total squared deviation from the class
 * means (Fisher's exact optimum, by dynamic programming over the distinct values weighted by how
 * often they occur, so ties never straddle a break). O(k·d²) for `d` distinct values. Equal
 * optima go to the split found first (the lowest break).
 */
export function jenksBreaks(values: readonly number[], classes: number): number[] {
  const sorted = sortedFinite(values);
  const k = classCount(classes);
  if (sorted.length === 0 || k === 1) return [];
  const { values: distinct, counts } = distinctWithCounts(sorted);
  const d = distinct.length;
  if (d <= k) return distinct.slice(1);

  // Prefix sums of weight, weighted value and weighted square, around the mean for precision.
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  const w = new Float64Array(d + 1);
  const s = new Float64Array(d + 1);
  const q = new Float64Array(d + 1);
  for (let i = 0; i < d; i++) {
    const x = distinct[i]! - mean;
    const c = counts[i]!;
    w[i + 1] = w[i]! + c;
    s[i + 1] = s[i]! + c * x;
    q[i + 1] = q[i]! + c * x * x;
  }
  /** Sum of squared deviations of distinct values from..to-1 (half-open). */
  const ssd = (from: number, to: number): number => {
    const weight = w[to]! - w[from]!;
    const sum = s[to]! - s[from]!;
    return Math.max(0, q[to]! - q[from]! - (sum * sum) / weight);
  };

  // cost[j][m]: best total for the first m distinct values in j + 1 classes; start[j][m]: where its last class starts.
  const cost: Float64Array[] = [];
  const start: Int32Array[] = [];
  const first = new Float64Array(d + 1);
  for (let m = 1; m <= d; m++) first[m] = ssd(0, m);
  cost.push(first);
  start.push(new Int32Array(d + 1));
  for (let j = 1; j < k; j++) {
    const previous = cost[j - 1]!;
    const row = new Float64Array(d + 1).fill(Infinity);
    const from = new Int32Array(d + 1);
    for (let m = j + 1; m <= d; m++) {
      for (let i = j; i < m; i++) {
        const total = previous[i]! + ssd(i, m);
        if (total < row[m]!) {
          row[m] = total;
          from[m] = i;
        }
      }
    }
    cost.push(row);
    start.push(from);
  }

  const breaks: number[] = [];
  let end = d;
  for (let j = k - 1; j >= 1; j--) {
    const i = start[j]![end]!;
    breaks.unshift(distinct[i]!);
    end = i;
  }
  return cleanBreaks(breaks, distinct[0]!);
}

/**
 * The class of a value: how many breaks are at or below it (a value equal to a break goes up),
 * from 0 to `breaks.length`; -1 for NaN and infinities, which have no class.
 */
export function classOf(value: number, breaks: readonly number[]): number {
  if (!Number.isFinite(value)) return -1;
  let low = 0;
  let high = breaks.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (breaks[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export interface Classification {
  breaks: number[];
  /** The number of classes actually made (`breaks.length + 1`), 0 without finite values. */
  classes: number;
  /** Smallest and largest finite value; NaN without finite values. */
  min: number;
  max: number;
}

export function classify(values: readonly number[], method: ClassMethod, classes: number): Classification {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { breaks: [], classes: 0, min: NaN, max: NaN };
  const breaks = method === 'jenks' ? jenksBreaks(finite, classes) : quantileBreaks(finite, classes);
  return { breaks, classes: breaks.length + 1, min: Math.min(...finite), max: Math.max(...finite) };
}

/**
 * A MapLibre colour expression for the classes: `step` on the number in `property` (a feature
 * state by default, or a feature property), and `fallback` where the value is missing or not a
 * number (so a feature without data never turns black on an evaluation error).
 */
export function stepExpression(
  property: string,
  breaks: readonly number[],
  colors: readonly string[],
  fallback: string,
  source: 'feature-state' | 'properties' = 'feature-state',
): unknown[] {
  if (colors.length !== breaks.length + 1) {
    throw new RangeError(`${breaks.length} breaks need ${breaks.length + 1} colours, got ${colors.length}`);
  }
  const input = source === 'feature-state' ? ['feature-state', property] : ['get', property];
  const stops = breaks.flatMap((b, i) => [b, colors[i + 1]!]);
  const color = stops.length > 0 ? ['step', input, colors[0]!, ...stops] : colors[0]!;
  return ['case', ['==', ['typeof', input], 'number'], color, fallback];
}

/** Paul Tol's YlOrBr (sequential, colour-blind safe), light to dark; bad data is grey. */
export const TOL_YLORBR = [
  '#FFFFE5',
  '#FFF7BC',
  '#FEE391',
  '#FEC44F',
  '#FB9A29',
  '#EC7014',
  '#CC4C02',
  '#993404',
  '#662506',
] as const;
export const TOL_YLORBR_BAD = '#888888';

/** Paul Tol's sunset (diverging, colour-blind safe), blue (low) through pale yellow to red (high); bad data is white. */
export const TOL_SUNSET = [
  '#364B9A',
  '#4A7BB7',
  '#6EA6CD',
  '#98CAE1',
  '#C2E4EF',
  '#EAECCC',
  '#FEDA8B',
  '#FDB366',
  '#F67E4B',
  '#DD3D2D',
  '#A50026',
] as const;
export const TOL_SUNSET_BAD = '#FFFFFF';

/*
 * Which of Tol's colours to use for n classes. Sequential: the near-white first colour is left
 * out (it vanishes on the light base map), the rest spread evenly. Diverging: symmetric around
 * the neutral centre, which is a class of its own for odd n.
 */
const SEQUENTIAL_PICKS: readonly (readonly number[])[] = [
  [],
  [4],
  [2, 6],
  [1, 4, 7],
  [1, 3, 5, 7],
  [1, 3, 4, 6, 8],
  [1, 2, 4, 5, 7, 8],
  [1, 2, 3, 4, 6, 7, 8],
];
const DIVERGING_PICKS: readonly (readonly number[])[] = [
  [],
  [5],
  [2, 8],
  [2, 5, 8],
  [1, 3, 7, 9],
  [1, 3, 5, 7, 9],
  [0, 2, 4, 6, 8, 10],
  [0, 2, 3, 5, 7, 8, 10],
];

function pick(scheme: readonly string[], picks: readonly (readonly number[])[], n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_CLASSES) {
    throw new RangeError(`palettes have 0 to ${MAX_CLASSES} colours, not ${n}`);
  }
  return picks[n]!.map((i) => scheme[i]!);
}

/** `n` (0 to 7) colours from Tol's YlOrBr, light to dark: for rates and counts. */
export function sequentialPalette(n: number): string[] {
  return pick(TOL_YLORBR, SEQUENTIAL_PICKS, n);
}

/** `n` (0 to 7) colours from Tol's sunset, blue to red: for change (decrease blue, increase red). */
export function divergingPalette(n: number): string[] {
  return pick(TOL_SUNSET, DIVERGING_PICKS, n);
}

/**
 * One label per class, "from – to" with an en dash: ["0 – 2,5", "2,5 – 7", "7 – 12"]. Following
 * the breaks' convention, a class's upper bound is the next class's lower one. A class whose
 * bounds format the same is labelled with the one value. No labels without finite min and max.
 */
export function legendLabels(
  breaks: readonly number[],
  min: number,
  max: number,
  format: (n: number) => string,
): string[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  const bounds = [min, ...breaks, max];
  const labels: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = format(bounds[i]!);
    const to = format(bounds[i + 1]!);
    labels.push(from === to ? from : `${from} – ${to}`);
  }
  return labels;
}
