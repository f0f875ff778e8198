import pg from 'pg';
import type { Action } from '../focus-areas/schema.ts';
import { findLayer } from '../layers/registry.ts';
import type { PriorityTheme } from '../priorities/schema.ts';
import { THEMES } from '../themes.ts';

/*
 * What the report reads besides the priorities: the municipality's name, the map's shapes in
 * Belgian Lambert 72 (metres, so a scale bar is simple arithmetic), and the areas of focus
 * with their actions of the report's year. Request values are bound parameters; identifiers
 * of the sectors' table come from the layer registry.
 */

type Queryable = Pick<pg.Pool, 'query'>;

/** SVG path data precision: whole metres (ST_AsSVG's maxdecimaldigits 0). */
const SVG_DECIMALS = 0;

/** Map bounds in EPSG:31370, metres (y up, as in the projection; SVG flips it). */
export interface MapExtent {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

export interface SectorShape {
  code: string;
  name: string;
  /** SVG path data (ST_AsSVG: absolute, y negated). */
  path: string;
}

export interface ReportFocusArea {
  id: number;
  name: string;
  theme: string;
  priority: string;
  status: string;
  description: string;
  /** Only the actions whose year is the report's year, in the order they were entered. */
  actions: Action[];
  path: string;
  /** A point inside the area for its label, in EPSG:31370 (y up). */
  labelX: number;
  labelY: number;
}

const id = (name: string) => pg.escapeIdentifier(name);

function sectorTable() {
  const layer = findLayer('neighbourhoods');
  if (!layer) throw new Error('the layer registry has no neighbourhoods layer');
  const name = layer.properties.find((p) => p.name === 'name');
  const ward = layer.properties.find((p) => p.name === 'ward');
  if (!name || !ward) throw new Error('the neighbourhoods layer needs name and ward properties');
  return {
    table: id(layer.table),
    code: id(layer.idColumn),
    name: id(name.column),
    ward: id(ward.column),
    geom: id(layer.geometryColumn),
  };
}
const sectors = sectorTable();

export const focusThemes = (theme: PriorityTheme): string[] => (theme === 'all' ? [...THEMES] : [theme]);

/** The municipalities served, by NIS code ("Halle"); several are joined with commas. */
export async function municipalityName(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ name: string | null }>(
    `SELECT string_agg(name, ', ' ORDER BY nis_code) AS name FROM municipalities`,
  );
  return rows[0]?.name ?? '';
}

/** Ward names by ward code, for the ranking table. */
export async function wardNames(db: Queryable): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM wards`);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Every sector's outline as SVG path data in Lambert 72, by code. */
export async function sectorShapes(db: Queryable): Promise<SectorShape[]> {
  const { rows } = await db.query<SectorShape>(
    `SELECT ${sectors.code} AS code, ${sectors.name} AS name,
            ST_AsSVG(ST_Transform(${sectors.geom}, 31370), 0, ${SVG_DECIMALS}) AS path
       FROM ${sectors.table}
      ORDER BY ${sectors.code}`,
  );
  return rows;
}

/** The bounds of the sectors and the areas of focus drawn with them; null when there is nothing. */
export async function mapExtent(db: Queryable, themes: string[]): Promise<MapExtent | null> {
  const { rows } = await db.query<{ xmin: number | null; ymin: number; xmax: number; ymax: number }>(
    `WITH drawn AS (
       SELECT ST_Transform(${sectors.geom}, 31370) AS g FROM ${sectors.table}
       UNION ALL
       SELECT ST_Transform(geom, 31370) FROM focus_areas WHERE deleted_at IS NULL AND theme = ANY($1::text[])
     ), box AS (SELECT ST_Extent(g) AS b FROM drawn)
     SELECT ST_XMin(b) AS xmin, ST_YMin(b) AS ymin, ST_XMax(b) AS xmax, ST_YMax(b) AS ymax FROM box`,
    [themes],
  );
  const row = rows[0];
  return row && row.xmin !== null ? { xmin: row.xmin, ymin: row.ymin, xmax: row.xmax, ymax: row.ymax } : null;
}

/**
 * The live (not deleted) areas of focus of `themes`, high priority first, each with only the
 * actions of `year`. Stored geometries are valid (a CHECK), so ST_PointOnSurface cannot fail.
 */
export async function reportFocusAreas(db: Queryable, themes: string[], year: number): Promise<ReportFocusArea[]> {
  const { rows } = await db.query<ReportFocusArea & { id: string | number }>(
    `SELECT fa.id, fa.name, fa.theme, fa.priority, fa.status, fa.description,
            (SELECT coalesce(jsonb_agg(a.value ORDER BY a.position), '[]'::jsonb)
               FROM jsonb_array_elements(fa.actions) WITH ORDINALITY AS a(value, position)
              WHERE a.value -> 'year' = to_jsonb($2::integer)) AS actions,
            ST_AsSVG(ST_Transform(fa.geom, 31370), 0, ${SVG_DECIMALS}) AS path,
            ST_X(label.p) AS "labelX", ST_Y(label.p) AS "labelY"
       FROM focus_areas fa
      CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(fa.geom), 31370) AS p) AS label
      WHERE fa.deleted_at IS NULL AND fa.theme = ANY($1::text[])
      ORDER BY array_position(ARRAY['high', 'medium', 'low'], fa.priority), fa.name, fa.id`,
    [themes, year],
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
