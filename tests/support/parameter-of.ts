import { InvalidParameterError } from '../../api/src/layers/filters.ts';

/** The parameter an InvalidParameterError names, or undefined when `fn` does not throw one. */
export function parameterOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidParameterError) return error.parameter;
    throw error;
  }
  return undefined;
}
