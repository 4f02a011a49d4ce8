import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * axe-core in the app's page, to check each screen against WCAG 2.1 A/AA. The app's CSP blocks
 * inline scripts (an `addScriptTag({ content })` would never run), so the source is evaluated
 * through DevTools, which the CSP exempts; axe then runs in the page like any of its scripts.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  resultTypes: ['violations'],
};

const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe on the whole document, open dialogs and popovers included, once transitions have ended:
 * axe reads colours as painted, and a dialog still fading in has faint text. Endless animations
 * (spinners) are not waited for.
 */
export async function runAxe(page: Page): Promise<Result[]> {
  await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const ending = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(ending.map((a) => a.finished.catch(() => undefined)));
  });
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate((options) => (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe.run(document, options), OPTIONS);
  return results.violations;
}

/** One line per violation and an indented line per element: rule, impact, targets, help URL. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => {
        const why = (n.failureSummary ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line && !line.startsWith('Fix '));
        return `    ${n.target.join(' ')}${why.length > 0 ? ` — ${why.join('; ')}` : ''}`;
      });
      return [`  ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`, ...nodes].join('\n');
    })
    .join('\n');
}

/**
 * A catalogue key shown as it is: `shared:notes.attestation` (a key from src/shared rendered without
 * sharedText) or `sessions.MemberNoteEditor.sign` (a staff key missing from the catalogue), or a
 * placeholder left unfilled (`{{count}} entries`: a key read without its values), in the text or in
 * a name a screen reader reads.
 */
const SHOWN_KEY = /\bshared:[a-z][\w-]*\.[\w.-]+|\b[a-z][a-zA-Z0-9]*\.[A-Z][A-Za-z0-9]+\.[a-z][\w.]*|\{\{\s*\w+\s*\}\}/;

/** Fails when the screen shows a catalogue key instead of its words. */
export async function expectNoCatalogueKeys(page: Page, screen: string): Promise<void> {
  const texts = await page.evaluate(() => [
    document.body.innerText,
    ...[...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((el) => ['aria-label', 'title', 'placeholder', 'alt'].map((name) => el.getAttribute(name) ?? '')),
  ]);
  const shown = texts.flatMap((text) => text.match(SHOWN_KEY) ?? []);
  if (shown.length > 0) throw new Error(`${screen}: catalogue keys shown instead of their words: ${[...new Set(shown)].join(', ')}`);
}

/** Fails with a readable list when the screen has any serious or critical WCAG 2.1 A/AA violation, or shows a catalogue key. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await expectNoCatalogueKeys(page, screen);
  const blocking = (await runAxe(page)).filter((v) => BLOCKING.has(v.impact ?? ''));
  if (blocking.length > 0) {
    throw new Error(`${screen}: ${blocking.length} serious or critical accessibility violation(s)\n${describeViolations(blocking)}`);
  }
}
