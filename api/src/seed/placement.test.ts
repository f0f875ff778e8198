import { describe, expect, it } from 'vitest';
import { contains, toArea, type MultiPolygonCoords } from './geo.ts';
import { Placement, titleCase } from './placement.ts';
import { createRng } from './prng.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): MultiPolygonCoords => [
  [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
];

// Two sectors side by side; the boundary covers only the western 60 %, as a simplified outline might.
const place = new Placement({
  boundary: rect(4.2, 50.7, 4.212, 50.71),
  sectors: [
    { code: '23027A00-', name: 'WEST', wardCode: 'W1', population: 900, coords: rect(4.2, 50.7, 4.21, 50.71) },
    { code: '23027A01-', name: 'OOST-KERN', wardCode: null, population: 100, coords: rect(4.21, 50.7, 4.22, 50.71) },
  ],
  wardNames: { W1: 'Westwijk' },
});

describe('Placement', () => {
  it('keeps sector points inside both the sector and the boundary', () => {
    const rng = createRng(1);
    const boundary = toArea(rect(4.2, 50.7, 4.212, 50.71));
    const east = toArea(rect(4.21, 50.7, 4.22, 50.71));
    for (let i = 0; i < 500; i++) {
      const p = place.randomPointInSector(rng, 1);
      expect(contains(east, p) && contains(boundary, p)).toBe(true);
    }
  });

  it('redraws Gaussian scatter that falls outside the boundary', () => {
    const rng = createRng(2);
    const boundary = toArea(rect(4.2, 50.7, 4.212, 50.71));
    for (let i = 0; i < 500; i++) expect(contains(boundary, place.pointNear(rng, [4.2115, 50.705], 300))).toBe(true);
  });

  it('draws sectors in proportion to residents', () => {
    const rng = createRng(3);
    const sampler = place.sampler((s) => s.population);
    const west = Array.from({ length: 10_000 }, () => sampler.sample(rng)).filter((i) => i === 0).length;
    expect(west / 10_000).toBeCloseTo(0.9, 1);
  });

  it('puts a sector label point inside the sector and the boundary', () => {
    const p = place.labelPoint(1);
    expect(place.sectorIndexOf(p)).toBe(1);
    expect(place.inBoundary(p)).toBe(true);
  });

  it('names places after their ward, else the sector', () => {
    expect(place.placeName(0)).toBe('Westwijk');
    expect(place.placeName(1)).toBe('Oost-Kern');
    expect(titleCase("STWG.'S GRAVENBRAKEL-OOST-KERN")).toBe("Stwg.'s Gravenbrakel-Oost-Kern");
  });
});
