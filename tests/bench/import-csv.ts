import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type pg from 'pg';
import { findLayer } from '../../api/src/layers/registry.ts';
import { readGeodataSources } from '../../api/src/seed/geodata.ts';
import { contains, toArea } from '../../api/src/seed/geo.ts';
import { createRng, deriveSeed, type Rng } from '../../api/src/seed/prng.ts';

/*
 * The import benchmark's input: an incidents file as the police zone's spreadsheet export
 * writes it. UTF-8 with a byte-order mark, `;` between fields, CRLF line ends, Dutch headers,
 * dates as dd/mm/yyyy hh:mm (Belgian local time), Lambert 72 (EPSG:31370) metres with a decimal
 * comma. Every row is valid, so a loader that reads the file right accounts for all of them as
 * inserted (first run) or updated (second run). Streamed to disk: a million rows never sit in memory.
 */

export const BENCH_HEADER = ['Nr', 'Categorie', 'Datum feit', 'Bron', 'X', 'Y'] as const;

/** source_id prefix of every generated row, so a run can delete what it imported. */
export const BENCH_SOURCE_PREFIX = 'BENCH-IMP-';

/** Distinct points the rows draw from, at most: incidents repeat at addresses, as in a real register. */
export const POINT_POOL = 20_000;
const ROWS_PER_WRITE = 5_000;
const FIRST_YEAR = 2019;
const LAST_YEAR = 2025;
const DAY_MS = 86_400_000;

export interface LambertPoint {
  x: number;
  y: number;
}

export interface GeneratedCsv {
  rows: number;
  bytes: number;
  seconds: number;
  points: number;
}

/** The registry's codes for a property of the incidents layer: the values every loader must accept. */
function codes(property: string): string[] {
  const values = findLayer('incidents')?.properties.find((p) => p.name === property)?.values;
  if (!values?.length) throw new Error(`the registry's incidents layer has no values for ${property}`);
  return values.map((v) => v.value);
}

/**
 * `count` points inside Halle's boundary (geodata/halle_gemeente.geojson), drawn in WGS 84 with
 * the seeded generator, then transformed to Lambert 72 by PostGIS in one query and rounded to the
 * centimetre as the export writes them. A point the rounding moves out of the municipality
 * (as stored in the database, which the import checks against) is left out, so no row is
 * rejected for its place.
 */
export async function halleLambertPoints(pool: pg.Pool, count: number, seed: number): Promise<LambertPoint[]> {
  const { boundary } = await readGeodataSources();
  const area = toArea(boundary.coords);
  const rng = createRng(deriveSeed(seed, 'bench-import-points'));
  const lon: number[] = [];
  const lat: number[] = [];
  while (lon.length < count) {
    const p: [number, number] = [rng.range(area.bbox.minX, area.bbox.maxX), rng.range(area.bbox.minY, area.bbox.maxY)];
    if (contains(area, p)) {
      lon.push(p[0]);
      lat.push(p[1]);
    }
  }
  const { rows } = await pool.query<{ x: number; y: number; inside: boolean }>(
    `WITH m AS (SELECT ST_Transform(geom, 31370) AS geom FROM municipalities WHERE nis_code = $3),
          p AS (SELECT i, round(ST_X(l)::numeric, 2)::float8 AS x, round(ST_Y(l)::numeric, 2)::float8 AS y
                FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(lon, lat, i),
                     LATERAL ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 31370) AS l)
     SELECT p.x, p.y, ST_Contains(m.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 31370)) AS inside
     FROM p CROSS JOIN m ORDER BY p.i`,
    [lon, lat, boundary.code],
  );
  if (rows.length !== count) throw new Error(`municipality ${boundary.code} is not in the database`);
  return rows.filter((r) => r.inside).map(({ x, y }) => ({ x, y }));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const decimalComma = (n: number) => n.toFixed(2).replace('.', ',');

/**
 * A local date and time between 2019 and 2025 as dd/mm/yyyy hh:mm. The hour from 02:00 to 02:59
 * on the last Sunday of March (skipped when the clocks go forward) and of October (lived twice)
 * is moved to 03:xx: such a time does not exist, or is ambiguous, in Belgian local time.
 */
function localDateTime(rng: Rng, firstDay: number, days: number): string {
  const date = new Date(firstDay + rng.int(days) * DAY_MS);
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  let hour = rng.int(24);
  const minute = rng.int(60);
  const clockChange = date.getUTCDay() === 0 && (month === 3 || month === 10) && day >= 25;
  if (clockChange && hour === 2) hour = 3;
  return `${pad(day)}/${pad(month)}/${year} ${pad(hour)}:${pad(minute)}`;
}

/** Writes `rows` incidents to `path` (see above); the same seed and points give the same file, byte for byte. */
export async function writeIncidentsCsv(
  path: string,
  rows: number,
  points: readonly LambertPoint[],
  seed: number,
): Promise<GeneratedCsv> {
  if (points.length === 0) throw new Error('no points to place the incidents at');
  const started = performance.now();
  const rng = createRng(deriveSeed(seed, 'bench-import-rows'));
  const categories = codes('category');
  const [police, reportLine] = ['politie', 'meldpunt'];
  if (!codes('source').includes(police) || !codes('source').includes(reportLine)) {
    throw new Error("the registry's incidents sources are no longer politie and meldpunt");
  }
  const firstDay = Date.UTC(FIRST_YEAR, 0, 1);
  const days = Math.round((Date.UTC(LAST_YEAR + 1, 0, 1) - firstDay) / DAY_MS);
  const width = Math.max(7, String(rows).length);

  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${BENCH_HEADER.join(';')}\r\n`);
  let lines: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const point = points[rng.int(points.length)]!;
    lines.push(
      [
        `${BENCH_SOURCE_PREFIX}${pad(i, width)}`,
        rng.pick(categories),
        localDateTime(rng, firstDay, days),
        rng.chance(0.7) ? police : reportLine,
        decimalComma(point.x),
        decimalComma(point.y),
      ].join(';'),
    );
    if (lines.length === ROWS_PER_WRITE || i === rows) {
      await write(lines.join('\r\n') + '\r\n');
      lines = [];
    }
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes: out.bytesWritten, seconds: (performance.now() - started) / 1000, points: points.length };
}
