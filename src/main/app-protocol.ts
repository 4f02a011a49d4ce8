/**
 * The `app://waypoint` scheme the window loads the built renderer from, instead of file://.
 * A fixed origin gives the page a real Origin header for sync (file:// sends `null`), keeps its
 * IndexedDB in one place whatever folder the app is installed in, and lets the file-protocol
 * privileges fuse be turned off. This module decides what a request maps to; index.ts only reads
 * the file it names. Pure: no Electron import, no file access.
 */
import { isAbsolute, join, relative } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'waypoint';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * What the build writes to out/renderer. Anything else is not part of the app: 404. No SPA
 * fallback: the app routes by hash (`index.html#/clients`), so every real path is a file.
 */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppResource =
  | { status: 200; path: string; headers: Record<string, string> }
  | { status: 400 | 404 | 405; reason: string };

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/**
 * Maps a request for `app://waypoint/<path>` to a file under `root` (out/renderer).
 * Every path segment is decoded once and must then be a plain name: no `.`/`..` (also when
 * written `%2e%2e`), no separator of either kind (`%2f`, `\`, `%5c`), no NUL or other control
 * character, no drive letter or colon. The joined path is checked to lie under `root` as well.
 */
export function resolveAppRequest(requestUrl: string, method: string, root: string): AppResource {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, reason: `${method} is not allowed` };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return { status: 404, reason: 'not this app' };
  // Node's URL leaves a non-special scheme's path as written; split the raw path, decode each part once.
  const raw = url.pathname === '' || url.pathname === '/' ? '/index.html' : url.pathname;
  const segments: string[] = [];
  for (const encoded of raw.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { status: 400, reason: 'badly encoded path' };
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\u0000-\u001f]/.test(segment)) {
      return { status: 404, reason: 'not a file of the app' };
    }
    segments.push(segment);
  }
  const name = segments[segments.length - 1]!;
  const mimeType = MIME_TYPES[extensionOf(name)];
  if (mimeType === undefined) return { status: 404, reason: 'not a file of the app' };
  const path = join(root, ...segments);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { status: 404, reason: 'outside the app' };
  const headers: Record<string, string> = {
    'Content-Type': mimeType,
    'X-Content-Type-Options': 'nosniff',
    // The files change only with the app itself; a stale cache after an update would mix versions.
    'Cache-Control': 'no-cache',
  };
  if (mimeType.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  return { status: 200, path, headers };
}
