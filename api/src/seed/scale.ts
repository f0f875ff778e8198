import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../db/database.ts';
import { DEFAULT_SEED } from './demo.ts';
import type { Position } from './geo.ts';
import {
  generateScaleIncidents,
  generateScaleVacantBuildings,
  generateScaleYouthFacilities,
  SOURCE_ID_PREFIX,
  type ScaleIncident,
  type ScaleVacantBuilding,
  type ScaleYouthFacility,
} from './scale-rows.ts';
import { createScaleSpace, type BBoxTuple } from './scale-space.ts';

/*
 * A large synthetic data set for vector-tile benchmarks (`npm run seed:scale`): incidents, and
 * optionally vacant buildings and youth facilities, spread over Flanders and Brussels (or a box)
 * in Gaussian clusters, denser in the regional cities, with a few dense clusters in Halle's
 * centre where the benchmark tiles are. Categories, times and seasons follow the demo models.
 * Rows are generated lazily and streamed into the database, never held all at once.
 *
 * This module loads them; where the points fall is scale-space.ts, the rows scale-rows.ts, and
 * the command-line flags scale-args.ts.
 */

export interface ScaleOptions {
  incidents: number;
  /** Default: incidents / 20. */
  vacantBuildings?: number;
  /** Default: incidents / 200. */
  youthFacilities?: number;
  /** Points inside this box (WGS 84) instead of inside the Flemish and Brussels municipalities. */
  bbox?: BBoxTuple;
  seed?: number;
}

export interface ScaleCounts {
  incidents: number;
  vacantBuildings: number;
  youthFacilities: number;
}

function checkCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** The row counts a load produces, with the defaults filled in. */
export function resolveCounts(options: ScaleOptions): ScaleCounts {
  const incidents = checkCount('incidents', options.incidents);
  return {
    incidents,
    vacantBuildings: checkCount('vacant buildings', options.vacantBuildings ?? Math.floor(incidents / 20)),
    youthFacilities: checkCount('youth facilities', options.youthFacilities ?? Math.floor(incidents / 200)),
  };
}

/** Groups a lazy sequence into arrays of at most `size`. */
export function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Rows per INSERT on the embedded backend (parameter arrays), and per text chunk for COPY. */
const INSERT_BATCH = 20_000;
const COPY_CHUNK = 2_000;

const POINT = 'ST_SetSRID(ST_MakePoint(lon, lat), 4326)';

// Hex EWKB of a 2D point with SRID 4326: PostGIS parses it faster than WKT.
const ewkb = Buffer.alloc(25);
ewkb.writeUInt8(1, 0); // little endian
ewkb.writeUInt32LE(0x20000001, 1); // Point, with SRID
ewkb.writeUInt32LE(4326, 5);
export function pointEwkbHex([lon, lat]: Position): string {
  ewkb.writeDoubleLE(lon, 9);
  ewkb.writeDoubleLE(lat, 17);
  return ewkb.toString('hex');
}

interface TableLoad<T> {
  table: string;
  prefix: string;
  copyColumns: string;
  copyLine(row: T): string;
  insertSql: string;
  insertParams(batch: readonly T[]): unknown[];
}

const INCIDENT_LOAD: TableLoad<ScaleIncident> = {
  table: 'incidents',
  prefix: SOURCE_ID_PREFIX.incidents,
  copyColumns: 'source_id, category, occurred_at, source, location_precision, synthetic, geom',
  copyLine: (r) =>
    `${r.sourceId}\t${r.category}\t${r.occurredAt}\t${r.source}\t${r.locationPrecision}\tt\t${pointEwkbHex(r.position)}\n`,
  insertSql: `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, synthetic, geom)
    SELECT source_id, category, occurred_at, source, location_precision, true, ${POINT}
    FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::float8[], $7::float8[])
      AS t(source_id, category, occurred_at, source, location_precision, lon, lat)`,
  insertParams: (b) => [
    b.map((r) => r.sourceId),
    b.map((r) => r.category),
    b.map((r) => r.occurredAt),
    b.map((r) => r.source),
    b.map((r) => r.locationPrecision),
    b.map((r) => r.position[0]),
    b.map((r) => r.position[1]),
  ],
};

const VACANT_LOAD: TableLoad<ScaleVacantBuilding> = {
  table: 'vacant_buildings',
  prefix: SOURCE_ID_PREFIX.vacantBuildings,
  copyColumns: 'source_id, address, kind, status, registered_on, resolved_on, synthetic, geom',
  copyLine: (r) =>
    `${r.sourceId}\t${r.address}\t${r.kind}\t${r.status}\t${r.registeredOn}\t${r.resolvedOn ?? '\\N'}\tt\t${pointEwkbHex(r.position)}\n`,
  insertSql: `INSERT INTO vacant_buildings (source_id, address, kind, status, registered_on, resolved_on, synthetic, geom)
    SELECT source_id, address, kind, status, registered_on, resolved_on, true, ${POINT}
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::float8[], $8::float8[])
      AS t(source_id, address, kind, status, registered_on, resolved_on, lon, lat)`,
  insertParams: (b) => [
    b.map((r) => r.sourceId),
    b.map((r) => r.address),
    b.map((r) => r.kind),
    b.map((r) => r.status),
    b.map((r) => r.registeredOn),
    b.map((r) => r.resolvedOn),
    b.map((r) => r.position[0]),
    b.map((r) => r.position[1]),
  ],
};

