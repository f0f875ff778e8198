import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../db/database.ts';
import { DEFAULT_SEED } from './demo.ts';
import { areaM2, contains, offsetMetres, toArea, type Area, type BBox, type Position } from './geo.ts';
import { GEODATA_DIR, parseAreaFeatures } from './geodata.ts';
import {
  HALLE_HOTSPOTS,
  INCIDENT_CATEGORIES,
  INCIDENT_MODELS,
  INCIDENT_PERIOD,
  type IncidentCategory,
  type IncidentSource,
  type LocationPrecision,
} from './incidents.ts';
import { roundPosition, titleCase } from './placement.ts';
import { createRng, deriveSeed, WeightedSampler, type Rng } from './prng.ts';
import { brusselsToUtc, dayNumber, isoDate } from './time.ts';
import {
  VACANCY_KINDS,
  VACANCY_REFERENCE_DATE,
  VACANCY_STATUSES,
  type VacancyKind,
  type VacancyStatus,
} from './vacancy.ts';
import { YOUTH_COUNTS, YOUTH_KINDS, type YouthKind } from './youth.ts';

/*
 * A large synthetic data set for vector-tile benchmarks (`npm run seed:scale`): incidents, and
 * optionally vacant buildings and youth facilities, spread over Flanders and Brussels (or a box)
 * in Gaussian clusters, denser in the regional cities, with a few dense clusters in Halle's
 * centre where the benchmark tiles are. Categories, times and seasons follow the demo models.
 * Rows are generated lazily and streamed into the database, never held all at once.
 */

export const MUNICIPALITIES_FILE = 'vlaanderen_brussel_gemeenten_2025.geojson';
/** Centre of the benchmark tile set (zooms 10–16). */
export const HALLE_CENTRE: Position = [4.2373, 50.7339];
export const SOURCE_ID_PREFIX = {
  incidents: 'SCALE-INC-',
  vacantBuildings: 'SCALE-LEEG-',
  youthFacilities: 'SCALE-JEUGD-',
};

/** One cluster per this many km² of region: about 2,750 over Flanders and Brussels. */
const KM2_PER_CLUSTER = 5;
const MIN_CLUSTERS = 10;
/** A continent-sized --bbox must not build millions of clusters. */
const MAX_CLUSTERS = 20_000;
/** Share of points spread uniformly over the region (countryside). */
const BACKGROUND_SHARE = 0.1;
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

// The demo generator keeps these tables private; the same values, so the layers look alike.
const PRECISION_SHARES: readonly [LocationPrecision, number][] = [
  ['exact', 0.8],
  ['straat', 0.14],
  ['sector', 0.06],
];
/** Grid steps in degrees: street ≈ 100 m as in the demo; no sectors here, so ≈ 500 m stands in for them. */
const SNAP_DEGREES: Readonly<Record<LocationPrecision, number>> = { exact: 0, straat: 0.001, sector: 0.005 };
const VACANCY_KIND_SHARES: Readonly<Record<VacancyKind, number>> = { woning: 0.7, gebouw: 0.17, bedrijfsruimte: 0.13 };
const VACANCY_STATUS_SHARES: Readonly<Record<VacancyKind, readonly number[]>> = {
  woning: [0.45, 0.25, 0.18, 0.12],
  gebouw: [0.65, 0.35, 0, 0],
  bedrijfsruimte: [0.65, 0.35, 0, 0],
};
const VACANCY_YEARS = 6;
const YOUTH_PUBLIC_SHARE: Readonly<Record<YouthKind, number>> = {
  jeugdhuis: 1,
  jeugdbeweging: 0.15,
  speelplein: 1,
  speeltuin: 1,
  sportveld: 0.75,
  skatepark: 1,
  school: 0.1,
};

export type BBoxTuple = readonly [west: number, south: number, east: number, north: number];

export interface ScaleOptions {
  incidents: number;
  /** Default: incidents / 20. */
  vacantBuildings?: number;
  /** Default: incidents / 200. */
  youthFacilities?: number;
  /** Points inside this box (WGS 84) instead of inside the Flemish and Brussels municipalities. */
  bbox?: BBoxTuple;
  seed?: number;
}

export interface ScaleCounts {
  incidents: number;
  vacantBuildings: number;
  youthFacilities: number;
}

function checkCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** The row counts a load produces, with the defaults filled in. */
export function resolveCounts(options: ScaleOptions): ScaleCounts {
  const incidents = checkCount('incidents', options.incidents);
  return {
    incidents,
    vacantBuildings: checkCount('vacant buildings', options.vacantBuildings ?? Math.floor(incidents / 20)),
    youthFacilities: checkCount('youth facilities', options.youthFacilities ?? Math.floor(incidents / 200)),
  };
}

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

