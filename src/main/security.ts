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

/** The document the window loads: the built index.html (file:) or the dev server (http:). */
function sameDocument(target: URL, renderer: URL): boolean {
  if (renderer.protocol === 'file:') {
    return target.protocol === 'file:' && target.pathname === renderer.pathname;
  }
  return target.origin === renderer.origin;
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
