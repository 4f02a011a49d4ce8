import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppSession } from './support/app';
import { FramePage } from './pages/frame';
import { expectAccessible } from './support/axe';

describe('app frame in Chromium', () => {
  let app: AppSession;
  let frame: FramePage;

  beforeEach(async () => {
    app = await AppSession.start();
    frame = new FramePage(app.page);
  });
  afterEach(async () => {
    await app.close();
  });

  it('renders the frame with every section, the status area and no console errors', async () => {
    await expect(app.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Waypoint');
    for (const name of ['Dashboard', 'Clients', 'Groups & Sessions', 'Treatment plans', 'Reports', 'Settings']) {
      expect(await frame.navLink(name).isVisible(), name).toBe(true);
    }
    // The dashboard is where an unlocked practice opens.
    expect(await frame.route()).toBe('#/dashboard');
    await frame.heading('Dashboard').waitFor();
    expect(await frame.status.textContent()).toContain('Sync not configured');
    expect(await frame.status.textContent()).toContain('Admin Synthetic · Administrator');
    expect(app.consoleErrors).toEqual([]);
  });

  it('asks for persistent storage again before warning, and warns only when refused again', async () => {
    const warning = app.page.getByText('This browser has not yet promised to keep Waypoint’s records');
    await frame.heading('Dashboard').waitFor();
    // Chromium refuses a site it has not seen used yet: that first answer is not shown.
    await app.page.waitForFunction(() => navigator.storage.persisted().then(() => true));
    await app.page.waitForTimeout(300);
    expect(await warning.count()).toBe(0);
    // Coming back into view asks again; a second refusal is shown, a grant is not.
    await app.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await app.page.waitForTimeout(300);
    if (await app.page.evaluate(() => navigator.storage.persisted())) {
      expect(await warning.count()).toBe(0);
    } else {
      await warning.waitFor();
      expect(await warning.isVisible()).toBe(true);
    }
  });

  it('moves between sections with the keyboard alone', async () => {
    // Tab from the top of the page to the second nav link, then follow it with Enter.
    await app.page.keyboard.press('Tab');
    let guard = 0;
    while (!(await frame.navLink('Groups & Sessions').evaluate((el) => el === document.activeElement)) && guard++ < 20) {
      await app.page.keyboard.press('Tab');
    }
    await app.page.keyboard.press('Enter');
    await frame.heading('Groups & Sessions').waitFor();
    expect(await frame.route()).toBe('#/groups');

    await app.page.keyboard.press('Alt+5');
    await frame.heading('Settings').waitFor();
    expect(await frame.route()).toBe('#/settings');

    await app.page.keyboard.press('Alt+4');
    await frame.heading('Reports').waitFor();
    expect(await frame.navLink('Reports').getAttribute('aria-current')).toBe('page');

    await app.page.keyboard.press('Alt+0');
    await frame.heading('Dashboard').waitFor();
    expect(await frame.route()).toBe('#/dashboard');
  });

  it('shows a polite loading state in the frame while a screen’s code loads, and the frame does not move', async () => {
    // The dashboard's chunk held back for a moment, as on a slow disk.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await app.page.route(/\/assets\/DashboardPage-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await app.reloadAndUnlock();
    const loading = app.page.getByRole('status').filter({ hasText: 'Loading…' });
    await loading.waitFor();
    const navBefore = await frame.nav.boundingBox();
    expect(await frame.heading('Dashboard').count()).toBe(0);
    await expectAccessible(app.page, 'A screen loading');
    // The spinner shows once loading is not instant.
    await app.page.locator('.screen-loading-spinner').waitFor();
    await mkdir(resolve('out/screenshots'), { recursive: true });
    await app.page.screenshot({ path: resolve('out/screenshots/screen-loading.png') });
    release();
    await frame.heading('Dashboard').waitFor();
    expect(await loading.count()).toBe(0);
    expect(await frame.nav.boundingBox()).toEqual(navBefore);
    expect(app.consoleErrors).toEqual([]);
  });

  it('fits a 1366×768 laptop screen without horizontal scrolling', async () => {
    const overflow = await app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
