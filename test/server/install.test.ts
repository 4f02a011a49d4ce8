/**
 * The server as an operator installs it: `npm run build:server`, then the build with
 * package.json and package-lock.json in an empty directory, `npm ci --omit=dev` there (from
 * npm's cache when it holds every package, the registry otherwise), and `node main.mjs` on PGlite
 * and on PostgreSQL, without tsx, TypeScript or any devDependency.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, SERVER_OUT_DIR } from '../../scripts/build-server';
import { startPostgres, type PostgresCluster } from './support/postgres';
import { ROOT, startServerProcess, type Running } from './support/process';
import { call, registerPractice } from './support/server';

let dir: string;
let cluster: PostgresCluster;
const running: Running[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'waypoint-install-'));
  const [started] = await Promise.all([
    startPostgres(),
    (async () => {
      await buildServer();
      cpSync(SERVER_OUT_DIR, join(dir, 'dist-server'), { recursive: true });
      for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(dir, file));
      // No install scripts: no production dependency needs one.
      execFileSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe', timeout: 300_000 });
    })(),
  ]);
  cluster = started;
}, 360_000);

afterAll(() => {
  for (const { child } of running) if (child.exitCode === null) child.kill('SIGKILL');
  cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the built server with production dependencies only', () => {
  it('has no development tools installed', () => {
    for (const tool of ['tsx', 'typescript', 'esbuild', 'vitest', 'electron', 'react']) expect(existsSync(join(dir, 'node_modules', tool)), tool).toBe(false);
    for (const library of ['fastify', 'pg', '@electric-sql/pglite']) expect(existsSync(join(dir, 'node_modules', library)), library).toBe(true);
  });

  it.each(['PGlite', 'PostgreSQL'])('starts with node on %s and is ready', async (database) => {
    const env: Record<string, string> = database === 'PGlite' ? { WAYPOINT_DATA_DIR: join(dir, 'data') } : { DATABASE_URL: await cluster.createDatabase() };
    const server = await startServerProcess(env, ['dist-server/main.mjs'], dir);
    running.push(server);
    const ready = await call(server, 'GET', '/readyz');
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
    expect((await registerPractice(server)).token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
