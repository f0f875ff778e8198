import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgis } from '../../api/src/db/embedded.ts';
import { applyMigrations } from '../../api/src/db/migrate.ts';

export type TestBackend = 'embedded' | 'server';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    backend: TestBackend;
  }
}

/**
 * One database per API test run, on the backend the project names: a throwaway embedded
 * PGlite + PostGIS, or a fresh database on the PostGIS server at TEST_DATABASE_URL.
 * Migrations are applied and the hand-checkable fixture loaded before any test runs.
 */
export default async function setup(project: TestProject) {
  // Global setup runs in the main process, outside the project's `env`: the name tells.
  const backend: TestBackend = project.name.endsWith('-server') ? 'server' : 'embedded';
  let databaseUrl: string;
  let teardown: () => Promise<void>;

  if (backend === 'embedded') {
    const embedded = await startEmbeddedPostgis('memory://');
    databaseUrl = `postgresql://postgres@${embedded.host}:${embedded.port}/postgres`;
    teardown = () => embedded.stop();
  } else {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) {
      throw new Error(
        'TEST_DATABASE_URL must name a PostgreSQL server with PostGIS for the server-backend suite (see README)',
      );
    }
    const name = `liveability_test_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    teardown = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await applyMigrations(pool);
    await pool.query(await readFile(new URL('../fixtures/api-fixture.sql', import.meta.url), 'utf8'));
  } finally {
    await pool.end();
  }

  project.provide('databaseUrl', databaseUrl);
  project.provide('backend', backend);
  return teardown;
}
