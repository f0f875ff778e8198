import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidParameterError } from '../layers/filters.ts';

/**
 * Refuses a NUL character (U+0000) anywhere in a path parameter, query value or JSON body
 * (strings and object keys): PostgreSQL text and jsonb cannot hold one, so it would fail in the
 * database as a 500 (the fuzz suite found `%00` as a text feature id). Checked once for every
 * route before validation, so the 400 names where it was, as Ajv's paths do ("extra/deep/1").
 */
export default fp(
  async function nulCharacters(app: FastifyInstance) {
    app.addHook('preValidation', async (request) => {
      const where = placeInFields(request.params) ?? placeInFields(request.query) ?? placeOfNul(request.body);
      if (where !== null) {
        // A key can hold the NUL itself: shown escaped.
        const name = where === '' ? 'body' : where.replaceAll('\u0000', '\\u0000');
        throw new InvalidParameterError(name, `${name} contains a NUL character (U+0000), which cannot be stored`);
      }
    });
  },
  { name: 'nul-characters' },
);

/** Fastify's params and query objects (a prototype of their own): their members, as in a body. */
function placeInFields(fields: unknown): string | null {
  if (typeof fields !== 'object' || fields === null) return null;
  return placeOfNul({ ...fields });
}

/** A value met in the walk, with how it was reached (the path is built only when needed). */
interface Step {
  value: unknown;
  key: string | null;
  parent: Step | null;
}

/**
 * The slash-separated path of the first string or key holding a NUL; '' for the value itself;
 * null when none. Walks with its own stack: a body may nest 100,000 levels deep.
 */
export function placeOfNul(value: unknown): string | null {
  const stack: Step[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const current = step.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return pathOf(step);
      continue;
    }
    if (Array.isArray(current)) {
      // Last to first, so that items are looked at in document order.
      for (let i = current.length - 1; i >= 0; i--) push(stack, current[i], String(i), step);
    } else if (isPlainObject(current)) {
      const keys = Object.keys(current);
      const bad = keys.find((key) => key.includes('\u0000'));
      if (bad !== undefined) return pathOf({ value: current[bad], key: bad, parent: step });
      for (let i = keys.length - 1; i >= 0; i--) push(stack, current[keys[i]!], keys[i]!, step);
    }
  }
  return null;
}

// Numbers, booleans and null cannot hold a NUL: not worth a step (a geometry has millions).
function push(stack: Step[], value: unknown, key: string, parent: Step): void {
  if (typeof value === 'string' || (typeof value === 'object' && value !== null)) stack.push({ value, key, parent });
}

function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let s: Step | null = step; s !== null && s.key !== null; s = s.parent) keys.push(s.key);
  return keys.reverse().join('/');
}

// Parsed JSON; never a Buffer or stream (uploads).
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
