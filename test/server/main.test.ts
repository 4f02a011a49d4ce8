/**
 * `npm run server` as a real process: configuration from the environment, the chosen database,
 * HTTPS when a certificate is configured, and a clean exit on SIGTERM with the data kept.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { BACKENDS, useBackend } from './support/backends';
import { pull, push, registerPractice, sealedDoc } from './support/server';

const ROOT = resolve(__dirname, '../..');

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startMain(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start:\n${output}`)), 60_000);
    const look = (): void => {
      const match = /Server listening at (https?:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then(() => fail(new Error(`the server exited:\n${output}`)));
  });
  return { child, url, output: () => output, exited };
}

describe.each(BACKENDS)('the server process on %s', (name) => {
  const backend = useBackend(name);
  const running: Running[] = [];
  let dir: string | undefined;
  afterEach(() => {
    for (const { child } of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves, stops cleanly on SIGTERM, and serves the same data over HTTPS after a restart', async () => {
    const env = await backend.separateDatabaseEnv();
    const first = await startMain(env);
    running.push(first);
    const admin = await registerPractice(first);
    const doc = sealedDoc('c1');
    expect((await push(first, admin.token, 'clients', [{ newDocumentState: doc }])).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const lines = first.output().split('\n').filter((line) => line.startsWith('{'));
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(expect.arrayContaining(['database ready', 'shutting down', 'stopped']));
    expect(first.output()).not.toContain(admin.token);

    dir = mkdtempSync(join(tmpdir(), 'waypoint-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
      stdio: 'ignore',
    });
    const second = await startMain({ ...env, TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    running.push(second);
    expect(second.url).toMatch(/^https:/);
    const body = await new Promise<string>((done, fail) => {
      const req = request(`${second.url}/v1/sync/clients/pull`, { ca: readFileSync(cert), headers: { authorization: `Bearer ${admin.token}` } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(text));
      });
      req.on('error', fail);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ documents: [doc] });
    // Plain HTTP is not served on the TLS port.
    await expect(pull({ url: second.url.replace('https:', 'http:') }, admin.token, 'clients')).rejects.toThrow();
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});

describe('configuration', () => {
  it('has safe defaults and refuses half a TLS configuration or a short registration secret', () => {
    expect(loadConfig({})).toMatchObject({ HOST: '127.0.0.1', PORT: 8787, WAYPOINT_DATA_DIR: './server-data', corsOrigins: [] });
    const config = loadConfig({ WAYPOINT_CORS_ORIGINS: 'http://a.test, http://b.test', DATABASE_URL: '' });
    expect(config.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
    // An empty variable is unset: PGlite, not a connection attempt to ''.
    expect(config.DATABASE_URL).toBeUndefined();
    expect(() => loadConfig({ TLS_CERT_FILE: '/x.pem' })).toThrow('TLS_KEY_FILE');
    expect(() => loadConfig({ WAYPOINT_REGISTRATION_SECRET: 'short' })).toThrow('16 characters');
    expect(() => loadConfig({ PORT: 'http' })).toThrow('PORT');
  });
});
