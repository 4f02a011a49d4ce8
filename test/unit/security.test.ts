import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isPermissionGranted,
  isTrustedSender,
  isNetworkRequestAllowed,
  isWebviewAllowed,
  secureWebPreferences,
  syncServerChange,
  windowOpenDecision,
} from '../../src/main/security';
import { APP_ENTRY_URL } from '../../src/main/app-protocol';

const APP = APP_ENTRY_URL;

function directives(): Map<string, string[]> {
  return new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );
}

describe('window hardening', () => {
  it('isolates and sandboxes the renderer with no Node integration', () => {
    const prefs = secureWebPreferences('/app/preload.js', { devTools: false });
    expect(prefs).toMatchObject({
      preload: '/app/preload.js',
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
      devTools: false,
    });
  });

  it('denies every new window, webview and permission request', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    expect(isWebviewAllowed()).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'display-capture', 'hid', 'serial', 'usb', 'fullscreen']) {
      expect(isPermissionGranted(permission), permission).toBe(false);
    }
  });
});

describe('navigation policy', () => {
  it('allows only the app document itself', () => {
    expect(isAllowedNavigation(APP, APP)).toBe(true);
    expect(isAllowedNavigation(`${APP}#/settings`, APP)).toBe(true);
    // Chromium lower-cases a standard scheme's host; Node's URL does not.
    expect(isAllowedNavigation('app://WAYPOINT/index.html#/clients', APP)).toBe(true);
  });

  it.each([
    'https://example.org/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'file:///opt/Waypoint/resources/app.asar/out/renderer/index.html',
    'app://waypoint/other.html',
    'app://evil/index.html',
    'app://waypoint:1/index.html',
    'other://waypoint/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
    '',
  ])('refuses %s', (target) => {
    expect(isAllowedNavigation(target, APP)).toBe(false);
  });

  it('in development allows the dev server origin only', () => {
    const dev = 'http://localhost:5173/';
    expect(isAllowedNavigation('http://localhost:5173/#/clients', dev)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedNavigation('https://localhost:5173/', dev)).toBe(false);
  });

  it('answers IPC only from the top frame of the app document', () => {
    expect(isTrustedSender(APP, true, APP)).toBe(true);
    expect(isTrustedSender(APP, false, APP)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, APP)).toBe(false);
    expect(isTrustedSender(undefined, true, APP)).toBe(false);
  });
});

describe('content security policy', () => {
  it('has no unsafe-eval, no inline scripts and no remote origin outside connect-src (sync)', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'/);
    for (const [name, sources] of directives()) if (name !== 'connect-src') expect(sources.join(' '), name).not.toMatch(/https?:|wss?:|\*/);
    expect(directives().get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it('defaults to nothing and forbids plugins, frames, base and form targets', () => {
    const csp = directives();
    expect(csp.get('default-src')).toEqual(["'none'"]);
    for (const name of ['object-src', 'frame-src', 'child-src', 'base-uri', 'form-action']) {
      expect(csp.get(name), name).toEqual(["'none'"]);
    }
    // Sync: any HTTPS server, plain http only to this machine.
    expect(csp.get('connect-src')).toEqual(["'self'", 'https:', 'http://127.0.0.1:*', 'http://localhost:*']);
  });
});

describe('network allowance (narrows connect-src to the sync server)', () => {
  const SERVER = 'https://sync.clinic.example/waypoint';

  it('before a server is chosen: any HTTPS origin, plain http to this machine only, no sockets', () => {
    expect(isNetworkRequestAllowed('https://sync.clinic.example/api/v1/practices', null)).toBe(true);
    expect(isNetworkRequestAllowed('http://127.0.0.1:8787/api/v1/practices', null)).toBe(true);
    expect(isNetworkRequestAllowed('http://localhost:8787/', null)).toBe(true);
    expect(isNetworkRequestAllowed('http://[::1]:8787/', null)).toBe(true);
    expect(isNetworkRequestAllowed('http://sync.clinic.example/', null)).toBe(false);
    expect(isNetworkRequestAllowed('wss://sync.clinic.example/', null)).toBe(false);
  });

  it('once a server is chosen: that origin only', () => {
    expect(isNetworkRequestAllowed('https://sync.clinic.example/waypoint/api/v1/pull', SERVER)).toBe(true);
    expect(isNetworkRequestAllowed('https://sync.clinic.example:443/other', SERVER)).toBe(true);
    for (const url of ['https://evil.example/collect', 'https://sync.clinic.example:8443/', 'http://sync.clinic.example/', 'http://127.0.0.1:8787/', 'wss://sync.clinic.example/', 'not a url']) {
      expect(isNetworkRequestAllowed(url, SERVER), url).toBe(false);
    }
  });

  it('leaves the app scheme and in-page data to the CSP', () => {
    expect(isNetworkRequestAllowed('app://waypoint/assets/x.js', SERVER)).toBe(true);
    expect(isNetworkRequestAllowed('data:image/png;base64,AA==', SERVER)).toBe(true);
  });

  it('in development allows the dev server and its HMR socket', () => {
    const dev = 'http://localhost:5173/';
    expect(isNetworkRequestAllowed('http://localhost:5173/src/main.tsx', SERVER, dev)).toBe(true);
    expect(isNetworkRequestAllowed('ws://localhost:5173/', SERVER, dev)).toBe(true);
    expect(isNetworkRequestAllowed('ws://localhost:5174/', SERVER, dev)).toBe(false);
  });

  it('tells a first server from a change of server', () => {
    expect(syncServerChange(null, SERVER)).toBe('first');
    expect(syncServerChange(SERVER, 'https://sync.clinic.example/waypoint')).toBe('same');
    expect(syncServerChange(SERVER, 'https://sync.clinic.example/other')).toBe('change');
    expect(syncServerChange(SERVER, 'https://evil.example/waypoint')).toBe('change');
  });
});
