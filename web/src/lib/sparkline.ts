/*
 * A small time-series chart as SVG path data: points evenly spaced from left to right, values on
 * a linear scale from 0 (or the minimum, when a value is negative) at the bottom to the maximum at
 * the top, inside `padding` pixels on every side. Coordinates are rounded to 0.1 px.
 */

export interface SparklinePoint {
  label: string;
  value: number | null;
}

export interface SparklineDot {
  x: number;
  y: number;
  label: string;
  value: number;
}

export interface Sparkline {
  /** `M x,y L x,y …`; a missing value breaks the line, a point on its own is left to its dot. */
  path: string;
  /** One per point with a value, for markers and tooltips. */
  dots: SparklineDot[];
  /** Smallest and largest value; NaN when no point has one. */
  min: number;
  max: number;
}

const round = (n: number): number => Math.round(n * 10) / 10 || 0; // `|| 0`: no "-0"

export function sparkline(points: readonly SparklinePoint[], width: number, height: number, padding = 4): Sparkline {
  const values = points.flatMap((p) => (p.value !== null && Number.isFinite(p.value) ? [p.value] : []));
  if (values.length === 0) return { path: '', dots: [], min: NaN, max: NaN };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const low = Math.min(0, min);
  const innerWidth = Math.max(0, width - 2 * padding);
  const innerHeight = Math.max(0, height - 2 * padding);
  const bottom = height - padding;

  const x = (i: number) => (points.length === 1 ? width / 2 : padding + (i * innerWidth) / (points.length - 1));
  // All values equal to the bottom of the scale (all zero): a flat line at the bottom.
  const y = (v: number) => (max > low ? bottom - ((v - low) / (max - low)) * innerHeight : bottom);

  const dots: SparklineDot[] = [];
  const segments: SparklineDot[][] = [[]];
  points.forEach((point, i) => {
    if (point.value === null || !Number.isFinite(point.value)) {
      if (segments[segments.length - 1]!.length > 0) segments.push([]);
      return;
    }
    const dot = { x: round(x(i)), y: round(y(point.value)), label: point.label, value: point.value };
    dots.push(dot);
    segments[segments.length - 1]!.push(dot);
  });

  const path = segments
    .filter((segment) => segment.length > 1)
    .map((segment) => segment.map((dot, i) => `${i === 0 ? 'M' : 'L'}${dot.x},${dot.y}`).join(''))
    .join('');
  return { path, dots, min, max };
}
