import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { buildApp } from '../../api/src/app.ts';
import { loadConfig } from '../../api/src/config.ts';
import { openDatabase, type Database } from '../../api/src/db/database.ts';
import { findLayer } from '../../api/src/layers/registry.ts';
import { hashPassword } from '../../api/src/auth/passwords.ts';
import { computePriorities, parseWeights } from '../../api/src/priorities/service.ts';
import { hasDemoData, loadDemoData } from '../../api/src/seed/load-demo.ts';
import { loadScaleData } from '../../api/src/seed/scale.ts';
import type { TileCoord } from '../../api/src/tiles/tile-grid.ts';
import { detectTileEncoder } from '../../api/src/tiles/tile-service.ts';
import { buildMvtQuery } from '../../api/src/tiles/tile-sql.ts';
import { medianPhase, runHttp, runQueries, runSequential, timeSequential, withCpu, type Phase } from './load.ts';
import { describeMachine, fmt, renderReport, type LargestTile, type Target } from './report.ts';
import { countPerZoom, densestTiles, HALLE_CENTRE, tileName, tileSet, VIEWPORT } from './tile-set.ts';
import { CannotRun, parseFlags, positiveInteger } from './script-options.ts';

/*
 * `npm run bench [-- --small] [--incidents N] [--duration S] [--connections C] [--warm-connections W] [--out FILE]`:
 * vector-tile throughput on a PostGIS server (BENCH_DATABASE_URL or DATABASE_URL). In one run on
 * the same data: the floor (the tile queries straight through pg), the tile endpoint with its
 * cache off and with it warm (HTTP, autocannon), the features API's bbox latency, the figures
 * and hexagons a time-slider step asks for, and the largest
 * tiles. Writes tests/bench/RESULTS.md (or --out). A benchmark, not a test: targets are reported, not asserted.
 */

const RESULTS_FILE = fileURLToPath(new URL('RESULTS.md', import.meta.url));
const TARGETS = { coldRatio: 0.85, warmPerSecond: 3000, maxTileBytes: 500_000, incidents: 1_000_000 };
const BENCH_ZOOMS = [10, 16] as const;
const SIZE_ZOOMS = [8, 16] as const;
const DENSEST_PER_ZOOM = 3;
const LAYER = findLayer('incidents')!;
/** source_id prefix of the scale generator's incidents. */
const SCALE_INCIDENT_PREFIX = 'SCALE-INC-';
const GZIP = { 'accept-encoding': 'gzip' };
// No rate limit: the benchmark measures the endpoints, not the limiter.
const CONFIG = loadConfig({ RATE_LIMIT_PER_MINUTE: '0' });

interface Options {
  incidents: number;
  duration: number;
  connections: number;
  warmConnections: number;
  featureRequests: number;
  out: string;
  command: string;
}

function parseOptions(args: string[]): Options {
  const options = {
    small: { type: 'boolean', default: false },
    incidents: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    'warm-connections': { type: 'string' },
    out: { type: 'string' },
  } as const;
  const values = parseFlags(args, options);
  return {
    incidents: positiveInteger('incidents', values.incidents, values.small ? 20_000 : 1_000_000),
    duration: positiveInteger('duration', values.duration, values.small ? 3 : 10),
    connections: positiveInteger('connections', values.connections, 4),
    warmConnections: positiveInteger('warm-connections', values['warm-connections'], 32),
    featureRequests: values.small ? 50 : 200,
    out: values.out ?? RESULTS_FILE,
    command: ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' '),
  };
}

/** Migrations, then exactly N SCALE incidents (reloaded with their buildings and facilities if not). */
async function openBenchDatabase(databaseUrl: string, incidents: number): Promise<Database> {
  const db = await openDatabase({ databaseUrl, pgliteDataDir: '' });
  if (db.backend !== 'server' || (await detectTileEncoder(db)) !== 'postgis') {
    await db.close();
    throw new CannotRun('the database has no ST_AsMVT: the benchmark needs a PostGIS server');
  }
  // Halle's sectors, for the figures the time slider asks for; without the demo's own points,
  // so that the data are the SCALE set alone, as in earlier runs.
  if (!(await hasDemoData(db.pool))) {
    console.log("loading Halle's sectors and wards …");
    await loadDemoData(db.pool);
    for (const table of ['incidents', 'vacant_buildings', 'youth_facilities']) {
      await db.pool.query(`DELETE FROM ${table} WHERE source_id NOT LIKE 'SCALE-%'`);
    }
  }
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*) AS n FROM incidents WHERE source_id LIKE $1', [
    `${SCALE_INCIDENT_PREFIX}%`,
  ]);
  if (rows[0]!.n !== incidents) {
    console.log(`loading ${fmt(incidents)} SCALE incidents (the database holds ${fmt(rows[0]!.n)}) …`);
    const result = await loadScaleData(db, { incidents });
    console.log(`  loaded in ${result.seconds.toFixed(1)} s`);
  }
  return db;
}

