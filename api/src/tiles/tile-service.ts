import { hash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Database } from '../db/database.ts';
import type { FeatureFilters } from '../layers/filters.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { DataVersions } from './data-versions.ts';
import { encodeTile, type TileRow } from './mvt-encode.ts';
import type { Viewer } from '../privacy/viewer.ts';
import type { PublicCells } from './public-cells-sql.ts';
import { type EncodedTile, TileCache } from './tile-cache.ts';
import type { TileCoord } from './tile-grid.ts';
import { buildMvtQuery, buildTileRowsQuery, type TileOptions } from './tile-sql.ts';

const gzip = promisify(gzipCallback);
/** Below this size gzip saves too little to be worth a round of the thread pool. */
const GZIP_MIN_BYTES = 150;

export type TileEncoder = 'postgis' | 'api';

/**
 * Whom a tile is made for, and how: the layer as it is, or (`cells`) the public's counts per
 * cell; privacy/policy.ts decides which. The viewer is part of the cache key, so a tile made
 * for staff is never answered to the public from the cache.
 */
export interface TileAudience {
  viewer: Viewer;
  cells?: PublicCells;
}

export interface TileServiceOptions extends TileOptions {
  cacheBytes: number;
}

/** The audience's part of a cache key. */
export function audienceKey({ viewer, cells }: TileAudience): string {
  return cells ? `${viewer},cells=${cells.cellMetres},k=${cells.minCount}` : viewer;
}

/** Whether this PostGIS can encode tiles itself (the embedded build lacks protobuf-c). */
export async function detectTileEncoder(db: Database): Promise<TileEncoder> {
  try {
    await db.pool.query(
      `SELECT ST_AsMVT(q) FROM (SELECT 1 AS a, ST_AsMVTGeom(ST_Point(0, 0), ST_MakeEnvelope(-1, -1, 1, 1)) AS geom) AS q`,
    );
    return 'postgis';
  } catch {
    return 'api';
  }
}

/** Canonical text of a set of filters, for cache keys: the same filters always give the same key. */
export function filterKey(filters: FeatureFilters): string {
  const values = Object.entries(filters.values ?? {})
    .map(([name, list]) => `${name}=${[...list].sort().join(',')}`)
    .sort();
  const time = filters.datetime
    ? [`datetime=${filters.datetime.start?.toISOString() ?? '..'}/${filters.datetime.end?.toISOString() ?? '..'}`]
    : [];
  return [...values, ...time].join('&');
}

/**
 * Makes vector tiles: in PostGIS (ST_AsMVT) where it can, else from rows the database prepares
 * and the API encodes; keeps them in an LRU keyed by the data version of the layer's table.
 */
export class TileService {
  readonly cache: TileCache;

  private constructor(
    private readonly db: Database,
    private readonly versions: DataVersions,
    /** Whether the versions were started here, and so are closed here. */
    private readonly ownsVersions: boolean,
    readonly encoder: TileEncoder,
    readonly options: TileServiceOptions,
  ) {
    this.cache = new TileCache(options.cacheBytes);
  }

  /** `versions`: the app's shared data versions; without them the service listens on its own. */
  static async create(
    db: Database,
    options: TileServiceOptions,
    encoder?: TileEncoder,
    versions?: DataVersions,
  ): Promise<TileService> {
    const own = versions ? null : await new DataVersions(db).start();
    return new TileService(db, versions ?? own!, own !== null, encoder ?? (await detectTileEncoder(db)), options);
  }

  async close(): Promise<void> {
    if (this.ownsVersions) await this.versions.close();
  }

  /** The tile's raw MVT bytes as the database (or the fallback encoder) makes them, uncached. */
  async render(
    layer: LayerDefinition,
    tile: TileCoord,
    filters: FeatureFilters,
    audience: TileAudience = { viewer: 'staff' },
  ): Promise<Buffer> {
    const { cells } = audience;
    // The routes ask privacy/policy.ts first; this is the last line should one forget to.
    if (audience.viewer === 'public' && layer.access !== 'public' && !cells) {
      throw new Error(`a tile of the staff layer ${layer.id} was asked for the public without public cells`);
    }
    if (this.encoder === 'postgis') {
      const { text, values } = buildMvtQuery(layer, tile, filters, this.options, cells);
      const { rows } = await this.db.pool.query<{ mvt: Buffer }>(text, values);
      return rows[0]!.mvt;
    }
    const { text, values } = buildTileRowsQuery(layer, tile, filters, this.options, cells);
    const { rows } = await this.db.pool.query<TileRow>(text, values);
    return encodeTile(layer.id, rows);
  }

  /**
   * The tile for `audience`, from the cache when the layer's data have not changed since it
   * was made. The audience has no default: every caller says whom the tile is for.
   */
  async tile(
    layer: LayerDefinition,
    tile: TileCoord,
    filters: FeatureFilters,
    wantGzip: boolean,
    audience: TileAudience,
  ): Promise<EncodedTile> {
    const version = this.cache.enabled ? await this.versions.version(layer.table) : 0;
    const key = `${audienceKey(audience)}|${layer.id}/${tile.z}/${tile.x}/${tile.y}?${filterKey(filters)}#${version}`;
    const cached = this.cache.get(key);
    if (cached) return cached;

    const raw = await this.render(layer, tile, filters, audience);
    // Cached tiles carry their gzip form for every later client; uncached ones only when asked.
    const compress = raw.byteLength >= GZIP_MIN_BYTES && (wantGzip || this.cache.enabled);
    const encoded: EncodedTile = {
      raw,
      gzip: compress ? await gzip(raw) : null,
      etag: `"${hash('sha1', raw, 'base64url')}"`,
    };
    this.cache.set(key, encoded);
    return encoded;
  }
}
