import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from '../package.json';

/** The benchmark page: the app's own storage code, loaded in Chromium by scripts/bench.ts. */
export default defineConfig({
  root: resolve(__dirname, 'page'),
  base: './',
  logLevel: 'warn',
  // The sync client states the app's version to the server, as the app does.
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  // The app's vault Worker, as the app builds it (electron.vite.config.ts).
  worker: { format: 'es' },
  build: {
    outDir: resolve(__dirname, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // BENCH_PROFILE=1 names functions in its profiles (scripts/bench.ts).
    minify: !process.env['BENCH_PROFILE'],
    // Mantine's "use client" directives mean nothing outside a server-components bundler (the dashboard case renders Mantine).
    rollupOptions: { onwarn: (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning) },
  },
});
