import { describe, expect, it } from 'vitest';
import { buildCountsQuery, buildSeriesContextQuery } from './figures-query.ts';
import { findIndicator, YOUTH_FACILITY_RADIUS_METRES } from './registry.ts';

const residents = findIndicator('incidents-per-1000-residents')!;
const youth = findIndicator('youth-facilities-within-500m')!;

describe('buildCountsQuery', () => {
  it('binds periods, the sector code and filter values, never putting them in the SQL text', () => {
    const evil = "x'); DROP TABLE incidents; --";
    const { text, values } = buildCountsQuery({
      indicator: residents,
      values: { category: [evil] },
      periods: [
        { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2024-12-31T23:59:59.999Z') },
        { start: new Date('2025-01-01T00:00:00Z'), end: null },
      ],
      sectorCode: evil,
    });
    expect(text).not.toContain(evil);
    expect(text).not.toContain('2024');
    expect(values).toEqual([
      ['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
      ['2024-12-31T23:59:59.999Z', null],
      '2024-01-01T00:00:00.000Z', // the earliest start; no latest end (the second period is open)
      evil,
      [evil],
    ]);
    expect(text).toContain('DISTINCT ON (t."id")');
    expect(text).toContain('"category" = ANY($5::text[])');
  });

  it('counts facilities within the radius in metres (Lambert 72), the radius bound', () => {
    const { text, values } = buildCountsQuery({ indicator: youth, values: {}, periods: [{ start: null, end: null }] });
    expect(text).toContain('ST_DWithin(s.metric, ST_Transform(t."geom", 31370), $1)');
    // $2: the index's search box, the radius and a 10 m margin for the box's edges.
    expect(values).toEqual([YOUTH_FACILITY_RADIUS_METRES, YOUTH_FACILITY_RADIUS_METRES + 10]);
  });

  it('refuses to count in no period at all', () => {
    expect(() => buildCountsQuery({ indicator: residents, values: {}, periods: [] })).toThrow();
  });
});

describe('buildSeriesContextQuery', () => {
  it('binds the sector code', () => {
    expect(buildSeriesContextQuery(residents, "99999A00-'").values).toEqual(["99999A00-'"]);
  });
});