const queryOf = (tile: TileCoord) =>
  buildMvtQuery(LAYER, tile, {}, { aggregateBelowZoom: CONFIG.tileAggregateBelowZoom });
const pathOf = (tile: TileCoord) => `/tiles/${LAYER.id}/${tileName(tile)}.mvt`;

async function render(pool: pg.Pool, tile: TileCoord): Promise<Buffer> {
  const { text, values } = queryOf(tile);
  return (await pool.query<{ mvt: Buffer }>(text, values)).rows[0]!.mvt;
}

/**
 * Renders the viewport tiles of zooms 8–16 and the densest tiles of each zoom once (which also
 * warms PostgreSQL's caches for the timed phases): the largest per zoom, and the bench set's sizes.
 */
async function measureSizes(pool: pg.Pool) {
  const viewport = tileSet(...SIZE_ZOOMS);
  const candidates = [...viewport, ...(await densestTiles(pool, ...SIZE_ZOOMS, DENSEST_PER_ZOOM))];
  const largest = new Map<number, { tile: TileCoord; mvt: Buffer }>();
  const benchSizes: number[] = [];
  for (const [i, tile] of candidates.entries()) {
    const mvt = await render(pool, tile);
    if (i < viewport.length && tile.z >= BENCH_ZOOMS[0]) benchSizes.push(mvt.byteLength);
    if (mvt.byteLength > (largest.get(tile.z)?.mvt.byteLength ?? -1)) largest.set(tile.z, { tile, mvt });
  }
  const rows: LargestTile[] = [];
  for (const { tile, mvt } of [...largest.values()].sort((a, b) => a.tile.z - b.tile.z)) {
    const { rows: count } = await pool.query<{ n: number }>(
      'SELECT count(*) AS n FROM incidents WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)',
      [tile.z, tile.x, tile.y],
    );
    rows.push({ tile, incidents: count[0]!.n, raw: mvt.byteLength, gzip: mvt.byteLength && gzipSync(mvt).byteLength });
  }
  return { largest: rows, benchSizes };
}

