import { localeTag } from '../../lib/lang.ts';
import { formatNumber } from '../../lib/numbers.ts';
import type { Lang } from '../../lib/types.ts';
import { importText } from '../messages.ts';
import type { SourceDescription, SourceGeometry, SourceValue } from './types.ts';

/* How the page words what was found in a file: its format, text, separator, coordinates. */

const CRS_NAMES: Record<number, string> = {
  4326: 'EPSG:4326 (WGS 84, GPS)',
  31370: 'EPSG:31370 (Lambert 72)',
  3812: 'EPSG:3812 (Lambert 2008)',
};

/** "EPSG:31370 (Lambert 72)"; a code the page does not know by name is just "EPSG:n". */
export function crsName(srid: number): string {
  return CRS_NAMES[srid] ?? `EPSG:${srid}`;
}

const FORMAT_NAMES: Record<SourceDescription['format'], string> = {
  csv: 'CSV',
  geojson: 'GeoJSON',
  shapefile: 'Shapefile (zip)',
  geopackage: 'GeoPackage',
};

export function formatName(format: SourceDescription['format']): string {
  return FORMAT_NAMES[format] ?? format;
}

export function encodingName(encoding: SourceDescription['encoding'], lang: Lang): string | null {
  if (encoding === 'utf-8') return 'UTF-8';
  if (encoding === 'utf-8-bom') return importText(lang, 'utf8Bom');
  if (encoding === 'windows-1252') return 'Windows-1252';
  return null;
}

export function separatorName(separator: SourceDescription['separator'], lang: Lang): string | null {
  switch (separator) {
    case ';':
      return importText(lang, 'sepSemicolon');
    case ',':
      return importText(lang, 'sepComma');
    case '\t':
      return importText(lang, 'sepTab');
    case '|':
      return importText(lang, 'sepPipe');
    default:
      return null;
  }
}

/** Which coordinate system the file's coordinates are in, and how that is known: declared by the file, or detected. */
export function fileCrs(
  file: Pick<SourceDescription, 'srid' | 'sridSource'>,
  detectedCrs: number | null,
  lang: Lang,
): string {
  if (file.srid !== null) {
    const how =
      file.sridSource === 'prj'
        ? importText(lang, 'crsFromPrj')
        : file.sridSource === 'geopackage'
          ? importText(lang, 'crsFromGeopackage')
          : importText(lang, 'crsFromGeojson');
    return `${crsName(file.srid)}, ${how}`;
  }
  if (detectedCrs !== null) return `${crsName(detectedCrs)}, ${importText(lang, 'crsDetected')}`;
  return importText(lang, 'crsUnknown');
}

/** How a run's coordinates were read: "EPSG:31370 (Lambert 72), gedetecteerd uit de coördinaten". */
export function runCrs(crs: { srid: number; how: 'declared' | 'file' | 'detected' } | null, lang: Lang): string {
  if (!crs) return importText(lang, 'crsNone');
  const how = { declared: 'crsDeclared', file: 'crsFromFile', detected: 'crsDetected' } as const;
  return `${crsName(crs.srid)}, ${importText(lang, how[crs.how])}`;
}

/** A cell of the preview as the file holds it; an empty cell stays empty. */
export function cellText(value: SourceValue | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

/** A geometry in a preview row: a point with its coordinates as the file gives them, else its type. */
export function geometryText(geometry: SourceGeometry | null): string {
  if (!geometry) return '';
  const coordinates = geometry.coordinates;
  if (
    geometry.type === 'Point' &&
    Array.isArray(coordinates) &&
    coordinates.length >= 2 &&
    coordinates.every((c) => typeof c === 'number')
  ) {
    return `Point (${coordinates[0]} ${coordinates[1]})`;
  }
  return geometry.type;
}

/** File sizes in the units people read them in: "850 B", "12,4 kB", "3,1 MB" (powers of 1,000). */
export function fileSize(bytes: number, lang: Lang): string {
  if (bytes < 1000) return `${formatNumber(bytes, lang, 0)} B`;
  if (bytes < 1_000_000) return `${formatNumber(bytes / 1000, lang, 1)} kB`;
  return `${formatNumber(bytes / 1_000_000, lang, 1)} MB`;
}

/** A date and time in Brussels, short: "14-03-2025 09:30" in Dutch. */
export function dateTime(value: string, lang: Lang): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(localeTag(lang), {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Brussels',
  }).format(date);
}

export interface Page<T> {
  items: T[];
  /** From 0, clamped to the pages there are. */
  page: number;
  pages: number;
  /** Positions of the first and last item shown, from 1 (0 and 0 when there are none). */
  first: number;
  last: number;
}

/** One page of a long list (the rejections): `size` items from page `page`. */
export function pageOf<T>(items: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const start = current * size;
  const shown = items.slice(start, start + size);
  return {
    items: shown,
    page: current,
    pages,
    first: shown.length > 0 ? start + 1 : 0,
    last: start + shown.length,
  };
}
