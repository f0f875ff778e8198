import { describe, expect, it } from 'vitest';
import { findLayer } from '../layers/registry.ts';
import { type ApplyPlan, castSql, insertStatement, requiredStatement, updateStatement } from './apply.ts';
import { importTarget } from './fields.ts';

const incidents = importTarget(findLayer('incidents')!)!;
const field = (name: string) => incidents.fields.find((f) => f.name === name)!;
/** A file with a category and a time column, in Lambert 72; no source, no precision column. */
const plan: ApplyPlan = {
  target: incidents,
  staged: [
    { field: field('category'), column: 'Categorie' },
    { field: field('occurredAt'), column: 'Datum' },
  ],
  srid: 31370,
};

describe('castSql', () => {
  it('reads a local date-time as Brussels time, an instant as it is', () => {
    expect(castSql('datetime', 's.v1')).toBe(
      "CASE WHEN (s.v1) ~ '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN (s.v1)::timestamptz ELSE (s.v1)::timestamp AT TIME ZONE 'Europe/Brussels' END",
    );
    expect(castSql('integer', 's.v0')).toBe('(s.v0)::integer');
    expect(castSql('string', 's.v0')).toBe('s.v0');
  });
});

describe('the writes', () => {
  it('update: mapped fields (an empty required cell keeps the value), the fixed ones, the place transformed; unchanged rows left alone', () => {
    const { text, values } = updateStatement(plan);
    expect(values).toEqual([]); // registry values are literals: no extended protocol for a write that may fail
    expect(text).toContain('"category" = COALESCE(s.v0, t."category")');
    expect(text).toContain('"synthetic" = (\'false\')::boolean');
    expect(text).toContain('"geom" = COALESCE(ST_Transform(s.geom, 4326), t."geom")');
    expect(text).toContain('IS DISTINCT FROM');
    expect(text).not.toContain('"source"');
  });

  it('insert: the key, mapped fields, defaults for the ones left out, fixed values, the place', () => {
    const { text, values } = insertStatement(plan);
    expect(values).toEqual([]);
    expect(text).toMatch(
      /^INSERT INTO "incidents" \("source_id", "category", "occurred_at", "location_precision", "synthetic", "geom"\)/,
    );
    expect(text).toContain("'exact'"); // locationPrecision's default
  });

  it('required: a new row lacks the unmapped source (no default), or an empty category, time or place', () => {
    const { text, values } = requiredStatement(plan)!;
    expect(values).toContain('source is required for a new feature, and the mapping gives no column for it');
    expect(values).toContain('category is empty (column "Categorie"); a new feature needs it');
    expect(values).toContain('a new feature needs a place, and the row has no coordinates');
    expect(values).not.toContain(expect.stringMatching(/^locationPrecision/));
    expect(text).toContain('NOT s.existing');
  });
});
