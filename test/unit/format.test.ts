import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { formatDay, formatInstant, formatList, formatNumber, formatWeekday, formatters } from '../../src/shared/format';

// ICU puts a narrow no-break space before AM/PM; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const CHICAGO = 'America/Chicago';

describe('the formatting module', () => {
  it('writes an instant in the locale and the practice’s zone', () => {
    const instant = '2026-11-24T03:30:00.000Z';
    expect(plain(formatInstant(instant, CHICAGO, 'en-US'))).toBe('Nov 23, 2026, 9:30 PM');
    expect(plain(formatInstant(instant, CHICAGO, 'es-US'))).toBe('23 nov 2026, 9:30 p.m.');
    expect(plain(formatInstant(Date.parse(instant), 'Asia/Kolkata', 'en-US', { seconds: true }))).toBe('Nov 24, 2026, 9:00:00 AM');
    expect(() => formatInstant('yesterday', CHICAGO, 'en-US')).toThrow('Not an instant in America/Chicago: yesterday');
  });

  it('writes a calendar date without shifting it a day, in each style', () => {
    expect(formatDay('2026-11-23', 'en-US', 'long')).toBe('Monday, November 23, 2026');
    expect(formatDay('2026-11-23', 'es-US', 'long')).toBe('lunes, 23 de noviembre de 2026');
    expect(formatDay('2026-11-23', 'en-US', 'short')).toBe('Mon, Nov 23');
    expect(formatDay('2026-11-23', 'en-US')).toBe('Nov 23, 2026');
    expect(() => formatDay('23/11/2026', 'en-US')).toThrow('Not a date (YYYY-MM-DD): 23/11/2026');
  });

  it('writes numbers with the locale’s separators', () => {
    expect(formatNumber(12345.5, 'en-US')).toBe('12,345.5');
    expect(plain(formatNumber(0.25, 'es-US', { style: 'percent' }))).toBe('25%');
    // Spanish as written in the US keeps the US decimal point.
    expect(formatNumber(12345.5, 'es-US')).toBe('12,345.5');
    const bound = formatters('es-US', CHICAGO);
    expect(bound.day('2026-11-23', 'long')).toBe(formatDay('2026-11-23', 'es-US', 'long'));
    expect(plain(bound.time('2026-11-24T03:30:00.000Z'))).toBe('9:30:00 p.m.');
  });

  it('names ISO weekdays (1 = Monday) and joins names as the locale does', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((day) => formatWeekday(day, 'en-US'))).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(formatWeekday(7, 'en-US', 'long')).toBe('Sunday');
    expect(formatWeekday(1, 'es-US', 'long')).toBe('lunes');
    expect(formatList(['Test Alpha'], 'en-US')).toBe('Test Alpha');
    expect(formatList(['Test Alpha', 'Test Beta'], 'en-US')).toBe('Test Alpha and Test Beta');
    expect(formatList(['Test Alpha', 'Test Beta', 'Test Gamma'], 'en-US')).toBe('Test Alpha, Test Beta, and Test Gamma');
    expect(formatList(['Test Alpha', 'Test Beta'], 'es-US')).toBe('Test Alpha y Test Beta');
    expect(formatters('es-US', CHICAGO).weekday(3)).toBe(formatWeekday(3, 'es-US'));
  });
});

// ESLint loads its plugins on the first file: seconds on a busy machine.
describe('the lint rule against fixed locales', { timeout: 60_000 }, () => {
  const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });
  const lint = async (code: string, file = 'src/renderer/src/features/example.tsx') => {
    const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '../..', file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').length;
  };

  it('refuses a fixed or machine locale in the renderer and in src/shared', async () => {
    expect(await lint("export const a = new Date(0).toLocaleDateString('en-GB');\n")).toBeGreaterThan(0);
    expect(await lint('export const a = new Date(0).toLocaleTimeString(undefined, { timeStyle: "short" });\n')).toBeGreaterThan(0);
    expect(await lint("export const a = new Intl.DateTimeFormat('en-GB').format(0);\n")).toBeGreaterThan(0);
    expect(await lint("export const a = Intl.NumberFormat('en-US').format(1);\n")).toBeGreaterThan(0);
    expect(await lint("export const a = { locale: 'en-GB' };\n", 'src/shared/example.ts')).toBeGreaterThan(0);
    expect(await lint("export const a = (d: { setLocale: (l: string) => unknown }) => d.setLocale('en-GB');\n", 'src/shared/example.ts')).toBeGreaterThan(0);
  });

  it('lets the formatting module and locale-free Intl calls through', async () => {
    expect(await lint("export const zones = Intl.supportedValuesOf('timeZone');\n")).toBe(0);
    expect(await lint('export const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;\n')).toBe(0);
    expect(await lint("export const a = new Intl.DateTimeFormat('en-GB').format(0);\n", 'src/shared/format.ts')).toBe(0);
  });
});
