/**
 * `npm start`: fetches the Electron binary if this checkout has none (npm no longer downloads it
 * at install time), builds, and launches the app. Without a binary it says, in one paragraph,
 * why and how to run Waypoint in a browser instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronUnavailableMessage, type ElectronUnavailable } from './lib/requirements';

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

/** Null when the binary is there (now), else why not. The downloader's own output is kept for the one line that matters. */
function fetchElectron(): ElectronUnavailable | null {
  if (electronBinary() !== null) return null;
  if (process.env['ELECTRON_SKIP_BINARY_DOWNLOAD']) return { kind: 'download-skipped' };
  console.log('[start] the Electron binary is missing: downloading it (needs internet access)…');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status === 0 && electronBinary() !== null) return null;
  return { kind: 'download-failed', output: `${result.stderr ?? ''}\n${result.stdout ?? ''}${result.error ? `\n${result.error.message}` : ''}` };
}

const unavailable = fetchElectron();
if (unavailable !== null) {
  console.error(electronUnavailableMessage(unavailable, process.version));
  process.exit(1);
}
run('npx', ['electron-vite', 'build']);
run('npx', ['electron-vite', 'preview', '--skipBuild']);
