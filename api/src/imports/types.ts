/*
 * The shapes an import passes through: a source file read into rows (read/), a mapping of
 * its columns to a layer's fields (saved per source), and the report that accounts for
 * every row. Decision record 18 explains the choices.
 */

export type SourceFormat = 'csv' | 'geojson' | 'shapefile' | 'geopackage';

/** A cell as the file gives it: text from CSV, typed values from GeoJSON, DBF and GeoPackage. */
export type SourceValue = string | number | boolean | null;

/** A geometry as the file gives it: GeoJSON structure, coordinates in the file's CRS. */
export interface SourceGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: unknown;
}

export interface SourceRow {
  /**
   * The row number the user sees: in a CSV the spreadsheet row (the header is row 1, the
   * first data row 2); in other formats the feature's position in the file, from 1.
   */
  row: number;
  /** Every column of `SourceTable.columns`; a missing or empty cell is null. */
  values: Record<string, SourceValue>;
  /** The feature's geometry (null when the feature has none); always null for CSV. */
  geometry: SourceGeometry | null;
  /** Why the reader could not read this row whole (a CSV row with too many fields, …). */
  problem?: string;
}

/** What was found out about a file before any row is imported. */
export interface SourceDescription {
  fileName: string;
  format: SourceFormat;
  /** Text encoding of a CSV (or of a DBF when its .cpg says); null for binary formats. */
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | null;
  /** CSV only: the field separator found. */
  separator: ';' | ',' | '\t' | '|' | null;
  /** CSV only: whether numbers in the file are written with a decimal comma. */
  decimalComma: boolean | null;
  /** Column names, in file order (the geometry column of a GeoPackage excluded). */
  columns: string[];
  /** The file's geometry type (Point, MultiPolygon, …); null for CSV. */
  geometryType: string | null;
  /** EPSG code the file declares (.prj, GeoPackage srs, GeoJSON is 4326); null when it declares none. */
  srid: number | null;
  sridSource: 'prj' | 'geopackage' | 'geojson' | null;
}

export interface SourceTable extends SourceDescription {
  /** The rows from the first, each time it is called (a preview and the import both read them). */
  rows(): AsyncIterable<SourceRow>;
}

/** Where a layer field's value comes from: a column of the file, or one value for every row. */
export type FieldSource = { column: string } | { value: string };

export type GeometrySource =
  /** The file's own geometry (GeoJSON, Shapefile, GeoPackage). */
  | { kind: 'file' }
  /** Two columns with coordinates (x = east/longitude, y = north/latitude). */
  | { kind: 'xy'; x: string; y: string }
  /** One column of WKT. */
  | { kind: 'wkt'; column: string };

export interface ImportMapping {
  /** Layer field name -> where it comes from. Unmapped fields keep their value on update. */
  fields: Record<string, FieldSource>;
  geometry: GeometrySource | null;
  /** The EPSG code declared by the user; null: the file's own, else detected from the coordinates. */
  crs: number | null;
  /** Per enumerated field: source value (as written in the file) -> the layer's code. */
  values: Record<string, Record<string, string>>;
}

export interface Rejection {
  row: number;
  /** The layer field concerned, when there is one. */
  field?: string;
  reason: string;
}

export interface ImportReport {
  /** The run's id, for `GET /api/imports/:id/report`; null for a run that was not recorded. */
  id: number | null;
  layer: string;
  source: string | null;
  dryRun: boolean;
  file: SourceDescription;
  /** The CRS the coordinates were read in, and how it was decided. */
  crs: { srid: number; how: 'declared' | 'file' | 'detected' } | null;
  mapping: ImportMapping;
  rows: number;
  inserted: number;
  /** Rows whose key the layer had: that feature now has the row's values. */
  updated: number;
  /** Of `updated`, the features that already had exactly these values (nothing was written to them). */
  unchanged: number;
  rejected: number;
  /** Every rejection, in row order. */
  rejections: Rejection[];
  /** Values of enumerated fields that matched no code, with how many rows had them. */
  unknownValues: Record<string, { value: string; rows: number }[]>;
  durationMs: number;
  rowsPerSecond: number;
}
