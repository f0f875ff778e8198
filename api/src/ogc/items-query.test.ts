import { describe, expect, it } from 'vitest';
import { findLayer, layers } from '../layers/registry.ts';
import { buildItemQuery, buildItemsQuery, featureKeyOf } from './items-query.ts';

const incidents = findLayer('incidents')!;
const sectors = findLayer('neighbourhoods')!;

describe('buildItemsQuery', () => {
  it('binds the filters, then limit and offset, and orders by the id', () => {
    const { text, values } = buildItemsQuery(incidents, { values: { category: ['drugs'] } }, 25, 50);
    expect(values).toEqual([['drugs'], 25, 50]);
    expect(text).toContain('"category" = ANY($1::text[])');
    expect(text).toContain('ORDER BY t."id"');
    expect(text).toContain('LIMIT $2 OFFSET $3');
  });

  it('quotes every registry identifier', () => {
    for (const layer of layers) {
      const { text, values } = buildItemsQuery(layer, {}, 10, 0);
      expect(text).toContain(`FROM "${layer.table}" AS t`);
      expect(values).toEqual([10, 0]);
    }
  });
});

describe('featureKeyOf', () => {
  it.each([
    ['1', '1'],
    ['9223372036854775807', '9223372036854775807'],
    ['9223372036854775808', null],
    ['0', null],
    ['01', null],
    ['-1', null],
    ['1.0', null],
    ['abc', null],
    ['', null],
  ])('incident id %j -> %j', (raw, key) => {
    expect(featureKeyOf(incidents, raw)).toBe(key);
  });

  it('takes any text for the sectors, whose id is their code', () => {
    expect(featureKeyOf(sectors, '23027A00-')).toBe('23027A00-');
  });

  it('binds the id, never writes it into the SQL', () => {
    const evil = "1'; DROP TABLE incidents; --";
    const { text, values } = buildItemQuery(sectors, evil);
    expect(text).not.toContain(evil);
    expect(values).toEqual([evil]);
    expect(text).toContain('WHERE t."code" = $1');
  });
});
