import pg from 'pg';
import type { LayerDefinition } from './types.ts';

/** First and last day (YYYY-MM-DD, UTC) a temporal layer holds data for; null when empty. */
export type TemporalExtent = [start: string, end: string] | null;

const id = (name: string) => pg.escapeIdentifier(name);

/**
 * The time range each temporal layer's data covers, so the time slider spans the data rather
 * than a guess. An open-ended period (a vacancy not yet resolved) counts up to its start only:
 * "still ongoing" has no last day. min/max on the indexed start column are index lookups.
 */
export async function temporalExtents(
  pool: pg.Pool,
  definitions: readonly LayerDefinition[],
): Promise<Record<string, TemporalExtent>> {
  const temporal = definitions.filter((layer) => layer.temporal);
  if (temporal.length === 0) return {};
  const day = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const selects = temporal.map((layer, index) => {
    const start = `t.${id(layer.temporal!.start)}::timestamptz`;
    const last = layer.temporal!.end
      ? `greatest(max(${start}), max(t.${id(layer.temporal!.end)}::timestamptz))`
      : `max(${start})`;
    return `SELECT ${index} AS layer_index, ${day(`min(${start})`)} AS first_day, ${day(last)} AS last_day FROM ${id(layer.table)} AS t`;
  });
  const { rows } = await pool.query<{ layer_index: number; first_day: string | null; last_day: string | null }>(
    selects.join(' UNION ALL '),
  );
  const extents: Record<string, TemporalExtent> = {};
  for (const row of rows) {
    const layer = temporal[row.layer_index]!;
    extents[layer.id] = row.first_day && row.last_day ? [row.first_day, row.last_day] : null;
  }
  return extents;
}
