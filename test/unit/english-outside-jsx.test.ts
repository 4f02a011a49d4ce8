import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rule against English built outside JSX in the renderer's screens, shell and
 * repositories (eslint.config.mjs, docs/I18N.md), where `no-literal-string` does not look.
 */
// ESLint loads its plugins on the first file: seconds on a busy machine.
describe('the lint rule against English outside JSX', { timeout: 60_000 }, () => {
  const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });
  /** The lines the rule refuses in `code`, linted as if it were `file` (a literal two selectors match counts once). */
  const refused = async (code: string, file = 'src/renderer/src/features/example.tsx') => {
    const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '../..', file) });
    return [...new Set(result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line))];
  };

  it('refuses a thrown message, a label map, sentences built from pieces and JSX text passed as a prop', async () => {
    const code = [
      "export const STATUS = { draft: 'Draft', signed: 'Signed' };",
      "export const options = [{ value: 'all', label: 'All' }];",
      'export const saved = (n: number) => `Exported ${n} entries.`;',
      'export const failed = (n: number) => `${n} clients could not be stored`;',
      "export const confirm = (name: string) => 'Close ' + name + '?';",
      'export const link = <a href="/notes">',
      '  All notes due and the review queue',
      '</a>;',
    ].join('\n');
    // The JSX text is reported where it starts, after the tag.
    expect(await refused(code)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await refused("export function f() {\n  throw new Error('This client is not on the waitlist');\n}\n", 'src/renderer/src/repositories/example.ts')).toEqual([2]);
    expect(await refused("export const a = { label: 'Choose the client' };\n", 'src/renderer/src/shell/example.ts')).toEqual([1]);
    expect(await refused("export const props = { 'aria-label': 'Close' };\n")).toEqual([1]);
  });

  it('lets keys, values, identifiers and key names through', async () => {
    const code = [
      "import { st } from '../../i18n/staff';",
      "export const STATUS = { draft: st('plans.TreatmentPlanSection.draft') };",
      "export const status = 'waitlist';",
      "export const isEscape = (e: KeyboardEvent) => e.key === 'Escape' || e.key === 'Enter';",
      "export const type = { mimeType: 'text/csv', name: 'CSV' };",
      "export const props = { 'aria-label': st('app.theme.close'), 'Content-Type': 'text/csv' };",
      "export const key = 'shared:levels.iop';",
      'export const path = (id: string) => `/clients/${id}/episodes`;',
    ].join('\n');
    expect(await refused(code)).toEqual([]);
  });
});
