import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.ts';

const series = (...values: (number | null)[]) => values.map((value, i) => ({ label: `p${i}`, value }));

// 100 × 30 with the default padding of 4: x from 4 to 96, y from 26 (bottom) to 4 (top).
describe('sparkline', () => {
  it('draws from 0 at the bottom to the maximum at the top, evenly spaced', () => {
    const chart = sparkline(series(0, 5, 10), 100, 30);
    expect(chart.path).toBe('M4,26L50,15L96,4');
    expect(chart.dots).toEqual([
      { x: 4, y: 26, label: 'p0', value: 0 },
      { x: 50, y: 15, label: 'p1', value: 5 },
      { x: 96, y: 4, label: 'p2', value: 10 },
    ]);
    expect([chart.min, chart.max]).toEqual([0, 10]);
  });

  it('starts the scale at 0, not at the smallest value', () => {
    // 10 is half of 20: halfway between 26 and 4.
    expect(sparkline(series(10, 20), 100, 30).path).toBe('M4,15L96,4');
  });

  it('breaks the line at missing values and starts again with M', () => {
    // x: 4, 27, 50, 73, 96; y(1) = 26 − 22/4 = 20.5, y(3) = 26 − 16.5 = 9.5.
    const chart = sparkline(series(1, 2, null, 4, 3), 100, 30);
    expect(chart.path).toBe('M4,20.5L27,15M73,4L96,9.5');
    expect(chart.dots.map((d) => d.label)).toEqual(['p0', 'p1', 'p3', 'p4']);
    expect(sparkline(series(null, 1, 2, null, null), 100, 30).path).toBe('M27,15L50,4');
  });

  it('leaves a point between missing values to its dot', () => {
    const chart = sparkline(series(1, null, 2, null, 3), 100, 30);
    expect(chart.path).toBe('');
    expect(chart.dots).toEqual([
      { x: 4, y: 18.7, label: 'p0', value: 1 },
      { x: 50, y: 11.3, label: 'p2', value: 2 },
      { x: 96, y: 4, label: 'p4', value: 3 },
    ]);
    expect(sparkline(series(4, 4, null, 2), 100, 30).path).toBe('M4,4L34.7,4');
  });

  it('gives a single point a single dot in the middle', () => {
    expect(sparkline(series(5), 100, 30)).toEqual({
      path: '',
      dots: [{ x: 50, y: 4, label: 'p0', value: 5 }],
      min: 5,
      max: 5,
    });
  });

  it('draws all zeros as a flat line at the bottom', () => {
    const chart = sparkline(series(0, 0, 0), 100, 30);
    expect(chart.path).toBe('M4,26L50,26L96,26');
    expect([chart.min, chart.max]).toEqual([0, 0]);
  });

  it('starts the scale at the minimum when a value is negative', () => {
    expect(sparkline(series(-5, 0, 5), 100, 30).path).toBe('M4,26L50,15L96,4');
    expect(sparkline(series(-2, -1), 100, 30).path).toBe('M4,26L96,4');
    expect(sparkline(series(-3, -3), 100, 30).path).toBe('M4,26L96,26');
  });

  it('rounds coordinates to 0.1 px', () => {
    // 10 × 10 with padding 1: thirds of 8 px.
    expect(sparkline(series(0, 1, 2, 3), 10, 10, 1).path).toBe('M1,9L3.7,6.3L6.3,3.7L9,1');
    expect(sparkline(series(0, 1), 20, 20, 0).path).toBe('M0,20L20,0');
  });

  it('is empty without values, and treats NaN as missing', () => {
    const none = sparkline(series(null, null), 100, 30);
    expect(none.path).toBe('');
    expect(none.dots).toEqual([]);
    expect(none.min).toBeNaN();
    expect(none.max).toBeNaN();
    expect(sparkline([], 100, 30).dots).toEqual([]);
    expect(sparkline(series(1, NaN, 1, 2), 100, 30).path).toBe('M65.3,15L96,4');
  });
});
