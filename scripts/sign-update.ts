/**
 * Makes the signed bundle for updating Waypoint from a file (docs/RELEASING.md):
 *
 *   npx tsx scripts/sign-update.ts keygen --out <folder>
 *     once: writes update-signing-key.pem (private: keep it offline) and prints the public key
 *     for WAYPOINT_UPDATE_PUBLIC_KEY, which release builds carry.
 *   npx tsx scripts/sign-update.ts sign --key <update-signing-key.pem> --installer <file>
 *       --platform windows|mac|linux [--minimum <version>] [--version <version>]
 *     per release and platform: writes <installer>.wpupdate beside the installer. The version
 *     defaults to package.json's, the minimum to 0.0.0 (any installed version may take it).
 */
import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { publicKeyToBase64, sha512Base64, signUpdate, updateManifestSchema } from '../src/main/update-bundle';

async function keygen(out: string): Promise<void> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const path = join(out, 'update-signing-key.pem');
  await writeFile(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  console.log(`Private key written to ${path}: keep it offline, never in the repository.`);
  console.log(`WAYPOINT_UPDATE_PUBLIC_KEY=${publicKeyToBase64(publicKey)}`);
}

async function signInstaller(options: { key: string; installer: string; platform: string; minimum: string; version: string }): Promise<void> {
  const bytes = await readFile(options.installer);
  const manifest = updateManifestSchema.parse({
    format: 'waypoint-update-manifest',
    formatVersion: 1,
    version: options.version,
    minimumVersion: options.minimum,
    platform: options.platform,
    fileName: basename(options.installer),
    size: bytes.byteLength,
    sha512: sha512Base64(bytes),
  });
  const bundle = signUpdate(manifest, createPrivateKey(await readFile(options.key)));
  const path = `${options.installer}.wpupdate`;
  await writeFile(path, bundle);
  console.log(`${path}: Waypoint ${manifest.version} for ${manifest.platform}, from ${manifest.minimumVersion} or later. Copy it and ${manifest.fileName} into one folder.`);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      key: { type: 'string' },
      installer: { type: 'string' },
      platform: { type: 'string' },
      minimum: { type: 'string', default: '0.0.0' },
      version: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (command === 'keygen' && values.out) return keygen(values.out);
  if (command === 'sign' && values.key && values.installer && values.platform) {
    const version = values.version ?? (JSON.parse(await readFile(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
    return signInstaller({ key: values.key, installer: values.installer, platform: values.platform, minimum: values.minimum, version });
  }
  throw new Error('usage: sign-update.ts keygen --out <folder> | sign --key <pem> --installer <file> --platform windows|mac|linux [--minimum <v>] [--version <v>]');
}

main().catch((error: Error) => {
  console.error(`[sign-update] ${error.message}`);
  process.exit(1);
});
