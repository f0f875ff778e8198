import turfArea from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import intersect from '@turf/intersect';
import pointToPolygonDistance from '@turf/point-to-polygon-distance';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/*
 * The figures of a drawn area, computed in the browser while it is drawn (the API computes the
 * authoritative ones with PostGIS on save): area, residents estimated from the sectors by area
 * share, and the points inside it. Points on the boundary count as inside, as on the server.
 */

export type AreaPolygon = Polygon | MultiPolygon;

export interface SectorInput {
  geometry: AreaPolygon;
  residents: number;
}

export interface CategorisedPoint {
  position: Position;
  category: string;
}

export interface FiguresInput {
  sectors: readonly SectorInput[];
  youthFacilities: readonly Position[];
  vacantBuildings: readonly CategorisedPoint[];
  incidents: readonly CategorisedPoint[];
}

export interface LiveFigures {
  areaHa: number;
  residents: number;
  vacantBuildings: { total: number; byStatus: Record<string, number> };
  incidents: { total: number; byCategory: Record<string, number> };
  youthFacilities: { inside: number; within500m: number };
}

/** The distance (metres) within which a youth facility counts as near the area. */
export const NEAR_METRES = 500;

const SQUARE_METRES_PER_HECTARE = 10_000;

/** Area in hectares (spherical, as @turf/area computes it). */
export function areaHectares(geometry: AreaPolygon): number {
  return turfArea(geometry) / SQUARE_METRES_PER_HECTARE;
}

/** Residents of the sectors, each weighted by the share of its area that lies in `geometry`; one decimal. */
export function estimateResidents(geometry: AreaPolygon, sectors: readonly SectorInput[]): number {
  let total = 0;
  for (const sector of sectors) {
    if (!(sector.residents > 0)) continue;
    const sectorArea = turfArea(sector.geometry);
    if (sectorArea <= 0) continue;
    let overlap: ReturnType<typeof intersect> = null;
    try {
      overlap = intersect({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry },
          { type: 'Feature', properties: {}, geometry: sector.geometry },
        ],
      });
    } catch {
      overlap = null; // a shape half drawn (or crossing itself) has no overlap to speak of yet
    }
    if (overlap) total += (sector.residents * turfArea(overlap)) / sectorArea;
  }
  return Math.round(total * 10) / 10;
}

function covers(geometry: AreaPolygon, position: Position): boolean {
  try {
    return booleanPointInPolygon(position, geometry);
  } catch {
    return false;
  }
}

function countByCategory(geometry: AreaPolygon, points: readonly CategorisedPoint[]) {
  const counts: Record<string, number> = {};
  let total = 0;
  for (const point of points) {
    if (!covers(geometry, point.position)) continue;
    counts[point.category] = (counts[point.category] ?? 0) + 1;
    total += 1;
  }
  return { total, counts };
}

/** Every figure of a drawn area from the sectors and points around it. */
export function computeLiveFigures(geometry: AreaPolygon, input: FiguresInput): LiveFigures {
  const vacant = countByCategory(geometry, input.vacantBuildings);
  const incidents = countByCategory(geometry, input.incidents);
  let inside = 0;
  let near = 0;
  for (const position of input.youthFacilities) {
    if (covers(geometry, position)) {
      inside += 1;
      near += 1;
      continue;
    }
    let distance = Number.POSITIVE_INFINITY;
    try {
      distance = pointToPolygonDistance(position, geometry, { units: 'meters' });
    } catch {
      // a degenerate ring while drawing: not near anything yet
    }
    if (distance <= NEAR_METRES) near += 1;
  }
  return {
    areaHa: areaHectares(geometry),
    residents: estimateResidents(geometry, input.sectors),
    vacantBuildings: { total: vacant.total, byStatus: vacant.counts },
    incidents: { total: incidents.total, byCategory: incidents.counts },
    youthFacilities: { inside, within500m: near },
  };
}

/** The [west, south, east, north] box of a geometry. */
export function geometryBBox(geometry: AreaPolygon): [number, number, number, number] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring) {
        if (lon === undefined || lat === undefined) continue;
        west = Math.min(west, lon);
        east = Math.max(east, lon);
        south = Math.min(south, lat);
        north = Math.max(north, lat);
      }
    }
  }
  return [west, south, east, north];
}

/** A box grown by `metres` on every side (degrees of latitude are ~111.32 km; longitude shrinks with cos φ). */
export function expandBBox(
  [west, south, east, north]: [number, number, number, number],
  metres: number,
): [number, number, number, number] {
  const dLat = metres / 111_320;
  const latitude = Math.max(Math.abs(south), Math.abs(north));
  const dLon = metres / (111_320 * Math.max(0.01, Math.cos((latitude * Math.PI) / 180)));
  return [west - dLon, south - dLat, east + dLon, north + dLat];
}

/** Whether box `inner` lies entirely inside box `outer`. */
export function bboxContains(
  outer: readonly [number, number, number, number],
  inner: readonly [number, number, number, number],
): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}
