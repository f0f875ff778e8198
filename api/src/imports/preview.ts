import type pg from 'pg';
import type { Localized, PropertyType } from '../layers/types.ts';
import { detectedSrid, samplePairs } from './crs-choice.ts';
import type { ImportTarget } from './fields.ts';
import { suggestMapping } from './mapping.ts';
import { describeSource } from './run.ts';
import { findSource } from './runs.ts';
import type { ImportMapping, SourceDescription, SourceRow, SourceTable } from './types.ts';

/*
 * What the upload page shows before anything is imported: what the file is, its first rows,
 * the layer's fields, and a mapping to start from (the source's saved one, else one suggested
 * from the headers) with the CRS the coordinates look like.
 */

export const SAMPLE_ROWS = 10;

export interface FieldDescription {
  name: string;
  title: Localized;
  type: PropertyType;
  required: boolean;
  /** The field an import matches rows to features on (the source's id): always a column. */
  key: boolean;
  /** What a new feature takes when the file leaves the field out. */
  default?: string;
  values?: { value: string; title: Localized }[];
}

export interface Preview {
  file: SourceDescription;
  sample: SourceRow[];
  fields: FieldDescription[];
  geometry: { type: 'Point' | 'MultiPolygon' };
  mapping: ImportMapping;
  mappingFrom: 'saved' | 'suggested';
  detectedCrs: number | null;
}

export function describeFields(target: ImportTarget): FieldDescription[] {
  return target.fields.map((field) => {
    const description: FieldDescription = {
      name: field.name,
      title: field.title,
      type: field.type,
      // A field with a default is filled in on a new feature even when the file lacks it.
      required: field.required && field.default === undefined,
      key: field.key,
    };
    if (field.default !== undefined) description.default = field.default;
    if (field.values) description.values = field.values.map(({ value, title }) => ({ value, title }));
    return description;
  });
}

export async function firstRows(table: SourceTable, count = SAMPLE_ROWS): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  if (count <= 0) return rows;
  for await (const row of table.rows()) {
    rows.push(row);
    if (rows.length >= count) break;
  }
  return rows;
}

/** The mapping saved for `source` (when there is one), else one suggested from the file. */
export async function startingMapping(
  db: Pick<pg.Pool, 'query'>,
  target: ImportTarget,
  table: SourceDescription,
  source: string | null,
): Promise<{ mapping: ImportMapping; mappingFrom: 'saved' | 'suggested' }> {
  const saved = source === null ? null : await findSource(db, target.layer.id, source);
  return saved
    ? { mapping: saved.mapping, mappingFrom: 'saved' }
    : { mapping: suggestMapping(target, table), mappingFrom: 'suggested' };
}

export async function previewImport(
  db: Pick<pg.Pool, 'query'>,
  target: ImportTarget,
  table: SourceTable,
  source: string | null,
): Promise<Preview> {
  const sample = await firstRows(table);
  const { mapping, mappingFrom } = await startingMapping(db, target, table, source);
  const geometry = target.layer.geometryType;
  return {
    file: describeSource(table),
    sample,
    fields: describeFields(target),
    geometry: { type: geometry },
    mapping,
    mappingFrom,
    detectedCrs: detectedSrid(await samplePairs(table, geometry, mapping.geometry)),
  };
}
