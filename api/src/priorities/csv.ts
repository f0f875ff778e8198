import { formatCsvLines } from '../export/csv.ts';
import type { Priorities } from './schema.ts';

/** Four decimals: more than any class break or table needs, fewer than float noise. */
const round = (value: number | null) => (value === null ? null : Math.round(value * 10_000) / 10_000);

/**
 * The ranking as CSV (UTF-8 with a byte-order mark, for spreadsheets): one row per sector in
 * the API's order, then per indicator its value, smoothed value, z and contribution.
 */
export function prioritiesCsv(priorities: Priorities): string {
  const ids = priorities.indicators.map((i) => i.id);
  const header = [
    'rank',
    'code',
    'name',
    'ward',
    'population',
    'ranked',
    'score',
    'previous_rank',
    'previous_score',
    ...ids.flatMap((id) => [id, `${id}_smoothed`, `${id}_z`, `${id}_contribution`]),
  ];
  const rows = priorities.sectors.map((sector) => [
    sector.rank,
    sector.code,
    sector.name,
    sector.ward,
    sector.population,
    sector.ranked,
    round(sector.score),
    sector.previousRank,
    round(sector.previousScore),
    ...sector.indicators.flatMap((i) => [round(i.value), round(i.smoothed), round(i.z), round(i.contribution)]),
  ]);
  return `\uFEFF${formatCsvLines([header, ...rows])}`;
}
