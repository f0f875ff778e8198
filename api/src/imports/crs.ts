import { normaliseKey } from './values.ts';

/*
 * The coordinate reference systems an import reads: WGS 84 longitude/latitude and the two
 * Belgian Lambert projections. How a file's CRS is known: declared by the user (parseCrs), by
 * the file (.prj: sridFromPrj), or recognised from the coordinates themselves (detectSrid), and
 * a declared one checked against the coordinates (checkSrid). x is always east (longitude), y
 * north (latitude), whatever axis order an EPSG definition prescribes.
 */

export const SUPPORTED_SRIDS = [4326, 31370, 3812] as const;
export type SupportedSrid = (typeof SUPPORTED_SRIDS)[number];

const NAMES: Record<SupportedSrid, string> = {
  4326: 'WGS 84 longitude/latitude',
  31370: 'Lambert 72',
  3812: 'Lambert 2008',
};

export function isSupportedSrid(srid: number): srid is SupportedSrid {
  return (SUPPORTED_SRIDS as readonly number[]).includes(srid);
}

/** "EPSG:31370 (Lambert 72)", for messages. */
export function crsLabel(srid: number): string {
  return isSupportedSrid(srid) ? `EPSG:${srid} (${NAMES[srid]})` : `EPSG:${srid}`;
}

const SUPPORTED_LIST = 'EPSG:4326 (WGS 84), EPSG:31370 (Lambert 72) or EPSG:3812 (Lambert 2008)';

/** Reprojecting is left to QGIS or ogr2ogr: the import reads these three systems only. */
export function unsupportedCrsMessage(what: string): string {
  return `${what} is not supported: the import reads ${SUPPORTED_LIST}; reproject the file to one of them (QGIS, ogr2ogr -t_srs EPSG:31370)`;
}

const CRS84 = [
  /^(?:ogc:)?crs:?84$/i,
  /^urn:ogc:def:crs:ogc:[^:]*:crs84$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/ogc\/[^/]+\/crs84$/i,
];
const EPSG_CODE = [
  /^(?:epsg:)?(\d+)$/i,
  /^urn:ogc:def:crs:epsg:[^:]*:(\d+)$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[^/]+\/(\d+)$/i,
];

/**
 * A CRS as a user or a file names it: "EPSG:31370", "epsg:31370", "31370",
 * "urn:ogc:def:crs:EPSG::31370", "http://www.opengis.net/def/crs/EPSG/0/3812", "CRS84",
 * "OGC:CRS84" (and its URN and URL forms, -> 4326). Throws an Error saying what is accepted
 * for anything else, or for an EPSG code other than the three supported.
 */
export function parseCrs(text: string): SupportedSrid {
  const trimmed = text.trim();
  if (CRS84.some((pattern) => pattern.test(trimmed))) return 4326;
  for (const pattern of EPSG_CODE) {
    const match = pattern.exec(trimmed);
    if (!match) continue;
    const srid = Number(match[1]);
    if (isSupportedSrid(srid)) return srid;
    throw new Error(unsupportedCrsMessage(`EPSG:${srid}`));
  }
  throw new Error(`"${text}" is not a coordinate reference system the import knows: write ${SUPPORTED_LIST}`);
}

/**
 * The EPSG code of a .prj (WKT 1 in ESRI or OGC flavour, or WKT 2). The code of the root
 * AUTHORITY["EPSG","n"] or ID["EPSG",n] when there is one, whatever the code (the caller
 * decides whether it is supported). Otherwise recognised by name, as GDAL, QGIS and ArcGIS
 * write them: Belge_Lambert_1972, Belge_1972_Belgian_Lambert_72, "BD72 / Belgian Lambert 72"
 * -> 31370; Belge_Lambert_2008, "ETRS89 / Belgian Lambert 2008" -> 3812; GCS_WGS_1984 or WGS 84
 * (geographic) -> 4326. The older "Belge Lambert 72" (EPSG:31300, ESRI "BD72_Belge_Lambert_72")
 * is a different projection whose coordinates lie about 750 m from Lambert 72's: it is told
 * apart by its method (Lambert_Conformal_Conic_2SP_Belgium) and returned as 31300, never taken
 * for 31370. null when nothing is recognised.
 */
export function sridFromPrj(wkt: string): number | null {
  const root = rootElement(wkt);
  if (!root) return null;
  if (root.authority !== null) return root.authority;
  const name = normaliseKey(root.name);
  if (root.keyword === 'PROJCS' || root.keyword === 'PROJCRS' || root.keyword === 'PROJECTEDCRS') {
    if (/belgium/i.test(root.method)) return 31300;
    if (name.includes('lambert2008')) return 3812;
    if (name.includes('lambert72') || name.includes('lambert1972') || name.startsWith('bd72')) return 31370;
    return null;
  }
  if (root.keyword === 'GEOGCS' || root.keyword === 'GEOGCRS' || root.keyword === 'GEOGRAPHICCRS') {
    if (['gcswgs1984', 'wgs84', 'wgs1984'].includes(name)) return 4326;
  }
  return null;
}

interface WktRoot {
  keyword: string;
  name: string;
  /** The text of the root's PROJECTION[…] (WKT 1) or CONVERSION[…] (WKT 2) child, '' when none. */
  method: string;
  /** The EPSG code of the root's own AUTHORITY or ID child, null when it has none. */
  authority: number | null;
}