const YOUTH_LOAD: TableLoad<ScaleYouthFacility> = {
  table: 'youth_facilities',
  prefix: SOURCE_ID_PREFIX.youthFacilities,
  copyColumns: 'source_id, name, kind, is_public, synthetic, geom',
  copyLine: (r) => `${r.sourceId}\t${r.name}\t${r.kind}\t${r.isPublic ? 't' : 'f'}\tt\t${pointEwkbHex(r.position)}\n`,
  insertSql: `INSERT INTO youth_facilities (source_id, name, kind, is_public, synthetic, geom)
    SELECT source_id, name, kind, is_public, true, ${POINT}
    FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::float8[], $6::float8[])
      AS t(source_id, name, kind, is_public, lon, lat)`,
  insertParams: (b) => [
    b.map((r) => r.sourceId),
    b.map((r) => r.name),
    b.map((r) => r.kind),
    b.map((r) => r.isPublic),
    b.map((r) => r.position[0]),
    b.map((r) => r.position[1]),
  ],
};

/** COPY FROM STDIN, fed chunk by chunk: Readable.from pulls from the generator only as fast as the socket drains. */
async function copyRows<T>(
  client: pg.PoolClient,
  spec: TableLoad<T>,
  rows: Iterable<T>,
  progress: (n: number) => void,
): Promise<number> {
  function* text(): Generator<string> {
    for (const chunk of chunked(rows, COPY_CHUNK)) {
      let out = '';
      for (const row of chunk) out += spec.copyLine(row);
      yield out;
      progress(chunk.length);
    }
  }
  const stream = client.query(copyFrom(`COPY ${spec.table} (${spec.copyColumns}) FROM STDIN`));
  await pipeline(Readable.from(text()), stream);
  return stream.rowCount;
}

/** The embedded backend cannot COPY through pglite-socket: batched INSERT … SELECT FROM unnest. */
async function insertRows<T>(
  client: pg.PoolClient,
  spec: TableLoad<T>,
  rows: Iterable<T>,
  progress: (n: number) => void,
): Promise<number> {
  let inserted = 0;
  for (const batch of chunked(rows, INSERT_BATCH)) {
    const result = await client.query(spec.insertSql, spec.insertParams(batch));
    inserted += result.rowCount ?? 0;
    progress(batch.length);
  }
  return inserted;
}

export interface ScaleResult extends ScaleCounts {
  seconds: number;
}

/**
 * Replaces the SCALE-* rows of incidents, vacant_buildings and youth_facilities with a freshly
 * generated set, in one transaction (a failed load leaves the earlier rows as they were), then
 * analyses the tables (and vacuums them when rows were replaced). Other rows, such as the Halle
 * demo, are left alone. `onProgress` gets the number of rows sent so far, over all three tables.
 * Server: COPY FROM STDIN; embedded: batched INSERT (COPY breaks the pglite-socket connection).
 */
export async function loadScaleData(
  db: Database,
  options: ScaleOptions,
  onProgress?: (done: number) => void,
): Promise<ScaleResult> {
  const started = performance.now();
  const counts = resolveCounts(options);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  // Built before taking a connection: the embedded backend serves one client at a time.
  const space = await createScaleSpace({ ...options, seed });
  const load = db.backend === 'server' ? copyRows : insertRows;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done);
  };

  const client = await db.pool.connect();
  let releaseError: Error | undefined;
  let loaded: ScaleCounts;
  let replaced = 0;
  try {
    await client.query('BEGIN');
    for (const spec of [INCIDENT_LOAD, VACANT_LOAD, YOUTH_LOAD]) {
      const result = await client.query(`DELETE FROM ${spec.table} WHERE source_id LIKE $1`, [`${spec.prefix}%`]);
      replaced += result.rowCount ?? 0;
    }
    loaded = {
      incidents: await load(client, INCIDENT_LOAD, generateScaleIncidents(space, counts.incidents, seed), progress),
      vacantBuildings: await load(
        client,
        VACANT_LOAD,
        generateScaleVacantBuildings(space, counts.vacantBuildings, seed),
        progress,
      ),
      youthFacilities: await load(
        client,
        YOUTH_LOAD,
        generateScaleYouthFacilities(space, counts.youthFacilities, seed),
        progress,
      ),
    };
    await client.query('COMMIT');
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // A connection that cannot roll back must not go back into the pool.
      releaseError = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw new Error('loading the scale data failed; the database was left unchanged', { cause: error });
  } finally {
    client.release(releaseError);
  }
  // Fresh statistics, so the benchmark's query plans see the new row counts; after a
  // replacement also reclaim the dead rows, which would otherwise slow index scans until autovacuum.
  await db.pool.query(`${replaced > 0 ? 'VACUUM (ANALYZE)' : 'ANALYZE'} incidents, vacant_buildings, youth_facilities`);
  return { ...loaded, seconds: (performance.now() - started) / 1000 };
}
