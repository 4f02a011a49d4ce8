import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  keyIdOf,
  publicKeyFromBase64,
  publicKeyToBase64,
  sha512Base64,
  signUpdate,
  UpdateRefusedError,
  verifyUpdateBundle,
  type UpdateManifest,
} from '../../src/main/update-bundle';
import { stageUpdateFromFile } from '../../src/main/update-from-file';

const release = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const installer = new TextEncoder().encode('synthetic installer bytes for Waypoint 0.3.0 '.repeat(1000));

function manifest(overrides: Partial<UpdateManifest> = {}): UpdateManifest {
  return {
    format: 'waypoint-update-manifest',
    formatVersion: 1,
    version: '0.3.0',
    minimumVersion: '0.1.0',
    platform: 'linux',
    fileName: 'Waypoint-0.3.0.AppImage',
    size: installer.byteLength,
    sha512: sha512Base64(installer),
    ...overrides,
  };
}

const trust = { publicKey: release.publicKey, currentVersion: '0.2.0', platform: 'linux' as const };

/** A bundle over any manifest text, signed as the test says: how a forger or a future format would write one. */
function rawBundle(text: string, privateKey: KeyObject, publicKey: KeyObject): string {
  return JSON.stringify({ format: 'waypoint-update', keyId: keyIdOf(publicKey), manifest: text, signature: sign(null, Buffer.from(text), privateKey).toString('base64') });
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UpdateRefusedError);
    return (error as Error).message;
  }
  throw new Error('expected the update to be refused');
}

describe('update bundle verification', () => {
  it('accepts a bundle signed by the release key for a newer version', () => {
    expect(verifyUpdateBundle(signUpdate(manifest(), release.privateKey), trust)).toEqual(manifest());
  });

  it('round-trips the public key through the base64 form the build is configured with', () => {
    const key = publicKeyFromBase64(publicKeyToBase64(release.publicKey));
    expect(keyIdOf(key)).toBe(keyIdOf(release.publicKey));
    expect(() => publicKeyFromBase64('bm90IGEga2V5')).toThrow(/SubjectPublicKeyInfo/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => publicKeyFromBase64(publicKeyToBase64(rsa.publicKey))).toThrow(/Ed25519/);
  });

  it('refuses a tampered manifest', () => {
    const bundle = JSON.parse(signUpdate(manifest(), release.privateKey));
    bundle.manifest = bundle.manifest.replace('"0.3.0"', '"9.0.0"');
    expect(refusal(() => verifyUpdateBundle(JSON.stringify(bundle), trust))).toMatch(/signature does not match.*altered/);
  });

  it('refuses a bad signature', () => {
    const bundle = JSON.parse(signUpdate(manifest(), release.privateKey));
    const signature = Buffer.from(bundle.signature, 'base64');
    signature[10] = signature[10]! ^ 1;
    bundle.signature = signature.toString('base64');
    expect(refusal(() => verifyUpdateBundle(JSON.stringify(bundle), trust))).toMatch(/signature does not match/);
  });

  it('refuses a bundle signed with another key, also when it claims the release key id', () => {
    expect(refusal(() => verifyUpdateBundle(signUpdate(manifest(), stranger.privateKey), trust))).toMatch(/key this copy of Waypoint does not trust/);
    const forged = rawBundle(JSON.stringify(manifest()), stranger.privateKey, release.publicKey);
    expect(refusal(() => verifyUpdateBundle(forged, trust))).toMatch(/signature does not match/);
  });

  it.each([
    ['the same version', '0.2.0', /already installed/],
    ['an older version', '0.1.5', /older than the installed 0\.2\.0: going back/],
  ])('refuses %s (no downgrade)', (_label, version, message) => {
    expect(refusal(() => verifyUpdateBundle(signUpdate(manifest({ version }), release.privateKey), trust))).toMatch(message);
  });

  it('refuses an update the installed version is too old to take', () => {
    const bundle = signUpdate(manifest({ minimumVersion: '0.2.5' }), release.privateKey);
    expect(refusal(() => verifyUpdateBundle(bundle, trust))).toMatch(/needs Waypoint 0\.2\.5 or later installed first; this computer has 0\.2\.0/);
  });

  it('refuses an installer for another operating system', () => {
    expect(refusal(() => verifyUpdateBundle(signUpdate(manifest({ platform: 'windows' }), release.privateKey), trust))).toMatch(/for Windows; this computer runs Linux/);
  });

  it.each([
    ['not JSON', 'PK\u0003\u0004 a zip file'],
    ['another JSON file', '{"name":"waypoint"}'],
  ])('refuses %s as not an update file', (_label, text) => {
    expect(refusal(() => verifyUpdateBundle(text, trust))).toMatch(/not a Waypoint update file/);
  });

  it('refuses a signed manifest naming a path instead of a file beside the bundle', () => {
    const text = JSON.stringify(manifest({ fileName: '../../.bashrc' }));
    expect(refusal(() => verifyUpdateBundle(rawBundle(text, release.privateKey, release.publicKey), trust))).toMatch(/format this version of Waypoint cannot read/);
  });
});

