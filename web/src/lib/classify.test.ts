import { describe, expect, it } from 'vitest';
import {
  classify,
  classOf,
  divergingPalette,
  jenksBreaks,
  legendLabels,
  MAX_CLASSES,
  quantileBreaks,
  sequentialPalette,
  stepExpression,
  TOL_SUNSET,
  TOL_YLORBR,
} from './classify.ts';

const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** How many values fall in each class. */
function classSizes(values: readonly number[], breaks: readonly number[]): number[] {
  const sizes = new Array<number>(breaks.length + 1).fill(0);
  for (const v of values) sizes[classOf(v, breaks)]! += 1;
  return sizes;
}

/** Total squared deviation from the class means, the quantity Jenks minimises. */
function withinClassDeviation(values: readonly number[], breaks: readonly number[]): number {
  const groups = new Map<number, number[]>();
  for (const v of values) groups.set(classOf(v, breaks), [...(groups.get(classOf(v, breaks)) ?? []), v]);
  let total = 0;
  for (const group of groups.values()) {
    const mean = group.reduce((a, b) => a + b, 0) / group.length;
    total += group.reduce((a, v) => a + (v - mean) ** 2, 0);
  }
  return total;
}

describe('classOf', () => {
  it('puts a value equal to a break in the class above it', () => {
    const breaks = [10, 30];
    expect(classOf(9.999, breaks)).toBe(0);
    expect(classOf(10, breaks)).toBe(1);
    expect(classOf(29.999, breaks)).toBe(1);
    expect(classOf(30, breaks)).toBe(2);
    expect(classOf(1e9, breaks)).toBe(2);
    expect(classOf(-1e9, breaks)).toBe(0);
  });

  it('has one class without breaks, and none for NaN or infinities', () => {
    expect(classOf(5, [])).toBe(0);
    expect(classOf(NaN, [1])).toBe(-1);
    expect(classOf(Infinity, [1])).toBe(-1);
    expect(classOf(-Infinity, [1])).toBe(-1);
  });

  it('agrees with a linear scan on many breaks', () => {
    const breaks = [1, 2, 3, 5, 8, 13, 21];
    for (let v = -1; v <= 25; v += 0.5) {
      expect(classOf(v, breaks)).toBe(breaks.filter((b) => b <= v).length);
    }
  });
});

describe('quantileBreaks', () => {
  it('splits 1..10 into 4 classes at positions ⌈10i/4⌉: 4, 6 and 9', () => {
    // Positions 2.5, 5 and 7.5 round up to 3, 5 and 8 (0-based): the values 4, 6 and 9.
    expect(quantileBreaks(oneToTen, 4)).toEqual([4, 6, 9]);
    expect(classSizes(oneToTen, [4, 6, 9])).toEqual([3, 2, 3, 2]);
  });

  it('splits evenly when the count divides', () => {
    expect(quantileBreaks(oneToTen, 2)).toEqual([6]);
    expect(quantileBreaks(oneToTen, 5)).toEqual([3, 5, 7, 9]);
    expect(quantileBreaks([...oneToTen].reverse(), 5)).toEqual([3, 5, 7, 9]); // order does not matter
  });

  it('keeps ties in one class, moving the break to the nearer side of the tie', () => {
    // Half of 8 values is 4; below 2 lie 1 value, below 3 lie 5: 3 is nearer.
    expect(quantileBreaks([1, 2, 2, 2, 2, 3, 4, 5], 2)).toEqual([3]);
    expect(classSizes([1, 2, 2, 2, 2, 3, 4, 5], [3])).toEqual([5, 3]);
    // Thirds of 12 values are 4 and 8; 8 values lie below 1, so both breaks land on 1: 3 classes asked, 2 made.
    expect(quantileBreaks([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4], 3)).toEqual([1]);
  });

  it('makes every distinct value a class when there are no more of them than classes', () => {
    expect(quantileBreaks([5, 1, 5, 3], 5)).toEqual([3, 5]);
    expect(quantileBreaks([2, 1], 2)).toEqual([2]);
  });

  it('has no breaks for one value, one class or no values, and ignores NaN', () => {
    expect(quantileBreaks([7], 4)).toEqual([]);
    expect(quantileBreaks([7, 7, 7], 4)).toEqual([]);
    expect(quantileBreaks(oneToTen, 1)).toEqual([]);
    expect(quantileBreaks(oneToTen, 0)).toEqual([]);
    expect(quantileBreaks([], 4)).toEqual([]);
    expect(quantileBreaks([NaN, Infinity, -Infinity], 4)).toEqual([]);
    expect(quantileBreaks([NaN, ...oneToTen, NaN, Infinity], 4)).toEqual([4, 6, 9]);
  });
});

