/**
 * Recovery codes: 125 random bits written as 25 Crockford base32 characters in five groups
 * ("7KQ2M-…"), easy to print, read aloud and type. Typing is forgiving: case, spaces and hyphens
 * do not matter, and O/I/L are read as 0/1/1 as Crockford specifies.
 */
import { randomBytes } from './encoding';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 25;
const GROUP = 5;

function group(code: string): string {
  return code.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

export function generateRecoveryCode(): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && code.length < LENGTH) {
      bits -= 5;
      code += ALPHABET[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return group(code);
}

/** The canonical grouped form of a typed code, or null if it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== LENGTH) return null;
  for (const char of compact) if (!ALPHABET.includes(char)) return null;
  return group(compact);
}
