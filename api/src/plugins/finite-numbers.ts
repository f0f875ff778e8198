import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidParameterError } from '../layers/filters.ts';

/**
 * Refuses a path or query value that the validator coerced to ±Infinity: Ajv's type coercion
 * reads "Infinity" or "1e999" as a number, and its integer check lets Infinity through, so a
 * route would pass it to PostgreSQL (found by the fuzz suite). Checked once for every route,
 * after validation, rather than in every schema.
 */
export default fp(
  async function finiteNumbers(app: FastifyInstance) {
    app.addHook('preHandler', async (request) => {
      for (const values of [request.params, request.query]) {
        if (typeof values !== 'object' || values === null) continue;
        for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
          if (typeof value === 'number' && !Number.isFinite(value)) {
            throw new InvalidParameterError(name, `${name} must be a finite number`);
          }
        }
      }
    });
  },
  { name: 'finite-numbers' },
);