describe('jenksBreaks', () => {
  it('finds clear clusters: [1,2,3 | 10,11,12 | 30,31] breaks at 10 and 30', () => {
    const values = [1, 2, 3, 10, 11, 12, 30, 31];
    expect(jenksBreaks(values, 3)).toEqual([10, 30]);
    expect(classSizes(values, [10, 30])).toEqual([3, 3, 2]);
    expect(jenksBreaks([...values].reverse(), 3)).toEqual([10, 30]);
  });

  it('finds the optimum by hand on small sets', () => {
    // [1, 2, 4, 8] in 2 classes: {1,2,4}|{8} has 4.67, {1,2}|{4,8} has 8.5, {1}|{2,4,8} has 18.67.
    expect(jenksBreaks([1, 2, 4, 8], 2)).toEqual([8]);
    // [0, 1, 9, 10] in 2 classes: the gap.
    expect(jenksBreaks([0, 1, 9, 10], 2)).toEqual([9]);
    // Weighted ties: ten 0s, one 5, one 6 in 2 classes: {0…}|{5,6}.
    expect(jenksBreaks([...new Array<number>(10).fill(0), 5, 6], 2)).toEqual([5]);
  });

  it('is optimal: no other split of a small set has less within-class deviation', () => {
    const values = [3, 7, 8, 12, 13, 14, 20, 21, 35, 36, 40, 41, 55];
    const breaks = jenksBreaks(values, 4);
    expect(breaks).toHaveLength(3);
    const best = withinClassDeviation(values, breaks);
    const distinct = [...new Set(values)].sort((a, b) => a - b).slice(1);
    for (let a = 0; a < distinct.length; a++)
      for (let b = a + 1; b < distinct.length; b++)
        for (let c = b + 1; c < distinct.length; c++) {
          const other = [distinct[a]!, distinct[b]!, distinct[c]!];
          expect(withinClassDeviation(values, other)).toBeGreaterThanOrEqual(best - 1e-9);
        }
  });

  it('never splits tied values', () => {
    const values = [1, 1, 1, 2, 2, 2, 2, 3, 3, 9];
    const breaks = jenksBreaks(values, 3);
    expect(breaks).toEqual([2, 9]);
    for (const b of breaks) expect(values).toContain(b);
  });

  it('makes every distinct value a class when there are no more of them than classes', () => {
    expect(jenksBreaks([4, 4, 1, 9], 3)).toEqual([4, 9]);
    expect(jenksBreaks([4, 4, 1, 9], 7)).toEqual([4, 9]);
  });

  it('has no breaks for one value, one class or no values, and ignores NaN', () => {
    expect(jenksBreaks([5], 3)).toEqual([]);
    expect(jenksBreaks([5, 5, 5], 3)).toEqual([]);
    expect(jenksBreaks(oneToTen, 1)).toEqual([]);
    expect(jenksBreaks([], 3)).toEqual([]);
    expect(jenksBreaks([NaN, 1, 2, 3, NaN, 10, 11, 12, -Infinity, 30, 31], 3)).toEqual([10, 30]);
  });

  it('handles large values without losing precision', () => {
    const base = 1e9;
    expect(jenksBreaks([base + 1, base + 2, base + 3, base + 10, base + 11], 2)).toEqual([base + 10]);
  });

  it('gives ascending breaks inside the data’s range for any class count', () => {
    const values = Array.from({ length: 60 }, (_, i) => Math.round(Math.abs(Math.sin(i * 1.7)) * 100) / 10);
    for (let k = 1; k <= MAX_CLASSES; k++) {
      for (const breaks of [jenksBreaks(values, k), quantileBreaks(values, k)]) {
        expect(breaks.length).toBe(k - 1);
        expect([...breaks].sort((a, b) => a - b)).toEqual(breaks);
        expect(new Set(breaks).size).toBe(breaks.length);
        expect(breaks.every((b) => b > Math.min(...values) && b <= Math.max(...values))).toBe(true);
        expect(classSizes(values, breaks).every((size) => size > 0)).toBe(true);
      }
    }
  });
});

