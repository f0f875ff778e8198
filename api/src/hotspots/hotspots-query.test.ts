import { describe, expect, it } from 'vitest';
import { estimateGridHexagons } from '../density/hexagons-query.ts';
import { findLayer } from '../layers/registry.ts';
import { buildHotspotCellsQuery, HOTSPOT_CELL, MAX_HOTSPOT_HEXAGONS } from './hotspots-query.ts';

const incidents = findLayer('incidents')!;

describe('buildHotspotCellsQuery', () => {
  it('binds cell and extent first, then the period and the filters, as the features API builds them', () => {
    const start = new Date('2025-01-01T00:00:00.000Z');
    const end = new Date('2025-12-31T23:59:59.999Z');
    const { text, values } = buildHotspotCellsQuery(
      incidents,
      { datetime: { start, end }, values: { category: ['overlast'] } },
      250,
      { xmin: 1, ymin: 2, xmax: 3, ymax: 4 },
    );
    expect(values).toEqual([250, 1, 2, 3, 4, end.toISOString(), start.toISOString(), ['overlast']]);
    expect(text).toContain('ST_HexagonGrid($1, ST_MakeEnvelope($2, $3, $4, $5, 31370))');
    expect(text).toContain('t."occurred_at" <= $6::timestamptz');
    expect(text).toContain('t."occurred_at" >= $7::timestamptz');
    expect(text).toContain('t."category" = ANY($8::text[])');
    // one count per point, and only hexagons whose centre is in a municipality
    expect(text).toContain('DISTINCT ON (t."id")');
    expect(text).toMatch(/EXISTS \(\s*SELECT 1 FROM municipalities/);
  });
});

describe('the grid cap', () => {
  it('allows Halle (about 10 × 9 km) at the smallest cell and refuses a province', () => {
    const halle = { xmin: 138_000, ymin: 155_000, xmax: 148_000, ymax: 164_000 };
    // (10000 + 4·100)(9000 + 4·100) / (3√3/2 · 100²) = 97,760,000 / 25,980.76 = 3762.7 -> 3763
    expect(estimateGridHexagons(halle, HOTSPOT_CELL.min)).toBe(3763);
    const province = { xmin: 100_000, ymin: 140_000, xmax: 200_000, ymax: 200_000 };
    expect(estimateGridHexagons(province, HOTSPOT_CELL.min)).toBeGreaterThan(MAX_HOTSPOT_HEXAGONS);
  });
});
