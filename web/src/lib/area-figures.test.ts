import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
  areaHectares,
  bboxContains,
  computeLiveFigures,
  estimateResidents,
  expandBBox,
  geometryBBox,
} from './area-figures.ts';

const box = (west: number, south: number, east: number, north: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});

// The API fixture's two sectors: WEST lon 4.0–4.05, lat 50.0–50.1 (1000 residents), OOST lon 4.05–4.1 (50).
const WEST = { geometry: box(4.0, 50.0, 4.05, 50.1), residents: 1000 };
const OOST = { geometry: box(4.05, 50.0, 4.1, 50.1), residents: 50 };
const DRAWN = box(4.0, 50.0, 4.025, 50.05);

describe('areaHectares', () => {
  it('gives the spherical area of a lon/lat box', () => {
    // R² · Δλ · (sin φ2 − sin φ1) with R = 6 371 008.8 m, Δλ = 0.025° = 4.3633e-4 rad,
    // sin 50.05° − sin 50° = 5.6065e-4: 4.0590e13 · 4.3633e-4 · 5.6065e-4 = 9.9294e6 m² = 992.94 ha.
    expect(areaHectares(DRAWN)).toBeCloseTo(992.94, 1);
  });
});

describe('estimateResidents', () => {
  it('weights a sector by the share of its area inside the drawn area', () => {
    // Half the sector's width and about half its height: 0.5 · (sin 50.05° − sin 50°) / (sin 50.1° − sin 50°)
    // = 0.5 · 5.6065e-4 / 1.12071e-3 = 0.250130 of the sector, so 1000 · 0.250130 = 250.13 → 250.1.
    expect(estimateResidents(DRAWN, [WEST, OOST])).toBe(250.1);
  });

  it('adds the shares of every sector the area overlaps', () => {
    // lon 4.025–4.075: a quarter-ish (0.250130) of WEST and the same share of OOST: 250.130 + 12.507 = 262.64 → 262.6.
    expect(estimateResidents(box(4.025, 50.0, 4.075, 50.05), [WEST, OOST])).toBe(262.6);
  });

  it('is 0 for an area outside every sector, and for a half-drawn ring', () => {
    expect(estimateResidents(box(5.0, 50.0, 5.01, 50.01), [WEST, OOST])).toBe(0);
    const line: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [4.0, 50.0],
          [4.01, 50.0],
          [4.0, 50.0],
        ],
      ],
    };
    expect(estimateResidents(line, [WEST])).toBe(0);
  });
});

describe('computeLiveFigures', () => {
  it('counts points inside (boundary included) and facilities within 500 m', () => {
    const figures = computeLiveFigures(DRAWN, {
      sectors: [WEST, OOST],
      youthFacilities: [
        [4.01, 50.01], // inside
        [4.025, 50.02], // on the eastern edge: inside
        // 0.005° east of the edge at 50.01°: 0.005 · 111 195 m · cos 50.01° ≈ 357 m → near
        [4.03, 50.01],
        // 0.01° east: ≈ 715 m → not near
        [4.035, 50.01],
      ],
      vacantBuildings: [
        { position: [4.01, 50.01], category: 'vacant' },
        { position: [4.02, 50.04], category: 'vacant' },
        { position: [4.011, 50.011], category: 'resolved' },
        { position: [4.06, 50.01], category: 'vacant' }, // in OOST, outside the area
      ],
      incidents: [
        { position: [4.001, 50.001], category: 'noise' },
        { position: [4.0, 50.03], category: 'litter' }, // on the western edge
        { position: [4.1, 50.1], category: 'noise' },
      ],
    });
    expect(figures.youthFacilities).toEqual({ inside: 2, within500m: 3 });
    expect(figures.vacantBuildings).toEqual({ total: 3, byStatus: { vacant: 2, resolved: 1 } });
    expect(figures.incidents).toEqual({ total: 2, byCategory: { noise: 1, litter: 1 } });
    expect(figures.residents).toBe(250.1);
    expect(figures.areaHa).toBeCloseTo(992.94, 1);
  });
});

describe('boxes', () => {
  it('finds the box of a multipolygon', () => {
    expect(
      geometryBBox({ type: 'MultiPolygon', coordinates: [DRAWN.coordinates, box(4.1, 49.9, 4.2, 50.0).coordinates] }),
    ).toEqual([4.0, 49.9, 4.2, 50.05]);
  });

  it('grows a box by metres', () => {
    // 1113.2 m is 0.01° of latitude; at 60° a degree of longitude is half as long: 0.02°.
    const [w, s, e, n] = expandBBox([4, 59.99, 4, 60], 1113.2);
    expect(s).toBeCloseTo(59.98, 6);
    expect(n).toBeCloseTo(60.01, 6);
    expect(w).toBeCloseTo(3.98, 3);
    expect(e).toBeCloseTo(4.02, 3);
  });

  it('tells whether one box holds another', () => {
    expect(bboxContains([0, 0, 10, 10], [1, 1, 2, 2])).toBe(true);
    expect(bboxContains([0, 0, 10, 10], [1, 1, 11, 2])).toBe(false);
  });
});
