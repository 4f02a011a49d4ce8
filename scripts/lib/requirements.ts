/**
 * What each command needs, said once: `npm start` and `npm run dist` check it and print one
 * plain paragraph instead of a stack trace (the unit tests hold these messages to that).
 */

/** `npm run start:web`'s address when PORT is not set. */
export const WEB_PORT = 5199;
export const WEB_URL = `http://127.0.0.1:${WEB_PORT}`;

/** Vite, electron-vite and vitest: tests, `npm run start:web`, `npm run build`. */
export const NODE_FOR_TESTS = '20.19.0';
/** Electron's package and its downloader (@electron/get) declare this; so do the packaging tools. */
export const NODE_FOR_ELECTRON = '22.12.0';

function parts(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return [major, minor, patch];
}

export function atLeast(version: string, minimum: string): boolean {
  const a = parts(version);
  const b = parts(minimum);
  for (let i = 0; i < 3; i++) if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  return true;
}

/** `npm run dist`: null when this Node can package installers, else why not. */
export function distNodeProblem(nodeVersion: string): string | null {
  if (atLeast(nodeVersion, NODE_FOR_ELECTRON)) return null;
  return (
    `[dist] Building installers needs Node ${NODE_FOR_ELECTRON} or later (Electron and electron-builder's tools require it); ` +
    `this is Node ${nodeVersion.replace(/^v/, '')}. Install Node 22 LTS or newer and run \`npm run dist\` again. ` +
    `The tests and \`npm run start:web\` work with Node ${NODE_FOR_TESTS} or later.`
  );
}

export type ElectronUnavailable =
  | { kind: 'download-skipped' }
  | { kind: 'download-failed'; output: string };

/** The first line of the downloader's error, without the stack: "fetch failed", "Response code 404". */
export function downloadFailure(output: string): string {
  const line = output.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('at '));
  return (line ?? 'no reason given').replace(/^[A-Za-z]*Error:\s*/, '').slice(0, 200);
}

/** `npm start` without an Electron binary: one paragraph, the browser alternative with its address. */
export function electronUnavailableMessage(reason: ElectronUnavailable, nodeVersion: string): string {
  const skipped = reason.kind === 'download-skipped';
  const why = skipped
    ? 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded'
    : `the Electron binary is not installed and downloading it failed (${downloadFailure(reason.output)}); it is fetched from GitHub once and needs internet access`;
  const node = atLeast(nodeVersion, NODE_FOR_ELECTRON) ? '' : ` The download also needs Node ${NODE_FOR_ELECTRON} or later (this is Node ${nodeVersion.replace(/^v/, '')}).`;
  const again = skipped ? 'For the desktop app, unset ELECTRON_SKIP_BINARY_DOWNLOAD and run `npm start` with internet access.' : 'For the desktop app, run `npm start` again once this machine can reach github.com.';
  return `[start] Waypoint's desktop app cannot start: ${why}.${node} To use Waypoint in a browser on this machine instead, run \`npm run start:web\` and open ${WEB_URL}. ${again}`;
}