describe('update from a file', () => {
  let stick: string;
  let staging: string;

  beforeEach(async () => {
    stick = await mkdtemp(join(tmpdir(), 'waypoint-stick-'));
    staging = join(await mkdtemp(join(tmpdir(), 'waypoint-user-')), 'updates');
  });
  afterEach(async () => {
    await rm(stick, { recursive: true, force: true });
    await rm(join(staging, '..'), { recursive: true, force: true });
  });

  async function put(bundle: string, bytes: Uint8Array = installer): Promise<string> {
    await writeFile(join(stick, 'Waypoint-0.3.0.AppImage'), bytes);
    await writeFile(join(stick, 'Waypoint-0.3.0.wpupdate'), bundle);
    return join(stick, 'Waypoint-0.3.0.wpupdate');
  }

  const stage = (path: string) => stageUpdateFromFile(path, { ...trust, stagingDir: staging });
  const written = () => readdir(staging).catch(() => []);

  it('copies the verified installer into the staging folder', async () => {
    const staged = await stage(await put(signUpdate(manifest(), release.privateKey)));
    expect(staged.installerPath).toBe(join(staging, '0.3.0', 'Waypoint-0.3.0.AppImage'));
    expect(new Uint8Array(await readFile(staged.installerPath))).toEqual(installer);
  });

  it.each([
    ['a changed installer (sha mismatch)', () => signUpdate(manifest(), release.privateKey), () => installer.map((b, i) => (i === 5 ? b ^ 1 : b)), /checksum differs/],
    ['a shorter installer', () => signUpdate(manifest(), release.privateKey), () => installer.slice(1), /checksum differs/],
    ['a downgrade', () => signUpdate(manifest({ version: '0.1.0' }), release.privateKey), () => installer, /going back/],
    ['another key', () => signUpdate(manifest(), stranger.privateKey), () => installer, /does not trust/],
  ])('refuses %s and writes nothing', async (_label, bundle, bytes, message) => {
    await expect(stage(await put(bundle(), bytes()))).rejects.toThrow(message);
    expect(await written()).toEqual([]);
  });

  it('says so when the installer is not beside the bundle', async () => {
    await writeFile(join(stick, 'Waypoint-0.3.0.wpupdate'), signUpdate(manifest(), release.privateKey));
    await expect(stage(join(stick, 'Waypoint-0.3.0.wpupdate'))).rejects.toThrow(/not beside the update file/);
    expect(await written()).toEqual([]);
  });

  it('refuses a large file picked by mistake without reading it', async () => {
    const path = join(stick, 'backup.wpupdate');
    await writeFile(path, new Uint8Array(200 * 1024));
    await expect(stage(path)).rejects.toThrow(/not a Waypoint update file/);
    expect(await written()).toEqual([]);
  });
});

describe('scripts/sign-update.ts (what RELEASING.md runs)', () => {
  it('makes a key, signs an installer, and the app side accepts the result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waypoint-release-'));
    try {
      const run = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../scripts/sign-update.ts'), ...args], { encoding: 'utf8' });
      const publicKey = /WAYPOINT_UPDATE_PUBLIC_KEY=(\S+)/.exec(run('keygen', '--out', dir))![1]!;
      await writeFile(join(dir, 'Waypoint-0.3.0.AppImage'), installer);
      run('sign', '--key', join(dir, 'update-signing-key.pem'), '--installer', join(dir, 'Waypoint-0.3.0.AppImage'), '--platform', 'linux', '--version', '0.3.0', '--minimum', '0.2.0');
      const staged = await stageUpdateFromFile(join(dir, 'Waypoint-0.3.0.AppImage.wpupdate'), { ...trust, publicKey: publicKeyFromBase64(publicKey), stagingDir: join(dir, 'staging') });
      expect(staged.manifest).toMatchObject({ version: '0.3.0', minimumVersion: '0.2.0', platform: 'linux', fileName: 'Waypoint-0.3.0.AppImage' });
      // The key file is private to its owner, and keygen never overwrites one.
      expect(statSync(join(dir, 'update-signing-key.pem')).mode & 0o077).toBe(0);
      expect(() => run('keygen', '--out', dir)).toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
