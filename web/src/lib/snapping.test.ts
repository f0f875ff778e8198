import { describe, expect, it } from 'vitest';
import { nearestOnSegment, outlineSegments, segmentsNear, snapPosition, SnapshotStack } from './snapping.ts';

// A projection of 100 px per degree (y down), so distances are easy to count.
const project = (lon: number, lat: number) => ({ x: lon * 100, y: -lat * 100 });
const unproject = (x: number, y: number) => ({ lng: x / 100, lat: -y / 100 });

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
  ],
};

describe('outlineSegments', () => {
  it('gives one segment per ring edge', () => {
    expect(outlineSegments([square])).toHaveLength(4);
    expect(
      outlineSegments([{ type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] }]),
    ).toHaveLength(8);
  });
});

describe('nearestOnSegment', () => {
  it('projects onto the segment, clamped to its ends', () => {
    expect(nearestOnSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toEqual({ x: 5, y: 0 });
    expect(nearestOnSegment({ x: -4, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toEqual({ x: 0, y: 0 });
  });
});

describe('snapPosition', () => {
  const segments = outlineSegments([square]);

  it('snaps to a vertex within the tolerance first', () => {
    // Cursor at (1.05, 0.04) → pixels (105, −4): 6.4 px from the vertex (1, 0), 4 px from the bottom edge.
    expect(snapPosition({ x: 105, y: -4 }, segments, project, unproject, 10)).toEqual([1, 0]);
  });

  it('snaps to the nearest point on an edge when no vertex is near', () => {
    // (50, −7) is 7 px above the bottom edge at x = 50 → lon 0.5, lat 0.
    const snapped = snapPosition({ x: 50, y: -7 }, segments, project, unproject, 10)!;
    expect(snapped[0]).toBeCloseTo(0.5, 9);
    expect(snapped[1]).toBeCloseTo(0, 9);
  });

  it('leaves the pointer alone when nothing is within the tolerance', () => {
    expect(snapPosition({ x: 50, y: -50 }, segments, project, unproject, 10)).toBeUndefined();
  });

  it('skips segments the filter rules out', () => {
    const onlyTop = segmentsNear([0, 0.9, 1, 1.1]);
    // Near the bottom edge, but the filter keeps only segments touching lat 0.9–1.1 (top and the two sides).
    expect(snapPosition({ x: 50, y: -7 }, segments, project, unproject, 10, onlyTop)).toBeUndefined();
  });
});

describe('SnapshotStack', () => {
  it('undoes back to the snapshot before, then to nothing', () => {
    const stack = new SnapshotStack<string>();
    stack.push('a');
    stack.push('b');
    expect(stack.current).toBe('b');
    expect(stack.undo()).toBe('a');
    expect(stack.undo()).toBeUndefined();
    expect(stack.canUndo).toBe(false);
  });

  it('keeps at most `limit` snapshots', () => {
    const stack = new SnapshotStack<number>(2);
    [1, 2, 3].forEach((n) => stack.push(n));
    expect(stack.size).toBe(2);
    expect(stack.undo()).toBe(2);
  });
});
