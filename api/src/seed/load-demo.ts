import pg from 'pg';
import { DEFAULT_SEED, generateDemoData } from './demo.ts';
import { readDemoInputs } from './inputs.ts';
import { seedDemoPartners } from './partners.ts';

/*
 * Loads Halle's demo data: the real boundary, wards and statistical sectors (with estimated
 * residents and dwellings from geodata/halle_sector_estimates.csv) and the synthetic youth
 * facilities, vacant buildings and incidents. One transaction: a failed load leaves the
 * database as it was.
 *
 * Rows go in with INSERT … SELECT FROM unnest(arrays), not COPY, which the embedded backend
 * (PGlite behind pglite-socket) does not support. Geometries are inserted as they are: every
 * source polygon passes ST_IsValid (checked when the files were added), so there is no
 * ST_MakeValid repair step; the tables' CHECK (ST_IsValid(geom)) would reject a bad file loudly.
 */

export interface DemoCounts {
  neighbourhoods: number;
  wards: number;
  vacantBuildings: number;
  incidents: number;
  youthFacilities: number;
  /** The demo's partner organisations present (added when missing, never replaced). */
  partners: number;
}

/** Rows per INSERT: large enough to be fast, small enough to keep parameter arrays modest. */
const BATCH_SIZE = 3000;

const POLYGON = 'ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326))';
const POINT = 'ST_SetSRID(ST_MakePoint(lon, lat), 4326)';

async function insertInBatches<T>(
  client: pg.PoolClient,
  rows: readonly T[],
  sql: string,
  toParams: (batch: readonly T[]) => unknown[],
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const result = await client.query(sql, toParams(rows.slice(start, start + BATCH_SIZE)));
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

/** True when the database already holds neighbourhoods (the demo, or real data that must not be overwritten). */
export async function hasDemoData(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM neighbourhoods) AS present');
  return rows[0]?.present === true;
}

/**
 * Replaces the contents of municipalities, wards, neighbourhoods, vacant_buildings, incidents
 * and youth_facilities with the demo data (all rows, synthetic or not: this is for demo and test
 * databases), and adds the demo partners that are missing. Users, areas of focus and signals
 * are left alone. The same seed gives the same data.
 */
export async function loadDemoData(pool: pg.Pool, options: { seed?: number } = {}): Promise<DemoCounts> {
  const seed = options.seed ?? DEFAULT_SEED;
  // Read and generate before taking a connection: the embedded backend serves one client at a time.
  const inputs = await readDemoInputs();
  const demo = generateDemoData(inputs.area, seed);
  const { boundary, wards, sectors } = inputs.sources;

  const client = await pool.connect();
  let releaseError: Error | undefined;
  try {
    await client.query('BEGIN');
    // neighbourhoods references wards, so it goes first.
    for (const table of [
      'neighbourhoods',
      'wards',
      'municipalities',
      'vacant_buildings',
      'incidents',
      'youth_facilities',
    ]) {
      await client.query(`DELETE FROM ${table}`);
    }

    await client.query(
      `INSERT INTO municipalities (nis_code, name, geom) SELECT $1, $2, ${POLYGON} FROM (SELECT $3::text AS geojson) AS t`,
      [boundary.code, boundary.name, boundary.geojson],
    );

    const wardCount = await insertInBatches(
      client,
      wards,
      `INSERT INTO wards (code, name, geom)
       SELECT code, name, ${POLYGON} FROM unnest($1::text[], $2::text[], $3::text[]) AS t(code, name, geojson)`,
      (batch) => [batch.map((w) => w.code), batch.map((w) => w.name), batch.map((w) => w.geojson)],
    );

    const sectorRows = sectors.map((sector, i) => {
      const figures = inputs.figures[i];
      if (figures?.code !== sector.code) throw new Error(`sector ${sector.code} has no estimated figures`);
      return { sector, figures };
    });
    const neighbourhoodCount = await insertInBatches(
      client,
      sectorRows,
      `INSERT INTO neighbourhoods (code, name, ward_code, deelgemeente, population, dwellings, figures_estimated, geom)
       SELECT code, name, ward_code, deelgemeente, population, dwellings, true, ${POLYGON}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::int4[], $7::text[])
         AS t(code, name, ward_code, deelgemeente, population, dwellings, geojson)`,
      (batch) => [
        batch.map((r) => r.sector.code),
        batch.map((r) => r.sector.name),
        batch.map((r) => r.figures.wardCode ?? null),
        batch.map((r) => r.figures.deelgemeente),
        batch.map((r) => r.figures.population),
        batch.map((r) => r.figures.dwellings),
        batch.map((r) => r.sector.geojson),
      ],
    );

    const youthCount = await insertInBatches(
      client,
      demo.youthFacilities,
      `INSERT INTO youth_facilities (source_id, name, kind, is_public, synthetic, geom)
       SELECT source_id, name, kind, is_public, true, ${POINT}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::float8[], $6::float8[])
         AS t(source_id, name, kind, is_public, lon, lat)`,
      (batch) => [
        batch.map((f) => f.sourceId),
        batch.map((f) => f.name),
        batch.map((f) => f.kind),
        batch.map((f) => f.isPublic),
        batch.map((f) => f.position[0]),
        batch.map((f) => f.position[1]),
      ],
    );

    const vacantCount = await insertInBatches(
      client,
      demo.vacantBuildings,
      `INSERT INTO vacant_buildings (source_id, address, kind, status, registered_on, resolved_on, synthetic, geom)
       SELECT source_id, address, kind, status, registered_on, resolved_on, true, ${POINT}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::float8[], $8::float8[])
         AS t(source_id, address, kind, status, registered_on, resolved_on, lon, lat)`,
      (batch) => [
        batch.map((b) => b.sourceId),
        batch.map((b) => b.address),
        batch.map((b) => b.kind),
        batch.map((b) => b.status),
        batch.map((b) => b.registeredOn),
        batch.map((b) => b.resolvedOn),
        batch.map((b) => b.position[0]),
        batch.map((b) => b.position[1]),
      ],
    );

    const incidentCount = await insertInBatches(
      client,
      demo.incidents,
      `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, synthetic, geom)
       SELECT source_id, category, occurred_at, source, location_precision, true, ${POINT}
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::float8[], $7::float8[])
         AS t(source_id, category, occurred_at, source, location_precision, lon, lat)`,
      (batch) => [
        batch.map((i) => i.sourceId),
        batch.map((i) => i.category),
        batch.map((i) => i.occurredAt),
        batch.map((i) => i.source),
        batch.map((i) => i.locationPrecision),
        batch.map((i) => i.position[0]),
        batch.map((i) => i.position[1]),
      ],
    );

    const partnerCount = await seedDemoPartners(client);

    await client.query('COMMIT');
    return {
      neighbourhoods: neighbourhoodCount,
      wards: wardCount,
      vacantBuildings: vacantCount,
      incidents: incidentCount,
      youthFacilities: youthCount,
      partners: partnerCount,
    };
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // A connection that cannot roll back must not go back into the pool.
      releaseError = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw new Error('loading the demo data failed; the database was left unchanged', { cause: error });
  } finally {
    client.release(releaseError);
  }
}
