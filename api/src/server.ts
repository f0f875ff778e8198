import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { loggerOptions } from './logging.ts';
import { hasDemoData, loadDemoData } from './seed/load-demo.ts';

/** Starts the whole thing: database (server or embedded), demo data on first start, HTTP. */
async function main() {
  const started = performance.now();
  const config = loadConfig();
  const db = await openDatabase(config);
  if (config.seedOnStart && !(await hasDemoData(db.pool))) {
    const counts = await loadDemoData(db.pool);
    console.log(`Loaded Halle demo data: ${JSON.stringify(counts)}`);
  }
  const app = await buildApp({ config, db, logger: loggerOptions(config.logLevel), scheduleRetention: true });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Leefbaarheidskaart Halle (${db.backend} database) ready in ${seconds} s at http://${host}:${port}/`);

  // SIGTERM (docker stop, systemd, an orchestrator): stop taking connections, let the requests
  // in flight finish, close the pool, exit 0. A request that will not finish must not keep the
  // process up forever: after SHUTDOWN_TIMEOUT_SECONDS it exits 1 regardless.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'requests still in flight at the shutdown timeout');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    try {
      await app.close(); // refuses new connections, waits for the requests in flight
      await db.close();
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    app.log.info('shut down');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Could not start the server:', error);
  process.exit(1);
});
