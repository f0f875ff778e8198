import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from './errors.ts';

/** Where the staff's import page is served, and its file in the built front end (web/import.html). */
export const IMPORT_PAGE_PATH = '/import';
export const IMPORT_PAGE_FILE = 'import.html';

/**
 * GET /import: the upload page for coordinators and admins (issue 8), at a clean address. The
 * page holds no data: it asks the import API, which decides who may import, so it is served to
 * anyone and says itself when its visitor may not import. Like every page but the embed it
 * refuses to be framed (frame-policy). `no-cache`: after a new build it must name the new
 * (hashed) scripts at once.
 */
export default fp(
  async function importPage(app: FastifyInstance) {
    const file = path.join(app.config.webDistDir, IMPORT_PAGE_FILE);
    app.get(IMPORT_PAGE_PATH, async (_request, reply) => {
      let html: Buffer;
      try {
        html = await readFile(file);
      } catch {
        throw new HttpProblem(404, 'Not Found', 'The import page is not built: run `npm run build` on the server.');
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-cache')
        .header('X-Content-Type-Options', 'nosniff')
        .send(html);
    });
  },
  { name: 'import-page' },
);
