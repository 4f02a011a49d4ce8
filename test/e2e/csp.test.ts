import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AppSession } from './support/app';

/** Appends an inline <script> and reports whether it ran and which CSP directive (if any) fired. */
function injectInlineScript(page: Page) {
  return page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__waypointInjected = true;';
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { ran: (window as { __waypointInjected?: boolean }).__waypointInjected === true, violations };
  });
}

describe('Content-Security-Policy in Chromium', () => {
  let app: AppSession;

  beforeEach(async () => {
    app = await AppSession.start();
  });
  afterEach(async () => {
    await app.close();
  });

  it('blocks an injected inline script in the app, where a page without the policy runs it', async () => {
    const blocked = await injectInlineScript(app.page);
    expect(blocked.ran).toBe(false);
    expect(blocked.violations).toContain('script-src-elem');

    // Control: the same injection on a page without our policy runs, so the check above can fail.
    const control = await app.page.context().newPage();
    await control.setContent('<html><body></body></html>');
    expect(await injectInlineScript(control)).toEqual({ ran: true, violations: [] });
    await control.close();
  });

  it('blocks eval and requests to remote origins', async () => {
    const result = await app.page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
      // Run from a timer, not from the test's own evaluate call: DevTools evaluation is exempt from the CSP.
      const evalResult = await new Promise<string>((resolve) =>
        setTimeout(() => {
          try {
            // eslint-disable-next-line no-eval -- the point of the test
            (0, eval)('1 + 1');
            resolve('ran');
          } catch (error) {
            resolve((error as Error).name);
          }
        }),
      );
      let fetchResult = 'fetched';
      try {
        await fetch('http://127.0.0.2:9/');
      } catch (error) {
        fetchResult = (error as Error).name;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { evalResult, fetchResult, violations: violations.sort() };
    });
    // The violations prove the policy refused them, not a closed port or a missing server.
    expect(result).toEqual({ evalResult: 'EvalError', fetchResult: 'TypeError', violations: ['connect-src', 'script-src'] });
  });
});
