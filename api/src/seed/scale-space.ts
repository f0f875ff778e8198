import { readFile } from 'node:fs/promises';
import { DEFAULT_SEED } from './demo.ts';
import { areaM2, contains, offsetMetres, toArea, type Area, type BBox, type Position } from './geo.ts';
import { GEODATA_DIR, parseAreaFeatures } from './geodata.ts';
import { HALLE_HOTSPOTS } from './incidents.ts';
import { roundPosition } from './placement.ts';
import { createRng, deriveSeed, WeightedSampler, type Rng } from './prng.ts';

/*
 * Where the scale data set's points fall (see scale.ts): the region, either the Flemish and
 * Brussels municipalities or a plain box, and the clusters in it.
 */

export const MUNICIPALITIES_FILE = 'vlaanderen_brussel_gemeenten_2025.geojson';
/** Centre of the benchmark tile set (zooms 10–16). */
export const HALLE_CENTRE: Position = [4.2373, 50.7339];

/** One cluster per this many km² of region: about 2,750 over Flanders and Brussels. */
const KM2_PER_CLUSTER = 5;
const MIN_CLUSTERS = 10;
/** A continent-sized --bbox must not build millions of clusters. */
const MAX_CLUSTERS = 20_000;
/** Share of points spread uniformly over the region (countryside). */
export const BACKGROUND_SHARE = 0.1;
/** Share of points in the Halle-centre clusters, when Halle is in the region. */
const HALLE_SHARE = 0.015;
/** Cluster centres are drawn ∝ area × this factor in the regional cities, so towns get more clusters. */
const URBAN_FACTOR = 6;
/** Cluster sizes are lognormal, so a few are town-sized and most are villages. */
const CLUSTER_WEIGHT_SIGMA = 1.2;
const CLUSTER_SIGMA_M = { median: 250, min: 100, max: 2500 };
/** Cell size of the containment grid: about 0.7 × 1.1 km. */
const GRID_DEGREES = 0.01;

/** The 13 Flemish centrumsteden and the 19 Brussels municipalities (NIS codes of 2025). */
export const URBAN_MUNICIPALITIES: ReadonlySet<string> = new Set([
  '41002', // Aalst
  '11002', // Antwerpen
  '31005', // Brugge
  '71016', // Genk
  '44021', // Gent
  '71072', // Hasselt (merged with Kortessem in 2025)
  '34022', // Kortrijk
  '24062', // Leuven
  '12025', // Mechelen
  '35013', // Oostende
  '36015', // Roeselare
  '46021', // Sint-Niklaas
  '13040', // Turnhout
  ...Array.from({ length: 19 }, (_, i) => String(21001 + i)),
]);

function hotspot(name: 'station' | 'markt'): { position: Position; sigmaM: number } {
  const spec = HALLE_HOTSPOTS[name];
  if (!('position' in spec)) throw new Error(`Halle hotspot ${name} has no fixed position`);
  return spec;
}

/** Station and market square as in the demo, plus the wider town centre. Shares are of HALLE_SHARE. */
const HALLE_CLUSTERS: readonly { position: Position; sigmaM: number; share: number }[] = [
  { ...hotspot('station'), share: 0.3 },
  { ...hotspot('markt'), share: 0.3 },
  { position: HALLE_CENTRE, sigmaM: 900, share: 0.4 },
];

export type BBoxTuple = readonly [west: number, south: number, east: number, north: number];

export function checkBBox(bbox: BBoxTuple): BBox {
  const [minX, minY, maxX, maxY] = bbox;
  if (bbox.length !== 4 || ![minX, minY, maxX, maxY].every(Number.isFinite)) {
    throw new RangeError('bbox must be four finite numbers west,south,east,north');
  }
  if (minX < -180 || maxX > 180 || minY < -90 || maxY > 90)
    throw new RangeError('bbox must lie within lon ±180, lat ±90');
  if (!(minX < maxX && minY < maxY)) throw new RangeError('bbox must have west < east and south < north');
  return { minX, minY, maxX, maxY };
}

