import { LRUCache } from 'lru-cache';

/** An encoded tile, ready to send: the raw bytes and, when worth it, their gzip form. */
export interface EncodedTile {
  raw: Buffer;
  gzip: Buffer | null;
  etag: string;
}

/**
 * Encoded tiles by key (layer, z/x/y, filters, data version), bounded by their size in bytes.
 * A size of 0 turns caching off.
 */
export class TileCache {
  private readonly lru: LRUCache<string, EncodedTile> | null;

  constructor(maxBytes: number) {
    this.lru =
      maxBytes > 0
        ? new LRUCache<string, EncodedTile>({
            maxSize: maxBytes,
            sizeCalculation: (tile) => tile.raw.byteLength + (tile.gzip?.byteLength ?? 0) + 64,
          })
        : null;
  }

  get enabled(): boolean {
    return this.lru !== null;
  }

  get(key: string): EncodedTile | undefined {
    return this.lru?.get(key);
  }

  set(key: string, tile: EncodedTile): void {
    this.lru?.set(key, tile);
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }
}
