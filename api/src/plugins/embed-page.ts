import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from './errors.ts';
import { EMBED_PATH } from './frame-policy.ts';

/** The embed's page in the built front end (Vite's second entry, web/embed.html). */
export const EMBED_FILE = 'embed.html';

/**
 * GET /embed: the public, read-only map other sites frame (its query string is read by the page
 * itself). Its framing policy is set by the frame-policy plugin. It never sets a cookie: the
 * page does not sign anyone in, and its own requests go without credentials, so a planner who
 * is signed in sees in an embed exactly what the public sees. `no-cache`: after a new build the
 * page must name the new (hashed) scripts at once.
 */
export default fp(
  async function embedPage(app: FastifyInstance) {
    const file = path.join(app.config.webDistDir, EMBED_FILE);
    app.get(EMBED_PATH, async (_request, reply) => {
      let html: Buffer;
      try {
        html = await readFile(file);
      } catch {
        throw new HttpProblem(404, 'Not Found', 'The embed is not built: run `npm run build` on the server.');
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-cache')
        .header('X-Content-Type-Options', 'nosniff')
        .send(html);
    });
  },
  { name: 'embed-page', dependencies: ['frame-policy'] },
);
