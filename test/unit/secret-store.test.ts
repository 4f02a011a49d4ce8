import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore, SecretStoreUnavailableError, secretStoreStatus, type OsCipher } from '../../src/main/secret-store';

/** A real AES-256-GCM cipher standing in for the OS key store, which Node alone cannot reach. */
function aesCipher(): OsCipher {
  const key = randomBytes(32);
  return {
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('secret store availability', () => {
  it('refuses Linux without a secret service (basic_text is obfuscation only)', () => {
    expect(secretStoreStatus('linux', true, 'basic_text')).toMatchObject({ available: false, reason: expect.stringMatching(/secret service/) });
    expect(secretStoreStatus('linux', true, 'unknown').available).toBe(false);
    expect(secretStoreStatus('linux', true, 'gnome_libsecret')).toEqual({ available: true, backend: 'gnome_libsecret' });
  });

  it('uses the OS store on macOS and Windows, and refuses when encryption is unavailable', () => {
    expect(secretStoreStatus('darwin', true, undefined)).toEqual({ available: true, backend: 'keychain' });
    expect(secretStoreStatus('win32', true, undefined)).toEqual({ available: true, backend: 'dpapi' });
    expect(secretStoreStatus('win32', false, undefined).available).toBe(false);
  });
});

describe('file secret store', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waypoint-secrets-'));
    file = join(dir, 'device-secrets.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips values and never writes them in plain text', async () => {
    const store = new FileSecretStore(file, aesCipher(), () => ({ available: true, backend: 'test' }));
    expect(await store.get('last-profile')).toBeNull();
    await store.set('last-profile', 'profile-synthetic-0001');
    expect(await store.get('last-profile')).toBe('profile-synthetic-0001');
    expect(await readFile(file, 'utf8')).not.toContain('profile-synthetic-0001');
    await store.delete('last-profile');
    expect(await store.get('last-profile')).toBeNull();
  });

  it('keeps every one of many concurrent writes', async () => {
    const store = new FileSecretStore(file, aesCipher(), () => ({ available: true, backend: 'test' }));
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.set(`key-${i}`, `value-${i}`)));
    for (let i = 0; i < 25; i++) expect(await store.get(`key-${i}`)).toBe(`value-${i}`);
  });

  it('refuses to read or write when the OS store is unavailable', async () => {
    const store = new FileSecretStore(file, aesCipher(), () => ({ available: false, reason: 'no keyring' }));
    await expect(store.get('x')).rejects.toBeInstanceOf(SecretStoreUnavailableError);
    expect(() => store.set('x', 'y')).toThrow(/no keyring/);
  });

  it('cannot be read with another device key', async () => {
    await new FileSecretStore(file, aesCipher(), () => ({ available: true, backend: 'test' })).set('k', 'v');
    await expect(new FileSecretStore(file, aesCipher(), () => ({ available: true, backend: 'test' })).get('k')).rejects.toThrow();
  });
});
