import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/shared/format';

type Catalogue = { [key: string]: string | Catalogue };

const LOCALES_DIR = resolve(import.meta.dirname, '../../src/renderer/src/i18n/locales');
/** The client namespace is `locales/<locale>.json`; the staff namespace `locales/staff/<locale>.json`. */
const file = (locale: string, namespace: 'translation' | 'staff') => resolve(LOCALES_DIR, namespace === 'staff' ? `staff/${locale}.json` : `${locale}.json`);
const read = (locale: string, namespace: 'translation' | 'staff' = 'translation') => JSON.parse(readFileSync(file(locale, namespace), 'utf8')) as Catalogue;

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

/**
 * The differences between two catalogues, one line each: what a translator must fix. A partial
 * catalogue (the staff namespace outside English) may lack keys, never add or change them.
 */
function compare(source: Map<string, unknown>, target: Map<string, unknown>, name: string, partial = false): string[] {
  const problems: string[] = [];
  if (!partial) for (const key of source.keys()) if (!target.has(key)) problems.push(`${name} lacks ${key}`);
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

  it('has the staff namespace complete in English; any other locale of it only translates English keys, placeholders unchanged', () => {
    const staff = flatten(read('en-US', 'staff'));
    expect(staff.size).toBeGreaterThan(0);
    for (const [key, value] of staff) expect(typeof value === 'string' && value.trim() !== '', `staff ${key}`).toBe(true);
    for (const locale of LOCALES.filter((l) => l !== 'en-US' && existsSync(file(l, 'staff')))) {
      expect(compare(staff, flatten(read(locale, 'staff')), `staff ${locale}`, true)).toEqual([]);
    }
  });

  it('catches a missing key, an extra key and a changed placeholder, and lets a partial catalogue lack keys only', () => {
    const broken = new Map(english);
    broken.delete('kiosk.submit');
    broken.set('kiosk.extra', 'Extra');
    broken.set('kiosk.progress', 'Cuestionario {{current}} de {{count}}');
    expect(compare(english, broken, 'es-US')).toEqual([
      'es-US lacks kiosk.submit',
      'es-US has kiosk.extra, which English does not',
      'es-US kiosk.progress has placeholders {count, current}, English has {current, total}',
    ]);
    expect(compare(english, broken, 'es-US', true)).toEqual([
      'es-US has kiosk.extra, which English does not',
      'es-US kiosk.progress has placeholders {count, current}, English has {current, total}',
    ]);
  });
});

// ESLint loads its plugins on the first file: seconds on a busy machine.
describe('the lint rule against literal user-facing strings', { timeout: 60_000 }, () => {
  const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });
  const lint = async (code: string, file: string) => {
    const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '../..', file) });
    return result!.messages.filter((m) => m.ruleId === 'i18next/no-literal-string').length;
  };
  // A function component: the rule leaves constants named in capitals (`const A = …`) alone.
  const literal = 'export function Example() {\n  return <button aria-label="Close the dialog">Close</button>;\n}\n';

  it('refuses JSX text and user-facing attributes written as literals in a converted folder', async () => {
    expect(await lint(literal, 'src/renderer/src/features/clients/Example.tsx')).toBe(2);
    expect(await lint('export function Example({ n }: { n: number }) {\n  return <p>{`${n} clients`}</p>;\n}\n', 'src/renderer/src/shell/Example.tsx')).toBe(1);
  });

  it('lets catalogue lookups and non-text attributes through, and leaves unconverted folders alone for now', async () => {
    const translated = "import { st } from '../../i18n/staff';\nexport function Example() {\n  return <button type=\"button\" className=\"x\" aria-label={st('shell.AppFrame.lock')}>{st('shell.AppFrame.lock')}</button>;\n}\n";
    expect(await lint(translated, 'src/renderer/src/features/clients/Example.tsx')).toBe(0);
    expect(await lint(literal, 'src/renderer/src/demo/Example.tsx')).toBe(0);
  });
});
