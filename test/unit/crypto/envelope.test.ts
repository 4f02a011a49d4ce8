import { describe, expect, it } from 'vitest';
import {
  createPracticeKey,
  fromBase64Url,
  MalformedEnvelopeError,
  sealJson,
  TamperedError,
  toBase64Url,
  UnknownVersionError,
  unsealJson,
  VaultCryptoError,
  WrongKeyError,
  type DataKey,
} from '../../../src/shared/crypto';

const context = { collection: 'clients', id: 'client-0001', schemaVersion: 0 };
const value = { firstName: 'Zyxwvut', lastName: 'Quibbleworth', scores: [3, 1, 0], note: 'Synthetic note ✓' };

async function newKey(): Promise<DataKey> {
  const { dataKey, raw } = await createPracticeKey();
  raw.fill(0);
  return dataKey;
}

describe('sealed envelope (AES-256-GCM, WebCrypto in Node)', () => {
  it('round-trips a JSON value and hides it', async () => {
    const key = await newKey();
    const sealed = await sealJson(key, context, value);
    expect(sealed).toMatch(new RegExp(`^w1\\.A256GCM\\.${key.id}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain('Zyxwvut');
    expect(await unsealJson(key, context, sealed)).toEqual(value);
  });

  it('uses a fresh IV for every seal of the same value', async () => {
    const key = await newKey();
    const ivs = new Set<string>();
    for (let i = 0; i < 50; i++) ivs.add((await sealJson(key, context, value)).split('.')[3]!);
    expect(ivs.size).toBe(50);
  });

  it('rejects every single-bit flip of the IV, ciphertext and tag as tampered', async () => {
    const key = await newKey();
    const sealed = await sealJson(key, context, { n: 1 });
    const [v, alg, keyId, ivText, ctText] = sealed.split('.') as [string, string, string, string, string];
    const binary = [fromBase64Url(ivText)!, fromBase64Url(ctText)!];
    let flips = 0;
    for (let part = 0; part < 2; part++) {
      for (let bit = 0; bit < binary[part]!.length * 8; bit++) {
        const copy = binary.map((b) => b.slice());
        copy[part]![bit >> 3]! ^= 1 << (bit & 7);
        const altered = [v, alg, keyId, toBase64Url(copy[0]!), toBase64Url(copy[1]!)].join('.');
        await expect(unsealJson(key, context, altered)).rejects.toBeInstanceOf(TamperedError);
        flips++;
      }
    }
    expect(flips).toBe((12 + binary[1]!.length) * 8);
  });

  it('rejects every single-bit flip of the serialised text, never returning data', async () => {
    const key = await newKey();
    const sealed = await sealJson(key, context, { n: 2 });
    for (let i = 0; i < sealed.length; i++) {
      for (let bit = 0; bit < 7; bit++) {
        const altered = sealed.slice(0, i) + String.fromCharCode(sealed.charCodeAt(i) ^ (1 << bit)) + sealed.slice(i + 1);
        await expect(unsealJson(key, context, altered)).rejects.toBeInstanceOf(VaultCryptoError);
      }
    }
  });

  it('rejects a sealed blob copied to another document, collection or schema version', async () => {
    const key = await newKey();
    const sealed = await sealJson(key, context, value);
    await expect(unsealJson(key, { ...context, id: 'client-0002' }, sealed)).rejects.toBeInstanceOf(TamperedError);
    await expect(unsealJson(key, { ...context, collection: 'notes' }, sealed)).rejects.toBeInstanceOf(TamperedError);
    await expect(unsealJson(key, { ...context, schemaVersion: 1 }, sealed)).rejects.toBeInstanceOf(TamperedError);
  });

  it('reports a different practice key as the wrong key, and a forged key id as tampered', async () => {
    const [key, other] = [await newKey(), await newKey()];
    const sealed = await sealJson(key, context, value);
    await expect(unsealJson(other, context, sealed)).rejects.toBeInstanceOf(WrongKeyError);
    const forged = sealed.replace(`.${key.id}.`, `.${other.id}.`);
    await expect(unsealJson(other, context, forged)).rejects.toBeInstanceOf(TamperedError);
  });

  it('names an unknown format version or algorithm, and a malformed envelope', async () => {
    const key = await newKey();
    const sealed = await sealJson(key, context, value);
    await expect(unsealJson(key, context, sealed.replace(/^w1\./, 'w9.'))).rejects.toBeInstanceOf(UnknownVersionError);
    await expect(unsealJson(key, context, sealed.replace('.A256GCM.', '.C20P.'))).rejects.toBeInstanceOf(UnknownVersionError);
    for (const bad of ['', 'hello', 'w1.A256GCM', `${sealed}.extra`, sealed.replace(/\.[^.]+$/, '.'), sealed.replace(/\.([^.]{16})\./, '.AAAA.'), 42 as unknown as string]) {
      await expect(unsealJson(key, context, bad)).rejects.toBeInstanceOf(MalformedEnvelopeError);
    }
  });

  it('keeps the practice key non-extractable', async () => {
    const key = await newKey();
    expect(key.key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key.key)).rejects.toThrow();
  });
});

describe('strict base64url', () => {
  it('round-trips every length and refuses non-canonical spellings', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(fromBase64Url('AB')).toBeNull(); // trailing bits set
    expect(fromBase64Url('AA=')).toBeNull();
    expect(fromBase64Url('A')).toBeNull();
    expect(fromBase64Url('AA+/')).toBeNull();
  });
});
