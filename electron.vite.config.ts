import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/main/security';
import { publicKeyFromBase64 } from './src/main/update-bundle';
import pkg from './package.json';

/**
 * The CSP goes into the built index.html as a meta tag, so it holds wherever the same build is
 * served (app://waypoint in Electron, which also sends it as a header; a browser). The dev
 * server (HMR injects inline scripts) gets it from the main process's response header instead.
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

/** A release build carries the update-signing public key (docs/RELEASING.md); a wrong one fails the build. */
function updatePublicKey(): string {
  const key = process.env['WAYPOINT_UPDATE_PUBLIC_KEY']?.trim() ?? '';
  if (key !== '') publicKeyFromBase64(key);
  return key;
}

export default defineConfig({
  main: {
    define: { __UPDATE_PUBLIC_KEY__: JSON.stringify(updatePublicKey()) },
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
    // The vault Worker loads the passphrase rules (zxcvbn's dictionaries) as a chunk of its own: ES modules split, IIFE would not.
    worker: { format: 'es' },
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
