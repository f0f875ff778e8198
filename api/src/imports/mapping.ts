import { InvalidParameterError } from '../layers/filters.ts';
import { crsLabel, isSupportedSrid, SUPPORTED_SRIDS } from './crs.ts';
import { cellParser, valueLookup } from './cells.ts';
import type { ImportField, ImportTarget } from './fields.ts';
import type { FieldSource, GeometrySource, ImportMapping, SourceDescription } from './types.ts';
import { normaliseKey } from './values.ts';

/*
 * The mapping of a file's columns to a layer's fields: suggested from the headers, or the one
 * saved for the source, and checked against the file and the layer before any row is read.
 * Every refusal names the part of the mapping at fault (`mapping.fields.category`, …).
 */

/** Headers recognised as the east (x, longitude) and north (y, latitude) coordinate. */
export const X_HEADERS = [
  'x',
  'lon',
  'lng',
  'long',
  'longitude',
  'lengtegraad',
  'lambert x',
  'lambert72 x',
  'lambert 72 x',
  'x lambert',
  'x-coordinaat',
  'x coordinaat',
  'xcoord',
  'coord x',
  'coördinaat x',
  'easting',
  'oost',
];
export const Y_HEADERS = [
  'y',
  'lat',
  'latitude',
  'breedtegraad',
  'lambert y',
  'lambert72 y',
  'lambert 72 y',
  'y lambert',
  'y-coordinaat',
  'y coordinaat',
  'ycoord',
  'coord y',
  'coördinaat y',
  'northing',
  'noord',
];
/** Headers recognised as a column of WKT. */
export const WKT_HEADERS = ['wkt', 'geometry', 'geometrie', 'geom', 'the_geom', 'wkt_geom', 'geometrie wkt'];

/** The names a field is recognised by: its own, its titles, and the registry's `import.headers`. */
function fieldNames(target: ImportTarget, field: ImportField): Set<string> {
  const names = [field.name, field.title.nl, field.title.en, ...(target.spec.headers?.[field.name] ?? [])];
  return new Set(names.map(normaliseKey));
}

/** The first column (in file order) whose header is one of `names`, and not taken yet. */
function findColumn(columns: readonly string[], names: Set<string>, taken: Set<string>): string | undefined {
  return columns.find((column) => !taken.has(column) && names.has(normaliseKey(column)));
}

/** The geometry a file suggests: its own, two coordinate columns, or a WKT column. */
function suggestGeometry(file: SourceDescription, taken: Set<string>): GeometrySource | null {
  if (file.format !== 'csv') return { kind: 'file' };
  const set = (names: string[]) => new Set(names.map(normaliseKey));
  const x = findColumn(file.columns, set(X_HEADERS), taken);
  const y = findColumn(file.columns, set(Y_HEADERS), taken);
  if (x !== undefined && y !== undefined) {
    taken.add(x).add(y);
    return { kind: 'xy', x, y };
  }
  const wkt = findColumn(file.columns, set(WKT_HEADERS), taken);
  if (wkt !== undefined) {
    taken.add(wkt);
    return { kind: 'wkt', column: wkt };
  }
  return null;
}

/**
 * A mapping suggested from the file's headers: each field gets the first column whose header
 * matches its name, a title or a recognised header (ignoring case, accents, spaces and
 * punctuation), each column at most once; coordinates by their usual names. The CRS is left
 * to the file or to detection, and no values table is guessed.
 */
