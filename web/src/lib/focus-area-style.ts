import type { LayerSpecification } from './maplibre-types.ts';
import type { Priority, Theme } from './types.ts';

/*
 * How areas of focus look on the map: fill by theme, outline by priority (width and dashes, so
 * priority does not rest on colour), plus the marks of the history and of geometry errors.
 * Colours from Paul Tol's colour-blind-safe "vibrant" scheme.
 */

export const AREAS_SOURCE_ID = 'focus-areas';
export const AREAS_FILL_ID = 'focus-areas-fill';
export const AREAS_OUTLINE_ID = 'focus-areas-outline';
export const MARKS_SOURCE_ID = 'focus-area-marks';

export const THEME_COLORS: Record<Theme, string> = {
  wonen: '#EE7733', // orange
  jongeren: '#0077BB', // blue
  buurten: '#EE3377', // magenta
};
export const OUTLINE_COLOR = '#222222';

export const PRIORITY_WIDTHS: Record<Priority, number> = { high: 4, medium: 2.5, low: 1.5 };
/** Line dashes per priority (in line widths); solid for high. */
export const PRIORITY_DASHES: Record<Priority, [number, number] | null> = {
  high: null,
  medium: [3, 1.5],
  low: [1, 1.5],
};

export const MARK_COLORS = {
  added: '#009988', // teal
  removed: '#CC3311', // red
  version: '#33BBEE', // cyan
  repair: '#0077BB', // blue
  location: '#CC3311',
} as const;

type Match = ['match', ['get', string], ...unknown[]];

function match(property: string, values: Record<string, unknown>, fallback: unknown): Match {
  return ['match', ['get', property], ...Object.entries(values).flat(), fallback];
}

/** The areas' fill and outline layers. */
export function areaLayers(): LayerSpecification[] {
  return [
    {
      id: AREAS_FILL_ID,
      type: 'fill',
      source: AREAS_SOURCE_ID,
      paint: {
        'fill-color': match('theme', THEME_COLORS, '#BBBBBB'),
        'fill-opacity': ['case', ['==', ['get', 'deleted'], true], 0.1, 0.35],
      },
    } as unknown as LayerSpecification,
    // MapLibre cannot vary the dash per feature in one layer: one line layer per priority.
    ...(Object.keys(PRIORITY_WIDTHS) as Priority[]).map(
      (priority) =>
        ({
          id: `${AREAS_OUTLINE_ID}-${priority}`,
          type: 'line',
          source: AREAS_SOURCE_ID,
          filter: ['==', ['get', 'priority'], priority],
          layout: { 'line-join': 'round' },
          paint: {
            'line-color': OUTLINE_COLOR,
            'line-width': PRIORITY_WIDTHS[priority],
            ...(PRIORITY_DASHES[priority] ? { 'line-dasharray': PRIORITY_DASHES[priority] } : {}),
          },
        }) as unknown as LayerSpecification,
    ),
  ];
}

/** The outline layers' ids (one per priority). */
export const AREA_OUTLINE_IDS = (Object.keys(PRIORITY_WIDTHS) as Priority[]).map((p) => `${AREAS_OUTLINE_ID}-${p}`);

/** The history's and the form's marks: features with a `mark` property (added, removed, version, repair, location). */
export function markLayers(): LayerSpecification[] {
  const kind = (mark: string) => ['==', ['get', 'mark'], mark];
  return [
    {
      id: 'focus-area-marks-fill',
      type: 'fill',
      source: MARKS_SOURCE_ID,
      filter: ['any', kind('added'), kind('removed')],
      paint: { 'fill-color': match('mark', MARK_COLORS, '#BBBBBB'), 'fill-opacity': 0.45 },
    },
    {
      // Added: a solid edge; removed, a version looked at, a proposed repair: dashed.
      id: 'focus-area-marks-added-line',
      type: 'line',
      source: MARKS_SOURCE_ID,
      filter: kind('added'),
      paint: { 'line-color': MARK_COLORS.added, 'line-width': 3 },
    },
    {
      id: 'focus-area-marks-line',
      type: 'line',
      source: MARKS_SOURCE_ID,
      filter: ['any', kind('removed'), kind('version'), kind('repair')],
      paint: {
        'line-color': match('mark', MARK_COLORS, '#BBBBBB'),
        'line-width': 3,
        'line-dasharray': [2, 1],
      },
    },
    {
      id: 'focus-area-marks-location',
      type: 'circle',
      source: MARKS_SOURCE_ID,
      filter: kind('location'),
      paint: {
        'circle-radius': 9,
        'circle-color': '#ffffff',
        'circle-opacity': 0.6,
        'circle-stroke-color': MARK_COLORS.location,
        'circle-stroke-width': 4,
      },
    },
  ] as unknown as LayerSpecification[];
}
