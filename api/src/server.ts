import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
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
  const app = await buildApp({ config, db, logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Leefbaarheidskaart Halle (${db.backend} database) ready in ${seconds} s at http://${host}:${port}/`);

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close(); // lets in-flight requests finish
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Could not start the server:', error);
  process.exit(1);
});