export interface ScaleMunicipality {
  code: string;
  name: string;
  area: Area;
  areaM2: number;
}

/** Either the municipalities (points inside one of them) or a plain box. */
export type ScaleRegion = { municipalities: readonly ScaleMunicipality[] } | { bbox: BBox };

export async function readScaleMunicipalities(dir: URL = GEODATA_DIR): Promise<ScaleMunicipality[]> {
  const text = await readFile(new URL(MUNICIPALITIES_FILE, dir), 'utf8');
  return parseAreaFeatures(text, MUNICIPALITIES_FILE, 'geoitem', 'naam').map((f) => ({
    code: f.code,
    name: f.name,
    area: toArea(f.coords),
    areaM2: areaM2(f.coords),
  }));
}

/**
 * Fast point-in-municipality lookup for millions of points. A grid over the region stores, per
 * cell, the municipality edges touching it; a cell without edges lies wholly inside one
 * municipality (or outside all) and keeps that answer. A point in a cell with edges casts the
 * even-odd ray of geo.ts's `contains` to the east, but only until the first edge-free cell,
 * whose known answer stands for the rest of the ray. Same formula, so the same result.
 */
export class MunicipalityIndex {
  private readonly columns: number;
  private readonly rows: number;
  /** Per cell: -2 when edges touch it, else the municipality holding it (-1: none). */
  private readonly cellOwner: Int32Array;
  private readonly cellEdges: Int32Array[];
  /** Per edge: xi, yi, xj, yj, as `contains` sees the pair of vertices. */
  private readonly edges: Float64Array;
  private readonly edgeOwner: Int32Array;
  private readonly parity: Uint8Array;
  private readonly touched: number[] = [];

  constructor(
    private readonly municipalities: readonly ScaleMunicipality[],
    readonly bbox: BBox,
    private readonly step = GRID_DEGREES,
  ) {
    this.columns = Math.max(1, Math.ceil((bbox.maxX - bbox.minX) / step));
    this.rows = Math.max(1, Math.ceil((bbox.maxY - bbox.minY) / step));
    const edges: number[] = [];
    const owners: number[] = [];
    municipalities.forEach((m, owner) => {
      for (const polygon of m.area.coords) {
        for (const ring of polygon) {
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const [xi, yi] = ring[i] as Position;
            const [xj, yj] = ring[j] as Position;
            edges.push(xi, yi, xj, yj);
            owners.push(owner);
          }
        }
      }
    });
    this.edges = Float64Array.from(edges);
    this.edgeOwner = Int32Array.from(owners);
    this.parity = new Uint8Array(municipalities.length);

    const lists: number[][] = Array.from({ length: this.columns * this.rows }, () => []);
    // A hair wider than the edge's box, so a cell whose border an edge merely touches is not edge-free.
    const eps = 1e-9;
    for (let e = 0; e < owners.length; e++) {
      const [xi, yi, xj, yj] = this.edges.subarray(e * 4, e * 4 + 4) as unknown as [number, number, number, number];
      const c0 = this.column(Math.min(xi, xj) - eps);
      const c1 = this.column(Math.max(xi, xj) + eps);
      const r0 = this.row(Math.min(yi, yj) - eps);
      const r1 = this.row(Math.max(yi, yj) + eps);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) lists[r * this.columns + c]?.push(e);
    }
    this.cellEdges = lists.map((list) => Int32Array.from(list));
    this.cellOwner = new Int32Array(lists.length);
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.columns; c++) {
        const cell = r * this.columns + c;
        if ((lists[cell] as number[]).length > 0) {
          this.cellOwner[cell] = -2;
          continue;
        }
        const centre: Position = [bbox.minX + (c + 0.5) * step, bbox.minY + (r + 0.5) * step];
        this.cellOwner[cell] = municipalities.findIndex((m) => contains(m.area, centre));
      }
    }
  }

  private column(x: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor((x - this.bbox.minX) / this.step)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.bbox.minY) / this.step)));
  }

  /** Index of the municipality holding the point, or -1. */
  find(p: Position): number {
    const [x, y] = p;
    const b = this.bbox;
    if (!(x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY)) return -1;
    const rowStart = this.row(y) * this.columns;
    const { edges, edgeOwner, parity, touched } = this;
    let reference = -1;
    for (let c = this.column(x); c < this.columns; c++) {
      const owner = this.cellOwner[rowStart + c] as number;
      if (owner !== -2) {
        reference = owner;
        break;
      }
      // Crossings of the eastward ray inside this column; each crossing belongs to exactly one column.
      for (const e of this.cellEdges[rowStart + c] as Int32Array) {
        const o = e * 4;
        const xi = edges[o] as number;
        const yi = edges[o + 1] as number;
        const xj = edges[o + 2] as number;
        const yj = edges[o + 3] as number;
        if (yi > y === yj > y) continue;
        const cross = ((xj - xi) * (y - yi)) / (yj - yi) + xi;
        if (x < cross && this.column(cross) === c) {
          const m = edgeOwner[e] as number;
          if (parity[m] === 0) touched.push(m);
          parity[m] = (parity[m] as number) ^ 1;
        }
      }
    }
    // Inside m where the ray's far end is inside m XOR it crossed m's edges an odd number of times.
    let found = -1;
    if (reference >= 0 && parity[reference] === 0) found = reference;
    for (const m of touched) {
      if (found < 0 && m !== reference && parity[m] === 1) found = m;
      parity[m] = 0;
    }
    touched.length = 0;
    return found;
  }
}

