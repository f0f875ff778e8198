import pg from 'pg';
import { partnerNames } from '../focus-areas/queries.ts';
import { type ActionInput, withChainFields } from '../focus-areas/schema.ts';
import type { ClosedPeriod } from '../indicators/period.ts';
import { findLayer } from '../layers/registry.ts';
import type { PriorityTheme } from '../priorities/schema.ts';
import { isSafetyPhase } from '../safety-chain.ts';
import { THEMES } from '../themes.ts';
import type { AreaSignalCounts, ChainAction } from './safety-chain.ts';

/*
 * What the report reads besides the priorities: the municipality's name, the map's shapes in
 * Belgian Lambert 72 (metres, so a scale bar is simple arithmetic), the areas of focus with
 * their actions of the report's year, and how many signals are linked to each (counts only:
 * no signal's text is ever read here). Request values are bound parameters; identifiers of
 * the sectors' table come from the layer registry.
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
  actions: ChainAction[];
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
  const { rows } = await db.query<Omit<ReportFocusArea, 'actions'> & { id: string | number; actions: ActionInput[] }>(
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
  // Actions saved before issue 10 have no phase or partner organisation: null (withChainFields).
  const partners = await partnerNames(db);
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    actions: row.actions.map((stored) => {
      const action = withChainFields(stored);
      return { ...action, partnerName: action.partnerId === null ? null : (partners.get(action.partnerId) ?? null) };
    }),
  }));
}

/**
 * How many signals are linked to each of `areaIds` in `period` (the report's year), per
 * safety-chain phase: those whose time open [reported_on, closed_at] meets the period, and of
 * them the ones still open at its end. Anonymised signals count like the others. Only counts
 * leave the database: the signals' description, reporter and notes are not selected.
 */
export async function reportSignalCounts(
  db: Queryable,
  areaIds: readonly number[],
  period: ClosedPeriod,
): Promise<Map<number, AreaSignalCounts>> {
  const counts = new Map<number, AreaSignalCounts>();
  if (areaIds.length === 0) return counts;
  const { rows } = await db.query<{ id: string | number; phase: string; signals: number; open: number }>(
    `SELECT s.focus_area_id AS id, s.phase, count(*)::integer AS signals,
            count(*) FILTER (WHERE s.closed_at IS NULL OR s.closed_at > $3::timestamptz)::integer AS open
       FROM signals s
      WHERE s.focus_area_id = ANY ($1::bigint[])
        AND (s.reported_on::timestamp AT TIME ZONE 'UTC') <= $3::timestamptz
        AND (s.closed_at IS NULL OR s.closed_at >= $2::timestamptz)
      GROUP BY s.focus_area_id, s.phase`,
    [[...areaIds], period.start.toISOString(), period.end.toISOString()],
  );
  for (const row of rows) {
    const id = Number(row.id);
    const area = counts.get(id) ?? { byPhase: {}, open: 0 };
    if (isSafetyPhase(row.phase)) area.byPhase[row.phase] = (area.byPhase[row.phase] ?? 0) + row.signals;
    area.open += row.open;
    counts.set(id, area);
  }
  return counts;
}
