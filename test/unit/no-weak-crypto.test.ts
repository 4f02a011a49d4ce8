import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const WEAK = /crypto-js|\bmd5\b|evpkdf|encryption-crypto-js/i;

describe('no weak crypto in the app', () => {
  it('finds no crypto-js, MD5 or EvpKDF anywhere under src/', () => {
    const offenders = files(SRC).filter((file) => WEAK.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the scan recognises each forbidden name (so it can fail)', () => {
    for (const sample of ["import AES from 'crypto-js/aes'", 'const h = MD5(x)', 'EvpKDF.create()', "from 'rxdb/plugins/encryption-crypto-js'"]) {
      expect(WEAK.test(sample), sample).toBe(true);
    }
  });
});
