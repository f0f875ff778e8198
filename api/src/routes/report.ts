import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { InvalidParameterError } from '../layers/filters.ts';
import { computePriorities } from '../priorities/service.ts';
import { parseReportQuery, reportLangOf } from '../report/params.ts';
import {
  focusThemes,
  mapExtent,
  municipalityName,
  reportFocusAreas,
  reportSignalCounts,
  sectorShapes,
  wardNames,
} from '../report/queries.ts';
import { viewerOf } from '../privacy/viewer.ts';
import { renderBadParameter, renderReport, renderSignIn } from '../report/render.ts';
import { REPORT_CSS_HASH } from '../report/styles.ts';

/*
 * The page is HTML for people, so its refusals are HTML too: a small page in the reader's
 * language, not a problem+json a browser would show as raw text. No script runs on it, and
 * the policy says so: only its own inline style sheet applies.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src '${REPORT_CSS_HASH}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

function sendPage(reply: FastifyReply, status: number, lang: string, body: string) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Content-Language', lang)
    .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'private, no-store')
    .send(body);
}

/**
 * GET /report?theme=…&year=YYYY[&weights=…][&lang=nl|en]: the yearly report, staff only (the
 * auth plugin reads the session for /report as for the API).
 */
const reportRoutes: FastifyPluginAsync = async (app) => {
  app.get('/report', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (viewerOf(request) !== 'staff') {
      const lang = reportLangOf(query);
      return sendPage(reply, 401, lang, renderSignIn(lang));
    }
    let parsed;
    try {
      parsed = parseReportQuery(query);
    } catch (error) {
      if (!(error instanceof InvalidParameterError)) throw error;
      const lang = reportLangOf(query);
      return sendPage(reply, 400, lang, renderBadParameter(lang, error.parameter, error.message));
    }

    const started = performance.now();
    const db = app.db.pool;
    const { theme, period, weights, year } = parsed;
    // One query after another: the embedded database serves a single connection anyway.
    // The same counts cache as GET /api/priorities: a report after the ranking costs no recount.
    const priorities = await computePriorities(db, { theme, period, weights }, app.priorityCounts);
    const afterPriorities = performance.now();
    const themes = focusThemes(theme);
    const municipality = await municipalityName(db);
    const wards = await wardNames(db);
    const sectors = await sectorShapes(db);
    const extent = await mapExtent(db, themes);
    const focusAreas = await reportFocusAreas(db, themes, year);
    const signalCounts = await reportSignalCounts(
      db,
      focusAreas.map((area) => area.id),
      period,
    );
    const afterMap = performance.now();
    const page = renderReport({
      request: parsed,
      municipality,
      priorities,
      wards,
      sectors,
      extent,
      focusAreas,
      signalCounts,
      generatedAt: new Date(),
    });
    const done = performance.now();
    const ms = (a: number, b: number) => (b - a).toFixed(1);
    reply.header(
      'Server-Timing',
      `priorities;dur=${ms(started, afterPriorities)}, map;dur=${ms(afterPriorities, afterMap)}, render;dur=${ms(afterMap, done)}`,
    );
    return sendPage(reply, 200, parsed.lang, page);
  });
};

export default reportRoutes;
