import { LRUCache } from 'lru-cache';
import type { DataVersions } from '../tiles/data-versions.ts';

/**
 * Counts the priorities are scored on, kept per data version of the tables they were counted
 * from: moving a weight slider re-scores cached counts instead of counting a million
 * incidents again, and any write to those tables makes a new key (the old entries age out).
 */
export class CountsCache<T extends object> {
  #entries: LRUCache<string, T>;

  constructor(
    private readonly versions: DataVersions,
    maxEntries = 512,
  ) {
    this.#entries = new LRUCache({ max: maxEntries });
  }

  /** The cached value for `key` at the tables' current versions, or what `load` gives (then cached). */
  async get(key: string, tables: readonly string[], load: () => Promise<T>): Promise<T> {
    // Read before loading: a write meanwhile can only leave newer counts under an older key.
    const stamp = (await this.versions.versionsOf(tables)).join('.');
    const versioned = `${key}@${tables.join(',')}=${stamp}`;
    const hit = this.#entries.get(versioned);
    if (hit) return hit;
    const value = await load();
    this.#entries.set(versioned, value);
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }
}
