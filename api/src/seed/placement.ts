import {
  areaM2,
  contains,
  interiorPoint,
  offsetMetres,
  toArea,
  type Area,
  type MultiPolygonCoords,
  type Position,
} from './geo.ts';
import { WeightedSampler, type Rng } from './prng.ts';

/*
 * Where synthetic points go: inside a sector (uniform, by rejection sampling), near a hotspot
 * (Gaussian), or at a sector's label point; always inside the municipality boundary, which is
 * simplified upstream and so does not match the full-resolution sector edges exactly.
 */

export interface DemoSector {
  code: string;
  name: string;
  wardCode: string | null;
  population: number;
  coords: MultiPolygonCoords;
}

export interface DemoArea {
  boundary: MultiPolygonCoords;
  sectors: DemoSector[];
  /** Ward names by code, for facility names; sectors without a ward fall back to their own name. */
  wardNames?: Readonly<Record<string, string>>;
}

/** 6 decimals ≈ 0.1 m: plenty for a demo, and it keeps the data compact and stable. */
export function roundPosition([x, y]: Position): Position {
  return [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
}

interface PreparedSector extends DemoSector {
  area: Area;
  areaM2: number;
}

export class Placement {
  readonly boundary: Area;
  readonly sectors: readonly PreparedSector[];
  private readonly wardNames: Readonly<Record<string, string>>;
  private readonly labelPoints = new Map<number, Position>();

  constructor(input: DemoArea) {
    if (input.sectors.length === 0) throw new RangeError('no sectors to place points in');
    this.boundary = toArea(input.boundary);
    this.sectors = input.sectors.map((s) => ({ ...s, area: toArea(s.coords), areaM2: areaM2(s.coords) }));
    this.wardNames = input.wardNames ?? {};
  }

  inBoundary(p: Position): boolean {
    return contains(this.boundary, p);
  }

  sectorIndexOf(p: Position): number {
    return this.sectors.findIndex((s) => contains(s.area, p));
  }

  indexOfCode(code: string): number {
    return this.sectors.findIndex((s) => s.code === code);
  }

  /** A place name for a sector: its ward's name, else its own name in title case. */
  placeName(index: number): string {
    const s = this.sectors[index] as PreparedSector;
    const ward = s.wardCode ? this.wardNames[s.wardCode] : undefined;
    return ward ?? titleCase(s.name);
  }

  sampler(weight: (s: PreparedSector, index: number) => number): WeightedSampler {
    return new WeightedSampler(this.sectors.map(weight));
  }

  /** Uniform point inside the sector and the boundary (rejection sampling in the sector's box). */
  randomPointInSector(rng: Rng, index: number): Position {
    const s = this.sectors[index] as PreparedSector;
    const { minX, minY, maxX, maxY } = s.area.bbox;
    for (let tries = 0; tries < 100_000; tries++) {
      const p = roundPosition([rng.range(minX, maxX), rng.range(minY, maxY)]);
      if (contains(s.area, p) && this.inBoundary(p)) return p;
    }
    throw new RangeError(`sector ${s.code}: no point found inside it and the boundary`);
  }

  /** Uniform point inside the boundary. */
  randomPointInBoundary(rng: Rng): Position {
    const { minX, minY, maxX, maxY } = this.boundary.bbox;
    for (let tries = 0; tries < 100_000; tries++) {
      const p = roundPosition([rng.range(minX, maxX), rng.range(minY, maxY)]);
      if (this.inBoundary(p)) return p;
    }
    throw new RangeError('no point found inside the boundary');
  }

  /** Gaussian scatter around a centre (sigma in metres); draws outside the boundary are redrawn. */
  pointNear(rng: Rng, centre: Position, sigmaM: number): Position {
    for (let tries = 0; tries < 1000; tries++) {
      const p = roundPosition(offsetMetres(centre, rng.normal() * sigmaM, rng.normal() * sigmaM));
      if (this.inBoundary(p)) return p;
    }
    return roundPosition(centre);
  }

  /** A fixed point inside the sector (and boundary) near its centroid: where sector-precision points go. */
  labelPoint(index: number): Position {
    let p = this.labelPoints.get(index);
    if (!p) {
      const s = this.sectors[index] as PreparedSector;
      p = roundPosition(interiorPoint(s.area, (q) => this.inBoundary(roundPosition(q))));
      this.labelPoints.set(index, p);
    }
    return p;
  }
}

/** "STWG.'S GRAVENBRAKEL-OOST-KERN" → "Stwg.'s Gravenbrakel-Oost-Kern". */
export function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[\s\-(/])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}
