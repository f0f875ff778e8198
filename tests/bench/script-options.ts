import { parseArgs, type ParseArgsConfig } from 'node:util';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/*
 * What the benchmark and load scripts share about their command line: a failure that is the
 * caller's or the machine's (a bad flag, a missing tool), reported as a message without a stack,
 * and the checks of their flags.
 */

/** The script cannot run as asked: its message is for the person who ran it. */
export class CannotRun extends Error {}

/** `parseArgs` with its errors (an unknown flag, a missing value) as CannotRun. */
export function parseFlags<const T extends FlagOptions>(args: string[], options: T) {
  try {
    return parseArgs({ args, options }).values;
  } catch (error) {
    throw new CannotRun((error as Error).message);
  }
}

/** A flag's value as a positive integer, or `fallback` when the flag is absent. */
export function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CannotRun(`--${flag} must be a positive integer`);
  return Number(value);
}
