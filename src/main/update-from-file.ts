/**
 * Update from a file: reads a `.wpupdate` bundle and the installer beside it, verifies both
 * (update-bundle.ts), and only then copies the installer into the app's staging folder. A refused
 * update writes nothing. No Electron import: the unit tests run it on real files.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { MAX_BUNDLE_BYTES, UpdateRefusedError, verifyInstaller, verifyUpdateBundle, type UpdateManifest, type UpdatePlatform } from './update-bundle';

export interface StagedUpdate {
  manifest: UpdateManifest;
  /** The verified installer's copy, in the staging folder. */
  installerPath: string;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

export async function stageUpdateFromFile(
  bundlePath: string,
  options: { publicKey: KeyObject; currentVersion: string; platform: UpdatePlatform; stagingDir: string },
): Promise<StagedUpdate> {
  const bundleSize = await sizeOf(bundlePath);
  if (bundleSize === null || bundleSize > MAX_BUNDLE_BYTES) throw new UpdateRefusedError('This is not a Waypoint update file (a .wpupdate file made by the Waypoint release process).');
  const manifest = verifyUpdateBundle(await readFile(bundlePath, 'utf8'), options);

  const source = join(dirname(bundlePath), manifest.fileName);
  const size = await sizeOf(source);
  if (size === null) throw new UpdateRefusedError(`The installer ${manifest.fileName} is not beside the update file: copy both files into the same folder.`);
  // One read: the bytes verified are the bytes written, whatever happens to the stick meanwhile.
  const bytes = size === manifest.size ? await readFile(source) : new Uint8Array(0);
  verifyInstaller(manifest, bytes);

  const folder = join(options.stagingDir, manifest.version);
  await mkdir(folder, { recursive: true });
  const installerPath = join(folder, manifest.fileName);
  await writeFile(`${installerPath}.partial`, bytes);
  await rename(`${installerPath}.partial`, installerPath);
  return { manifest, installerPath };
}
