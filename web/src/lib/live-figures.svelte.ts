import type { Position } from 'geojson';
import { fetchFeatures } from './api.ts';
import {
  bboxContains,
  computeLiveFigures,
  expandBBox,
  geometryBBox,
  NEAR_METRES,
  type AreaPolygon,
  type CategorisedPoint,
  type LiveFigures,
  type SectorInput,
} from './area-figures.ts';
import { filterParams, type Period } from './filters.ts';
import { LatestRequest } from './latest-request.ts';
import type { LayerStore } from './layers.svelte.ts';
import type { AreaGeometry, Feature } from './types.ts';

type Box = [number, number, number, number];

/** How many points one request may bring (the features API's maximum). */
const POINT_LIMIT = 10_000;
/** Sectors: Halle has 41. */
const SECTOR_LIMIT = 1000;
/** Points are fetched for the drawn box grown by this much, so small edits need no new request. */
const MARGIN_METRES = NEAR_METRES + 500;

interface Points {
  box: Box;
  periodKey: string;
  youth: Position[];
  vacant: CategorisedPoint[];
  incidents: CategorisedPoint[];
}

const isPolygonal = (g: unknown): g is AreaGeometry =>
  typeof g === 'object' && g !== null && ['Polygon', 'MultiPolygon'].includes((g as { type: string }).type);

function pointsOf(features: Feature[], category: string | null): CategorisedPoint[] {
  return features.flatMap((f) => {
    const g = f.geometry as { type?: string; coordinates?: Position } | null;
    if (g?.type !== 'Point' || !g.coordinates) return [];
    return [{ position: g.coordinates, category: category ? String(f.properties?.[category] ?? '') : '' }];
  });
}

/**
 * The figures of the shape being drawn, recomputed on every change from the sectors (fetched
 * once) and the points around the shape (fetched for its box and the period, again only when
 * the shape outgrows the box fetched before or the period changes).
 */
export class LiveFiguresStore {
  figures = $state.raw<LiveFigures | null>(null);
  /** The sectors' outlines (also what drawing snaps to). */
  sectorGeometries = $state.raw<AreaGeometry[]>([]);
  #sectors: SectorInput[] = [];
  #points: Points | null = null;
  #geometry: AreaPolygon | null = null;
  #request = new LatestRequest();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: LayerStore,
    private readonly period: () => Period | null,
  ) {}

  async loadSectors(): Promise<void> {
    const layer = this.store.get('neighbourhoods')?.layer;
    if (!layer) return;
    try {
      const collection = await fetchFeatures(layer, SECTOR_LIMIT);
      this.#sectors = collection.features.flatMap((f) =>
        isPolygonal(f.geometry)
          ? [
              {
                geometry: f.geometry,
                residents: typeof f.properties?.population === 'number' ? f.properties.population : 0,
              },
            ]
          : [],
      );
      this.sectorGeometries = this.#sectors.map((s) => s.geometry);
      this.#recompute();
    } catch (error) {
      console.warn('Sectors for the live figures could not be loaded', error);
    }
  }

  update(geometry: AreaPolygon | null): void {
    this.#geometry = geometry;
    this.#recompute();
    if (!geometry) return;
    const box = geometryBBox(geometry);
    const periodKey = JSON.stringify(this.period());
    if (this.#points && this.#points.periodKey === periodKey && bboxContains(this.#points.box, box)) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fetchPoints(expandBBox(box, MARGIN_METRES), periodKey), 250);
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#request.cancel();
  }

  #fetchPoints(box: Box, periodKey: string): void {
    const period = this.period();
    const get = async (layerId: string, signal: AbortSignal): Promise<Feature[]> => {
      const layer = this.store.get(layerId)?.layer;
      if (!layer) return [];
      const params = filterParams(layer, {}, period);
      params.set('bbox', box.map((n) => n.toFixed(6)).join(','));
      return (await fetchFeatures(layer, POINT_LIMIT, params, signal)).features;
    };
    this.#request.run(
      (signal) =>
        Promise.all([get('youth-facilities', signal), get('vacant-buildings', signal), get('incidents', signal)]),
      ([youth, vacant, incidents]) => {
        this.#points = {
          box,
          periodKey,
          youth: pointsOf(youth, null).map((p) => p.position),
          vacant: pointsOf(vacant, 'status'),
          incidents: pointsOf(incidents, 'category'),
        };
        this.#recompute();
      },
      (error) => console.warn('Points for the live figures could not be loaded', error),
    );
  }

  #recompute(): void {
    const geometry = this.#geometry;
    if (!geometry) {
      this.figures = null;
      return;
    }
    this.figures = computeLiveFigures(geometry, {
      sectors: this.#sectors,
      youthFacilities: this.#points?.youth ?? [],
      vacantBuildings: this.#points?.vacant ?? [],
      incidents: this.#points?.incidents ?? [],
    });
  }
}
