/**
 * `npm run start:web`: builds the renderer and serves it on 127.0.0.1 (PORT, default 5199) with
 * the browser implementation of the bridge. Nothing listens beyond this machine.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { WEB_PORT } from './lib/requirements';
import { serveStatic } from './lib/static-server';

if (spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const port = Number(process.env['PORT'] ?? WEB_PORT);
serveStatic(resolve(process.cwd(), 'out/renderer'), port).then((server) => {
  console.log(`\nWaypoint is served at ${server.url} (Ctrl+C to stop)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void server.close().then(() => process.exit(0)));
  }
}, (error: unknown) => {
  console.error(`[start:web] could not serve on 127.0.0.1:${port}:`, (error as Error).message);
  process.exit(1);
});
