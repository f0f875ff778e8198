import fs from 'node:fs';
import pg from 'pg';
import { startEmbeddedPostgis } from '../api/src/db/embedded.ts';
const t0 = Date.now();
const emb = await startEmbeddedPostgis('memory://');
console.log('boot ms', Date.now() - t0);
const pool = new pg.Pool({ host: emb.host, port: emb.port, user: 'postgres', database: 'postgres', max: 1 });
await pool.query('CREATE EXTENSION IF NOT EXISTS postgis');
for (const f of ['halle_gemeente', 'halle_statistical_sectors_2024', 'halle_wijken_ggw7', 'halle_deelgemeenten']) {
  const j = JSON.parse(fs.readFileSync(`../geodata/${f}.geojson`, 'utf8'));
  for (const ft of j.features) {
    const r = await pool.query('SELECT ST_IsValid(g) v, ST_IsValidReason(g) r FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1),4326) g) s', [JSON.stringify(ft.geometry)]);
    if (!r.rows[0].v) console.log(f, ft.id ?? ft.properties.geoitem, r.rows[0].r);
  }
  console.log(f, 'checked', j.features.length);
}
const s = JSON.parse(fs.readFileSync('../geodata/halle_statistical_sectors_2024.geojson', 'utf8'));
const w = JSON.parse(fs.readFileSync('../geodata/halle_wijken_ggw7.geojson', 'utf8'));
await pool.query('CREATE TEMP TABLE s AS SELECT * FROM unnest($1::text[], $2::text[]) t(code, gj)', [s.features.map((f: any) => f.id), s.features.map((f: any) => JSON.stringify(f.geometry))]);
await pool.query('CREATE TEMP TABLE w AS SELECT * FROM unnest($1::text[], $2::text[]) t(code, gj)', [w.features.map((f: any) => f.properties.geoitem), w.features.map((f: any) => JSON.stringify(f.geometry))]);
const r = await pool.query(`
  SELECT s.code, w.code AS ward, ST_Area(ST_Intersection(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(s.gj),4326),31370), ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(w.gj),4326),31370))) / ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(s.gj),4326),31370)) AS share
  FROM s JOIN w ON ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON(s.gj),4326), ST_SetSRID(ST_GeomFromGeoJSON(w.gj),4326))
  ORDER BY s.code, share DESC`);
const best = new Map<string, string>();
for (const row of r.rows) { if (!best.has(row.code)) { best.set(row.code, ''); console.log(row.code, row.ward, Number(row.share).toFixed(3)); } else if (row.share > 0.05) console.log('   also', row.ward, Number(row.share).toFixed(3)); }
const g = JSON.parse(fs.readFileSync('../geodata/halle_gemeente.geojson', 'utf8'));
for (const [n, x, y] of [['station', 4.239956, 50.733399], ['markt', 4.2375, 50.7348]] as const) {
  const q = await pool.query(`SELECT ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON($1),4326), ST_SetSRID(ST_MakePoint($2,$3),4326)) inb, (SELECT code FROM s WHERE ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON(gj),4326), ST_SetSRID(ST_MakePoint($2,$3),4326))) sec`, [JSON.stringify(g.features[0].geometry), x, y]);
  console.log(n, q.rows[0]);
}
const u = await pool.query(`SELECT ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1),4326),31370)) a`, [JSON.stringify(g.features[0].geometry)]);
const su = await pool.query(`SELECT sum(ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(gj),4326),31370))) a, ST_Area(ST_Transform(ST_Union(ST_SetSRID(ST_GeomFromGeoJSON(gj),4326)),31370)) ua FROM s`);
console.log('boundary area km2', u.rows[0].a / 1e6, 'sectors', su.rows[0].a / 1e6, su.rows[0].ua / 1e6);
await pool.end(); await emb.stop();
