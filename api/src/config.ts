import { DEFAULT_MAX_VERTICES } from './geometry/validate.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, resolved from this file so the app runs from any working directory. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Basemap =
  { type: 'raster'; tiles: string[]; tileSize: number; attribution: string } | { type: 'style'; url: string };

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL + PostGIS server; when absent the embedded PGlite backend is used. */
  databaseUrl: string | undefined;
  /** Data folder of the embedded backend; `memory://` keeps it in memory (tests). */
  pgliteDataDir: string;
  /** Load Halle's demo data on start when the database holds no neighbourhoods yet. */
  seedOnStart: boolean;
  basemap: Basemap | null;
  logLevel: string;
  /** Folder with the built front end, served at `/`. */
  webDistDir: string;
  /** Memory for encoded vector tiles; 0 turns the tile cache off. */
  tileCacheBytes: number;
  /** Below this zoom, point layers are sent as counts per grid cell instead of points. */
  tileAggregateBelowZoom: number;
  /** Secure attribute on the session cookie: `auto` sets it when the request came over https. */
  cookieSecure: 'auto' | boolean;
  /** A session ends this long after its last request (sliding)… */
  sessionIdleMs: number;
  /** …and never later than this after sign-in (absolute). */
  sessionMaxMs: number;
  /** Most vertices an area of focus may have (FOCUS_AREA_MAX_VERTICES). */
  focusAreaMaxVertices: number;
  /**
   * k: the smallest count of incidents or vacant buildings an anonymous client is shown for a
   * cell, hexagon or sector (PRIVACY_MIN_COUNT); smaller counts are suppressed.
   */
  privacyMinCount: number;
  /** Sites besides our own that may frame `/embed` (EMBED_ALLOWED_ORIGINS), as `scheme://host[:port]`. */
  embedAllowedOrigins: string[];
  /** Requests per minute an anonymous client (by IP address) may make; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Largest file an import upload may be (IMPORT_MAX_BYTES). */
  importMaxBytes: number;
  /** Where uploaded import files wait (an hour at most) for their import (IMPORT_UPLOAD_DIR). */
  importUploadDir: string;
  /** Largest request body of most routes (BODY_LIMIT_BYTES); larger ones get a 413. */
  bodyLimitBytes: number;
  /** How long a SIGTERM waits for in-flight requests before the process gives up (SHUTDOWN_TIMEOUT_SECONDS). */
  shutdownTimeoutMs: number;
  /**
   * Months after closing that a signal keeps its description, reporter and step notes
   * (SIGNAL_RETENTION_MONTHS); then the retention job empties them (signals/retention.ts).
   */
  signalRetentionMonths: number;
}

export class ConfigError extends Error {}

