import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, resolveAppRequest } from '../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security';

const root = join(sep, 'opt', 'Waypoint', 'resources', 'app.asar', 'out', 'renderer');

describe('app://waypoint path mapping', () => {
  it('serves the entry document with the CSP and its type', () => {
    const entry = resolveAppRequest(APP_ENTRY_URL, 'GET', root);
    expect(entry).toEqual({
      status: 200,
      path: join(root, 'index.html'),
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache', 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    });
    expect(resolveAppRequest('app://waypoint/', 'GET', root)).toMatchObject({ status: 200, path: join(root, 'index.html') });
    expect(resolveAppRequest('app://waypoint', 'HEAD', root)).toMatchObject({ status: 200, path: join(root, 'index.html') });
  });

  it.each([
    ['assets/index-3f2a.js', 'text/javascript; charset=utf-8'],
    ['assets/index-3f2a.css', 'text/css; charset=utf-8'],
    ['assets/argon2.wasm', 'application/wasm'],
    ['assets/font.woff2', 'font/woff2'],
    ['icon.svg', 'image/svg+xml'],
    ['icon.PNG', 'image/png'],
  ])('maps %s under the root with type %s', (file, type) => {
    const resource = resolveAppRequest(`app://waypoint/${file}?v=1#x`, 'GET', root);
    expect(resource).toMatchObject({ status: 200, path: join(root, ...file.split('/')) });
    expect(resource.status === 200 && resource.headers['Content-Type']).toBe(type);
    expect(resource.status === 200 && 'Content-Security-Policy' in resource.headers).toBe(false);
  });

  it('decodes a segment once, so a file name with a space works', () => {
    expect(resolveAppRequest('app://waypoint/assets/my%20font.woff2', 'GET', root)).toMatchObject({ status: 200, path: join(root, 'assets', 'my font.woff2') });
  });

  it.each([
    'app://waypoint/..%2f..%2f..%2fetc%2fpasswd.txt',
    'app://waypoint/assets/%2e%2e%2f%2e%2e%2fsecrets.json',
    'app://waypoint/..\\..\\..\\Windows\\win.ini.txt',
    'app://waypoint/assets%5c..%5c..%5cx.js',
    'app://waypoint/C:%5cWindows%5cwin.ini.txt',
    'app://waypoint/c:/x.js',
    'app://waypoint/index.html%00.js',
    'app://waypoint/assets/%0a.js',
    'app://waypoint/assets//x.js',
    'app://waypoint/%2fetc/passwd.txt',
  ])('refuses a traversal: %s', (url) => {
    expect(resolveAppRequest(url, 'GET', root).status).toBe(404);
  });

  it('keeps dot segments the URL parser resolves (also written %2e) inside the root', () => {
    expect(resolveAppRequest('app://waypoint/assets/%2E%2E/%2e%2E/x.js', 'GET', root)).toMatchObject({ status: 200, path: join(root, 'x.js') });
    expect(resolveAppRequest('app://waypoint/assets/.%2e/x.js', 'GET', root)).toMatchObject({ status: 200, path: join(root, 'x.js') });
    expect(resolveAppRequest('app://waypoint/../../../etc/passwd.txt', 'GET', root)).toMatchObject({ status: 200, path: join(root, 'etc', 'passwd.txt') });
    expect(resolveAppRequest('app://waypoint/a/%2e%2e/%2e%2e/index.html', 'GET', root)).toMatchObject({ status: 200, path: join(root, 'index.html') });
  });

  it.each([
    ['an unknown file type', 'app://waypoint/assets/index.js.map'],
    ['a file without extension', 'app://waypoint/LICENSE'],
    ['a dot file', 'app://waypoint/.env'],
    ['a folder', 'app://waypoint/assets/'],
    ['another host', 'app://other/index.html'],
    ['a port', 'app://waypoint:8080/index.html'],
    ['another scheme', 'file:///opt/Waypoint/index.html'],
  ])('answers 404 for %s', (_label, url) => {
    expect(resolveAppRequest(url, 'GET', root).status).toBe(404);
  });

  it('answers 400 for a malformed escape and 405 for writes', () => {
    expect(resolveAppRequest('app://waypoint/assets/%E0%A4%A.js', 'GET', root).status).toBe(400);
    expect(resolveAppRequest(APP_ENTRY_URL, 'POST', root).status).toBe(405);
    expect(resolveAppRequest('not a url', 'GET', root).status).toBe(400);
  });
});
