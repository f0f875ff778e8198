import type { Polygon, Position } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawCircleMode,
  TerraDrawFreehandMode,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { AreaGeometry } from './types.ts';
import { outlineSegments, segmentsNear, snapPosition, SnapshotStack, type Segment } from './snapping.ts';

/*
 * Drawing an area's shape with terra-draw on the MapLibre map: polygon, rectangle, circle (a
 * polygon), freehand, and select (drag vertices, drag midpoints to add one, Delete removes the
 * selected shape). A new shape replaces the one before. Undo steps back through our own
 * snapshots of finished changes. Snapping (switchable) pulls a vertex onto sector boundaries and
 * other areas within SNAP_PIXELS.
 */

export const DRAW_MODES = ['polygon', 'rectangle', 'circle', 'freehand', 'select'] as const;
export type DrawMode = (typeof DRAW_MODES)[number];

export const SNAP_PIXELS = 10;
const PRECISION = 9; // terra-draw refuses coordinates with more decimals than its precision
const SHAPE_MODES = ['polygon', 'rectangle', 'circle', 'freehand'] as const;

const round = (n: number) => Math.round(n * 10 ** PRECISION) / 10 ** PRECISION;

export interface DrawOptions {
  /** The shape to start from (editing an area). */
  initial: Polygon[];
  /** Every change, also while a shape is being drawn. */
  onChange: (polygons: Polygon[]) => void;
  /** Whether undo can do something now. */
  onHistory: (canUndo: boolean) => void;
}

export class DrawController {
  readonly #draw: TerraDraw;
  readonly #stack = new SnapshotStack<Polygon[]>();
  #segments: Segment[] = [];
  #snapping = true;
  #internal = false;
  readonly #options: DrawOptions;

  constructor(map: MapLibreMap, options: DrawOptions) {
    this.#options = options;
    const toCustom: SnapToCustom = (event, context) => {
      if (!this.#snapping || this.#segments.length === 0) return undefined;
      const { containerX: x, containerY: y } = event;
      const a = context.unproject(x - SNAP_PIXELS, y - SNAP_PIXELS);
      const b = context.unproject(x + SNAP_PIXELS, y + SNAP_PIXELS);
      const box = [
        Math.min(a.lng, b.lng),
        Math.min(a.lat, b.lat),
        Math.max(a.lng, b.lng),
        Math.max(a.lat, b.lat),
      ] as const;
      const snapped = snapPosition(
        { x, y },
        this.#segments,
        context.project,
        context.unproject,
        SNAP_PIXELS,
        segmentsNear(box),
      );
      return snapped ? [round(snapped[0]!), round(snapped[1]!)] : undefined;
    };
    const editable = {
      feature: {
        draggable: true,
        coordinates: { midpoints: true, draggable: true, deletable: true, snappable: { toCustom } },
      },
    };
    this.#draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: PRECISION }),
      modes: [
        new TerraDrawPolygonMode({ snapping: { toCustom } }),
        new TerraDrawRectangleMode(),
        new TerraDrawCircleMode(),
        new TerraDrawFreehandMode(),
        new TerraDrawSelectMode({
          flags: Object.fromEntries(SHAPE_MODES.map((mode) => [mode, editable])),
        }),
      ],
    });
    this.#draw.start();
    this.#draw.on('change', (ids, type) => this.#changed(ids, type));
    this.#draw.on('finish', () => this.#commit());
    if (options.initial.length > 0) {
      this.#load(options.initial);
      this.#stack.push(options.initial);
      this.#draw.setMode('select');
    } else {
      this.#draw.setMode('polygon');
    }
    options.onChange(this.polygons());
  }

  get mode(): string {
    return this.#draw.getMode();
  }

  setMode(mode: DrawMode): void {
    this.#draw.setMode(mode);
  }

  /** The outlines to snap to (sectors and other areas). */
  setSnapTargets(geometries: readonly AreaGeometry[]): void {
    this.#segments = outlineSegments(geometries);
  }

  setSnapping(on: boolean): void {
    this.#snapping = on;
  }

  /** The shapes drawn now, the one being drawn included. */
  polygons(): Polygon[] {
    return this.#draw
      .getSnapshot()
      .filter((f): f is GeoJSONStoreFeatures<Polygon> => f.geometry.type === 'Polygon')
      .map((f) => ({ type: 'Polygon', coordinates: f.geometry.coordinates }));
  }

  /** Back to the shape before the last finished change. */
  undo(): void {
    if (!this.#stack.canUndo) return;
    this.#load(this.#stack.undo() ?? []);
    this.#report();
  }

  /** Replaces the shape (a reloaded version, a confirmed repair) as one undoable change. */
  replace(polygons: Polygon[]): void {
    this.#load(polygons);
    this.#stack.push(polygons);
    this.#report();
  }

  destroy(): void {
    this.#draw.stop();
  }

  #changed(ids: (string | number)[], type: string): void {
    if (this.#internal) return;
    // A new shape replaces what was drawn before (the old one comes back with undo).
    if (type === 'create') {
      const created = new Set(ids);
      const polygons = this.#draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon');
      const newShape = polygons.some((f) => created.has(f.id!));
      const others = polygons.filter((f) => !created.has(f.id!)).map((f) => f.id!);
      if (newShape && others.length > 0 && this.#draw.getMode() !== 'select') {
        queueMicrotask(() => {
          this.#internal = true;
          try {
            this.#draw.removeFeatures(others.filter((id) => this.#draw.hasFeature(id)));
          } finally {
            this.#internal = false;
          }
          this.#options.onChange(this.polygons());
        });
      }
    }
    if (type === 'delete' && this.#draw.getMode() === 'select') {
      queueMicrotask(() => this.#commit());
    }
    this.#options.onChange(this.polygons());
  }

  #commit(): void {
    this.#stack.push(this.polygons());
    this.#report();
  }

  #report(): void {
    this.#options.onChange(this.polygons());
    this.#options.onHistory(this.#stack.canUndo);
  }

  #load(polygons: Polygon[]): void {
    const mode = this.#draw.getMode();
    this.#internal = true;
    try {
      if (mode === 'select') this.#draw.setMode('polygon'); // drop any selection first
      this.#draw.clear();
      const features = polygons.map((polygon) => ({
        id: this.#draw.getFeatureId(),
        type: 'Feature' as const,
        geometry: {
          type: 'Polygon' as const,
          coordinates: polygon.coordinates.map((ring) => ring.map((p: Position) => [round(p[0]!), round(p[1]!)])),
        },
        properties: { mode: 'polygon' },
      }));
      const results = this.#draw.addFeatures(features);
      for (const result of results) if (!result.valid) console.warn('Shape not loaded into the drawing', result.reason);
      if (mode !== this.#draw.getMode()) this.#draw.setMode(mode);
    } finally {
      this.#internal = false;
    }
  }
}