export interface ScaleCluster {
  centre: Position;
  sigmaM: number;
  weight: number;
}

function unionBBox(boxes: readonly BBox[]): BBox {
  return boxes.reduce(
    (u, b) => ({
      minX: Math.min(u.minX, b.minX),
      minY: Math.min(u.minY, b.minY),
      maxX: Math.max(u.maxX, b.maxX),
      maxY: Math.max(u.maxY, b.maxY),
    }),
    { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity },
  );
}

function boxAreaM2(b: BBox): number {
  const kx = 111_320 * Math.cos((((b.minY + b.maxY) / 2) * Math.PI) / 180);
  return (b.maxX - b.minX) * kx * (b.maxY - b.minY) * 111_320;
}

/**
 * The spatial model: a uniform background share, a few thousand lognormal-sized Gaussian
 * clusters whose centres fall ∝ area (× URBAN_FACTOR in the regional cities), and Halle's
 * centre clusters. Built once per seed and region; independent of the row counts.
 */
export class ScaleSpace {
  readonly bbox: BBox;
  readonly clusters: readonly ScaleCluster[];
  /** How many of `clusters` (at the end) are the fixed Halle ones. */
  readonly halleClusters: number;
  private readonly municipalities: readonly ScaleMunicipality[] | null;
  private readonly index: MunicipalityIndex | null;
  private readonly clusterSampler: WeightedSampler;

