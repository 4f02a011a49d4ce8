import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The benchmark page: the app's own storage code, loaded in Chromium by scripts/bench.ts. */
export default defineConfig({
  root: resolve(__dirname, 'page'),
  base: './',
  logLevel: 'warn',
  // The app's vault Worker, as the app builds it (electron.vite.config.ts).
  worker: { format: 'es' },
  build: {
    outDir: resolve(__dirname, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // Mantine's "use client" directives mean nothing outside a server-components bundler (the dashboard case renders Mantine).
    rollupOptions: { onwarn: (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning) },
  },
});
