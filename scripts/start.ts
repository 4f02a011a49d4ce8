/**
 * `npm start`: fetches the Electron binary if this checkout has none (npm no longer downloads it
 * at install time), builds, and launches the app.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = join(process.cwd(), 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');

function electronBinary(): string | null {
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command: string, args: string[]): void {
  const status = spawnSync(command, args, { stdio: 'inherit' }).status;
  if (status !== 0) process.exit(status ?? 1);
}

if (electronBinary() === null) {
  console.log('[start] the Electron binary is missing: downloading it (needs internet access)…');
  const status = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' }).status;
  if (status !== 0 || electronBinary() === null) {
    console.error('[start] Electron could not be downloaded. On a machine without internet use `npm run start:web` to run Waypoint in a browser.');
    process.exit(1);
  }
}
run('npx', ['electron-vite', 'build']);
run('npx', ['electron-vite', 'preview', '--skipBuild']);
