import { type CellResult, cellParser, cellText, valueLookup } from './cells.ts';
import type { ImportField, ImportTarget } from './fields.ts';
import { ewkbHex, geometryReader } from './geometries.ts';
import type { ImportMapping, SourceDescription, SourceRow, SourceValue } from './types.ts';

/*
 * A file's row as a row of the staging table: the key, one text per mapped field, the geometry
 * as hex EWKB in the file's CRS, or the first reason it cannot be imported. What needs the
 * database (is the key new? is the point in the municipality? a valid polygon? a repeated key?)
 * is decided afterwards in SQL, for all rows at once.
 */

export interface StagedRow {
  row: number;
  key: string | null;
  /** One per StagedField, in that order: the text PostgreSQL casts, or null (empty). */
  values: (string | null)[];
  /** Hex EWKB in the CRS the coordinates were read in. */
  geom: string | null;
  rejectField: string | null;
  rejectReason: string | null;
}

/** A field the mapping fills, with where its value comes from. */
export interface StagedField {
  field: ImportField;
  /** The column of the file, or null for a constant. */
  column: string | null;
}

/** Values of enumerated fields that matched no code, with how many rows had them. */
export class UnknownValues {
  static readonly MAX_PER_FIELD = 100;
  private readonly counts = new Map<string, Map<string, number>>();

  add(field: string, value: string): void {
    let values = this.counts.get(field);
    if (!values) this.counts.set(field, (values = new Map()));
    // Bounded: a column of free text mapped to a category must not fill the memory.
    if (values.has(value) || values.size < UnknownValues.MAX_PER_FIELD) values.set(value, (values.get(value) ?? 0) + 1);
  }

  /** Most frequent first. */
  toJSON(): Record<string, { value: string; rows: number }[]> {
    const result: Record<string, { value: string; rows: number }[]> = {};
    for (const [field, values] of this.counts) {
      result[field] = [...values].map(([value, rows]) => ({ value, rows })).sort((a, b) => b.rows - a.rows);
    }
    return result;
  }
}

export interface RowConverter {
  /** The non-key fields the mapping fills: the staging table's value columns. */
  fields: StagedField[];
  convert(row: SourceRow): StagedRow;
  unknownValues: UnknownValues;
}

/**
 * Converts rows for a checked mapping (checkMapping) with coordinates in `srid` (null: the
 * rows have no coordinates to read).
 */
export function rowConverter(
  target: ImportTarget,
  file: SourceDescription,
  mapping: ImportMapping,
  srid: number | null,
): RowConverter {
  const decimalComma = file.decimalComma;
  const fields: StagedField[] = [];
  const parsers: ((value: SourceValue) => CellResult)[] = [];
  const constants: (string | null)[] = [];
  let keyColumn = '';
  for (const field of target.fields) {
    const source = mapping.fields[field.name];
    if (!source) continue;
    if (field.key) {
      if ('column' in source) keyColumn = source.column;
      continue;
    }
    const parse = cellParser(field, { decimalComma, lookup: valueLookup(field, mapping.values[field.name]) });
    if ('column' in source) {
      fields.push({ field, column: source.column });
    } else {
      const parsed = parse(source.value);
      fields.push({ field, column: null });
      constants[fields.length - 1] = 'value' in parsed ? parsed.value : null;
    }
    parsers.push(parse);
  }
  const readGeometry = geometryReader(target.layer.geometryType, mapping.geometry, decimalComma, () => srid);
  const unknownValues = new UnknownValues();

  function convert(row: SourceRow): StagedRow {
    const staged: StagedRow = {
      row: row.row,
      key: null,
      values: [],
      geom: null,
      rejectField: null,
      rejectReason: null,
    };
    const reject = (field: string | null, reason: string) => {
      staged.rejectField = field;
      staged.rejectReason = reason;
      staged.values = [];
      staged.geom = null;
      return staged;
    };
    if (row.problem !== undefined) return reject(null, row.problem);
    const isEmpty = row.geometry === null && Object.values(row.values).every((value) => cellText(value) === null);
    if (isEmpty) return reject(null, 'the row is empty');
    staged.key = cellText(row.values[keyColumn] ?? null);
    if (staged.key === null) {
      return reject(
        target.key.name,
        `${target.key.name} is empty (column "${keyColumn}"): a row needs it to be inserted or updated`,
      );
    }
    for (const [i, { field, column }] of fields.entries()) {
      if (column === null) {
        staged.values.push(constants[i] ?? null);
        continue;
      }
      const raw = row.values[column] ?? null;
      const parsed = parsers[i]!(raw);
      if ('error' in parsed) {
        if (field.values) unknownValues.add(field.name, cellText(raw) ?? '');
        return reject(field.name, `${field.name}: ${parsed.error} (column "${column}")`);
      }
      staged.values.push(parsed.value);
    }
    const geometry = readGeometry(row);
    if ('error' in geometry) return reject('geometry', geometry.error);
    if (geometry.geometry !== null) {
      if (srid === null) throw new Error('rowConverter: a geometry was read, but no CRS was decided');
      staged.geom = ewkbHex(geometry.geometry, srid);
    }
    return staged;
  }

  return { fields, convert, unknownValues };
}