async function startApp(db: Database, databaseUrl: string, tileCacheBytes: number) {
  const app = await buildApp({ config: { ...CONFIG, databaseUrl, tileCacheBytes }, db });
  return { app, origin: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

/** A square of `metres` on a side around a point, as the features API's bbox parameter. */
function bboxAround([lon, lat]: readonly [number, number], metres: number): string {
  const dLat = metres / 2 / 111_320;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat].map((v) => v.toFixed(5)).join(',');
}

/** The timed phases, in the order they ran, with the rows the targets are judged on. */
async function runPhases(db: Database, floorPool: pg.Pool, databaseUrl: string, o: Options, tiles: TileCoord[]) {
  const queries = tiles.map(queryOf);
  const paths = tiles.map(pathOf);
  const [C, S] = [o.connections, o.duration];
  const cpu = (run: () => Promise<Phase>) => withCpu(db.pool, run);

  // Floor and cold endpoint in alternation, twice: the machine is shared and noisy.
  const cold = await startApp(db, databaseUrl, 0);
  const floorRuns: Phase[] = [];
  const coldRuns: Phase[] = [];
  const staff = { cookie: await staffCookie(db, cold.origin) };
  try {
    for (const n of [1, 2]) {
      console.log(`floor and cold endpoint, run ${n} …`);
      floorRuns.push(await cpu(() => runQueries(`Floor: pg, no HTTP (run ${n})`, floorPool, queries, C, S)));
      coldRuns.push(await cpu(() => runHttp(`Endpoint, cache off (run ${n})`, cold.origin, paths, C, S, staff)));
    }
  } finally {
    await cold.app.close();
  }

  console.log('warm endpoint and features API …');
  const warm = await startApp(db, databaseUrl, CONFIG.tileCacheBytes);
  const warmRuns: Phase[] = [];
  let features: Phase;
  let figures: Phase;
  let hexagons: Phase;
  let priorities: Phase[];
  try {
    for (const path of paths) {
      const response = await fetch(warm.origin + path, { headers: { ...GZIP, ...staff } });
      await response.arrayBuffer();
      if (!response.ok) throw new CannotRun(`warming the cache: ${path} answered ${response.status}`);
    }
    for (const n of [1, 2]) {
      const name = `Endpoint, cache warm (run ${n})`;
      warmRuns.push(await cpu(() => runHttp(name, warm.origin, paths, o.warmConnections, S, staff)));
    }
    const bbox = bboxAround(HALLE_CENTRE, 1000);
    const url = `${warm.origin}/api/layers/${LAYER.id}/features?bbox=${bbox}&limit=1000`;
    features = await cpu(() => runSequential('Features API, 1 km bbox, limit 1000', url, o.featureRequests, staff));
    // What the time slider asks for each year it shows: the figures of Halle's sectors and the density.
    const figuresUrl = `${warm.origin}/api/neighbourhoods/figures?indicator=incidents-per-1000-residents&period=2025-01-01/2025-12-31`;
    figures = await cpu(() =>
      runSequential('Figures, incidents per 1,000 residents, one year', figuresUrl, o.featureRequests, staff),
    );
    const hexagonsUrl = `${warm.origin}/api/layers/${LAYER.id}/hexagons?size=250&bbox=${bboxAround(HALLE_CENTRE, 5000)}&datetime=2025-01-01/2025-12-31`;
    hexagons = await cpu(() =>
      runSequential('Hexagons 250 m, 5 km bbox, one year', hexagonsUrl, o.featureRequests, staff),
    );
    priorities = await runPriorityPhases(db, warm.origin, o, staff.cookie);
  } finally {
    await warm.app.close();
  }

  const floor = medianPhase('**Floor (median)**', floorRuns);
  const coldMedian = medianPhase('**Endpoint, cache off (median)**', coldRuns);
  const warmMedian = medianPhase('**Endpoint, cache warm (median)**', warmRuns);
  // Each cold run against the floor run just before it; the medians against the floor's median.
  const ratios = new Map<Phase, number>([
    ...coldRuns.map((r, i) => [r, r.perSecond / floorRuns[i]!.perSecond] as const),
    [coldMedian, coldMedian.perSecond / floor.perSecond],
    [warmMedian, warmMedian.perSecond / floor.perSecond],
  ]);
  const phases = [floorRuns[0]!, coldRuns[0]!, floorRuns[1]!, coldRuns[1]!, ...warmRuns];
  return {
    phases: [...phases, floor, coldMedian, warmMedian, features, figures, hexagons, ...priorities],
    ratios,
    coldMedian,
    warmMedian,
  };
}

/**
 * A planner's session cookie: the benchmark measures what staff get (raw points from zoom 14,
 * as the floor's queries make them); the public gets 200 m cells instead (record 16).
 */
async function staffCookie(db: Database, origin: string): Promise<string> {
  const username = 'bench-planner';
  const password = 'bench-planner-password';
  await db.pool.query('DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = $1)', [username]);
  await db.pool.query('DELETE FROM users WHERE username = $1', [username]);
  await db.pool.query(`INSERT INTO users (username, role, password_hash) VALUES ($1, 'planner', $2)`, [
    username,
    await hashPassword(password),
  ]);
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username, password }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!login.ok || !cookie) throw new CannotRun(`signing in for the benchmark: ${login.status}`);
  return cookie;
}

/**
 * Priorities for all themes over one year: counted from scratch (every indicator, this year and
 * last, straight through the service), and re-scored over HTTP when only a weight changes (the
 * counts come from the cache, as when a planner moves a slider).
 */
async function runPriorityPhases(db: Database, origin: string, o: Options, cookie: string): Promise<Phase[]> {
  const cpu = (run: () => Promise<Phase>) => withCpu(db.pool, run);
  const period = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-12-31T23:59:59.999Z') };
  const request = { theme: 'all' as const, period, weights: parseWeights(undefined, 'all') };
  const counted = await cpu(() =>
    timeSequential('Priorities, all themes, one year, counted (no cache)', Math.min(o.featureRequests, 10), () =>
      computePriorities(db.pool, request).then(() => true),
    ),
  );
  const url = (i: number) =>
    `${origin}/api/priorities?theme=all&period=2025-01-01/2025-12-31&weights=incidents-per-1000-residents:${i % 11}`;
  const reweighted = await cpu(() =>
    runSequential('Priorities, weight changed, counts cached (HTTP)', url, o.featureRequests, { cookie }),
  );
  return [counted, reweighted];
}

function judgeTargets(coldRatio: number, warm: Phase, largest: LargestTile[]): Target[] {
  const max = largest.reduce((a, b) => (b.raw > a.raw ? b : a));
  return [
    {
      name: `Cold endpoint ≥ ${TARGETS.coldRatio} × floor`,
      measured: `${fmt(coldRatio, 2)} × floor`,
      holds: coldRatio >= TARGETS.coldRatio,
    },
    {
      name: `Warm endpoint ≥ ${fmt(TARGETS.warmPerSecond)} tiles/s`,
      measured: `${fmt(warm.perSecond)} tiles/s (${warm.connections} connections)`,
      holds: warm.perSecond >= TARGETS.warmPerSecond,
    },
    {
      name: `No tile over ${fmt(TARGETS.maxTileBytes)} bytes at zooms ${SIZE_ZOOMS.join('–')}`,
      measured: `largest ${fmt(max.raw)} bytes (${tileName(max.tile)})`,
      holds: max.raw <= TARGETS.maxTileBytes,
    },
  ];
}

