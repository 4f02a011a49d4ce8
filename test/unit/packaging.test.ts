import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';

const config = JSON.parse(readFileSync(resolve(__dirname, '../../electron-builder.json'), 'utf8'));

describe('electron-builder configuration', () => {
  it('is valid for electron-builder (its own schema check, which rejects a misspelt key)', async () => {
    await expect(validateConfiguration(config, new DebugLogger())).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, mac: { ...config.mac, notarise: true } }, new DebugLogger())).rejects.toThrow(/does not match the API schema/);
  }, 30_000);

  it('builds nsis for Windows, dmg (and zip, which the macOS updater installs from) for macOS, AppImage and deb for Linux', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg', 'zip']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('sets the Electron fuses a security review asks for', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The window loads app://waypoint: nothing needs file:// privileges.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('signs and notarises only from the environment, so an unsigned local build still works', () => {
    const text = JSON.stringify(config);
    for (const key of ['certificateFile', 'certificatePassword', 'cscLink', 'cscKeyPassword', 'appleId', 'appleIdPassword', 'identity']) {
      expect(text, key).not.toContain(`"${key}"`);
    }
    expect(config.mac.notarize).toBe(true);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
  });

  it('publishes to a generic feed, which the app points at its sync server at run time', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: 'https://waypoint.invalid/updates/' }]);
  });

  it('packages only the build output, never sources, tests, maps or screenshots', () => {
    expect(config.files.slice(0, 5)).toEqual(['out/main/**/*', 'out/preload/**/*', 'out/renderer/**/*', 'package.json', '!**/*.map']);
    expect(config.files.slice(5).every((pattern: string) => pattern.startsWith('!node_modules/'))).toBe(true);
  });

  it("leaves the sync server's production dependencies out of the desktop app", () => {
    // The main process loads these and what they depend on at run time; every other production
    // package (fastify, pg, PGlite and what they pull in) belongs to the server.
    const lock = JSON.parse(readFileSync(resolve(__dirname, '../../package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean; dependencies?: Record<string, string> }> };
    const appRuntime = new Set<string>();
    for (const pending = ['zod', 'electron-updater', 'semver']; pending.length > 0; ) {
      const name = pending.pop()!;
      if (appRuntime.has(name)) continue;
      appRuntime.add(name);
      pending.push(...Object.keys(lock.packages[`node_modules/${name}`]?.dependencies ?? {}));
    }
    const production = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith('node_modules/') && !path.slice('node_modules/'.length).includes('node_modules/') && !entry.dev && !entry.devOptional)
      .map(([path]) => path.slice('node_modules/'.length));
    expect(production).toEqual(expect.arrayContaining(['fastify', 'pg', '@electric-sql/pglite', 'zod']));
    const excluded = (name: string): boolean => config.files.includes(`!node_modules/${name}/**`) || (name.startsWith('@') && config.files.includes(`!node_modules/${name.split('/')[0]}/**`));
    expect(production.filter((name) => !appRuntime.has(name) && !excluded(name)), 'add these to electron-builder.json files as !node_modules/<name>/**').toEqual([]);
    expect([...appRuntime].filter(excluded)).toEqual([]);
  });
});
