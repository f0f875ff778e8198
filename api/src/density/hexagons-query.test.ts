import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/registry.ts';
import {
  buildHexagonsQuery,
  countingBox,
  estimateGridHexagons,
  hexagonArea,
  MAX_GRID_HEXAGONS,
} from './hexagons-query.ts';

const incidents = findLayer('incidents')!;

describe('hexagonArea', () => {
  it('is 3√3/2 · s²', () => {
    // 3 * 1.7320508 / 2 * 100 * 100 = 25980.76
    expect(hexagonArea(100)).toBeCloseTo(25_980.76, 2);
  });
});

describe('countingBox', () => {
  it('grows a bbox by 2.2 hexagon edges, in degrees at its widest latitude', () => {
    // 2 · 500 · 1.1 = 1100 m; 1100 / 110574 = 0.0099481° of latitude, so north = 50.8099481;
    // cos(50.8099481°) = 0.6318947; 1100 / (111320 · 0.6318947) = 0.0156378° of longitude.
    const [west, south, east, north] = countingBox([4.2, 50.7, 4.3, 50.8], 500);
    expect(south).toBeCloseTo(50.6900519, 7);
    expect(north).toBeCloseTo(50.8099481, 7);
    expect(west).toBeCloseTo(4.1843622, 7);
    expect(east).toBeCloseTo(4.3156378, 7);
  });

  it('stays within the world', () => {
    expect(countingBox([-180, -90, 180, 90], 2000)).toEqual([-180, -90, 180, 90]);
  });
});

describe('estimateGridHexagons', () => {
  it('allows the whole of Halle (about 10 × 9 km) at the smallest size', () => {
    const halle = { xmin: 138_000, ymin: 155_000, xmax: 148_000, ymax: 164_000 };
    // (10000 + 4·50) * (9000 + 4·50) / (3√3/2 · 50²) = 93840000 / 6495.19 = 14447.6 -> 14448
    expect(estimateGridHexagons(halle, 50)).toBe(14_448);
    expect(estimateGridHexagons(halle, 50)).toBeLessThan(MAX_GRID_HEXAGONS);
  });

  it('refuses Belgium at 50 m', () => {
    const belgium = { xmin: 20_000, ymin: 20_000, xmax: 300_000, ymax: 250_000 };
    expect(estimateGridHexagons(belgium, 50)).toBeGreaterThan(MAX_GRID_HEXAGONS);
  });
});

describe('buildHexagonsQuery', () => {
  it('binds size and extent first, then the filters', () => {
    const { text, values } = buildHexagonsQuery(incidents, { values: { category: ['overlast'] } }, 250, {
      xmin: 1,
      ymin: 2,
      xmax: 3,
      ymax: 4,
    });
    expect(values).toEqual([250, 1, 2, 3, 4, ['overlast']]);
    expect(text).toContain('ST_HexagonGrid($1, ST_MakeEnvelope($2, $3, $4, $5, 31370))');
    expect(text).toContain('t."category" = ANY($6::text[])');
  });
});
