import { formatCsvLines, UTF8_BOM } from '../export/csv.ts';
import {
  GPKG_CONTENT_TYPE,
  GPKG_GEOMETRY_COLUMN,
  type GpkgColumn,
  type GpkgRow,
  type GpkgValue,
  writeGeoPackageTables,
} from '../export/gpkg.ts';
import { type ExportAreaRow, type GeoPackageAreaRow, toFeature } from './queries.ts';
import type { Action } from './schema.ts';

export type FocusAreaExportFormat = 'geojson' | 'csv' | 'gpkg';

export const FOCUS_AREA_EXPORT_TYPES: Record<FocusAreaExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
  gpkg: GPKG_CONTENT_TYPE,
};

/** The area's columns, repeated on each of its action rows, then the action, then the geometry. */
export const FOCUS_AREA_CSV_HEADER = [
  'id',
  'name',
  'theme',
  'priority',
  'status',
  'description',
  'version',
  'updatedAt',
  'updatedBy',
  'actionYear',
  'action',
  'actionPartner',
  'actionStatus',
  'actionPhase',
  'actionPartnerId',
  'actionPartnerName',
  'wkt',
] as const;

/** Partner names by id (queries.ts partnerNames): an action stores the id, the files give both. */
export type PartnerNames = ReadonlyMap<number, string>;

type AreaAttributes = Pick<
  ExportAreaRow,
  'name' | 'theme' | 'priority' | 'status' | 'description' | 'version' | 'updated_at' | 'updated_by'
>;

/** An area's own columns after its id, in the order every export writes them. */
function areaAttributes(row: AreaAttributes): GpkgValue[] {
  const { name, theme, priority, status, description, version, updated_at, updated_by } = row;
  return [name, theme, priority, status, description, version, updated_at.toISOString(), updated_by];
}

/** An action's columns in every format: year, action, partner label, status, phase, partner id and name. */
function actionValues(a: Action, partners: PartnerNames): GpkgValue[] {
  const partnerName = a.partnerId === null ? null : (partners.get(a.partnerId) ?? null);
  return [a.year, a.action, a.partner, a.status, a.phase, a.partnerId, partnerName];
}
const NO_ACTION: GpkgValue[] = [null, null, null, null, null, null, null];

/**
 * One record per action, the area's columns repeated on each; an area without actions still
 * gets one record (its action columns empty), so no area is missing from the file.
 */
export function focusAreaCsvRecords(row: ExportAreaRow, partners: PartnerNames = new Map()): unknown[][] {
  const area = [Number(row.id), ...areaAttributes(row)];
  if (row.actions.length === 0) return [[...area, ...NO_ACTION, row.wkt]];
  return row.actions.map((a) => [...area, ...actionValues(a, partners), row.wkt]);
}

/** RFC 4180 CSV (CRLF, formula-looking text defused) with a UTF-8 byte-order mark for Excel. */
export function focusAreasCsv(rows: readonly ExportAreaRow[], partners: PartnerNames = new Map()): string {
  const records = rows.flatMap((row) => focusAreaCsvRecords(row, partners));
  return UTF8_BOM + formatCsvLines([[...FOCUS_AREA_CSV_HEADER], ...records]);
}

/** An RFC 7946 FeatureCollection of the areas with their actions. */
export function focusAreasGeojson(rows: readonly ExportAreaRow[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features: rows.map(toFeature) });
}

/** The GeoPackage's feature table of the areas, and its attributes table of their actions. */
export const FOCUS_AREA_GPKG_TABLES = { areas: 'focus_areas', actions: 'focus_area_actions' } as const;

/** The areas' columns after `fid` (the area's id) and the geometry. */
const AREA_COLUMNS: readonly GpkgColumn[] = [
  { name: 'name', type: 'TEXT' },
  { name: 'theme', type: 'TEXT' },
  { name: 'priority', type: 'TEXT' },
  { name: 'status', type: 'TEXT' },
  { name: 'description', type: 'TEXT' },
  { name: 'version', type: 'INTEGER' },
  { name: 'updated_at', type: 'DATETIME' },
  { name: 'updated_by', type: 'TEXT' },
];

/** The actions' columns after `fid` (numbered 1, 2, … by area, then in the area's order). */
const ACTION_COLUMNS: readonly GpkgColumn[] = [
  {
    name: 'focus_area_id',
    type: 'INTEGER',
    // Declared, so GDAL (and through it QGIS) finds the areas-to-actions relation by itself.
    references: { table: FOCUS_AREA_GPKG_TABLES.areas, column: 'fid' },
  },
  { name: 'year', type: 'INTEGER' },
  { name: 'action', type: 'TEXT' },
  { name: 'partner', type: 'TEXT' },
  { name: 'status', type: 'TEXT' },
  { name: 'phase', type: 'TEXT' },
  { name: 'partner_id', type: 'INTEGER' },
  { name: 'partner_name', type: 'TEXT' },
];

function areaRow(row: GeoPackageAreaRow): GpkgRow {
  return {
    fid: Number(row.id),
    geometry: { wkb: row.wkb, envelope: [row.min_x, row.max_x, row.min_y, row.max_y] },
    // GeoPackage DATETIME: ISO 8601 in UTC with milliseconds, as the layers' exports write it.
    values: areaAttributes(row),
  };
}

function actionRows(row: GeoPackageAreaRow, partners: PartnerNames): GpkgRow[] {
  return row.actions.map((a) => ({ fid: null, values: [Number(row.id), ...actionValues(a, partners)] }));
}

/**
 * The areas (not deleted) as a GeoPackage 1.3: the feature table `focus_areas` (MULTIPOLYGON,
 * EPSG:4326, `fid` = the area's id) and the attributes table `focus_area_actions`, one row per
 * yearly action with the `focus_area_id` of its area, so a GIS can relate the two tables (a
 * GeoPackage feature has no list-valued column to hold them, as the GeoJSON does).
 */
export function focusAreasGeoPackage(
  rows: readonly GeoPackageAreaRow[],
  partners: PartnerNames = new Map(),
): Promise<Uint8Array> {
  return writeGeoPackageTables([
    {
      name: FOCUS_AREA_GPKG_TABLES.areas,
      identifier: 'Aandachtsgebieden',
      description: 'Aandachtsgebieden van de stad / areas of focus; hun acties in focus_area_actions',
      geometry: { column: GPKG_GEOMETRY_COLUMN, type: 'MULTIPOLYGON' },
      columns: AREA_COLUMNS,
      rows: [rows.map(areaRow)],
    },
    {
      name: FOCUS_AREA_GPKG_TABLES.actions,
      identifier: 'Acties per aandachtsgebied',
      description: 'Jaarlijkse acties per aandachtsgebied / yearly actions per area of focus (focus_area_id = fid)',
      columns: ACTION_COLUMNS,
      rows: [rows.flatMap((row) => actionRows(row, partners))],
    },
  ]);
}

/** `focus-areas-<YYYY-MM-DD>.<format>`, the date of the download (UTC). */
export function focusAreaExportFileName(format: FocusAreaExportFormat, now = new Date()): string {
  return `focus-areas-${now.toISOString().slice(0, 10)}.${format}`;
}