export function suggestMapping(target: ImportTarget, file: SourceDescription): ImportMapping {
  const taken = new Set<string>();
  const geometry = suggestGeometry(file, taken);
  const fields: Record<string, FieldSource> = {};
  for (const field of target.fields) {
    const column = findColumn(file.columns, fieldNames(target, field), taken);
    if (column !== undefined) {
      taken.add(column);
      fields[field.name] = { column };
    }
  }
  return { fields, geometry, crs: null, values: {} };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function expectString(value: unknown, parameter: string): string {
  if (typeof value !== 'string') throw new InvalidParameterError(parameter, `${parameter} must be a string`);
  return value;
}

/**
 * A mapping from JSON (a `--mapping` file, a saved source): checks its shape only, naming the
 * part at fault. What it refers to is checked by checkMapping.
 */
export function parseMapping(json: unknown): ImportMapping {
  if (!isRecord(json)) throw new InvalidParameterError('mapping', 'the mapping must be a JSON object');
  const rawFields = json.fields ?? {};
  if (!isRecord(rawFields)) throw new InvalidParameterError('mapping.fields', 'mapping.fields must be an object');
  const fields: Record<string, FieldSource> = {};
  for (const [name, source] of Object.entries(rawFields)) {
    const parameter = `mapping.fields.${name}`;
    if (isRecord(source) && 'column' in source) fields[name] = { column: expectString(source.column, parameter) };
    else if (isRecord(source) && 'value' in source) fields[name] = { value: expectString(source.value, parameter) };
    else throw new InvalidParameterError(parameter, `${parameter} must be {"column": "…"} or {"value": "…"}`);
  }
  const geometry = parseGeometrySource(json.geometry ?? null);
  const crs = json.crs ?? null;
  if (crs !== null && !Number.isInteger(crs)) {
    throw new InvalidParameterError('mapping.crs', 'mapping.crs must be an EPSG code (an integer) or null');
  }
  const rawValues = json.values ?? {};
  if (!isRecord(rawValues)) throw new InvalidParameterError('mapping.values', 'mapping.values must be an object');
  const values: Record<string, Record<string, string>> = {};
  for (const [name, table] of Object.entries(rawValues)) {
    const parameter = `mapping.values.${name}`;
    if (!isRecord(table)) throw new InvalidParameterError(parameter, `${parameter} must be an object of value -> code`);
    values[name] = {};
    for (const [from, to] of Object.entries(table)) values[name][from] = expectString(to, parameter);
  }
  return { fields, geometry, crs: crs as number | null, values };
}

function parseGeometrySource(raw: unknown): GeometrySource | null {
  if (raw === null) return null;
  if (!isRecord(raw)) throw new InvalidParameterError('mapping.geometry', 'mapping.geometry must be an object or null');
  if (raw.kind === 'file') return { kind: 'file' };
  if (raw.kind === 'xy') {
    return { kind: 'xy', x: expectString(raw.x, 'mapping.geometry.x'), y: expectString(raw.y, 'mapping.geometry.y') };
  }
  if (raw.kind === 'wkt') return { kind: 'wkt', column: expectString(raw.column, 'mapping.geometry.column') };
  throw new InvalidParameterError('mapping.geometry', 'mapping.geometry.kind must be "file", "xy" or "wkt"');
}

function checkColumn(file: SourceDescription, column: string, parameter: string): void {
  if (!file.columns.includes(column)) {
    throw new InvalidParameterError(
      parameter,
      `${parameter}: the file has no column "${column}"; its columns are ${file.columns.map((c) => `"${c}"`).join(', ')}`,
    );
  }
}

/**
 * Checks a mapping against the layer and the file before any row is read: every column it
 * names exists, every field belongs to the layer, the key comes from a column, constants parse,
 * values-table targets are the layer's codes, the CRS is supported. Throws
 * InvalidParameterError (a 400) naming the part at fault.
 */
export function checkMapping(target: ImportTarget, file: SourceDescription, mapping: ImportMapping): void {
  const fieldsByName = new Map(target.fields.map((f) => [f.name, f]));
  for (const [name, source] of Object.entries(mapping.fields)) {
    const parameter = `mapping.fields.${name}`;
    const field = fieldsByName.get(name);
    if (!field) {
      const fixed = target.fixed.find((f) => f.name === name);
      throw new InvalidParameterError(
        parameter,
        fixed
          ? `${name} is not imported: every imported ${target.layer.id} feature gets ${name} = ${fixed.value}`
          : `layer "${target.layer.id}" has no field "${name}"; its fields are ${target.fields.map((f) => f.name).join(', ')}`,
      );
    }
    if ('column' in source) {
      checkColumn(file, source.column, parameter);
      continue;
    }
    if (field.key) {
      throw new InvalidParameterError(
        parameter,
        `${name} is the key the import matches features on: map it to a column`,
      );
    }
    const parsed = cellParser(field, { decimalComma: null, lookup: valueLookup(field, mapping.values[name]) })(
      source.value,
    );
    if ('error' in parsed) throw new InvalidParameterError(parameter, `${parameter}: ${parsed.error}`);
    if (parsed.value === null) {
      throw new InvalidParameterError(
        parameter,
        `${parameter}: the value is empty; leave ${name} out of the mapping instead`,
      );
    }
  }
  if (!(target.key.name in mapping.fields)) {
    throw new InvalidParameterError(
      `mapping.fields.${target.key.name}`,
      `map a column to ${target.key.name}: it is the key the import inserts or updates features by`,
    );
  }
  checkGeometry(file, mapping.geometry);
  if (mapping.crs !== null && !isSupportedSrid(mapping.crs)) {
    throw new InvalidParameterError(
      'mapping.crs',
      `EPSG:${mapping.crs} is not supported; use one of ${SUPPORTED_SRIDS.map(crsLabel).join(', ')}`,
    );
  }
  for (const [name, table] of Object.entries(mapping.values)) {
    const parameter = `mapping.values.${name}`;
    const field = fieldsByName.get(name);
    if (!field?.values) {
      throw new InvalidParameterError(
        parameter,
        `${name} is not a field with a list of values in "${target.layer.id}"`,
      );
    }
    const codes = new Set(field.values.map((v) => v.value));
    for (const [from, to] of Object.entries(table)) {
      if (!codes.has(to)) {
        throw new InvalidParameterError(
          parameter,
          `"${from}" is mapped to "${to}", which is not a ${name}; use one of ${[...codes].join(', ')}`,
        );
      }
    }
  }
}

function checkGeometry(file: SourceDescription, geometry: GeometrySource | null): void {
  if (geometry === null) return;
  if (geometry.kind === 'file') {
    if (file.format === 'csv') {
      throw new InvalidParameterError(
        'mapping.geometry',
        'a CSV file has no geometry of its own: map two coordinate columns (xy) or a WKT column',
      );
    }
    return;
  }
  if (geometry.kind === 'xy') {
    checkColumn(file, geometry.x, 'mapping.geometry.x');
    checkColumn(file, geometry.y, 'mapping.geometry.y');
    if (geometry.x === geometry.y) {
      throw new InvalidParameterError('mapping.geometry.y', 'x and y must be two different columns');
    }
    return;
  }
  checkColumn(file, geometry.column, 'mapping.geometry.column');
}
