/**
 * The device secret store: small values encrypted with the OS key store (Electron safeStorage)
 * and kept in one file in the user-data folder. It remembers conveniences such as the profile
 * that last unlocked; it never holds the practice key in a form that opens without a passphrase.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretStoreStatus } from '../shared/bridge';

/** What the store needs from the OS key store; in the app it is Electron's safeStorage. */
export interface OsCipher {
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
}

/**
 * On Linux, safeStorage falls back to a hard-coded password when no secret service (GNOME
 * libsecret, KWallet) runs: 'basic_text'. That is obfuscation, not encryption, so we refuse it.
 */
export function secretStoreStatus(
  platform: NodeJS.Platform,
  encryptionAvailable: boolean,
  linuxBackend: string | undefined,
): SecretStoreStatus {
  if (!encryptionAvailable) {
    return { available: false, reason: 'The operating system key store is not available on this device' };
  }
  if (platform === 'linux') {
    if (linuxBackend === undefined || linuxBackend === 'basic_text' || linuxBackend === 'unknown') {
      return {
        available: false,
        reason: 'No secret service (GNOME Keyring or KWallet) is running, so device secrets would only be obfuscated',
      };
    }
    return { available: true, backend: linuxBackend };
  }
  return { available: true, backend: platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : platform };
}

interface StoreFile {
  version: 1;
  entries: Record<string, string>;
}

export class SecretStoreUnavailableError extends Error {
  override readonly name = 'SecretStoreUnavailableError';
}

export class FileSecretStore {
  /** Mutations run one after another: each is a read-modify-write of the whole file. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly filePath: string,
    private readonly cipher: OsCipher,
    private readonly status: () => SecretStoreStatus,
  ) {}

  private assertAvailable(): void {
    const status = this.status();
    if (!status.available) throw new SecretStoreUnavailableError(status.reason);
  }

  private async load(): Promise<StoreFile> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<StoreFile>;
    if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) {
      throw new Error('The device secret file has an unknown format');
    }
    return { version: 1, entries: parsed.entries };
  }

  /** Write to a temporary file and rename, so a crash never leaves a half-written store. */
  private async save(file: StoreFile): Promise<void> {
    await mkdir(dirname(this.filePath), { recursive: true });
    const tmp = `${this.filePath}.tmp`;
    await writeFile(tmp, JSON.stringify(file), { mode: 0o600 });
    await rename(tmp, this.filePath);
  }

  async get(key: string): Promise<string | null> {
    this.assertAvailable();
    const stored = (await this.load()).entries[key];
    return stored === undefined ? null : this.cipher.decryptString(Buffer.from(stored, 'base64'));
  }

  private serialised(mutation: () => Promise<void>): Promise<void> {
    const run = this.tail.then(mutation, mutation);
    this.tail = run.catch(() => undefined);
    return run;
  }

  set(key: string, value: string): Promise<void> {
    this.assertAvailable();
    return this.serialised(async () => {
      const file = await this.load();
      file.entries[key] = this.cipher.encryptString(value).toString('base64');
      await this.save(file);
    });
  }

  delete(key: string): Promise<void> {
    this.assertAvailable();
    return this.serialised(async () => {
      const file = await this.load();
      if (!Object.hasOwn(file.entries, key)) return;
      delete file.entries[key];
      await this.save(file);
    });
  }
}
