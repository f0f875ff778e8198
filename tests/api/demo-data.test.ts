import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../api/src/db/database.ts';
import { hasDemoData, loadDemoData } from '../../api/src/seed/load-demo.ts';
import { openFreshDatabase } from '../support/fresh-database.ts';

let db: Database;
beforeAll(async () => {
  db = await openFreshDatabase('demo');
});
afterAll(async () => {
  await db?.close();
});

async function one<T>(sql: string): Promise<T> {
  const { rows } = await db.pool.query(sql);
  return rows[0] as T;
}

const incidentsChecksum = () =>
  one<{ md5: string }>(
    `SELECT md5(string_agg(category || occurred_at::text || ST_AsText(geom), ',' ORDER BY source_id)) AS md5 FROM incidents`,
  ).then((row) => row.md5);

describe('Halle demo data, loaded into a real PostGIS', () => {
  it('starts empty and loads every layer', async () => {
    expect(await hasDemoData(db.pool)).toBe(false);
    const counts = await loadDemoData(db.pool);
    expect(counts).toEqual({
      neighbourhoods: 41,
      wards: 9,
      vacantBuildings: 300,
      incidents: 6000,
      youthFacilities: 87,
      partners: 5,
    });
    expect(await hasDemoData(db.pool)).toBe(true);
  });

  it('spreads exactly Halle’s 40,182 residents and the estimated dwellings over the 41 sectors', async () => {
    const totals = await one<{ residents: number; dwellings: number; estimated: number; unwarded: number }>(
      `SELECT sum(population)::int AS residents, sum(dwellings)::int AS dwellings,
              count(*) FILTER (WHERE figures_estimated)::int AS estimated,
              count(*) FILTER (WHERE ward_code IS NULL)::int AS unwarded
         FROM neighbourhoods`,
    );
    expect(totals).toEqual({ residents: 40182, dwellings: 17099, estimated: 41, unwarded: 0 });
  });

  it('places every synthetic point inside Halle and labels it synthetic', async () => {
    for (const table of ['incidents', 'vacant_buildings', 'youth_facilities']) {
      const row = await one<{ outside: number; real: number }>(
        `SELECT count(*) FILTER (WHERE NOT ST_Within(t.geom, m.geom))::int AS outside,
                count(*) FILTER (WHERE NOT t.synthetic)::int AS real
           FROM ${table} t CROSS JOIN municipalities m`,
      );
      expect(row, table).toEqual({ outside: 0, real: 0 });
    }
  });

  it('covers three years of incidents in the stated window', async () => {
    const span = await one<{ first: string; last: string }>(
      `SELECT to_char(min(occurred_at) AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD') AS first,
              to_char(max(occurred_at) AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD') AS last FROM incidents`,
    );
    expect(span.first >= '2023-10-01').toBe(true);
    expect(span.last <= '2026-09-30').toBe(true);
    expect(span.first <= '2023-10-07').toBe(true);
    expect(span.last >= '2026-09-23').toBe(true);
  });

  it('adds the core group’s five partner organisations, with a contact role and no person', async () => {
    const { rows } = await db.pool.query<{ name: string; kind: string; contact_role: string }>(
      'SELECT name, kind, contact_role FROM partners ORDER BY name',
    );
    expect(rows.map((row) => [row.name, row.kind])).toEqual([
      ['Huisvestingsdienst', 'housing'],
      ['Jeugddienst', 'youth'],
      ['OCMW Halle', 'social-welfare'],
      ['Politie Halle', 'police'],
      ['Preventiedienst', 'prevention'],
    ]);
    expect(rows.every((row) => row.contact_role !== '')).toBe(true);
  });

  it('is repeatable: the same seed reloads identical rows, another seed differs', async () => {
    const first = await incidentsChecksum();
    await loadDemoData(db.pool);
    expect(await incidentsChecksum()).toBe(first);
    const partnerIds = await db.pool.query<{ id: number }>('SELECT id FROM partners ORDER BY id');
    expect((await loadDemoData(db.pool, { seed: 7 })).partners).toBe(5);
    expect(await incidentsChecksum()).not.toBe(first);
    // The partners stay as they were: users and signals refer to them.
    expect((await db.pool.query<{ id: number }>('SELECT id FROM partners ORDER BY id')).rows).toEqual(partnerIds.rows);
  });
});
