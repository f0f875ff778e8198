import { describe, expect, it } from 'vitest';
import {
  type AreaFiguresRow,
  buildAreaFiguresQuery,
  figuresFromRow,
  INCIDENT_CATEGORIES,
  periodJson,
  reasonFromPostgis,
  VACANCY_STATUSES,
} from './area-figures.ts';

const area = {
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [4.0, 50.0],
        [4.01, 50.0],
        [4.01, 50.01],
        [4.0, 50.0],
      ] as [number, number][],
    ],
  ],
};

describe('area figures: the pure parts', () => {
  it('lists every vacancy status and incident category from the layer registry', () => {
    expect(VACANCY_STATUSES).toEqual(['leegstaand', 'verwaarloosd', 'ongeschikt', 'onbewoonbaar']);
    expect(INCIDENT_CATEGORIES).toHaveLength(9);
    expect(INCIDENT_CATEGORIES).toContain('burenconflict');
  });

  it('binds the geometry as $1 and numbers the period parameters of both layers after it', () => {
    const query = buildAreaFiguresQuery(area, {
      start: new Date('2024-01-01T00:00:00Z'),
      end: new Date('2024-12-31T23:59:59.999Z'),
    });
    expect(query.values[0]).toBe(JSON.stringify(area));
    // Vacancy: end ($2), start ($3); incidents: end ($4), start ($5).
    expect(query.values.slice(1)).toEqual([
      '2024-12-31T23:59:59.999Z',
      '2024-01-01T00:00:00.000Z',
      '2024-12-31T23:59:59.999Z',
      '2024-01-01T00:00:00.000Z',
    ]);
    expect(query.text).toContain('(t."resolved_on"::timestamp AT TIME ZONE \'UTC\') >= $3::timestamptz');
    expect(query.text).toContain('t."occurred_at" >= $5::timestamptz');
    expect(query.text).not.toContain('$6');
  });

  it('has no period condition without a period, and an open end only on one side', () => {
    const none = buildAreaFiguresQuery(area, null);
    expect(none.values).toHaveLength(1);
    const from = buildAreaFiguresQuery(area, { start: new Date('2024-01-01T00:00:00Z'), end: null });
    expect(from.values).toHaveLength(3);
  });

  it('fills every status and category, with totals, and echoes the period', () => {
    const row: AreaFiguresRow = {
      area_ha: 79.74,
      residents: 250.1,
      vacant: { leegstaand: 2, onbewoonbaar: 1 },
      incidents: null,
      youth_inside: 1,
      youth_within: 3,
    };
    const figures = figuresFromRow(row, { start: new Date('2024-01-01T00:00:00Z'), end: null });
    expect(figures).toEqual({
      areaHa: 79.74,
      residents: 250.1,
      vacantBuildings: {
        total: 3,
        byStatus: { leegstaand: 2, verwaarloosd: 0, ongeschikt: 0, onbewoonbaar: 1 },
      },
      incidents: { total: 0, byCategory: Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, 0])) },
      youthFacilities: { inside: 1, within500m: 3 },
      period: { start: '2024-01-01T00:00:00.000Z', end: null },
    });
    expect(periodJson(null)).toBeNull();
  });

  it('maps ST_IsValidDetail reasons', () => {
    expect(reasonFromPostgis('Self-intersection')).toBe('self-intersection');
    expect(reasonFromPostgis('Ring Self-intersection')).toBe('self-intersection');
    expect(reasonFromPostgis('Interior is disconnected')).toBe('invalid-rings');
    expect(reasonFromPostgis(null)).toBe('invalid-rings');
  });
});
