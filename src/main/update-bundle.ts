/**
 * Signed update bundles, for clinics that never see the internet: an installer carried on a USB
 * stick next to a small `.wpupdate` file, which holds a manifest (version, minimum installed
 * version, platform, installer file name, size and SHA-512) and an Ed25519 signature over the
 * manifest's exact bytes. The release key's public half is built into the app; the private half
 * never leaves the release process (docs/RELEASING.md). Pure: node:crypto only, no Electron,
 * no file access, so every refusal is unit-tested with real keys.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import semver from 'semver';
import { z } from 'zod';

export const UPDATE_BUNDLE_EXTENSION = 'wpupdate';
/** A bundle is a few hundred bytes; anything large is not one. */
export const MAX_BUNDLE_BYTES = 64 * 1024;
/** Installers are 100–200 MB; the cap keeps a wrong file from filling memory. */
export const MAX_INSTALLER_BYTES = 1024 * 1024 * 1024;

export class UpdateRefusedError extends Error {
  override readonly name = 'UpdateRefusedError';
}

const version = z.string().refine((v) => semver.valid(v) === v, 'A version is like 1.2.3');

export const updateManifestSchema = z
  .object({
    format: z.literal('waypoint-update-manifest'),
    formatVersion: z.literal(1),
    version,
    /** The oldest installed version this installer may update: older ones must take an earlier release first. */
    minimumVersion: version,
    platform: z.enum(['windows', 'mac', 'linux']),
    fileName: z
      .string()
      .min(1)
      .max(200)
      // eslint-disable-next-line no-control-regex -- a file name beside the bundle, never a path
      .refine((name) => !/[\\/:\u0000-\u001f]/.test(name) && name !== '.' && name !== '..', 'The installer is named without a folder'),
    size: z.number().int().positive().max(MAX_INSTALLER_BYTES),
    sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'SHA-512 in base64'),
  })
  .strict();
export type UpdateManifest = z.infer<typeof updateManifestSchema>;
export type UpdatePlatform = UpdateManifest['platform'];

const bundleSchema = z
  .object({
    format: z.literal('waypoint-update'),
    /** Which release key signed it: only to say "another key" rather than "altered". */
    keyId: z.string(),
    /** The manifest's JSON exactly as signed. */
    manifest: z.string().max(MAX_BUNDLE_BYTES),
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  })
  .strict();

const PLATFORM_NAMES: Readonly<Record<UpdatePlatform, string>> = { windows: 'Windows', mac: 'macOS', linux: 'Linux' };

/** The public key as it is configured at build time: base64 of its DER SubjectPublicKeyInfo. */
export function publicKeyFromBase64(base64: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new Error('The update-signing public key is not a base64 SubjectPublicKeyInfo');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('The update-signing key must be an Ed25519 key');
  return key;
}

export function publicKeyToBase64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 16);
}

export function sha512Base64(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/** The release process's side: the bundle's text for a manifest (scripts/sign-update.ts). */
export function signUpdate(manifest: UpdateManifest, privateKey: KeyObject): string {
  const text = JSON.stringify(updateManifestSchema.parse(manifest));
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');
  return `${JSON.stringify({ format: 'waypoint-update', keyId: keyIdOf(createPublicKey(privateKey)), manifest: text, signature }, null, 2)}\n`;
}

/**
 * Checks a bundle before anything is read or written beside it: it is one, the release key this
 * app trusts signed its manifest byte for byte, the manifest is well formed, it is for this
 * platform, it is newer than what runs, and what runs is recent enough to take it.
 */
export function verifyUpdateBundle(text: string, trust: { publicKey: KeyObject; currentVersion: string; platform: UpdatePlatform }): UpdateManifest {
  let bundle: z.infer<typeof bundleSchema>;
  try {
    bundle = bundleSchema.parse(JSON.parse(text));
  } catch {
    throw new UpdateRefusedError('This is not a Waypoint update file (a .wpupdate file made by the Waypoint release process).');
  }
  if (bundle.keyId !== keyIdOf(trust.publicKey)) {
    throw new UpdateRefusedError('This update was signed with a key this copy of Waypoint does not trust: it was not made by your Waypoint release process.');
  }
  if (!verify(null, Buffer.from(bundle.manifest, 'utf8'), trust.publicKey, Buffer.from(bundle.signature, 'base64'))) {
    throw new UpdateRefusedError('The update file’s signature does not match its contents: the file was altered or damaged after it was signed.');
  }
  let manifest: UpdateManifest;
  try {
    manifest = updateManifestSchema.parse(JSON.parse(bundle.manifest));
  } catch {
    // Signed, yet unreadable: a newer bundle format than this version knows.
    throw new UpdateRefusedError('This update file is in a format this version of Waypoint cannot read.');
  }
  if (manifest.platform !== trust.platform) {
    throw new UpdateRefusedError(`This update is for ${PLATFORM_NAMES[manifest.platform]}; this computer runs ${PLATFORM_NAMES[trust.platform]}.`);
  }
  if (!semver.gt(manifest.version, trust.currentVersion)) {
    throw new UpdateRefusedError(
      semver.eq(manifest.version, trust.currentVersion)
        ? `Waypoint ${trust.currentVersion} is already installed.`
        : `This update is Waypoint ${manifest.version}, older than the installed ${trust.currentVersion}: going back to an older version is not allowed (it may not read newer records).`,
    );
  }
  if (semver.lt(trust.currentVersion, manifest.minimumVersion)) {
    throw new UpdateRefusedError(`Waypoint ${manifest.version} needs Waypoint ${manifest.minimumVersion} or later installed first; this computer has ${trust.currentVersion}.`);
  }
  return manifest;
}

/** The installer's bytes against the signed manifest. */
export function verifyInstaller(manifest: UpdateManifest, bytes: Uint8Array): void {
  if (bytes.byteLength !== manifest.size || sha512Base64(bytes) !== manifest.sha512) {
    throw new UpdateRefusedError(`The installer ${manifest.fileName} does not match the signed update (its checksum differs): it was altered or damaged. Copy it again from the release.`);
  }
}
