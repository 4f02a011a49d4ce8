import type { Locator, Page } from 'playwright-core';

/**
 * Keyboard-only navigation for the tests that walk a screen as a keyboard user would: keys are
 * pressed with `page.keyboard`; locators only say where focus should end up, and fail the test when
 * it does not get there.
 */

/** Whether `target` has focus now (no waiting: focus is checked, not awaited). */
export async function isFocused(page: Page, target: Locator): Promise<boolean> {
  return (await target.and(page.locator(':focus')).count()) > 0;
}

/** A short description of what has focus, for failure messages. */
export async function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing (the page body)';
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
    return `<${el.tagName.toLowerCase()}> "${label.trim().slice(0, 80)}"`;
  });
}

/**
 * Fails unless `target` has focus within `timeout` ms, naming what has it instead. Focus may move
 * a little after the key that moved it (React commits, then effects run; a screen may still load).
 */
export async function expectFocused(page: Page, target: Locator, what: string, timeout = 3000): Promise<void> {
  const until = Date.now() + timeout;
  do {
    if (await isFocused(page, target)) return;
    await page.waitForTimeout(25);
  } while (Date.now() < until);
  throw new Error(`Expected focus on ${what}, but it is on ${await describeFocus(page)}`);
}

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has focus: proves it is reachable by the
 * keyboard, in order. Fails after `max` presses.
 */
export async function tabTo(page: Page, target: Locator, what: string, { back = false, max = 60, press = (key: string) => page.keyboard.press(key) } = {}): Promise<number> {
  for (let presses = 0; presses <= max; presses++) {
    if (await isFocused(page, target)) return presses;
    await press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${what} is not reachable with ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses; focus is on ${await describeFocus(page)}`);
}

/**
 * Fails unless the focused element shows a focus ring (an outline at least 1px wide): its own, or
 * for a field whose input sits inside a bordered box (a passphrase field), the box's.
 */
export async function expectFocusVisible(page: Page, what: string): Promise<void> {
  const problem = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing has focus';
    const ringed = [el, el.closest('.mantine-Input-input')].some((e) => {
      if (!e) return false;
      const style = getComputedStyle(e);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
    });
    return ringed ? null : `no outline (${getComputedStyle(el).outlineStyle})`;
  });
  if (problem) throw new Error(`Focus on ${what} is not visible: ${problem}; focus is on ${await describeFocus(page)}`);
}

/**
 * Counts what costs a clinician more than typing: clicks, and keys that are not a character (Tab,
 * Enter, arrows, shortcuts). Text typed is free. Every action of a measured run goes through it.
 */
export class ActionCounter {
  clicks = 0;
  keys = 0;
  /** Each counted action, in order, for the printed breakdown. */
  readonly log: string[] = [];

  constructor(private readonly page: Page) {}

  get total(): number {
    return this.clicks + this.keys;
  }

  /** A key or chord: counted unless it is one printable character without a modifier. */
  async press(key: string): Promise<void> {
    if ([...key].length !== 1) {
      this.keys += 1;
      this.log.push(key);
    }
    await this.page.keyboard.press(key);
  }

  /** Text: never counted. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  async click(target: Locator, what: string): Promise<void> {
    this.clicks += 1;
    this.log.push(`click ${what}`);
    await target.click();
  }

  /** Tab (or Shift+Tab) to `target`, each press counted. */
  tabTo(target: Locator, what: string, options: { back?: boolean; max?: number } = {}): Promise<number> {
    return tabTo(this.page, target, what, { ...options, press: (key) => this.press(key) });
  }

  /** "12 (Tab ×7, Enter ×2, …)": the total and what it is made of. */
  summary(): string {
    const counts = new Map<string, number>();
    for (const action of this.log) counts.set(action, (counts.get(action) ?? 0) + 1);
    return `${this.total} (${this.clicks} clicks, ${this.keys} keys: ${[...counts].map(([a, n]) => `${a} ×${n}`).join(', ')})`;
  }
}