const BASEMAP_PRESETS: Record<string, Basemap> = {
  osm: {
    type: 'raster',
    tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'],
    tileSize: 256,
    attribution: '© OpenStreetMap contributors',
  },
};

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(value.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

/**
 * BASEMAP: empty or `none` (plain background, works offline), the `osm` preset,
 * a raster tile URL template with {z}/{x}/{y}, or a MapLibre style URL ending in .json.
 */
export function parseBasemap(value: string | undefined, attribution = ''): Basemap | null {
  if (value === undefined || value === '' || value === 'none') return null;
  const preset = BASEMAP_PRESETS[value];
  if (preset) return preset;
  if (!/^https?:\/\//.test(value)) {
    throw new ConfigError(`BASEMAP must be none, ${Object.keys(BASEMAP_PRESETS).join(', ')} or an http(s) URL`);
  }
  if (value.includes('{z}') && value.includes('{x}') && value.includes('{y}')) {
    return { type: 'raster', tiles: [value], tileSize: 256, attribution };
  }
  if (/\.json(\?|$)/.test(value)) return { type: 'style', url: value };
  throw new ConfigError('BASEMAP URL must be a tile template with {z}/{x}/{y} or a style ending in .json');
}

/**
 * EMBED_ALLOWED_ORIGINS: origins separated by spaces or commas, each `http(s)://host[:port]`
 * with nothing after it. They go verbatim into a Content-Security-Policy header, so anything
 * else (a path, a wildcard, a quote or semicolon) is refused at start-up, not sent to browsers.
 */
export function parseOrigins(name: string, value: string | undefined): string[] {
  const origins: string[] = [];
  for (const item of (value ?? '').split(/[\s,]+/).filter((text) => text !== '')) {
    let url: URL | null = null;
    try {
      url = new URL(item);
    } catch {
      // reported below
    }
    // The URL parser lower-cases the host and drops a default port: what was given must be that origin.
    const plainHost = url !== null && /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(url.hostname);
    const origin = url && plainHost && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : null;
    const given = item.toLowerCase().replace(/\/$/, '');
    if (origin === null || origin !== given) {
      throw new ConfigError(
        `${name} must list http(s) origins such as https://www.halle.be (scheme, host and optional port, ` +
          `no path), separated by spaces or commas; got "${item}"`,
      );
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  return origins;
}

function parseCookieSecure(value: string | undefined): 'auto' | boolean {
  if (value === undefined || value === '' || value.toLowerCase() === 'auto') return 'auto';
  return parseBoolean('COOKIE_SECURE', value, false);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: parseInteger('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDataDir: env.PGLITE_DATA_DIR || path.join(ROOT_DIR, 'data', 'pglite'),
    seedOnStart: parseBoolean('SEED_ON_START', env.SEED_ON_START, true),
    basemap: parseBasemap(env.BASEMAP, env.BASEMAP_ATTRIBUTION),
    logLevel: env.LOG_LEVEL || 'info',
    webDistDir: path.join(ROOT_DIR, 'web', 'dist'),
    tileCacheBytes: parseInteger('TILE_CACHE_MB', env.TILE_CACHE_MB, 64, 0, 65536) * 1024 * 1024,
    tileAggregateBelowZoom: parseInteger('TILE_AGGREGATE_BELOW_ZOOM', env.TILE_AGGREGATE_BELOW_ZOOM, 14, 0, 23),
    cookieSecure: parseCookieSecure(env.COOKIE_SECURE),
    sessionIdleMs: parseInteger('SESSION_IDLE_HOURS', env.SESSION_IDLE_HOURS, 12, 1, 24 * 365) * 3_600_000,
    sessionMaxMs: parseInteger('SESSION_MAX_DAYS', env.SESSION_MAX_DAYS, 7, 1, 365) * 86_400_000,
    focusAreaMaxVertices: parseInteger(
      'FOCUS_AREA_MAX_VERTICES',
      env.FOCUS_AREA_MAX_VERTICES,
      DEFAULT_MAX_VERTICES,
      4,
      1_000_000,
    ),
    privacyMinCount: parseInteger('PRIVACY_MIN_COUNT', env.PRIVACY_MIN_COUNT, 5, 2, 1_000_000),
    embedAllowedOrigins: parseOrigins('EMBED_ALLOWED_ORIGINS', env.EMBED_ALLOWED_ORIGINS),
    rateLimitPerMinute: parseInteger('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 600, 0, 1_000_000),
    importMaxBytes: parseInteger('IMPORT_MAX_BYTES', env.IMPORT_MAX_BYTES, 200 * 1024 * 1024, 1024, 2 ** 31 - 1),
    importUploadDir: env.IMPORT_UPLOAD_DIR || path.join(tmpdir(), 'leefbaarheidskaart-imports'),
    bodyLimitBytes: parseInteger('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 1024 * 1024, 1024, 2 ** 30),
    shutdownTimeoutMs: parseInteger('SHUTDOWN_TIMEOUT_SECONDS', env.SHUTDOWN_TIMEOUT_SECONDS, 10, 1, 3600) * 1000,
    signalRetentionMonths: parseInteger('SIGNAL_RETENTION_MONTHS', env.SIGNAL_RETENTION_MONTHS, 24, 1, 1200),
  };
}
