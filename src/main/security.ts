/**
 * The shell's security decisions, as pure functions the Electron glue (index.ts) applies and the
 * unit tests assert. Follows Electron's security checklist: isolated, sandboxed renderer; no
 * remote content; navigation, new windows, webviews and permission requests refused.
 */
import type { WebPreferences } from 'electron';

/**
 * No remote origin except for sync, no 'unsafe-eval'. connect-src allows HTTPS (the practice's sync
 * server, whose address is chosen in the app; documents travel sealed, and the renderer refuses
 * plain http beyond this machine) and plain http to this machine's loopback address only (a
 * server on the same computer, and the tests). 'wasm-unsafe-eval' lets the renderer compile
 * WebAssembly (Argon2id key derivation) without allowing eval of JavaScript. Inline styles are
 * allowed because the component library writes its CSS variables in a <style> element; scripts
 * stay 'self' only, so an injected <script> never runs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools: options.devTools,
  };
}

/**
 * The document the window loads: the built index.html on the app's own scheme, or the dev server
 * (http:). Node's URL gives a non-http scheme the origin "null", so those compare scheme, host
 * and path; the hash (the app's route) may differ.
 */
function sameDocument(target: URL, renderer: URL): boolean {
  if (renderer.protocol === 'http:' || renderer.protocol === 'https:') return target.origin === renderer.origin;
  return target.protocol === renderer.protocol && target.host.toLowerCase() === renderer.host.toLowerCase() && target.pathname === renderer.pathname;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Only the app's own document may be loaded in the window (hash routes never reach this check:
 * in-page navigation does not fire will-navigate). Everything else is refused.
 */
export function isAllowedNavigation(targetUrl: string, rendererUrl: string): boolean {
  const target = parse(targetUrl);
  const renderer = parse(rendererUrl);
  return target !== null && renderer !== null && sameDocument(target, renderer);
}

/** IPC is answered only for the app's own top-level document. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, rendererUrl: string): boolean {
  return isMainFrame && frameUrl !== undefined && isAllowedNavigation(frameUrl, rendererUrl);
}

/** No new windows, ever: the app has one window and loads nothing remote. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Permission requests (camera, microphone, notifications, geolocation, …) are denied: the app
 * needs none. Listing none here is the point; a future need is added deliberately, with a test.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function isPermissionGranted(permission: string): boolean {
  return GRANTED_PERMISSIONS.has(permission);
}

/** A <webview> is never attached (webviewTag is also off; this catches a re-enabled tag). */
export function isWebviewAllowed(): boolean {
  return false;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Which http(s)/ws(s) requests the window may make: the main process applies this to every
 * request of the window's session, so it narrows the CSP's `connect-src` (which has to allow any
 * HTTPS server before one is chosen) to the practice's sync server once this device has one.
 * Until then: any HTTPS origin and plain http to this machine, as the CSP says. The dev server
 * (development only) is always allowed, its HMR socket included.
 */
export function isNetworkRequestAllowed(requestUrl: string, syncServerUrl: string | null, devServerUrl?: string): boolean {
  const url = parse(requestUrl);
  if (url === null) return false;
  const scheme = url.protocol;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(scheme)) return true;
  if (devServerUrl !== undefined) {
    const dev = parse(devServerUrl);
    if (dev !== null && url.host === dev.host && (scheme === dev.protocol || scheme === dev.protocol.replace('http', 'ws'))) return true;
  }
  if (syncServerUrl !== null) {
    const sync = parse(syncServerUrl);
    return sync !== null && url.origin === sync.origin;
  }
  return scheme === 'https:' || (scheme === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * Moving this device to another sync server is rare and must be the person's choice: a script
 * injected into the page could otherwise point sync, and the network allowance above, elsewhere.
 * The first server needs no question: before it, any HTTPS origin was allowed anyway.
 */
export function syncServerChange(current: string | null, requested: string): 'same' | 'first' | 'change' {
  if (current === null) return 'first';
  const a = parse(current);
  const b = parse(requested);
  return a !== null && b !== null && a.origin === b.origin && a.pathname === b.pathname ? 'same' : 'change';
}
