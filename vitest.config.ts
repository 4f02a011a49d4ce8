import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import pkg from './package.json';

/**
 * Unit and renderer tests run real Argon2id, AES-GCM and X25519 and two files at once on a 2-core
 * CI machine: vitest's 5 s default timed a test out there once, never a wrong answer. A timeout
 * is not an assertion; 20 s still ends a hung test.
 */
const CPU_BOUND_TIMEOUT = 20_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: CPU_BOUND_TIMEOUT },
      },
      {
        plugins: [react()],
        define: { __APP_VERSION__: JSON.stringify(pkg.version) },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          testTimeout: CPU_BOUND_TIMEOUT,
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        // Real Chromium against the built renderer: one browser at a time on a 2-core machine.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/e2e/support/global-setup.ts'],
        },
      },
      {
        test: { name: 'electron', include: ['test/electron/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
      },
      {
        // The sync server against PGlite and a throwaway PostgreSQL cluster: one file at a time.
        test: { name: 'server', include: ['test/server/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
      },
    ],
  },
});
