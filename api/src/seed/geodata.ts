import { readFile } from 'node:fs/promises';
import { parseCsv } from './csv.ts';
import type { MultiPolygonCoords, PolygonCoords, Position } from './geo.ts';

/*
 * Reads the committed files in the repository's geodata/ folder, resolved from this module so
 * the seed works from any working directory (and never reaches outside the repository).
 */

export const GEODATA_DIR = new URL('../../../geodata/', import.meta.url);

export const GEODATA_FILES = {
  boundary: 'halle_gemeente.geojson',
  sectors: 'halle_statistical_sectors_2024.geojson',
  wards: 'halle_wijken_ggw7.geojson',
  income: 'halle_sector_income_2019_2023.csv',
  estimates: 'halle_sector_estimates.csv',
} as const;

/** A polygon feature: its code, display name, coordinates for JS and the original geometry for PostGIS. */
export interface AreaFeature {
  code: string;
  name: string;
  coords: MultiPolygonCoords;
  geojson: string;
}

export interface IncomeRow {
  year: number;
  sectorId: string;
  sourceStatus: string;
  numberOfDeclarations: number | null;
}

export interface GeodataSources {
  boundary: AreaFeature;
  sectors: AreaFeature[];
  wards: AreaFeature[];
  income: IncomeRow[];
}

function fail(file: string, message: string): never {
  throw new Error(`geodata/${file}: ${message}`);
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

function toPolygon(value: unknown, file: string): PolygonCoords {
  if (!Array.isArray(value) || value.length === 0) fail(file, 'polygon without rings');
  return value.map((ring: unknown) => {
    if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition)) fail(file, 'malformed ring');
    // Drop any third ordinate: the schema is 2D.
    return ring.map((p: Position) => [p[0], p[1]] as Position);
  });
}

function toMultiPolygon(geometry: unknown, file: string): MultiPolygonCoords {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (g?.type === 'Polygon') return [toPolygon(g.coordinates, file)];
  if (g?.type === 'MultiPolygon' && Array.isArray(g.coordinates)) {
    return g.coordinates.map((polygon: unknown) => toPolygon(polygon, file));
  }
  return fail(file, `expected Polygon or MultiPolygon, got ${String(g?.type)}`);
}

/** Parses a FeatureCollection of polygons, taking code and name from the given properties. */
export function parseAreaFeatures(text: string, file: string, codeProp: string, nameProp: string): AreaFeature[] {
  const json = JSON.parse(text) as { type?: unknown; features?: unknown };
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) fail(file, 'not a FeatureCollection');
  return json.features.map((feature: { properties?: Record<string, unknown>; geometry?: unknown }) => {
    const code = feature.properties?.[codeProp];
    const name = feature.properties?.[nameProp];
    if (typeof code !== 'string' || typeof name !== 'string') fail(file, `feature without ${codeProp}/${nameProp}`);
    return {
      code,
      name,
      coords: toMultiPolygon(feature.geometry, file),
      geojson: JSON.stringify(feature.geometry),
    };
  });
}

export function parseIncomeCsv(text: string, file: string = GEODATA_FILES.income): IncomeRow[] {
  return parseCsv(text).map((r, n) => {
    const year = Number(r.year);
    const count =
      r.numberOfDeclarations === '' || r.numberOfDeclarations === undefined ? null : Number(r.numberOfDeclarations);
    if (!Number.isInteger(year) || !r.sectorId || (count !== null && !Number.isFinite(count))) {
      fail(file, `malformed row ${n + 2}`);
    }
    return { year, sectorId: r.sectorId, sourceStatus: r.sourceStatus ?? '', numberOfDeclarations: count };
  });
}

async function readText(dir: URL, file: string): Promise<string> {
  return readFile(new URL(file, dir), 'utf8');
}

/** The real (non-synthetic) source files: boundary, 2024 sectors, ggw7 wards, income per sector. */
export async function readGeodataSources(dir: URL = GEODATA_DIR): Promise<GeodataSources> {
  const [boundaryText, sectorsText, wardsText, incomeText] = await Promise.all([
    readText(dir, GEODATA_FILES.boundary),
    readText(dir, GEODATA_FILES.sectors),
    readText(dir, GEODATA_FILES.wards),
    readText(dir, GEODATA_FILES.income),
  ]);
  const boundaries = parseAreaFeatures(boundaryText, GEODATA_FILES.boundary, 'geoitem', 'naam');
  const boundary = boundaries[0];
  if (boundaries.length !== 1 || !boundary)
    fail(GEODATA_FILES.boundary, `expected 1 feature, got ${boundaries.length}`);
  const sectors = parseAreaFeatures(sectorsText, GEODATA_FILES.sectors, 'sectorId', 'sectorName');
  // Every ward is in Halle; the "(Halle)" suffix only disambiguates in the Flanders-wide source.
  const wards = parseAreaFeatures(wardsText, GEODATA_FILES.wards, 'geoitem', 'naam').map((w) => ({
    ...w,
    name: w.name.replace(/\s*\(Halle\)$/, ''),
  }));
  return { boundary, sectors, wards, income: parseIncomeCsv(incomeText) };
}

export async function readEstimatesCsv(dir: URL = GEODATA_DIR): Promise<string> {
  return readText(dir, GEODATA_FILES.estimates);
}
