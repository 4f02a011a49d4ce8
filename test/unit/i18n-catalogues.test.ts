import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/shared/format';

type Catalogue = { [key: string]: string | Catalogue };

const read = (locale: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, `../../src/renderer/src/i18n/locales/${locale}.json`), 'utf8')) as Catalogue;

/** "kiosk.progress" → its text, for every leaf. */
function flatten(catalogue: Catalogue, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (value !== null && typeof value === 'object') for (const [k, v] of flatten(value, `${prefix}${key}.`)) leaves.set(k, v);
    else leaves.set(`${prefix}${key}`, value);
  }
  return leaves;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();

/** The differences between two catalogues, one line each: what a translator must fix. */
function compare(source: Map<string, unknown>, target: Map<string, unknown>, name: string): string[] {
  const problems: string[] = [];
  for (const key of source.keys()) if (!target.has(key)) problems.push(`${name} lacks ${key}`);
  for (const key of target.keys()) if (!source.has(key)) problems.push(`${name} has ${key}, which English does not`);
  for (const [key, value] of target) {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${name} ${key} is not a non-empty string`);
    const english = source.get(key);
    if (typeof value === 'string' && typeof english === 'string' && placeholders(value).join() !== placeholders(english).join()) {
      problems.push(`${name} ${key} has placeholders {${placeholders(value).join(', ')}}, English has {${placeholders(english).join(', ')}}`);
    }
  }
  return problems;
}

describe('the translation catalogues', () => {
  const english = flatten(read('en-US'));

  it.each(LOCALES.filter((l) => l !== 'en-US'))('%s has every English key, no other, and the same placeholders', (locale) => {
    expect(compare(english, flatten(read(locale)), locale)).toEqual([]);
  });

  it('catches a missing key, an extra key and a changed placeholder', () => {
    const broken = new Map(english);
    broken.delete('kiosk.submit');
    broken.set('kiosk.extra', 'Extra');
    broken.set('kiosk.progress', 'Cuestionario {{current}} de {{count}}');
    expect(compare(english, broken, 'es-US')).toEqual([
      'es-US lacks kiosk.submit',
      'es-US has kiosk.extra, which English does not',
      'es-US kiosk.progress has placeholders {count, current}, English has {current, total}',
    ]);
  });
});
