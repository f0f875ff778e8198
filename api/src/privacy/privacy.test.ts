import { describe, expect, it } from 'vitest';
import { computeFigure } from '../indicators/compute.ts';
import { findIndicator } from '../indicators/registry.ts';
import { InvalidParameterError, parseDatetime } from '../layers/filters.ts';
import { findLayer, layers } from '../layers/registry.ts';
import { tileAt } from '../tiles/tile-grid.ts';
import { cellSearchBox, publicCellMetres } from './cells.ts';
import { suppressFigure } from './figures.ts';
import { assertWholeGroups, CATEGORY_GROUPS } from './groups.ts';
import { precisionOf, PUBLIC_FORMS, publicFilters, refusal } from './policy.ts';
import { isWholeMonths, publicInterval, publishedUntil } from './time.ts';
import { viewerOf } from './viewer.ts';

const incidents = findLayer('incidents')!;
const vacancy = findLayer('vacant-buildings')!;
const youth = findLayer('youth-facilities')!;
const NOW = new Date('2026-11-26T08:00:00Z');

function parameterOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidParameterError) return error.parameter;
    throw error;
  }
  return undefined;
}

describe('viewerOf', () => {
  it('is staff for the three staff roles and the public for anyone else', () => {
    for (const role of ['planner', 'coordinator', 'admin'] as const) {
      expect(viewerOf({ user: { id: 1, username: 'x', role, partnerId: null } })).toBe('staff');
    }
    expect(viewerOf({ user: null })).toBe('public');
  });

  it('is the public for a partner user: signed in, but not staff (decision record 22)', () => {
    expect(viewerOf({ user: { id: 1, username: 'x', role: 'partner', partnerId: 3 } })).toBe('public');
  });
});

describe('category groups', () => {
  it('put every category of a grouped layer in exactly one group', () => {
    for (const [layerId, groups] of Object.entries(CATEGORY_GROUPS)) {
      const layer = findLayer(layerId)!;
      const values = layer.properties.find((p) => p.name === layer.categoryProperty)!.values!.map((v) => v.value);
      const grouped = groups.flatMap((group) => group.categories);
      expect(grouped.toSorted()).toEqual(values.toSorted());
      expect(new Set(grouped).size).toBe(grouped.length);
    }
  });

  it('accept whole groups in any order, and refuse a split group naming category', () => {
    expect(() => assertWholeGroups(incidents, ['drugs', 'overlast', 'vandalisme'])).not.toThrow();
    expect(() => assertWholeGroups(incidents, ['diefstal', 'woninginbraak', 'verkeer', 'sluikstort'])).not.toThrow();
    expect(parameterOf(() => assertWholeGroups(incidents, ['woninginbraak']))).toBe('category');
    expect(parameterOf(() => assertWholeGroups(incidents, ['overlast', 'vandalisme']))).toBe('category');
    // A layer without groups takes any categories.
    expect(() => assertWholeGroups(youth, ['school'])).not.toThrow();
  });
});

