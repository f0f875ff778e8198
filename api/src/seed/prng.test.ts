import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, shuffled, WeightedSampler } from './prng.ts';

describe('createRng', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(seqA);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const rng = createRng(7);
    const bins = new Array<number>(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      if (!(x >= 0 && x < 1)) outOfRange++;
      else bins[Math.floor(x * 10)]! += 1;
    }
    expect(outOfRange).toBe(0);
    for (const n of bins) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('draws standard normals with mean ≈ 0 and sd ≈ 1', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 50_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
  });

  it('refuses a non-finite seed', () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });
});

describe('deriveSeed', () => {
  it('gives different, stable streams per label', () => {
    expect(deriveSeed(1, 'incidents')).toBe(deriveSeed(1, 'incidents'));
    expect(deriveSeed(1, 'incidents')).not.toBe(deriveSeed(1, 'youth'));
    expect(deriveSeed(1, 'incidents')).not.toBe(deriveSeed(2, 'incidents'));
  });
});

describe('WeightedSampler', () => {
  it('draws in proportion to the weights and never a zero weight', () => {
    const sampler = new WeightedSampler([1, 0, 3, 6]);
    const rng = createRng(11);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[sampler.sample(rng)]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 100_000).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 100_000).toBeCloseTo(0.3, 1);
    expect(counts[3]! / 100_000).toBeCloseTo(0.6, 1);
  });

  it('rejects negative or all-zero weights', () => {
    expect(() => new WeightedSampler([1, -1])).toThrow(RangeError);
    expect(() => new WeightedSampler([0, 0])).toThrow(RangeError);
  });
});

describe('shuffled', () => {
  it('permutes a copy', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffled(createRng(5), items);
    expect([...out].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
