import { parseCrs, unsupportedCrsMessage } from '../crs.ts';
import type { SourceGeometry, SourceRow, SourceTable, SourceValue } from '../types.ts';
import { SourceError } from './detect.ts';
import { decodeText } from './text.ts';

/*
 * GeoJSON (RFC 7946): a FeatureCollection or a single Feature, parsed whole (a GeoJSON file
 * is one JSON value; the features are held once and rows() walks them). Longitude/latitude
 * unless the file carries the `crs` member of the 2008 draft, as old QGIS and ArcGIS exports
 * in Lambert do.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON.parse, its error turned into "invalid JSON at line L, column C: …". */
function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 quotes a piece of the text after some messages; the line and column say more.
    const reason = message
      .replace(/,\s*(?:\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/\s*in JSON at position \d+.*$/s, '');
    const position = syntaxErrorOffset(text);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw new SourceError(`invalid JSON at line ${line}, column ${column}: ${reason}`);
  }
}

/**
 * Where JSON.parse gave up: the offset of the first character that cannot continue a JSON
 * text. Node 20 does not say it for every error ("Unexpected token" has no position), so the
 * text is walked again here, only once it is known to be invalid.
 */
/** A JSON string; roughly (control characters inside are JSON.parse's to refuse). */
const STRING = /"(?:[^"\\\n]|\\.)*"/y;

function syntaxErrorOffset(text: string): number {
  let at = 0;
  class Stop extends Error {}
  const fail = (): never => {
    throw new Stop();
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const token = (pattern: RegExp) => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) fail();
    at += match![0].length;
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      at++;
      space();
      if (text[at] === close) {
        at++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          token(STRING);
          space();
          if (text[at] !== ':') fail();
          at++;
        }
        value();
        space();
        const next = text[at];
        if (next !== close && next !== ',') fail();
        at++;
        if (next === close) return;
      }
    }
    if (c === '"') return token(STRING);
    token(/true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y);
  };
  try {
    value();
    space();
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return at;
}

/** The EPSG code the legacy `crs` member names ({type: name, properties: {name}} or {type: EPSG, properties: {code}}). */
function legacyCrs(crs: Json | undefined): number | null {
  if (crs === undefined || crs === null) return null;
  const properties = isObject(crs) && isObject(crs.properties) ? crs.properties : null;
  const name =
    typeof properties?.name === 'string'
      ? properties.name
      : typeof properties?.code === 'number' || typeof properties?.code === 'string'
        ? `EPSG:${properties.code}`
        : null;
  if (name === null) throw new SourceError('the GeoJSON has a "crs" member that names no coordinate system');
  try {
    return parseCrs(name);
  } catch {
    throw new SourceError(unsupportedCrsMessage(`the coordinate system the GeoJSON's "crs" member names (${name})`));
  }
}

/** A property as a SourceValue: nested objects and arrays as their JSON text. */
function toValue(value: Json | undefined): SourceValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

function toGeometry(geometry: Json | undefined): SourceGeometry | null | 'invalid' {
  if (geometry === undefined || geometry === null) return null;
  if (!isObject(geometry) || typeof geometry.type !== 'string') return 'invalid';
  return geometry as unknown as SourceGeometry;
}

function toRow(feature: Json, position: number, columns: readonly string[]): SourceRow {
  const values: Record<string, SourceValue> = Object.fromEntries(columns.map((column) => [column, null]));
  if (!isObject(feature) || feature.type !== 'Feature') {
    return { row: position, values, geometry: null, problem: 'not a GeoJSON Feature' };
  }
  const properties = isObject(feature.properties) ? feature.properties : {};
  for (const column of columns) values[column] = toValue(properties[column]);
  const geometry = toGeometry(feature.geometry);
  if (geometry === 'invalid') {
    return { row: position, values, geometry: null, problem: 'the geometry is not a GeoJSON geometry (no "type")' };
  }
  return { row: position, values, geometry };
}

/**
 * A GeoJSON file as a SourceTable: columns are the union of the features' property names in
 * the order first seen; row numbers are the features' positions from 1. srid 4326 (RFC 7946)
 * unless a legacy `crs` member names another supported system (an unsupported one is a
 * SourceError). geometryType is the features' common type, 'Geometry' when they differ,
 * null when none has a geometry. A member of `features` that is not a Feature is a row with a
 * problem, not an error: it is accounted for like any other row.
 */
export function readGeoJson(fileName: string, bytes: Uint8Array): SourceTable {
  const { text, encoding } = decodeText(bytes);
  const root = parseJson(text);
  if (!isObject(root) || typeof root.type !== 'string') {
    throw new SourceError('the file is JSON but not GeoJSON: it has no "type"');
  }
  let features: Json[];
  if (root.type === 'FeatureCollection') {
    if (!Array.isArray(root.features)) throw new SourceError('the FeatureCollection has no "features" array');
    features = root.features;
  } else if (root.type === 'Feature') {
    features = [root];
  } else {
    throw new SourceError(`the GeoJSON is a ${root.type}, not a FeatureCollection or a Feature`);
  }
  const srid = legacyCrs(root.crs) ?? 4326;

  const columns = new Set<string>();
  const geometryTypes = new Set<string>();
  for (const feature of features) {
    if (!isObject(feature)) continue;
    if (isObject(feature.properties)) for (const name of Object.keys(feature.properties)) columns.add(name);
    if (isObject(feature.geometry) && typeof feature.geometry.type === 'string')
      geometryTypes.add(feature.geometry.type);
  }
  const columnList = [...columns];
  const [onlyType] = geometryTypes;

  return {
    fileName,
    format: 'geojson',
    encoding,
    separator: null,
    decimalComma: null,
    columns: columnList,
    geometryType: geometryTypes.size === 0 ? null : geometryTypes.size === 1 ? onlyType! : 'Geometry',
    srid,
    sridSource: 'geojson',
    async *rows() {
      for (let i = 0; i < features.length; i++) yield toRow(features[i]!, i + 1, columnList);
    },
  };
}