/** The root element of a WKT text: keyword, name and the children that identify it. */
function rootElement(wkt: string): WktRoot | null {
  const head = /^\s*([A-Za-z]+)\s*[[(]\s*"([^"]*)"/.exec(wkt);
  if (!head) return null;
  const root: WktRoot = { keyword: head[1]!.toUpperCase(), name: head[2]!, method: '', authority: null };
  let depth = 0;
  let inQuote = false;
  let childStart = -1;
  for (let i = 0; i < wkt.length; i++) {
    const c = wkt[i]!;
    if (c === '"') inQuote = !inQuote;
    if (inQuote) continue;
    if (c === '[' || c === '(') {
      depth++;
      if (depth === 2) childStart = wkt.lastIndexOf(',', i) + 1;
    } else if (c === ']' || c === ')') {
      if (depth === 2 && childStart > 0) inspectChild(root, wkt.slice(childStart, i + 1));
      depth--;
    }
  }
  return root;
}

function inspectChild(root: WktRoot, child: string): void {
  const keyword = /^\s*([A-Za-z]+)/.exec(child)?.[1]?.toUpperCase();
  // WKT 1 names the method in PROJECTION, WKT 2 in the METHOD of the CONVERSION.
  if (keyword === 'PROJECTION' || keyword === 'CONVERSION') root.method = child;
  if (keyword === 'AUTHORITY' || keyword === 'ID') {
    const code = /^\s*[A-Za-z]+\s*[[(]\s*"EPSG"\s*,\s*"?(\d+)"?/i.exec(child);
    if (code) root.authority = Number(code[1]);
  }
}

type PairKind = SupportedSrid | 'swapped' | 'unknown';

const within = (value: number, min: number, max: number) => value >= min && value <= max;

/**
 * What a coordinate pair looks like, tried in this order: Belgium in longitude/latitude
 * (lon 2.5-6.5, lat 49.4-51.6), the same with x and y swapped, Lambert 72 (x and y
 * 0-300,000 m), Lambert 2008 (x and y 500,000-800,000 m). The longitude/latitude box lies
 * inside Lambert 72's, which is why it is tried first: no Lambert 72 point in Belgium has
 * x below 7 m.
 */
function classify([x, y]: [number, number]): PairKind {
  if (within(x, 2.5, 6.5) && within(y, 49.4, 51.6)) return 4326;
  if (within(x, 49.4, 51.6) && within(y, 2.5, 6.5)) return 'swapped';
  if (within(x, 0, 300_000) && within(y, 0, 300_000)) return 31370;
  if (within(x, 500_000, 800_000) && within(y, 500_000, 800_000)) return 3812;
  return 'unknown';
}

const KIND_WORDS: Record<PairKind, string> = {
  4326: 'WGS 84 longitude/latitude',
  31370: 'Lambert 72',
  3812: 'Lambert 2008',
  swapped: 'latitude/longitude (x and y swapped)',
  unknown: 'none of them',
};

const finitePairs = (pairs: readonly (readonly [number, number])[]) =>
  pairs.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)) as [number, number][];

/** "4 look like WGS 84 longitude/latitude, 1 like Lambert 72 (first: 150000, 170000)". */
function describeKinds(pairs: [number, number][]): string {
  const byKind = new Map<PairKind, [number, number][]>();
  for (const pair of pairs) {
    const kind = classify(pair);
    byKind.set(kind, [...(byKind.get(kind) ?? []), pair]);
  }
  return [...byKind]
    .map(([kind, members], i) => {
      const [x, y] = members[0]!;
      return `${members.length} ${i === 0 ? 'look like ' : 'like '}${KIND_WORDS[kind]} (first: ${x}, ${y})`;
    })
    .join(', ');
}

/**
 * The CRS a sample of (x, y) pairs is written in, when every finite pair looks like the same
 * one (see classify); otherwise a problem in a sentence: the x and y columns look swapped, the
 * pairs fit different systems or none, or there are no numbers to go by. Non-finite pairs (the
 * caller's unreadable cells) are ignored.
 */
export function detectSrid(
  pairs: readonly (readonly [number, number])[],
): { srid: SupportedSrid } | { problem: string } {
  const sample = finitePairs(pairs);
  if (sample.length === 0) return { problem: 'no coordinates to recognise the coordinate system by' };
  const kinds = new Set(sample.map(classify));
  const [only] = kinds;
  if (kinds.size === 1 && only !== undefined) {
    if (only === 'swapped') {
      return { problem: 'the x and y columns look swapped: x holds latitudes and y longitudes' };
    }
    if (only !== 'unknown') return { srid: only };
  }
  return {
    problem: `the coordinates fit no one coordinate system of ${SUPPORTED_LIST}: ${describeKinds(sample)}`,
  };
}

/**
 * Null when every finite pair looks like `srid` (as detectSrid would see it), else a sentence
 * saying how many do not and what they look like instead: a declared CRS checked against the
 * data before anything is imported.
 */
export function checkSrid(srid: number, pairs: readonly (readonly [number, number])[]): string | null {
  const misfits = finitePairs(pairs).filter((pair) => classify(pair) !== srid);
  if (misfits.length === 0) return null;
  const total = finitePairs(pairs).length;
  return `${misfits.length} of ${total} coordinate pairs do not look like ${crsLabel(srid)}: ${describeKinds(misfits)}`;
}

/** Whether every finite pair looks like `srid` (checkSrid finds nothing to say). */
export function looksLike(srid: number, pairs: readonly (readonly [number, number])[]): boolean {
  return checkSrid(srid, pairs) === null;
}
