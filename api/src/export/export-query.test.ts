import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/registry.ts';
import { buildExportPageQuery, EXPORT_PAGE_SIZE } from './export-query.ts';

const incidents = findLayer('incidents')!;
const neighbourhoods = findLayer('neighbourhoods')!;

describe('buildExportPageQuery', () => {
  it('reads the first page without a keyset condition, the page size as the last parameter', () => {
    const { text, values } = buildExportPageQuery(incidents, { values: { category: ['overlast'] } }, 'csv', null);
    expect(values).toEqual([['overlast'], EXPORT_PAGE_SIZE]);
    expect(text).toContain('WHERE t."category" = ANY($1::text[])\n');
    expect(text).toContain('ORDER BY t."id"');
    expect(text).toContain('LIMIT $2');
  });

  it('continues after the last key of the previous page, bound as a parameter', () => {
    const { text, values } = buildExportPageQuery(incidents, { bbox: [4, 50, 4.1, 50.1] }, 'geojson', 42, 2);
    expect(values).toEqual([4, 50, 4.1, 50.1, 42, 2]);
    expect(text).toContain('AND t."id" > $5');
    expect(text).toContain('LIMIT $6');
  });

  it('pages neighbourhoods by their text code', () => {
    const { text, values } = buildExportPageQuery(neighbourhoods, {}, 'csv', '99999A00-', 1);
    expect(values).toEqual(['99999A00-', 1]);
    expect(text).toContain('WHERE true AND t."code" > $1');
  });

  it('gives CSV columns per property and where the feature is', () => {
    const points = buildExportPageQuery(incidents, {}, 'csv', null).text;
    expect(points).toContain('AS p4');
    expect(points).not.toContain('AS p5');
    expect(points).toContain('round(ST_X(t."geom")::numeric, 6)::float8 AS longitude');
    expect(points).not.toContain('wkt');
    const polygons = buildExportPageQuery(neighbourhoods, {}, 'csv', null).text;
    expect(polygons).toContain('ST_AsText(t."geom", 6) AS wkt');
    expect(polygons).not.toContain('longitude');
  });
});
