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
