import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/main/security';
import pkg from './package.json';

/**
 * The CSP goes into the built index.html as a meta tag, so it holds under file:// in Electron
 * and when the same build is served to a browser. The dev server (HMR injects inline scripts)
 * gets it from the main process's response header instead.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'waypoint-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  main: {
    build: { outDir: 'out/main', rollupOptions: { input: resolve(__dirname, 'src/main/index.ts') } },
  },
  preload: {
    // A sandboxed preload cannot require node_modules: bundle everything it imports.
    build: { outDir: 'out/preload', externalizeDeps: false, rollupOptions: { input: resolve(__dirname, 'src/preload/index.ts') } },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react(), contentSecurityPolicy()],
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
      // electron-vite leaves the renderer unminified by default.
      minify: 'esbuild',
      // .vite/manifest.json: which chunks load at start and which per screen (npm run bench reports their sizes).
      manifest: true,
      // kB minified, per chunk: the start-up chunk is about 1.3 MB; a warning means it grew.
      chunkSizeWarningLimit: 1500,
    },
  },
});
