import { describe, expect, it } from 'vitest';
import {
  assertParamsAcceptable,
  calibrateArgon2,
  CALIBRATION_FLOOR_MS,
  createPracticeKey,
  generateRecoveryCode,
  MIN_ARGON2,
  newSalt,
  normaliseRecoveryCode,
  sealJson,
  UnacceptableParametersError,
  unsealJson,
  unwrapPracticeKey,
  wrapWithPassphrase,
  wrapWithRecoveryCode,
  WrongPassphraseError,
  type Argon2Params,
  type KeyWrap,
} from '../../../src/shared/crypto';

const cost = { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 };
const context = { collection: 'notes', id: 'note-1', schemaVersion: 0 };

describe('practice key wraps (Argon2id via hash-wasm, AES-GCM)', () => {
  it('opens with the right passphrase, refuses the wrong one, and stores its Argon2id parameters', async () => {
    const { dataKey, raw } = await createPracticeKey();
    const wrap = await wrapWithPassphrase(raw, dataKey.id, 'violet tractor umbrella sonnet', cost);
    expect(wrap.method).toMatchObject({ type: 'passphrase', kdf: { algorithm: 'argon2id', memoryKiB: 19_456, iterations: 2, parallelism: 1 } });
    expect(JSON.stringify(wrap)).not.toContain(Buffer.from(raw).toString('base64url'));
    const sealed = await sealJson(dataKey, context, { text: 'synthetic' });
    const opened = await unwrapPracticeKey(wrap, 'violet tractor umbrella sonnet');
    expect(opened.raw).toBeUndefined();
    expect(opened.dataKey.key.extractable).toBe(false);
    expect(await unsealJson(opened.dataKey, context, sealed)).toEqual({ text: 'synthetic' });
    await expect(unwrapPracticeKey(wrap, 'violet tractor umbrella sonnets')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(unwrapPracticeKey(wrap, 'violet tractor umbrella sonnets')).rejects.toThrow('The passphrase is not correct');
  });

  it('re-derives with the parameters stored in the wrap, not the current defaults', async () => {
    const { dataKey, raw } = await createPracticeKey();
    const stronger = { ...cost, memoryKiB: 24_576, iterations: 3 };
    const wrap = await wrapWithPassphrase(raw, dataKey.id, 'a passphrase for stronger params', stronger);
    const stored = JSON.parse(JSON.stringify(wrap)) as KeyWrap;
    expect(stored.method.kdf).toMatchObject({ memoryKiB: 24_576, iterations: 3 });
    await expect(unwrapPracticeKey(stored, 'a passphrase for stronger params')).resolves.toBeTruthy();
    // The parameters are authenticated: editing them makes the wrap fail to open, not open weaker.
    const edited = { ...stored, method: { ...stored.method, kdf: { ...(stored.method.kdf as Argon2Params), iterations: 2 } } } as KeyWrap;
    await expect(unwrapPracticeKey(edited, 'a passphrase for stronger params')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('refuses to create or open a wrap below 19 MiB / 2 passes or with absurd parameters', async () => {
    const { dataKey, raw } = await createPracticeKey();
    await expect(wrapWithPassphrase(raw, dataKey.id, 'a long enough passphrase', { ...cost, memoryKiB: 8192 })).rejects.toBeInstanceOf(UnacceptableParametersError);
    await expect(wrapWithPassphrase(raw, dataKey.id, 'a long enough passphrase', { ...cost, iterations: 1 })).rejects.toBeInstanceOf(UnacceptableParametersError);
    expect(() => assertParamsAcceptable({ ...cost, memoryKiB: 64 * 1024 * 1024, salt: newSalt() })).toThrow(/memory must be/);
    expect(() => assertParamsAcceptable({ ...cost, salt: 'short' })).toThrow(/salt/);
  });

  it('opens with the recovery code however it is typed, and with nothing else', async () => {
    const { dataKey, raw } = await createPracticeKey();
    const code = generateRecoveryCode();
    const wrap = await wrapWithRecoveryCode(raw, dataKey.id, code);
    const loose = ` ${code.toLowerCase().replaceAll('-', ' ')} `.replaceAll('0', 'o').replaceAll('1', 'l');
    const opened = await unwrapPracticeKey(wrap, loose, { extractable: true });
    expect(opened.raw).toEqual(raw);
    await expect(unwrapPracticeKey(wrap, generateRecoveryCode())).rejects.toThrow('The recovery code is not correct');
    await expect(unwrapPracticeKey(wrap, 'not a code')).rejects.toBeInstanceOf(WrongPassphraseError);
  });
});

describe('recovery codes', () => {
  it('are 25 Crockford base32 characters in five groups, all different', () => {
    const codes = new Set(Array.from({ length: 200 }, generateRecoveryCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    // 125 bits: every one of the 32 symbols appears in the first position over enough draws.
    const firsts = new Set(Array.from({ length: 2000 }, () => generateRecoveryCode()[0]));
    expect(firsts.size).toBe(32);
  });

  it('normalise typed input and refuse what cannot be a code', () => {
    expect(normaliseRecoveryCode('abcde fghjk mnpqr stvwx yz01o')).toBe('ABCDE-FGHJK-MNPQR-STVWX-YZ010');
    expect(normaliseRecoveryCode('ABCDE-FGHJK-MNPQR-STVWX-YZ01U')).toBeNull();
    expect(normaliseRecoveryCode('ABCDE-FGHJK')).toBeNull();
  });
});

describe('Argon2id calibration', () => {
  it(`chooses at least 64 MiB and enough passes for ${CALIBRATION_FLOOR_MS} ms on this machine`, async () => {
    const { params, measuredMs } = await calibrateArgon2();
    expect(params.memoryKiB).toBeGreaterThanOrEqual(65_536);
    expect(params.iterations).toBeGreaterThanOrEqual(3);
    expect(measuredMs).toBeGreaterThanOrEqual(CALIBRATION_FLOOR_MS);
  });
});
