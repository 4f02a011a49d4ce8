import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDay } from '../../src/shared/format';
import { todayIn } from '../../src/shared/practice-time';
import { AppSession } from './support/app';
import { AuditPages } from './pages/audit';
import { SettingsPage } from './pages/settings';
import { VaultPages } from './pages/vault';

// 25 hours apart and neither changes its clocks: the laptop's date is always a day or two ahead of the practice's.
const PRACTICE_ZONE = 'Pacific/Pago_Pago'; // UTC−11
const LAPTOP_ZONE = 'Pacific/Kiritimati'; // UTC+14
const SCREENSHOTS = resolve('out/screenshots');

describe('the practice time zone in Chromium', () => {
  let app: AppSession;
  afterEach(async () => {
    await app.close();
  });

  it('preselects the laptop’s zone at set-up; a laptop in another zone shows a banner and the practice’s today', async () => {
    app = await AppSession.startEmpty({ timezoneId: PRACTICE_ZONE });
    let page = app.page;
    const zoneField = page.getByRole('form', { name: 'Practice set-up' }).getByRole('combobox', { name: 'Practice time zone' });
    expect(await zoneField.inputValue()).toBe(PRACTICE_ZONE);
    await new VaultPages(page).setUp();
    await page.getByRole('heading', { level: 2, name: 'Dashboard' }).waitFor();
    expect(await page.getByRole('region', { name: 'This laptop is in another time zone' }).count()).toBe(0);

    // The same laptop, now set to a zone a day ahead.
    await app.restart(undefined, { timezoneId: LAPTOP_ZONE });
    page = app.page;
    const banner = page.getByRole('region', { name: 'This laptop is in another time zone' });
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(LAPTOP_ZONE);
    await banner.waitFor();
    const practiceToday = todayIn(PRACTICE_ZONE, Date.now());
    expect(todayIn(LAPTOP_ZONE, Date.now())).not.toBe(practiceToday);
    const text = await banner.textContent();
    expect(text).toContain(`This laptop is set to ${LAPTOP_ZONE} (UTC+14:00); the practice works in ${PRACTICE_ZONE} (UTC−11:00).`);
    expect(text).toContain(`today there is ${formatDay(practiceToday, 'en-US', 'long')}.`);
    await page.mouse.move(1, 1);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'time-zone-banner.png') });

    // "Today" on a screen: the audit trail's range ends on the practice's date, and the unlock just
    // recorded shows at the practice's wall clock.
    const audit = new AuditPages(page);
    await audit.open();
    expect(await audit.filters.getByLabel('To').inputValue()).toBe(practiceToday);
    const unlockedAt = formatDay(practiceToday, 'en-US');
    await audit.table.getByRole('row').filter({ hasText: 'Unlocked' }).first().getByText(unlockedAt).waitFor();

    // Polite: the banner can be dismissed, and keyboard focus is not taken from where it was.
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    expect(await banner.count()).toBe(0);
    expect(app.consoleErrors).toEqual([]);
  });

  it('lets an administrator change the practice’s zone in Settings; today and the banner follow', async () => {
    app = await AppSession.start({ timezoneId: LAPTOP_ZONE });
    const page = () => app.page;
    const section = () => page().getByRole('form', { name: 'Practice time zone' });
    const field = () => section().getByRole('combobox', { name: 'Time zone' });
    const banner = () => page().getByRole('region', { name: 'This laptop is in another time zone' });
    await new SettingsPage(page()).open();
    expect(await field().inputValue()).toBe(LAPTOP_ZONE);
    expect(await section().getByRole('button', { name: 'Save time zone' }).isDisabled()).toBe(true);
    await field().fill('Pago');
    await page().getByRole('option', { name: PRACTICE_ZONE, exact: true }).click();
    await section().getByRole('button', { name: 'Save time zone' }).click();
    await section().getByRole('status').getByText(`The practice’s time zone is now ${PRACTICE_ZONE}.`).waitFor();
    await banner().getByText(`today there is ${formatDay(todayIn(PRACTICE_ZONE, Date.now()), 'en-US', 'long')}.`).waitFor();
    await section().scrollIntoViewIfNeeded();
    await page().mouse.move(1, 1);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page().screenshot({ path: resolve(SCREENSHOTS, 'time-zone-setting.png') });

    // Kept: a restart reads it back, and the laptop's zone no longer decides.
    await app.restart();
    await banner().waitFor();
    await new SettingsPage(page()).open();
    expect(await field().inputValue()).toBe(PRACTICE_ZONE);

    // Back to the laptop's zone: no banner.
    await field().fill('Kiritimati');
    await page().getByRole('option', { name: LAPTOP_ZONE, exact: true }).click();
    await section().getByRole('button', { name: 'Save time zone' }).click();
    await section().getByRole('status').getByText(`The practice’s time zone is now ${LAPTOP_ZONE}.`).waitFor();
    await banner().waitFor({ state: 'detached' });
    expect(app.consoleErrors).toEqual([]);
  });
});
