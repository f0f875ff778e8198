import { defineConfig } from 'vitest/config';

const apiSuite = (backend: 'embedded' | 'server') => ({
  test: {
    name: `api-${backend}`,
    include: ['tests/api/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // One shared database per run; the embedded one serves a single connection.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

// Property-based fuzzing of every route: `npm run test:fuzz` (embedded) and `test:fuzz:server`
// (FUZZ_RUNS=N for more runs per property, FUZZ_SEED=n to replay one; see README).
const fuzzSuite = (backend: 'embedded' | 'server') => ({
  test: {
    name: backend === 'embedded' ? 'fuzz' : 'fuzz-server',
    include: ['tests/fuzz/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['api/src/**/*.test.ts', 'web/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      apiSuite('embedded'),
      apiSuite('server'),
      fuzzSuite('embedded'),
      fuzzSuite('server'),
      {
        test: {
          // Real server processes and pg_dump/pg_restore (TEST_DATABASE_URL): `npm run test:ops`.
          name: 'ops',
          include: ['tests/ops/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // GDAL's ogrinfo against the real server (needs Debian's gdal-bin): `npm run test:interop`.
          name: 'interop',
          include: ['tests/interop/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
