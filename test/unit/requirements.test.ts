import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atLeast, distNodeProblem, downloadFailure, electronUnavailableMessage, NODE_FOR_ELECTRON, NODE_FOR_TESTS, WEB_URL } from '../../scripts/lib/requirements';

/** What @electron/get printed on this build machine, which cannot reach GitHub. */
const FETCH_FAILED = `TypeError: fetch failed
    at node:internal/deps/undici/undici:13502:13
    at async getResponse (/work/node_modules/@electron/get/dist/index.js:40:19) {
  [cause]: Error: getaddrinfo ENOTFOUND github.com`;

describe('what each command needs', () => {
  it('compares versions numerically', () => {
    expect(atLeast('v22.12.0', '22.12.0')).toBe(true);
    expect(atLeast('v22.9.0', '22.12.0')).toBe(false);
    expect(atLeast('v24.1.0', '22.12.0')).toBe(true);
    expect(atLeast('v20.19.2', '20.19.0')).toBe(true);
  });

  it('agrees with package.json engines (the minimum for tests and start:web)', () => {
    const engines = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')).engines.node;
    expect(engines).toBe(`^${NODE_FOR_TESTS} || >=${NODE_FOR_ELECTRON}`);
  });

  it('npm run dist refuses an older Node plainly, and says what still works', () => {
    expect(distNodeProblem('v22.12.0')).toBeNull();
    const message = distNodeProblem('v20.20.2')!;
    expect(message).toContain('Building installers needs Node 22.12.0 or later');
    expect(message).toContain('this is Node 20.20.2');
    expect(message).toContain('`npm run start:web` work with Node 20.19.0');
  });

  it('npm start without a downloadable Electron: one paragraph, the web address, no stack', () => {
    const message = electronUnavailableMessage({ kind: 'download-failed', output: FETCH_FAILED }, 'v22.12.0');
    expect(message).toContain('downloading it failed (fetch failed)');
    expect(message).toContain(`\`npm run start:web\` and open ${WEB_URL}`);
    expect(WEB_URL).toBe('http://127.0.0.1:5199');
    expect(message).not.toMatch(/\n|\bat (node:|async)|undici|TypeError/);
  });

  it('says when the download was skipped on purpose, and when Node is too old for it', () => {
    expect(electronUnavailableMessage({ kind: 'download-skipped' }, 'v22.12.0')).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    expect(electronUnavailableMessage({ kind: 'download-failed', output: FETCH_FAILED }, 'v20.20.2')).toContain('needs Node 22.12.0 or later (this is Node 20.20.2)');
    expect(electronUnavailableMessage({ kind: 'download-failed', output: FETCH_FAILED }, 'v22.12.0')).not.toContain('this is Node');
  });

  it('keeps only the reason of a downloader error', () => {
    expect(downloadFailure('HTTPError: Response code 404 (Not Found)\n    at x')).toBe('Response code 404 (Not Found)');
    expect(downloadFailure('')).toBe('no reason given');
  });
});
