/*
 * The import API as the upload page sees it (issue 8). The shapes a file passes through are the
 * API's own (api/src/imports/types.ts, type-only imports erased from the bundle); the route
 * answers around them are spelled out here as the routes promise them.
 */
import type { ImportMapping, ImportReport, SourceDescription, SourceRow } from '../../../../api/src/imports/types.ts';
import type { Localized, PropertyType } from '../../lib/types.ts';

export type {
  FieldSource,
  GeometrySource,
  ImportMapping,
  ImportReport,
  Rejection,
  SourceDescription,
  SourceGeometry,
  SourceRow,
  SourceValue,
} from '../../../../api/src/imports/types.ts';

/** A field of the layer a file can fill, as `POST /api/imports/uploads` lists them. */
export interface ImportField {
  name: string;
  title: Localized;
  type: PropertyType;
  /** A new feature must have it (an update may leave it out). */
  required: boolean;
  /** The codes of an enumerated field. */
  values?: { value: string; title: Localized }[];
  /** The field the import matches features on (their id in the source): it must come from a column. */
  key?: boolean;
  /** What a new feature takes when the mapping leaves the field out. */
  default?: string;
}

/** `POST /api/imports/uploads`: the file kept on the server, what was found in it, and a first mapping. */
export interface UploadResult {
  upload: { id: string | number; fileName: string; size: number; expiresAt: string };
  file: SourceDescription;
  /** The first rows, as read. */
  sample: SourceRow[];
  fields: ImportField[];
  geometry: { type: 'Point' | 'MultiPolygon' };
  mapping: ImportMapping;
  /** The source's saved mapping, or one suggested from the column names. */
  mappingFrom: 'saved' | 'suggested';
  /** The EPSG code the coordinates look like, when the file declares none. */
  detectedCrs: number | null;
}

/** `POST /api/imports`: the report, with at most 1,000 of its rejections. */
export interface RunReport extends ImportReport {
  rejectionsTruncated: boolean;
}

export interface RunRequest {
  uploadId: UploadResult['upload']['id'];
  layer: string;
  mapping: ImportMapping;
  source: string | null;
  dryRun: boolean;
}

/** One run in `GET /api/imports?layer=`. */
export interface ImportRun {
  id: number;
  layer: string;
  source: string | null;
  fileName: string;
  dryRun: boolean;
  status: string;
  message: string | null;
  at: string;
  user: string | null;
  rows: number;
  inserted: number;
  updated: number;
  rejected: number;
}

/** A named source of a layer with its saved mapping (`GET /api/import-sources?layer=`). */
export interface ImportSource {
  name: string;
  layer: string;
  mapping: ImportMapping;
  updatedAt: string;
}
