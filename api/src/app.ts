import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import auth from './plugins/auth.ts';
import embedPage from './plugins/embed-page.ts';
import importPage from './plugins/import-page.ts';
import finiteNumbers from './plugins/finite-numbers.ts';
import nulCharacters from './plugins/nul-characters.ts';
import framePolicy from './plugins/frame-policy.ts';
import securityHeaders from './plugins/security-headers.ts';
import { REQUEST_ID_HEADER, requestIdFor } from './logging.ts';
import anonymousRateLimit from './plugins/rate-limit.ts';
import { CountsCache } from './priorities/counts-cache.ts';
import type { IndicatorCounts } from './priorities/service.ts';
import errors, { frameworkErrorProblem } from './plugins/errors.ts';
import authRoutes from './routes/auth.ts';
import configRoutes from './routes/config.ts';
import densityRoutes from './routes/density.ts';
import exportRoutes from './routes/export.ts';
import figureRoutes from './routes/figures.ts';
import focusAreaRoutes from './routes/focus-areas.ts';
import healthRoutes from './routes/health.ts';
import hotspotRoutes from './routes/hotspots.ts';
import importRoutes from './routes/imports.ts';
import layerRoutes from './routes/layers.ts';
import neighbourhoodRoutes from './routes/neighbourhoods.ts';
import ogcRoutes from './routes/ogc.ts';
import priorityRoutes from './routes/priorities.ts';
import reportRoutes from './routes/report.ts';
import searchRoutes from './routes/search.ts';
import partnerRoutes from './routes/partners.ts';
import signalRoutes from './routes/signals.ts';
import { anonymiseClosedSignals, type RetentionSchedule, scheduleRetention } from './signals/retention.ts';
import tileRoutes from './routes/tiles.ts';
import { DataVersions } from './tiles/data-versions.ts';
import { type TileEncoder, TileService } from './tiles/tile-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    tiles: TileService;
    dataVersions: DataVersions;
    /** Counts behind the priority scores, per data version (priorities/counts-cache.ts). */
    priorityCounts: CountsCache<IndicatorCounts>;
    /** Rows of the figures and hexagons queries, per data version: a news story asks the same. */
    queryResults: CountsCache<unknown[]>;
  }
}

export interface AppOptions {
  config: Config;
  db: Database;
  logger?: FastifyServerOptions['logger'];
  /** Force the fallback tile encoder (tests compare it with PostGIS's own). */
  tileEncoder?: TileEncoder;
  /**
   * Run the signals' retention job when the app is ready and every 24 h after (the server does;
   * tests leave it off, so no run can empty the rows a test has just written).
   */
  scheduleRetention?: boolean;
}

/** Builds the app without listening, so tests can `inject` requests into the real thing. */
export async function buildApp({ config, db, logger = false, tileEncoder, scheduleRetention: retention }: AppOptions) {
  const app = Fastify({
    logger,
    // A sane X-Request-Id from a proxy is kept (logging.ts), else a UUID; logged as `reqId`.
    genReqId: requestIdFor,
    // Most bodies are small JSON; the geometry routes and the import upload have their own limits.
    bodyLimit: config.bodyLimitBytes,
    // Query strings are validated against each route's schema; coerce "10" to 10 there.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
    // A malformed or too long path is a problem+json like every other error (plugins/errors.ts).
    frameworkErrors: frameworkErrorProblem,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  // The id goes back to the caller, so a user's report ("request … failed") finds its log lines.
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.decorate('db', db);
  // One LISTEN connection tells every cache of derived results when a data table changes.
  const dataVersions = await new DataVersions(db).start();
  app.decorate('dataVersions', dataVersions);
  app.decorate('priorityCounts', new CountsCache<IndicatorCounts>(dataVersions));
  app.decorate('queryResults', new CountsCache<unknown[]>(dataVersions, 2048));
  const tiles = await TileService.create(
    db,
    { cacheBytes: config.tileCacheBytes, aggregateBelowZoom: config.tileAggregateBelowZoom },
    tileEncoder,
    dataVersions,
  );
  app.decorate('tiles', tiles);
  // preClose: the LISTEN connection goes back to the pool before anyone ends the pool.
  app.addHook('preClose', async () => {
    await tiles.close();
    await dataVersions.close();
  });
  await app.register(errors);
  await app.register(finiteNumbers);
  await app.register(nulCharacters);
  // Before any route: sets request.user and refuses cross-site writes.
  await app.register(auth);
  // After auth (staff are exempt) and before any route (the limit is attached per route).
  await app.register(anonymousRateLimit);
  // nosniff, referrer, page CSP, COOP, HSTS and body limits; before frame-policy and every route.
  await app.register(securityHeaders);
  // Who may frame what, on every response; then the one page that may be framed.
  await app.register(framePolicy);
  await app.register(embedPage);
  await app.register(importPage);
  await app.register(authRoutes);
  await app.register(healthRoutes);
  await app.register(configRoutes);
  await app.register(layerRoutes);
  await app.register(tileRoutes);
  await app.register(exportRoutes);
  await app.register(ogcRoutes);
  await app.register(densityRoutes);
  await app.register(hotspotRoutes);
  await app.register(searchRoutes);
  await app.register(neighbourhoodRoutes);
  await app.register(figureRoutes);
  await app.register(priorityRoutes);
  await app.register(reportRoutes);
  await app.register(importRoutes);
  // After the figures routes: those own POST /api/focus-areas/repair.
  await app.register(focusAreaRoutes);
  await app.register(partnerRoutes);
  await app.register(signalRoutes);
  if (retention) {
    // Closed signals lose their personal data after SIGNAL_RETENTION_MONTHS (signals/retention.ts).
    let schedule: RetentionSchedule | null = null;
    app.addHook('onReady', async () => {
      schedule = scheduleRetention(() => anonymiseClosedSignals(db.pool, config.signalRetentionMonths), app.log);
    });
    // preClose: a run in progress ends before anyone ends the pool.
    app.addHook('preClose', async () => {
      await schedule?.stop();
    });
  }

  if (existsSync(config.webDistDir)) {
    await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false });
  } else {
    app.log.warn({ dir: config.webDistDir }, 'front end not built: run `npm run build` to serve the map');
  }
  return app;
}
