import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const config = JSON.parse(readFileSync(resolve(__dirname, '../../electron-builder.json'), 'utf8'));

describe('electron-builder configuration', () => {
  it('builds nsis for Windows, dmg for macOS, AppImage and deb for Linux', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg']);
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
    });
  });

  it('packages only the build output, never sources, tests or maps', () => {
    expect(config.files.slice(0, 3)).toEqual(['out/**/*', 'package.json', '!**/*.map']);
    expect(config.files.slice(3).every((pattern: string) => pattern.startsWith('!node_modules/'))).toBe(true);
  });

  it("leaves the sync server's production dependencies out of the desktop app", () => {
    // The app loads only these at run time (the main process bundles the rest); every other
    // production package (fastify, pg, PGlite and what they pull in) belongs to the server.
    const appRuntime = new Set(['zod']);
    const lock = JSON.parse(readFileSync(resolve(__dirname, '../../package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const production = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith('node_modules/') && !path.slice('node_modules/'.length).includes('node_modules/') && !entry.dev && !entry.devOptional)
      .map(([path]) => path.slice('node_modules/'.length));
    expect(production).toEqual(expect.arrayContaining(['fastify', 'pg', '@electric-sql/pglite', 'zod']));
    const excluded = (name: string): boolean => config.files.includes(`!node_modules/${name}/**`) || (name.startsWith('@') && config.files.includes(`!node_modules/${name.split('/')[0]}/**`));
    expect(production.filter((name) => !appRuntime.has(name) && !excluded(name)), 'add these to electron-builder.json files as !node_modules/<name>/**').toEqual([]);
    expect([...appRuntime].filter(excluded)).toEqual([]);
  });
});