async function main(o: Options): Promise<boolean> {
  const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new CannotRun(
      'set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL + PostGIS server: the embedded ' +
        'backend has no ST_AsMVT, and ST_AsMVT is the floor this benchmark measures',
    );
  }
  const db = await openBenchDatabase(databaseUrl, o.incidents);
  const floorPool = new pg.Pool({ connectionString: databaseUrl, max: o.connections });
  try {
    const machine = await describeMachine(db.pool);
    const { rows } = await db.pool.query<{ incidents: number; vacant: number; youth: number }>(
      `SELECT (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM vacant_buildings) AS vacant,
              (SELECT count(*) FROM youth_facilities) AS youth`,
    );
    const tiles = tileSet(...BENCH_ZOOMS);
    console.log('tile sizes: viewport tiles and the densest tiles of each zoom …');
    const { largest, benchSizes } = await measureSizes(floorPool);
    const { phases, ratios, coldMedian, warmMedian } = await runPhases(db, floorPool, databaseUrl, o, tiles);
    const atTargetSize = o.incidents === TARGETS.incidents;

    const report = renderReport({
      title: `Tile benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      intro: `\`${o.command}\`: ${o.duration} s per timed phase. Written by \`tests/bench/tiles.ts\`; a benchmark, not a test.`,
      machine,
      databaseHost: new URL(databaseUrl).host,
      setup: [
        `Data: ${fmt(rows[0]!.incidents)} incidents (${fmt(o.incidents)} synthetic SCALE ones over Flanders and ` +
          `Brussels, clustered, denser around Halle), ${fmt(rows[0]!.vacant)} vacant buildings, ` +
          `${fmt(rows[0]!.youth)} youth facilities.`,
        `Tile set: layer \`${LAYER.id}\`, no filters, zooms ${BENCH_ZOOMS.join('–')}; at each zoom the tiles a ` +
          `${VIEWPORT.width}×${VIEWPORT.height} px viewport (${VIEWPORT.tilePx} px tiles) centred on Halle ` +
          `(${HALLE_CENTRE.join(', ')}) shows: ${tiles.length} tiles (${countPerZoom(tiles)}), ` +
          `${benchSizes.filter((b) => b === 0).length} empty, ` +
          `mean ${fmt(benchSizes.reduce((a, b) => a + b, 0) / benchSizes.length / 1024, 1)} KiB raw. ` +
          `Points are counted per grid cell below zoom ${CONFIG.tileAggregateBelowZoom}.`,
        `Floor: the tile set's \`buildMvtQuery\` through a \`pg.Pool\` of ${o.connections}, as many workers ` +
          `cycling through the tiles. Endpoints: the app in this process, autocannon with ` +
          `\`Accept-Encoding: gzip\`, each connection walking the tile list from its own offset; warm = ` +
          `every tile fetched once first; the load generator shares the app's thread, so the warm rows are a lower ` +
          `bound for the app. Ratios: each cold run to the floor run before it, medians to the floor median.`,
        `CPU columns, in cores: this Node process (app and load generator), the PostgreSQL server (all its ` +
          `processes, so on a shared server also other databases' work), everything else on the machine.`,
      ],
      phases,
      ratios,
      sizesHeading:
        `Largest tile per zoom (the viewport tiles of zooms ${SIZE_ZOOMS.join('–')} and the ` +
        `${DENSEST_PER_ZOOM} tiles with most incidents at each zoom)`,
      largest,
      targetsHeading: atTargetSize
        ? 'Targets'
        : `Targets (set for ${fmt(TARGETS.incidents)} incidents; this run has ${fmt(o.incidents)})`,
      targets: judgeTargets(ratios.get(coldMedian)!, warmMedian, largest),
    });

    console.log(`\n${report}`);
    const failed = phases.filter((p) => p.errors > 0);
    for (const p of failed) console.error(`${p.name}: ${p.errors} errors (${p.firstError ?? 'see above'})`);
    if (failed.length > 0) return false;
    await writeFile(o.out, report);
    console.log(`written to ${o.out}`);
    return true;
  } finally {
    await floorPool.end();
    await db.close();
  }
}

try {
  if (!(await main(parseOptions(process.argv.slice(2))))) {
    console.error('bench: requests failed, so the figures do not stand; no report was written');
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`bench: could not run: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof CannotRun) && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}
