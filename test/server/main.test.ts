/**
 * `npm run server` as a real process: configuration from the environment, the chosen database,
 * HTTPS when a certificate is configured, and a clean exit on SIGTERM with the data kept.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { BACKENDS, useBackend } from './support/backends';
import { startServerProcess as startMain, type Running } from './support/process';
import { pull, push, registerPractice, sealedDoc } from './support/server';

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
    expect(loadConfig({})).toMatchObject({ HOST: '127.0.0.1', PORT: 8787, WAYPOINT_DATA_DIR: './server-data', corsOrigins: ['app://waypoint'] });
    const config = loadConfig({ WAYPOINT_CORS_ORIGINS: 'http://a.test, http://b.test', DATABASE_URL: '' });
    expect(config.corsOrigins).toEqual(['app://waypoint', 'http://a.test', 'http://b.test']);
    expect(() => loadConfig({ WAYPOINT_CORS_ORIGINS: 'http://a.test,null' })).toThrow('"null" cannot be allowed');
    // An empty variable is unset: PGlite, not a connection attempt to ''.
    expect(config.DATABASE_URL).toBeUndefined();
    expect(() => loadConfig({ TLS_CERT_FILE: '/x.pem' })).toThrow('TLS_KEY_FILE');
    expect(() => loadConfig({ WAYPOINT_REGISTRATION_SECRET: 'short' })).toThrow('16 characters');
    expect(() => loadConfig({ PORT: 'http' })).toThrow('PORT');
  });

  it('requires a registration secret to listen beyond loopback', () => {
    for (const HOST of ['0.0.0.0', '::', '192.0.2.10', 'sync.example.org']) {
      expect(() => loadConfig({ HOST })).toThrow('WAYPOINT_REGISTRATION_SECRET: required when HOST is not a loopback address');
      expect(loadConfig({ HOST, WAYPOINT_REGISTRATION_SECRET: 'a-synthetic-secret-0123' }).HOST).toBe(HOST);
    }
    for (const HOST of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) expect(loadConfig({ HOST }).HOST).toBe(HOST);
  });

  it('explains a malformed DATABASE_URL instead of trying to connect to it', () => {
    for (const DATABASE_URL of ['not-a-url', 'http://db.example/waypoint', 'postgres://', 'postgres://db.example']) {
      expect(() => loadConfig({ DATABASE_URL })).toThrow('DATABASE_URL: must be a PostgreSQL URL such as postgres://user:password@host:5432/database');
    }
    expect(loadConfig({ DATABASE_URL: 'postgresql://waypoint:synthetic@db.example:5433/waypoint' }).DATABASE_URL).toContain('db.example');
  });
});
