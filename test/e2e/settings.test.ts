import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppSession } from './support/app';
import { SettingsPage } from './pages/settings';

describe('settings stored through RxDB in Chromium', () => {
  let app: AppSession;

  beforeEach(async () => {
    app = await AppSession.start();
  });
  afterEach(async () => {
    await app.close();
  });

  it('starts from the defaults in a fresh profile, and a saved setting survives a reload and a browser restart', async () => {
    await app.open('/settings');
    let settings = new SettingsPage(app.page);
    await settings.waitLoaded();
    expect(await settings.autoLock.inputValue()).toBe('15');

    await settings.setAutoLock('7');
    await app.page.getByText('Settings saved.').waitFor();

    await app.reloadAndUnlock();
    await app.open('/settings');
    settings = new SettingsPage(app.page);
    await settings.waitLoaded();
    expect(await settings.autoLock.inputValue()).toBe('7');

    await app.restart();
    await app.open('/settings');
    settings = new SettingsPage(app.page);
    await settings.waitLoaded();
    expect(await settings.autoLock.inputValue()).toBe('7');
  });

  it('refuses an invalid value with a specific message, keeps what was typed, and stores nothing', async () => {
    await app.open('/settings');
    const settings = new SettingsPage(app.page);
    await settings.waitLoaded();
    await settings.setAutoLock('500');
    await app.page.getByText('Auto-lock must be between 1 and 120 minutes').waitFor();
    expect(await settings.autoLock.inputValue()).toBe('500');
    expect(await settings.autoLock.getAttribute('aria-invalid')).toBe('true');

    await app.reloadAndUnlock();
    await app.open('/settings');
    const reloaded = new SettingsPage(app.page);
    await reloaded.waitLoaded();
    expect(await reloaded.autoLock.inputValue()).toBe('15');
  });
});
