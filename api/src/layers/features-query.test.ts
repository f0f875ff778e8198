import { describe, expect, it } from 'vitest';
import { buildFeaturesQuery, buildWhere } from './features-query.ts';
import { findLayer, layers } from './registry.ts';

const incidents = findLayer('incidents')!;
const vacant = findLayer('vacant-buildings')!;

describe('buildWhere', () => {
  it('is "true" without filters', () => {
    expect(buildWhere(incidents, {})).toEqual({ text: 'true', values: [] });
  });

  it('binds every value as a parameter, never in the SQL text', () => {
    const evil = "overlast'); DROP TABLE incidents; --";
    const { text, values } = buildWhere(incidents, {
      bbox: [4, 50, 5, 51],
      datetime: { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2024-12-31T00:00:00Z') },
      values: { category: [evil] },
    });
    expect(text).not.toContain(evil);
    expect(text).not.toContain('2024');
    expect(values).toEqual([4, 50, 5, 51, '2024-12-31T00:00:00.000Z', '2024-01-01T00:00:00.000Z', [evil]]);
    expect(text).toContain('ST_MakeEnvelope($1, $2, $3, $4, 4326)');
    expect(text).toContain('"category" = ANY($7::text[])');
  });

  it('treats a missing end date as ongoing for layers with a period', () => {
    const { text } = buildWhere(vacant, { datetime: { start: new Date('2024-01-01T00:00:00Z'), end: null } });
    const resolved = `(t."resolved_on"::timestamp AT TIME ZONE 'UTC')`;
    expect(text).toBe(`(${resolved} IS NULL OR ${resolved} >= $1::timestamptz)`);
  });

  it('numbers parameters from the given offset', () => {
    expect(buildWhere(incidents, { values: { category: ['drugs'] } }, 3).text).toContain('$3::text[]');
  });
});

describe('buildFeaturesQuery', () => {
  it('quotes every registry identifier and puts the limit last', () => {
    for (const layer of layers) {
      const { text, values } = buildFeaturesQuery(layer, {}, 25);
      expect(text).toContain(`FROM "${layer.table}" AS t`);
      expect(values).toEqual([25]);
      expect(text).toContain('LIMIT $1');
    }
  });
});
