import type { LayerDefinition } from './types.ts';

/** A bad query parameter: becomes a 400 problem naming the parameter. */
export class InvalidParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

export type BBox = [west: number, south: number, east: number, north: number];

/** A time interval; `null` on either side means open (".." in RFC 3339 / OGC API notation). */
export interface TimeInterval {
  start: Date | null;
  end: Date | null;
}

export interface FeatureFilters {
  bbox?: BBox;
  datetime?: TimeInterval;
  /** Allowed values per enumerated property (by property name): `category`, `status`, `kind`, … */
  values?: Record<string, string[]>;
}

const MAX_NUMBER_LIST = 4;

/** `bbox=west,south,east,north` in WGS 84 degrees (OGC API Features; no antimeridian crossing). */
export function parseBBox(raw: string): BBox {
  const parts = raw.split(',');
  if (parts.length !== MAX_NUMBER_LIST || parts.some((part) => part.trim() === '')) {
    throw new InvalidParameterError('bbox', 'bbox must be four comma-separated numbers: west,south,east,north');
  }
  const numbers = parts.map(Number);
  if (numbers.some((n) => !Number.isFinite(n))) {
    throw new InvalidParameterError('bbox', 'bbox must contain only finite numbers');
  }
  const [west, south, east, north] = numbers as BBox;
  if (west < -180 || east > 180 || south < -90 || north > 90) {
    throw new InvalidParameterError(
      'bbox',
      'bbox is out of range: longitudes must lie in [-180, 180], latitudes in [-90, 90]',
    );
  }
  if (west > east || south > north) {
    throw new InvalidParameterError('bbox', 'bbox must have west <= east and south <= north');
  }
  return [west, south, east, north];
}

// RFC 3339 date-time (with a zone) or full date, as OGC API Features accepts.
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const RFC3339_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseInstant(raw: string, endOfDay: boolean): Date {
  const isDate = RFC3339_DATE.test(raw);
  if (!isDate && !RFC3339_DATE_TIME.test(raw)) {
    throw new InvalidParameterError(
      'datetime',
      `datetime "${raw}" is not an RFC 3339 date (2024-05-01) or date-time (2024-05-01T12:00:00Z)`,
    );
  }
  const date = new Date(isDate ? `${raw}T00:00:00Z` : raw);
  // Date() rolls invalid days over (2023-02-30 -> March 2); compare the date part to catch that.
  if (Number.isNaN(date.getTime()) || (isDate && date.toISOString().slice(0, 10) !== raw)) {
    throw new InvalidParameterError('datetime', `datetime "${raw}" is not a valid calendar date`);
  }
  // PostgreSQL has no year 0 (and JavaScript would send it as "0000", which PostgreSQL refuses).
  if (date.getUTCFullYear() < 1) {
    throw new InvalidParameterError('datetime', `datetime "${raw}" is before the year 0001`);
  }
  // A bare date as the end of an interval includes that whole day.
  return isDate && endOfDay ? new Date(date.getTime() + 86_400_000 - 1) : date;
}

/** `datetime=instant`, `start/end`, `../end` or `start/..` (RFC 3339, as OGC API Features). */
export function parseDatetime(raw: string): TimeInterval {
  const parts = raw.split('/');
  if (parts.length === 1) {
    return { start: parseInstant(raw, false), end: parseInstant(raw, true) };
  }
  if (parts.length !== 2) {
    throw new InvalidParameterError('datetime', 'datetime must be an instant or an interval start/end');
  }
  const [startRaw = '', endRaw = ''] = parts;
  const open = (value: string) => value === '..' || value === '';
  if (open(startRaw) && open(endRaw)) {
    throw new InvalidParameterError('datetime', 'datetime interval must have at least one closed end');
  }
  const start = open(startRaw) ? null : parseInstant(startRaw, false);
  const end = open(endRaw) ? null : parseInstant(endRaw, true);
  if (start && end && start > end) {
    throw new InvalidParameterError('datetime', 'datetime interval must not end before it starts');
  }
  return { start, end };
}

/**
 * `name=a,b` for an enumerated property: each value must be one of the property's values.
 * `parameter` is the query parameter as the client wrote it (`category` is the alias of the
 * layer's category property), so the error names what the client sent.
 */
export function parseValues(
  layer: LayerDefinition,
  propertyName: string,
  raw: string,
  parameter = propertyName,
): string[] {
  const property = layer.properties.find((p) => p.name === propertyName);
  if (!property?.values) {
    throw new InvalidParameterError(
      parameter,
      `layer "${layer.id}" has no ${parameter === 'category' ? 'categories' : `"${parameter}" values`} to filter on`,
    );
  }
  const allowed = new Set(property.values.map((v) => v.value));
  const requested = [...new Set(raw.split(',').map((value) => value.trim()))];
  const unknown = requested.filter((value) => !allowed.has(value));
  if (requested.length === 0 || unknown.length > 0) {
    throw new InvalidParameterError(
      parameter,
      `unknown ${parameter} "${unknown.join(',')}" for layer "${layer.id}"; expected one or more of: ${[...allowed].join(', ')}`,
    );
  }
  return requested;
}

/** `category=a,b`: each value must be one of the layer's category values. */
export function parseCategories(layer: LayerDefinition, raw: string): string[] {
  return parseValues(layer, layer.categoryProperty ?? 'category', raw, 'category');
}

/** Names of the query parameters that filter enumerated properties, over all layers. */
export function valueFilterNames(layers: readonly LayerDefinition[]): string[] {
  const names = new Set(['category']);
  for (const layer of layers) for (const p of layer.properties) if (p.values) names.add(p.name);
  return [...names];
}

export interface RawFilterQuery {
  bbox?: string;
  datetime?: string;
  category?: string;
  /** Other enumerated properties by name (status, kind, …); unknown names are ignored. */
  [property: string]: unknown;
}

/**
 * A route's schema checks the types of the parameters it lists, but a route may pass its whole
 * query (the tiles do not list bbox): a repeated parameter arrives as an array. Refused, not a 500.
 */
function assertSingle(query: RawFilterQuery, name: string): void {
  const raw: unknown = query[name];
  if (raw !== undefined && typeof raw !== 'string') {
    throw new InvalidParameterError(name, `${name} must be given once, as a string`);
  }
}

/** Turns the raw query string values into typed filters valid for this layer. */
export function parseFilters(layer: LayerDefinition, query: RawFilterQuery): FeatureFilters {
  const filters: FeatureFilters = {};
  for (const name of ['bbox', 'datetime', 'category']) assertSingle(query, name);
  if (query.bbox !== undefined) filters.bbox = parseBBox(query.bbox);
  if (query.datetime !== undefined) {
    if (!layer.temporal) {
      throw new InvalidParameterError('datetime', `layer "${layer.id}" has no time dimension to filter on`);
    }
    filters.datetime = parseDatetime(query.datetime);
  }
  const values: Record<string, string[]> = {};
  if (query.category !== undefined)
    values[layer.categoryProperty ?? 'category'] = parseCategories(layer, query.category);
  for (const property of layer.properties) {
    const raw = query[property.name];
    if (property.values && typeof raw === 'string' && property.name !== 'category') {
      const parsed = parseValues(layer, property.name, raw);
      // `category=` and its property named directly: both must hold, so keep the intersection.
      const earlier = values[property.name];
      values[property.name] = earlier ? parsed.filter((v) => earlier.includes(v)) : parsed;
    }
  }
  if (Object.keys(values).length > 0) filters.values = values;
  return filters;
}
