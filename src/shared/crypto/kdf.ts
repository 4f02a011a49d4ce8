/**
 * Passphrase → key-encryption key with Argon2id (hash-wasm: maintained, audited-by-use WASM build
 * of the reference implementation; WebCrypto has no memory-hard KDF).
 *
 * Parameters are calibrated once per device at set-up (at least CALIBRATION_FLOOR_MS here) and stored
 * beside every wrap, so unlocking re-derives with exactly the parameters the wrap was made with.
 */
import { argon2id } from 'hash-wasm';
import { fromBase64Url, randomBytes, toBase64Url, utf8, type CryptoKey } from './encoding';
import { UnacceptableParametersError } from './errors';

export interface Argon2Params {
  algorithm: 'argon2id';
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  /** base64url, 16 random bytes */
  salt: string;
}

/** OWASP's floor for Argon2id (19 MiB, 2 passes); nothing weaker is ever created or accepted. */
export const MIN_ARGON2 = { memoryKiB: 19_456, iterations: 2 } as const;
/** Where calibration starts: 64 MiB, 3 passes (RFC 9106's second recommended option). */
export const TARGET_ARGON2 = { memoryKiB: 65_536, iterations: 3 } as const;
/** Upper bounds: a tampered keyring must not make unlocking allocate gigabytes or spin for minutes. */
const MAX_ARGON2 = { memoryKiB: 1_048_576, iterations: 64, parallelism: 16 } as const;
export const CALIBRATION_FLOOR_MS = 250;
const SALT_BYTES = 16;

export function newSalt(): string {
  return toBase64Url(randomBytes(SALT_BYTES));
}

/** Throws UnacceptableParametersError unless the parameters are within the floor and the ceiling. */
export function assertParamsAcceptable(params: Argon2Params): void {
  const salt = typeof params.salt === 'string' ? fromBase64Url(params.salt) : null;
  const problems = [
    params.algorithm !== 'argon2id' && 'the algorithm must be argon2id',
    !(Number.isInteger(params.memoryKiB) && params.memoryKiB >= MIN_ARGON2.memoryKiB && params.memoryKiB <= MAX_ARGON2.memoryKiB) &&
      `memory must be ${MIN_ARGON2.memoryKiB}–${MAX_ARGON2.memoryKiB} KiB`,
    !(Number.isInteger(params.iterations) && params.iterations >= MIN_ARGON2.iterations && params.iterations <= MAX_ARGON2.iterations) &&
      `iterations must be ${MIN_ARGON2.iterations}–${MAX_ARGON2.iterations}`,
    !(Number.isInteger(params.parallelism) && params.parallelism >= 1 && params.parallelism <= MAX_ARGON2.parallelism) &&
      `parallelism must be 1–${MAX_ARGON2.parallelism}`,
    (salt === null || salt.length < SALT_BYTES) && `the salt must be at least ${SALT_BYTES} bytes`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new UnacceptableParametersError({ key: 'shared:crypto.argon2Parameters', values: { problems: problems.join('; ') } });
}

/** NIST 800-63B §5.1.1.2: passphrases are Unicode-normalised (NFKC) before hashing. */
export function normalisePassphrase(passphrase: string): string {
  return passphrase.normalize('NFKC');
}

/** One Argon2id derivation of 32 bytes; the app runs it in its vault Worker (`runArgon2With`). */
export type Argon2Hash = (passphrase: string, params: Argon2Params) => Promise<Uint8Array>;

/** Argon2id in this thread (hash-wasm). */
export const argon2Here: Argon2Hash = async (passphrase, params) =>
  argon2id({
    password: normalisePassphrase(passphrase),
    salt: fromBase64Url(params.salt)!,
    iterations: params.iterations,
    parallelism: params.parallelism,
    memorySize: params.memoryKiB,
    hashLength: 32,
    outputType: 'binary',
  });

let argon2Raw: Argon2Hash = argon2Here;

/**
 * Where every later derivation runs. A derivation takes a quarter of a second or more by design,
 * so the renderer hands them to a Worker and its window stays responsive while someone unlocks.
 */
export function runArgon2With(hash: Argon2Hash): void {
  argon2Raw = hash;
}

/**
 * Derives a non-extractable AES-256-GCM key-encryption key from a passphrase, and from the same
 * Argon2id output the holder secret (HKDF): the private key to which new key epochs are boxed
 * for this wrap's owner (`holderSecret`), so one derivation serves both.
 */
export async function deriveKek(passphrase: string, params: Argon2Params): Promise<{ kek: CryptoKey; holder: Uint8Array }> {
  assertParamsAcceptable(params);
  const raw = await argon2Raw(passphrase, params);
  try {
    return {
      kek: await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt', 'decrypt']),
      holder: await holderSecret(raw),
    };
  } finally {
    raw.fill(0);
  }
}

const HOLDER_INFO = utf8('waypoint key-epoch holder v1');

/** 32 bytes for an X25519 private key, from a wrap's secret material (Argon2id output or a code). */
export async function holderSecret(material: Uint8Array, salt: Uint8Array = new Uint8Array()): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', material as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, info: HOLDER_INFO }, base, 256));
}

export interface Calibration {
  params: Omit<Argon2Params, 'salt'>;
  /** Time of one derivation with the chosen parameters on this device. */
  measuredMs: number;
}

/**
 * Picks Argon2id parameters for this device: starts at 64 MiB / 3 passes and adds passes until one
 * derivation takes at least `floorMs`. A slow device keeps the starting cost (never below the minimum).
 */
export async function calibrateArgon2(options: { floorMs?: number; now?: () => number } = {}): Promise<Calibration> {
  const floorMs = options.floorMs ?? CALIBRATION_FLOOR_MS;
  const now = options.now ?? (() => performance.now());
  const base = { algorithm: 'argon2id' as const, memoryKiB: TARGET_ARGON2.memoryKiB, parallelism: 1 };
  const time = async (iterations: number) => {
    const started = now();
    await argon2Raw('calibration', { ...base, iterations, salt: newSalt() });
    return now() - started;
  };
  let iterations: number = TARGET_ARGON2.iterations;
  let measuredMs = await time(iterations);
  while (measuredMs < floorMs && iterations < MAX_ARGON2.iterations) {
    // Time grows linearly with passes; aim 20% above the floor so the next measurement clears it.
    iterations = Math.min(MAX_ARGON2.iterations, Math.max(iterations + 1, Math.ceil((iterations * floorMs * 1.2) / Math.max(measuredMs, 1))));
    measuredMs = await time(iterations);
  }
  return { params: { ...base, iterations }, measuredMs };
}