describe('month precision', () => {
  it('knows whole calendar months, open ends included', () => {
    expect(isWholeMonths(parseDatetime('2025-01-01/2025-12-31'))).toBe(true);
    expect(isWholeMonths(parseDatetime('2025-03-01/2025-03-31'))).toBe(true);
    expect(isWholeMonths(parseDatetime('2025-03-01/..'))).toBe(true);
    expect(isWholeMonths(parseDatetime('../2024-02-29'))).toBe(true);
    expect(isWholeMonths(parseDatetime('2025-03-02/2025-03-31'))).toBe(false);
    expect(isWholeMonths(parseDatetime('2025-03-01/2025-03-30'))).toBe(false);
    expect(isWholeMonths(parseDatetime('2025-03-01T00:00:00+01:00/..'))).toBe(false); // 28 Feb 23:00 UTC
    expect(isWholeMonths(parseDatetime('2025-03-01'))).toBe(false); // one day
  });

  it('publishes up to the end of the last month that has ended', () => {
    expect(publishedUntil(NOW).toISOString()).toBe('2026-10-31T23:59:59.999Z');
    expect(publishedUntil(new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2025-12-31T23:59:59.999Z');
    const cut = publicInterval(parseDatetime('2026-01-01/2026-12-31'), NOW, 'datetime');
    expect(cut).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-10-31T23:59:59.999Z') });
    expect(publicInterval(undefined, NOW, 'datetime')).toEqual({ start: null, end: publishedUntil(NOW) });
    const past = parseDatetime('2025-01-01/2025-12-31');
    expect(publicInterval(past, NOW, 'datetime')).toEqual(past);
    expect(parameterOf(() => publicInterval(parseDatetime('2025-01-01/2025-01-15'), NOW, 'period'))).toBe('period');
  });
});

describe('public cells', () => {
  it('are 200 m from zoom 12 up and double below, at most 64 to a tile at the equator', () => {
    // A z12 tile is 40,075,016.7 / 4096 = 9,784 m wide at the equator: 48.9 cells of 200 m.
    expect([22, 15, 12].map((z) => publicCellMetres(z))).toEqual([200, 200, 200]);
    // z11: 19,568 m / 200 = 97.8 > 64, so 400 m (48.9 cells); z0: 200 · 2¹² = 819,200 m.
    expect([11, 10, 0].map((z) => publicCellMetres(z))).toEqual([400, 800, 819_200]);
    expect(publicCellMetres(12, 500)).toBe(500);
  });

  it('search a box around the tile one cell wider than the cells can reach', () => {
    const tile = tileAt(4.05, 50.05, 16);
    const [west, south, east, north] = cellSearchBox(tile, 200);
    // A z16 tile at lat 50 is 611.5 Mercator m (393 m on the ground); the margin is
    // 200 m / cos(50.05°) ≈ 312 Mercator m ≈ 0.0028° of longitude on each side.
    const n = 2 ** 16;
    const tileWest = (tile.x / n) * 360 - 180;
    const tileEast = ((tile.x + 1) / n) * 360 - 180;
    expect(tileWest - west).toBeGreaterThan(0.0027);
    expect(tileWest - west).toBeLessThan(0.0029);
    expect(east - tileEast).toBeCloseTo(tileWest - west, 6);
    expect(north - south).toBeGreaterThan(0.0035 + 2 * 0.0017); // the tile's height plus two margins
  });
});

describe('figure suppression', () => {
  const rate = findIndicator('incidents-per-1000-residents')!;
  const change = findIndicator('incidents-change')!;
  const sector = { population: 1000, dwellings: 400 };

  it('withholds a rate on fewer than k events, keeping the published denominator', () => {
    expect(suppressFigure(rate, computeFigure(rate, sector, 4), 5)).toEqual({
      value: null,
      numerator: null,
      denominator: 1000,
      unstable: false,
      suppressed: true,
    });
    // 5 incidents on 1,000 residents: 5 per 1,000, shown.
    expect(suppressFigure(rate, computeFigure(rate, sector, 5), 5)).toEqual({
      value: 5,
      numerator: 5,
      denominator: 1000,
      unstable: false,
      suppressed: false,
    });
    expect(suppressFigure(rate, computeFigure(rate, sector, 0), 5).suppressed).toBe(true);
  });

  it('withholds a change when either count is below k, since value and denominator give both away', () => {
    // 6 after 3: +100 %, and the 3 is below k.
    expect(suppressFigure(change, computeFigure(change, sector, 6, 3), 5)).toEqual({
      value: null,
      numerator: null,
      denominator: null,
      unstable: true,
      suppressed: true,
    });
    expect(suppressFigure(change, computeFigure(change, sector, 3, 6), 5).suppressed).toBe(true);
    // 6 after 8: (6 − 8) / 8 = −25 %.
    expect(suppressFigure(change, computeFigure(change, sector, 6, 8), 5)).toMatchObject({
      value: -25,
      numerator: 6,
      denominator: 8,
      suppressed: false,
    });
  });
});

describe('policy', () => {
  it('gives every staff layer a public form, and the public layers in full', () => {
    for (const layer of layers) {
      if (layer.access === 'staff') expect(PUBLIC_FORMS[layer.id], layer.id).toBeDefined();
      else expect(precisionOf(layer, 'public', 5)).toEqual({ level: 'full' });
      expect(precisionOf(layer, 'staff', 5)).toEqual({ level: 'full' });
    }
  });

  it('describes the public precision of incidents and the vacancy register', () => {
    expect(precisionOf(incidents, 'public', 5)).toMatchObject({
      level: 'aggregate',
      cellMetres: 200,
      minCount: 5,
      time: 'month',
    });
    expect(precisionOf(incidents, 'public', 5)).toHaveProperty('categoryGroups.length', 4);
    expect(precisionOf(vacancy, 'public', 7)).toEqual({ level: 'sector-counts', minCount: 7, time: 'month' });
  });

  it('refuses with a 401 that says why and where the aggregates are', () => {
    const problem = refusal(incidents, 'features', 5);
    expect(problem.status).toBe(401);
    expect(problem.message).toContain('/api/neighbourhoods/figures?indicator=incidents-per-1000-residents');
    expect(problem.message).toContain('/api/layers/incidents/hexagons');
    expect(problem.message).toContain('/tiles/incidents/{z}/{x}/{y}.mvt');
    expect(refusal(vacancy, 'exports', 5).message).toMatch(/addresses[\s\S]*vacant-buildings-per-1000-dwellings/);
  });

  it('narrows the public filters: whole months up to last month, whole groups, no other property, bbox apart', () => {
    const { filters, bbox } = publicFilters(
      incidents,
      { datetime: '2026-01-01/2026-12-31', category: 'geweld,burenconflict', bbox: '4,50,4.1,50.1' },
      NOW,
    );
    expect(filters).toEqual({
      datetime: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-10-31T23:59:59.999Z') },
      values: { category: ['geweld', 'burenconflict'] },
    });
    expect(bbox).toEqual([4, 50, 4.1, 50.1]);
    expect(parameterOf(() => publicFilters(incidents, { source: 'politie' }, NOW))).toBe('source');
    expect(parameterOf(() => publicFilters(incidents, { category: 'geweld' }, NOW))).toBe('category');
    expect(parameterOf(() => publicFilters(incidents, { datetime: '2025-06-15/..' }, NOW))).toBe('datetime');
  });
});