  constructor(region: ScaleRegion, seed: number) {
    const rng = createRng(deriveSeed(seed, 'scale-clusters'));
    let regionAreaM2: number;
    let centreSampler: WeightedSampler | null = null;
    if ('municipalities' in region) {
      if (region.municipalities.length === 0) throw new RangeError('no municipalities to place points in');
      this.municipalities = region.municipalities;
      this.bbox = unionBBox(region.municipalities.map((m) => m.area.bbox));
      this.index = new MunicipalityIndex(region.municipalities, this.bbox);
      centreSampler = new WeightedSampler(
        region.municipalities.map((m) => m.areaM2 * (URBAN_MUNICIPALITIES.has(m.code) ? URBAN_FACTOR : 1)),
      );
      regionAreaM2 = region.municipalities.reduce((sum, m) => sum + m.areaM2, 0);
    } else {
      this.municipalities = null;
      this.index = null;
      this.bbox = region.bbox;
      regionAreaM2 = boxAreaM2(region.bbox);
    }

    const count = Math.min(MAX_CLUSTERS, Math.max(MIN_CLUSTERS, Math.round(regionAreaM2 / 1e6 / KM2_PER_CLUSTER)));
    const clusters: ScaleCluster[] = [];
    for (let i = 0; i < count; i++) {
      const centre = centreSampler ? this.pointInMunicipality(rng, centreSampler.sample(rng)) : this.uniform(rng);
      const weight = Math.exp(CLUSTER_WEIGHT_SIGMA * rng.normal());
      // Bigger clusters spread wider, as towns do.
      const sigmaM = Math.min(
        CLUSTER_SIGMA_M.max,
        Math.max(CLUSTER_SIGMA_M.min, CLUSTER_SIGMA_M.median * weight ** 0.4),
      );
      clusters.push({ centre, sigmaM, weight });
    }
    const randomWeight = clusters.reduce((s, c) => s + c.weight, 0);
    const halle = HALLE_CLUSTERS.filter((c) => this.contains(c.position));
    const halleShare = halle.reduce((s, c) => s + c.share, 0);
    for (const c of halle) {
      // h / (1 − b) of the clustered points, which is HALLE_SHARE of all points at the default background b.
      const weight = (randomWeight * HALLE_SHARE * (c.share / halleShare)) / (1 - BACKGROUND_SHARE - HALLE_SHARE);
      clusters.push({ centre: roundPosition(c.position), sigmaM: c.sigmaM, weight });
    }
    this.clusters = clusters;
    this.halleClusters = halle.length;
    this.clusterSampler = new WeightedSampler(clusters.map((c) => c.weight));
  }

  /** The municipality holding the point (undefined outside them, and always for a plain box). */
  municipalityOf(p: Position): ScaleMunicipality | undefined {
    const i = this.index ? this.index.find(p) : -1;
    return i >= 0 ? this.municipalities?.[i] : undefined;
  }

  contains(p: Position): boolean {
    if (this.index) return this.index.find(p) >= 0;
    const b = this.bbox;
    return p[0] >= b.minX && p[0] <= b.maxX && p[1] >= b.minY && p[1] <= b.maxY;
  }

  /** Uniform over the region. */
  uniform(rng: Rng): Position {
    // Rejection in the region's box (Flanders and Brussels fill about 60 % of theirs); the
    // box test also catches a point that rounding pushed just outside a plain box.
    const b = this.bbox;
    for (let tries = 0; tries < 100_000; tries++) {
      const p = roundPosition([rng.range(b.minX, b.maxX), rng.range(b.minY, b.maxY)]);
      if (this.contains(p)) return p;
    }
    throw new RangeError('no point found inside the region');
  }

  private pointInMunicipality(rng: Rng, index: number): Position {
    const m = (this.municipalities as readonly ScaleMunicipality[])[index] as ScaleMunicipality;
    const { minX, minY, maxX, maxY } = m.area.bbox;
    for (let tries = 0; tries < 100_000; tries++) {
      const p = roundPosition([rng.range(minX, maxX), rng.range(minY, maxY)]);
      if (contains(m.area, p)) return p;
    }
    throw new RangeError(`municipality ${m.code}: no point found inside it`);
  }

  /** A point: uniform with probability `backgroundShare`, else Gaussian around a cluster centre. */
  point(rng: Rng, backgroundShare: number = BACKGROUND_SHARE): Position {
    if (rng.chance(backgroundShare)) return this.uniform(rng);
    const cluster = this.clusters[this.clusterSampler.sample(rng)] as ScaleCluster;
    for (let tries = 0; tries < 100; tries++) {
      const p = roundPosition(
        offsetMetres(cluster.centre, rng.normal() * cluster.sigmaM, rng.normal() * cluster.sigmaM),
      );
      if (this.contains(p)) return p;
    }
    return cluster.centre;
  }
}

/** Reads the municipalities unless a box is given, and builds the spatial model. */
export async function createScaleSpace(options: { bbox?: BBoxTuple; seed?: number }): Promise<ScaleSpace> {
  const seed = options.seed ?? DEFAULT_SEED;
  const region: ScaleRegion = options.bbox
    ? { bbox: checkBBox(options.bbox) }
    : { municipalities: await readScaleMunicipalities() };
  return new ScaleSpace(region, seed);
}
