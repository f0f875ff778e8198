import { parseArgs } from 'node:util';
import type { ScaleOptions } from './scale.ts';
import { checkBBox, type BBoxTuple } from './scale-space.ts';

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