describe('classify', () => {
  it('returns breaks, the number of classes made, and the range', () => {
    expect(classify([1, 2, 3, 10, 11, 12, 30, 31], 'jenks', 3)).toEqual({
      breaks: [10, 30],
      classes: 3,
      min: 1,
      max: 31,
    });
    expect(classify(oneToTen, 'quantile', 4)).toEqual({ breaks: [4, 6, 9], classes: 4, min: 1, max: 10 });
  });

  it('makes fewer classes than asked with fewer distinct values', () => {
    expect(classify([2, 2, 8], 'quantile', 5)).toEqual({ breaks: [8], classes: 2, min: 2, max: 8 });
    expect(classify([2, 2], 'jenks', 5)).toEqual({ breaks: [], classes: 1, min: 2, max: 2 });
  });

  it('makes no classes without finite values', () => {
    expect(classify([], 'jenks', 5)).toEqual({ breaks: [], classes: 0, min: NaN, max: NaN });
    expect(classify([NaN], 'quantile', 5)).toEqual({ breaks: [], classes: 0, min: NaN, max: NaN });
    expect(classify([NaN, 4, Infinity], 'quantile', 5)).toEqual({ breaks: [], classes: 1, min: 4, max: 4 });
  });
});

describe('stepExpression', () => {
  const colors = ['#FFF7BC', '#FB9A29', '#993404'];

  it('steps on the feature state, with a fallback for missing values', () => {
    expect(stepExpression('rate', [10, 30], colors, '#888888')).toEqual([
      'case',
      ['==', ['typeof', ['feature-state', 'rate']], 'number'],
      ['step', ['feature-state', 'rate'], '#FFF7BC', 10, '#FB9A29', 30, '#993404'],
      '#888888',
    ]);
    expect(stepExpression('rate', [], ['#FB9A29'], '#888888', 'properties')).toEqual([
      'case',
      ['==', ['typeof', ['get', 'rate']], 'number'],
      '#FB9A29',
      '#888888',
    ]);
  });

  it('refuses a colour count that does not match the breaks', () => {
    expect(() => stepExpression('rate', [10, 30], ['#000000', '#FFFFFF'], '#888888')).toThrow(RangeError);
  });

  it('colours like classOf when MapLibre evaluates it, as fill-color on feature state and on properties', async () => {
    const { createExpression, latest } = await import('@maplibre/maplibre-gl-style-spec');
    const spec = latest.paint_fill['fill-color'] as Parameters<typeof createExpression>[2];
    const breaks = [10, 30];
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const evaluated = (color: unknown) => {
      const { r, g, b } = color as { r: number; g: number; b: number };
      return [r, g, b];
    };
    const zoom = { zoom: 12 };
    const feature = (properties: Record<string, unknown>) => ({ type: 3 as const, properties });

    const onState = createExpression(stepExpression('rate', breaks, colors, '#888888'), 'fill-color', spec);
    if (onState.result !== 'success') throw new Error(JSON.stringify(onState.value));
    for (const value of [0, 9.99, 10, 29.99, 30, 1000]) {
      const color = onState.value.evaluate(zoom, feature({}), { rate: value });
      expect(evaluated(color)).toEqual(rgb(colors[classOf(value, breaks)]!));
    }
    expect(evaluated(onState.value.evaluate(zoom, feature({}), {}))).toEqual(rgb('#888888'));
    expect(evaluated(onState.value.evaluate(zoom, feature({}), { rate: '12' }))).toEqual(rgb('#888888'));

    const onProperties = createExpression(
      stepExpression('rate', breaks, colors, '#888888', 'properties'),
      'fill-color',
      spec,
    );
    if (onProperties.result !== 'success') throw new Error(JSON.stringify(onProperties.value));
    expect(evaluated(onProperties.value.evaluate(zoom, feature({ rate: 30 })))).toEqual(rgb('#993404'));
    expect(evaluated(onProperties.value.evaluate(zoom, feature({ rate: null })))).toEqual(rgb('#888888'));
  });
});

