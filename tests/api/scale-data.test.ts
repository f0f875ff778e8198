import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../api/src/db/database.ts';
import { loadScaleData } from '../../api/src/seed/scale.ts';
import { openFreshDatabase } from '../support/fresh-database.ts';

const INCIDENTS = 20_000;
const LOAD_TIMEOUT = 180_000;

let db: Database;
beforeAll(async () => {
  db = await openFreshDatabase('scale');
  // A row that is not part of the scale set, standing in for the Halle demo: it must survive.
  await db.pool.query(
    `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, synthetic, geom)
     VALUES ('DEMO-INC-000001', 'overlast', '2024-05-01T20:00:00Z', 'politie', 'exact', true,
             ST_SetSRID(ST_MakePoint(4.2375, 50.7348), 4326))`,
  );
});
afterAll(async () => {
  await db?.close();
});

async function one<T>(sql: string): Promise<T> {
  const { rows } = await db.pool.query(sql);
  return rows[0] as T;
}

const counts = () =>
  one<{ incidents: number; vacant: number; youth: number; demo: number }>(
    `SELECT (SELECT count(*) FROM incidents WHERE source_id LIKE 'SCALE-INC-%')::int AS incidents,
            (SELECT count(*) FROM vacant_buildings WHERE source_id LIKE 'SCALE-LEEG-%')::int AS vacant,
            (SELECT count(*) FROM youth_facilities WHERE source_id LIKE 'SCALE-JEUGD-%')::int AS youth,
            (SELECT count(*) FROM incidents WHERE source_id = 'DEMO-INC-000001')::int AS demo`,
  );

describe('scale data, loaded into a real PostGIS', () => {
  it(
    'loads the exact counts (vacant = N/20, facilities = N/200) and leaves other rows alone',
    async () => {
      const progress: number[] = [];
      const result = await loadScaleData(db, { incidents: INCIDENTS }, (done) => progress.push(done));
      expect(result).toMatchObject({ incidents: INCIDENTS, vacantBuildings: 1000, youthFacilities: 100 });
      expect(result.seconds).toBeGreaterThan(0);
      expect(progress.at(-1)).toBe(INCIDENTS + 1000 + 100);
      expect(await counts()).toEqual({ incidents: INCIDENTS, vacant: 1000, youth: 100, demo: 1 });
    },
    LOAD_TIMEOUT,
  );

  it('stores synthetic points in EPSG:4326 within Flanders and Brussels, and analyses the tables', async () => {
    for (const table of ['incidents', 'vacant_buildings', 'youth_facilities']) {
      const row = await one<{ real: number; srids: number[]; outside: number }>(
        `SELECT count(*) FILTER (WHERE NOT synthetic)::int AS real,
                array_agg(DISTINCT ST_SRID(geom)) AS srids,
                count(*) FILTER (WHERE NOT ST_Within(geom, ST_MakeEnvelope(2.54, 50.68, 5.92, 51.51, 4326)))::int AS outside
           FROM ${table} WHERE source_id LIKE 'SCALE-%'`,
      );
      expect(row, table).toEqual({ real: 0, srids: [4326], outside: 0 });
    }
    const stats = await one<{ analysed: number }>(
      `SELECT count(*)::int AS analysed FROM pg_stats WHERE tablename = 'incidents' AND attname = 'geom'`,
    );
    expect(stats.analysed).toBe(1);
    // The benchmark tiles are around Halle's centre: a dense core must be there (box of about 2 × 2 km).
    const halle = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents
        WHERE source_id LIKE 'SCALE-INC-%' AND geom && ST_MakeEnvelope(4.223, 50.725, 4.252, 50.743, 4326)`,
    );
    expect(halle.n).toBeGreaterThan(100);
  });

  it(
    'replaces the earlier scale rows on a second load instead of adding to them',
    async () => {
      const before = await one<{ md5: string }>(
        `SELECT md5(string_agg(ST_AsText(geom), ',' ORDER BY source_id)) AS md5 FROM incidents WHERE source_id LIKE 'SCALE-%'`,
      );
      await loadScaleData(db, { incidents: INCIDENTS, vacantBuildings: 10, youthFacilities: 0, seed: 7 });
      expect(await counts()).toEqual({ incidents: INCIDENTS, vacant: 10, youth: 0, demo: 1 });
      const after = await one<{ md5: string }>(
        `SELECT md5(string_agg(ST_AsText(geom), ',' ORDER BY source_id)) AS md5 FROM incidents WHERE source_id LIKE 'SCALE-%'`,
      );
      expect(after.md5).not.toBe(before.md5);
    },
    LOAD_TIMEOUT,
  );

  it(
    'leaves the database as it was when a load fails halfway',
    async () => {
      const failing = loadScaleData(db, { incidents: INCIDENTS, seed: 8 }, (done) => {
        if (done > INCIDENTS / 2) throw new Error('stop here');
      });
      await expect(failing).rejects.toThrow(/left unchanged/);
      expect(await counts()).toEqual({ incidents: INCIDENTS, vacant: 10, youth: 0, demo: 1 });
      // The pool still works after the failed transaction.
      expect(await one<{ ok: number }>('SELECT 1 AS ok')).toEqual({ ok: 1 });
    },
    LOAD_TIMEOUT,
  );
});