// ---------------------------------------------------------------------------------------------
// Where: the region and its clusters

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
export async function createScaleSpace(options: Pick<ScaleOptions, 'bbox' | 'seed'>): Promise<ScaleSpace> {
  const seed = options.seed ?? DEFAULT_SEED;
  const region: ScaleRegion = options.bbox
    ? { bbox: checkBBox(options.bbox) }
    : { municipalities: await readScaleMunicipalities() };
  return new ScaleSpace(region, seed);
}

// ---------------------------------------------------------------------------------------------
// What and when: rows, generated lazily

export interface ScaleIncident {
  sourceId: string;
  category: IncidentCategory;
  /** UTC instant, ISO 8601. */
  occurredAt: string;
  source: IncidentSource;
  locationPrecision: LocationPrecision;
  position: Position;
}

export interface ScaleVacantBuilding {
  sourceId: string;
  address: string;
  kind: VacancyKind;
  status: VacancyStatus;
  registeredOn: string;
  resolvedOn: string | null;
  position: Position;
}

export interface ScaleYouthFacility {
  sourceId: string;
  name: string;
  kind: YouthKind;
  isPublic: boolean;
  position: Position;
}

const sourceId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(7, '0')}`;

interface Day {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

function periodDays(): Day[] {
  const days: Day[] = [];
  for (let n = dayNumber(INCIDENT_PERIOD.from); n <= dayNumber(INCIDENT_PERIOD.to); n++) {
    const d = new Date(isoDate(n));
    days.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() });
  }
  return days;
}

/** Hour-of-day sampler per month and weekday, with the demo's winter hours and weekend-night boost. */
function hourSamplers(category: IncidentCategory): WeightedSampler[] {
  const model = INCIDENT_MODELS[category];
  const samplers: WeightedSampler[] = [];
  for (let month = 1; month <= 12; month++) {
    const winter = month >= 11 || month <= 2;
    const base = winter && model.winterHours ? model.winterHours : model.hours;
    for (let weekday = 0; weekday < 7; weekday++) {
      const weekendNight = (h: number) =>
        (h >= 21 && (weekday === 5 || weekday === 6)) || (h < 4 && (weekday === 6 || weekday === 0));
      samplers.push(new WeightedSampler(base.map((w, h) => w * (weekendNight(h) ? (model.weekendNights ?? 1) : 1))));
    }
  }
  return samplers;
}

function snap(space: ScaleSpace, precision: LocationPrecision, exact: Position): [LocationPrecision, Position] {
  const step = SNAP_DEGREES[precision];
  if (step === 0) return [precision, exact];
  const snapped = roundPosition([Math.round(exact[0] / step) * step, Math.round(exact[1] / step) * step]);
  return space.contains(snapped) ? [precision, snapped] : ['exact', exact];
}

/** `count` incidents, in source-id order; the same space, count and seed give the same rows. */
export function* generateScaleIncidents(space: ScaleSpace, count: number, seed: number): Generator<ScaleIncident> {
  const rng = createRng(deriveSeed(seed, 'scale-incidents'));
  const days = periodDays();
  const categorySampler = new WeightedSampler(INCIDENT_CATEGORIES.map((c) => INCIDENT_MODELS[c].share));
  const precisionSampler = new WeightedSampler(PRECISION_SHARES.map(([, w]) => w));
  const models = INCIDENT_CATEGORIES.map((category) => {
    const model = INCIDENT_MODELS[category];
    return {
      category,
      model,
      days: new WeightedSampler(days.map((d) => (model.months[d.month - 1] ?? 0) * (model.weekdays[d.weekday] ?? 0))),
      hours: hourSamplers(category),
      // Dumping also happens far from where people live ("anywhere" in the demo).
      background: Math.max(BACKGROUND_SHARE, model.space.anywhere ?? 0),
    };
  });
  for (let i = 1; i <= count; i++) {
    const m = models[categorySampler.sample(rng)] as (typeof models)[number];
    const day = days[m.days.sample(rng)] as Day;
    const hour = (m.hours[(day.month - 1) * 7 + day.weekday] as WeightedSampler).sample(rng);
    const occurredAt = brusselsToUtc(day.year, day.month, day.day, hour, rng.int(60)).toISOString();
    const exact = space.point(rng, m.background);
    const [locationPrecision, position] = snap(
      space,
      (PRECISION_SHARES[precisionSampler.sample(rng)] as [LocationPrecision, number])[0],
      exact,
    );
    yield {
      sourceId: sourceId(SOURCE_ID_PREFIX.incidents, i),
      category: m.category,
      occurredAt,
      source: rng.chance(m.model.meldpunt) ? 'meldpunt' : 'politie',
      locationPrecision,
      position,
    };
  }
}

/** Vacant buildings: kinds, statuses and resolution as in the demo register; fictional numbered streets. */
export function* generateScaleVacantBuildings(
  space: ScaleSpace,
  count: number,
  seed: number,
): Generator<ScaleVacantBuilding> {
  const rng = createRng(deriveSeed(seed, 'scale-vacant-buildings'));
  const kindSampler = new WeightedSampler(VACANCY_KINDS.map((k) => VACANCY_KIND_SHARES[k]));
  const statusSamplers = VACANCY_KINDS.map((k) => new WeightedSampler(VACANCY_STATUS_SHARES[k]));
  const reference = dayNumber(VACANCY_REFERENCE_DATE);
  const from = reference - Math.round(VACANCY_YEARS * 365.25);
  for (let i = 1; i <= count; i++) {
    const k = kindSampler.sample(rng);
    const registered = from + rng.int(reference - from);
    const age = reference - registered;
    let resolvedOn: string | null = null;
    // As in the demo: resolved with probability 0.65 · (1 − e^(−age / 2.5 y)), mostly within months.
    if (rng.chance(0.65 * (1 - Math.exp(-age / (2.5 * 365.25))))) {
      const latest = age - 1;
      resolvedOn = isoDate(registered + Math.min(latest, Math.max(14, Math.round(latest * rng.next() ** 1.6))));
    }
    yield {
      sourceId: sourceId(SOURCE_ID_PREFIX.vacantBuildings, i),
      address: `Fictieve straat ${1 + rng.int(5000)} nr. ${1 + rng.int(160)}`,
      kind: VACANCY_KINDS[k] as VacancyKind,
      status: VACANCY_STATUSES[(statusSamplers[k] as WeightedSampler).sample(rng)] as VacancyStatus,
      registeredOn: isoDate(registered),
      resolvedOn,
      // Vacancy sits in built-up areas: little background.
      position: space.point(rng, BACKGROUND_SHARE / 2),
    };
  }
}

/** Youth facilities: kinds in the demo's proportions, public shares as in the demo, numbered names. */
export function* generateScaleYouthFacilities(
  space: ScaleSpace,
  count: number,
  seed: number,
): Generator<ScaleYouthFacility> {
  const rng = createRng(deriveSeed(seed, 'scale-youth-facilities'));
  const kindSampler = new WeightedSampler(YOUTH_KINDS.map((k) => YOUTH_COUNTS[k]));
  for (let i = 1; i <= count; i++) {
    const kind = YOUTH_KINDS[kindSampler.sample(rng)] as YouthKind;
    yield {
      sourceId: sourceId(SOURCE_ID_PREFIX.youthFacilities, i),
      name: `${titleCase(kind)} ${i}`,
      kind,
      isPublic: rng.chance(YOUTH_PUBLIC_SHARE[kind]),
      position: space.point(rng, BACKGROUND_SHARE / 2),
    };
  }
}

/** Groups a lazy sequence into arrays of at most `size`. */
export function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

// ---------------------------------------------------------------------------------------------
// Loading

/** Rows per INSERT on the embedded backend (parameter arrays), and per text chunk for COPY. */
const INSERT_BATCH = 20_000;
const COPY_CHUNK = 2_000;

const POINT = 'ST_SetSRID(ST_MakePoint(lon, lat), 4326)';

// Hex EWKB of a 2D point with SRID 4326: PostGIS parses it faster than WKT.
const ewkb = Buffer.alloc(25);
ewkb.writeUInt8(1, 0); // little endian
ewkb.writeUInt32LE(0x20000001, 1); // Point, with SRID
ewkb.writeUInt32LE(4326, 5);
export function pointEwkbHex([lon, lat]: Position): string {
  ewkb.writeDoubleLE(lon, 9);
  ewkb.writeDoubleLE(lat, 17);
  return ewkb.toString('hex');
}

interface TableLoad<T> {
  table: string;
  prefix: string;
  copyColumns: string;
  copyLine(row: T): string;
  insertSql: string;
  insertParams(batch: readonly T[]): unknown[];
}

const INCIDENT_LOAD: TableLoad<ScaleIncident> = {
  table: 'incidents',
  prefix: SOURCE_ID_PREFIX.incidents,
  copyColumns: 'source_id, category, occurred_at, source, location_precision, synthetic, geom',
  copyLine: (r) =>
    `${r.sourceId}\t${r.category}\t${r.occurredAt}\t${r.source}\t${r.locationPrecision}\tt\t${pointEwkbHex(r.position)}\n`,
  insertSql: `INSERT INTO incidents (source_id, category, occurred_at, source, location_precision, synthetic, geom)
    SELECT source_id, category, occurred_at, source, location_precision, true, ${POINT}
    FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::float8[], $7::float8[])
      AS t(source_id, category, occurred_at, source, location_precision, lon, lat)`,
  insertParams: (b) => [
    b.map((r) => r.sourceId),
    b.map((r) => r.category),
    b.map((r) => r.occurredAt),
    b.map((r) => r.source),
    b.map((r) => r.locationPrecision),
    b.map((r) => r.position[0]),
    b.map((r) => r.position[1]),
  ],
};

const VACANT_LOAD: TableLoad<ScaleVacantBuilding> = {
  table: 'vacant_buildings',
  prefix: SOURCE_ID_PREFIX.vacantBuildings,
  copyColumns: 'source_id, address, kind, status, registered_on, resolved_on, synthetic, geom',
  copyLine: (r) =>
    `${r.sourceId}\t${r.address}\t${r.kind}\t${r.status}\t${r.registeredOn}\t${r.resolvedOn ?? '\\N'}\tt\t${pointEwkbHex(r.position)}\n`,
  insertSql: `INSERT INTO vacant_buildings (source_id, address, kind, status, registered_on, resolved_on, synthetic, geom)
    SELECT source_id, address, kind, status, registered_on, resolved_on, true, ${POINT}
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::float8[], $8::float8[])
      AS t(source_id, address, kind, status, registered_on, resolved_on, lon, lat)`,
  insertParams: (b) => [
    b.map((r) => r.sourceId),
    b.map((r) => r.address),
    b.map((r) => r.kind),
    b.map((r) => r.status),
    b.map((r) => r.registeredOn),
    b.map((r) => r.resolvedOn),
    b.map((r) => r.position[0]),
    b.map((r) => r.position[1]),
  ],
};

const YOUTH_LOAD: TableLoad<ScaleYouthFacility> = {
  table: 'youth_facilities',
  prefix: SOURCE_ID_PREFIX.youthFacilities,
  copyColumns: 'source_id, name, kind, is_public, synthetic, geom',
  copyLine: (r) => `${r.sourceId}\t${r.name}\t${r.kind}\t${r.isPublic ? 't' : 'f'}\tt\t${pointEwkbHex(r.position)}\n`,
  insertSql: `INSERT INTO youth_facilities (source_id, name, kind, is_public, synthetic, geom)
    SELECT source_id, name, kind, is_public, true, ${POINT}
    FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::float8[], $6::float8[])
      AS t(source_id, name, kind, is_public, lon, lat)`,
  insertParams: (b) => [
    b.map((r) => r.sourceId),
    b.map((r) => r.name),
    b.map((r) => r.kind),
    b.map((r) => r.isPublic),
    b.map((r) => r.position[0]),
    b.map((r) => r.position[1]),
  ],
};

/** COPY FROM STDIN, fed chunk by chunk: Readable.from pulls from the generator only as fast as the socket drains. */
async function copyRows<T>(
  client: pg.PoolClient,
  spec: TableLoad<T>,
  rows: Iterable<T>,
  progress: (n: number) => void,
): Promise<number> {
  function* text(): Generator<string> {
    for (const chunk of chunked(rows, COPY_CHUNK)) {
      let out = '';
      for (const row of chunk) out += spec.copyLine(row);
      yield out;
      progress(chunk.length);
    }
  }
  const stream = client.query(copyFrom(`COPY ${spec.table} (${spec.copyColumns}) FROM STDIN`));
  await pipeline(Readable.from(text()), stream);
  return stream.rowCount;
}

/** The embedded backend cannot COPY through pglite-socket: batched INSERT … SELECT FROM unnest. */
async function insertRows<T>(
  client: pg.PoolClient,
  spec: TableLoad<T>,
  rows: Iterable<T>,
  progress: (n: number) => void,
): Promise<number> {
  let inserted = 0;
  for (const batch of chunked(rows, INSERT_BATCH)) {
    const result = await client.query(spec.insertSql, spec.insertParams(batch));
    inserted += result.rowCount ?? 0;
    progress(batch.length);
  }
  return inserted;
}

export interface ScaleResult extends ScaleCounts {
  seconds: number;
}

/**
 * Replaces the SCALE-* rows of incidents, vacant_buildings and youth_facilities with a freshly
 * generated set, in one transaction (a failed load leaves the earlier rows as they were), then
 * analyses the tables (and vacuums them when rows were replaced). Other rows, such as the Halle
 * demo, are left alone. `onProgress` gets the number of rows sent so far, over all three tables.
 * Server: COPY FROM STDIN; embedded: batched INSERT (COPY breaks the pglite-socket connection).
 */
export async function loadScaleData(
  db: Database,
  options: ScaleOptions,
  onProgress?: (done: number) => void,
): Promise<ScaleResult> {
  const started = performance.now();
  const counts = resolveCounts(options);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  // Built before taking a connection: the embedded backend serves one client at a time.
  const space = await createScaleSpace({ ...options, seed });
  const load = db.backend === 'server' ? copyRows : insertRows;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done);
  };

  const client = await db.pool.connect();
  let releaseError: Error | undefined;
  let loaded: ScaleCounts;
  let replaced = 0;
  try {
    await client.query('BEGIN');
    for (const spec of [INCIDENT_LOAD, VACANT_LOAD, YOUTH_LOAD]) {
      const result = await client.query(`DELETE FROM ${spec.table} WHERE source_id LIKE $1`, [`${spec.prefix}%`]);
      replaced += result.rowCount ?? 0;
    }
    loaded = {
      incidents: await load(client, INCIDENT_LOAD, generateScaleIncidents(space, counts.incidents, seed), progress),
      vacantBuildings: await load(
        client,
        VACANT_LOAD,
        generateScaleVacantBuildings(space, counts.vacantBuildings, seed),
        progress,
      ),
      youthFacilities: await load(
        client,
        YOUTH_LOAD,
        generateScaleYouthFacilities(space, counts.youthFacilities, seed),
        progress,
      ),
    };
    await client.query('COMMIT');
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // A connection that cannot roll back must not go back into the pool.
      releaseError = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw new Error('loading the scale data failed; the database was left unchanged', { cause: error });
  } finally {
    client.release(releaseError);
  }
  // Fresh statistics, so the benchmark's query plans see the new row counts; after a
  // replacement also reclaim the dead rows, which would otherwise slow index scans until autovacuum.
  await db.pool.query(`${replaced > 0 ? 'VACUUM (ANALYZE)' : 'ANALYZE'} incidents, vacant_buildings, youth_facilities`);
  return { ...loaded, seconds: (performance.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// Command line (`npm run seed:scale`), parsed here so it can be tested without a database

export class UsageError extends Error {}

export const SCALE_USAGE =
  'usage: npm run seed:scale -- --incidents N [--vacant N] [--facilities N] [--bbox w,s,e,n] [--seed N]';

function parseCount(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new UsageError(`--${flag} must be a non-negative integer, got "${value}"`);
  }
  return n;
}

function parseBBoxFlag(value: string): BBoxTuple {
  const parts = value.split(',');
  const numbers = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 4 || !numbers.every(Number.isFinite)) {
    throw new UsageError(`--bbox must be four numbers west,south,east,north, got "${value}"`);
  }
  const bbox = numbers as unknown as BBoxTuple;
  try {
    checkBBox(bbox);
  } catch (error) {
    throw new UsageError(`--bbox ${(error as Error).message.replace(/^bbox /, '')}, got "${value}"`);
  }
  return bbox;
}

/** Parses the flags of `npm run seed:scale`; throws UsageError for anything it does not accept. */
export function parseScaleArgs(args: readonly string[]): ScaleOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        incidents: { type: 'string' },
        vacant: { type: 'string' },
        facilities: { type: 'string' },
        bbox: { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.incidents === undefined) throw new UsageError('--incidents is required');
  const options: ScaleOptions = { incidents: parseCount('incidents', values.incidents) };
  if (values.vacant !== undefined) options.vacantBuildings = parseCount('vacant', values.vacant);
  if (values.facilities !== undefined) options.youthFacilities = parseCount('facilities', values.facilities);
  if (values.bbox !== undefined) options.bbox = parseBBoxFlag(values.bbox);
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!/^-?\d+$/.test(values.seed) || !Number.isSafeInteger(seed)) {
      throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
    }
    options.seed = seed;
  }
  return options;
}