describe('palettes', () => {
  const isSubsequence = (picked: readonly string[], scheme: readonly string[]) => {
    let at = 0;
    for (const color of picked) {
      at = scheme.indexOf(color, at);
      if (at < 0) return false;
      at += 1;
    }
    return true;
  };

  it('give 1 to 7 distinct colours, in the scheme’s order', () => {
    for (let n = 1; n <= MAX_CLASSES; n++) {
      for (const [palette, scheme] of [
        [sequentialPalette(n), TOL_YLORBR],
        [divergingPalette(n), TOL_SUNSET],
      ] as const) {
        expect(palette).toHaveLength(n);
        expect(new Set(palette).size).toBe(n);
        expect(isSubsequence(palette, scheme)).toBe(true);
      }
    }
  });

  it('pick Tol’s YlOrBr without its near-white, ending dark for 3 or more classes', () => {
    expect(sequentialPalette(1)).toEqual(['#FB9A29']);
    expect(sequentialPalette(3)).toEqual(['#FFF7BC', '#FB9A29', '#993404']);
    expect(sequentialPalette(5)).toEqual(['#FFF7BC', '#FEC44F', '#FB9A29', '#CC4C02', '#662506']);
    for (let n = 1; n <= MAX_CLASSES; n++) expect(sequentialPalette(n)).not.toContain('#FFFFE5');
  });

  it('pick Tol’s sunset symmetrically, with the neutral centre for odd counts', () => {
    expect(divergingPalette(1)).toEqual(['#EAECCC']);
    expect(divergingPalette(2)).toEqual(['#6EA6CD', '#F67E4B']);
    expect(divergingPalette(3)).toEqual(['#6EA6CD', '#EAECCC', '#F67E4B']);
    expect(divergingPalette(7)).toEqual(['#364B9A', '#6EA6CD', '#98CAE1', '#EAECCC', '#FDB366', '#F67E4B', '#A50026']);
    for (let n = 1; n <= MAX_CLASSES; n++) {
      const indices = divergingPalette(n).map((c) => TOL_SUNSET.indexOf(c as (typeof TOL_SUNSET)[number]));
      expect(indices.map((i) => 10 - i).reverse()).toEqual(indices);
      expect(indices.includes(5)).toBe(n % 2 === 1);
    }
  });

  it('are empty for no classes and refuse more than 7', () => {
    expect(sequentialPalette(0)).toEqual([]);
    expect(divergingPalette(0)).toEqual([]);
    expect(() => sequentialPalette(8)).toThrow(RangeError);
    expect(() => divergingPalette(-1)).toThrow(RangeError);
    expect(() => sequentialPalette(2.5)).toThrow(RangeError);
  });
});

describe('legendLabels', () => {
  const dutch = (n: number) => new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 }).format(n);

  it('labels each class from its lower to its upper bound, with an en dash', () => {
    expect(legendLabels([2.5, 7], 0, 12, dutch)).toEqual(['0 – 2,5', '2,5 – 7', '7 – 12']);
    expect(legendLabels([], 3, 9, String)).toEqual(['3 – 9']);
  });

  it('labels a class with a single value once', () => {
    expect(legendLabels([], 4, 4, String)).toEqual(['4']);
    expect(legendLabels([1, 2], 0, 2, String)).toEqual(['0 – 1', '1 – 2', '2']);
  });

  it('has no labels without data', () => {
    expect(legendLabels([], NaN, NaN, String)).toEqual([]);
  });

  it('labels what classify makes', () => {
    const { breaks, min, max } = classify([1, 2, 3, 10, 11, 12, 30, 31], 'jenks', 3);
    expect(legendLabels(breaks, min, max, String)).toEqual(['1 – 10', '10 – 30', '30 – 31']);
  });
});
