/**
 * Practice rules across laptops, in Chromium through a real server (PGlite over HTTP): while the
 * server is down, the office and a laptop each admit the same client to a group of capacity 1 and
 * each register the same new person. Once both sync, both list the same three items needing
 * attention; the office resolves them, and the laptop's list empties by sync alone.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { isoToday } from '../../src/shared/calendar';
import { AppSession } from './support/app';
import { TestSyncServer } from './support/sync-server';
import { ClientsPages } from './pages/clients';
import { ProgramsPages } from './pages/programs';
import { SyncPages } from './pages/sync';
import { ADMIN, ADMIN_PASSPHRASE } from './pages/vault';

const CLIENT = { firstName: 'Twicia', lastName: 'Admittova', dateOfBirth: '1979-02-11', name: 'Admittova, Twicia' };
const NEWCOMER = { firstName: 'Dupla', lastName: 'Registrova', dateOfBirth: '1990-09-09', name: 'Registrova, Dupla' };
const PROGRAM = 'Synthetic Rules IOP';
const TRACK = 'Synthetic Track';
const GROUP = 'Synthetic Capacity-One Group';
const EVERY_DAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SYNCED = { timeout: 120_000 };

async function admit(page: Page, today: string): Promise<void> {
  const clients = new ClientsPages(page);
  await clients.openList();
  await clients.table.getByRole('link', { name: CLIENT.firstName }).click();
  await new ProgramsPages(page).admit(today, { programme: PROGRAM, track: TRACK, group: GROUP });
}

/** The titles of the items on the Needs attention page, once there are `count`. */
async function itemTitles(page: Page, count: number): Promise<string[]> {
  await page.goto(`${page.url().split('#')[0]}#/attention`);
  await page.getByRole('heading', { level: 2, name: 'Needs attention' }).waitFor();
  const items = page.getByRole('article');
  await expect.poll(() => items.count(), SYNCED).toBe(count);
  return (await items.getByRole('heading', { level: 3 }).allTextContents()).sort();
}

describe('needs attention: practice rules broken by two laptops apart, through a real server', () => {
  const apps: AppSession[] = [];
  let server: TestSyncServer | undefined;
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await server?.close();
  });

  it('shows the same items on both after sync, and resolving them on one clears them on both', async () => {
    server = await TestSyncServer.open();
    const today = isoToday(Date.now());

    // The office: a programme, a group of capacity 1 meeting every day, one client; then the server.
    const office = await AppSession.start();
    apps.push(office);
    const programs = new ProgramsPages(office.page);
    await programs.open();
    await programs.createProgram(PROGRAM);
    await programs.createTrack(PROGRAM, TRACK);
    await programs.createGroup(`${PROGRAM} · ${TRACK}`, GROUP, `${ADMIN}, LCSW`, { capacity: 1 });
    await programs.openGroup(GROUP);
    await programs.scheduleAndGenerate(today, 1, EVERY_DAY);
    await new ClientsPages(office.page).create(CLIENT);
    const origin = new URL(office.url).origin;
    const url = await server.listen([origin]);
    const officeSync = new SyncPages(office.page);
    await officeSync.openSettings();
    await officeSync.register(url, 'Synthetic office desktop');
    await office.page.locator('[aria-label^="Sync: Up to date"]').waitFor(SYNCED);
    const code = await officeSync.enrol(ADMIN, ADMIN_PASSPHRASE);

    const laptop = await AppSession.startEmpty();
    apps.push(laptop);
    await new SyncPages(laptop.page).join({ serverUrl: url, code, deviceName: 'Synthetic rural laptop', passphrase: 'cobalt meadow thistle lantern' });
    await laptop.page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 });
    await laptop.page.locator('[aria-label^="Sync: Up to date"]').waitFor(SYNCED);
    expect(await itemTitles(laptop.page, 0)).toEqual([]);
    await laptop.page.getByText('Nothing needs attention.').waitFor();

    // The server goes down (every connection closed). Each laptop admits the client and registers the same newcomer.
    await server.stop();
    for (const app of [office, laptop]) {
      await admit(app.page, today);
      await new ClientsPages(app.page).create(NEWCOMER);
      // Alone, each device's records keep every rule.
      expect(await itemTitles(app.page, 0)).toEqual([]);
    }

    // The server is back: both push, both pull, and both list the same three items.
    await server.listen([origin]);
    const expected = [`${CLIENT.name} has 2 open episodes`, `${GROUP}: 2 members, capacity 1`, `${NEWCOMER.name} and ${NEWCOMER.name} may be one person`].sort();
    expect(await itemTitles(office.page, 3)).toEqual(expected);
    expect(await itemTitles(laptop.page, 3)).toEqual(expected);
    // How it happened: one record from each device.
    const episodes = office.page.getByRole('article').filter({ hasText: 'open episodes' });
    await episodes.getByText('on this device').first().waitFor();
    await episodes.getByText(/on device [0-9a-z-]{8}/).first().waitFor();
    // The dashboard says so too.
    await office.page.goto(`${office.url}#/dashboard`);
    await office.page.getByRole('link', { name: '3 items need attention' }).waitFor();
    await itemTitles(office.page, 3);
    await office.page.screenshot({ path: 'out/screenshots/needs-attention.png', fullPage: true });

    // The office resolves each: one episode closed as a duplicate, not the same person, over capacity confirmed.
    const resolve = async (hasText: string, button: string) => {
      const item = office.page.getByRole('article').filter({ hasText });
      await item.getByRole('button', { name: button }).first().click();
      await item.getByRole('button', { name: `Yes, ${button.charAt(0).toLowerCase()}${button.slice(1)}` }).click();
      await item.waitFor({ state: 'detached', timeout: 30_000 });
    };
    await resolve('open episodes', 'Close this episode as a duplicate');
    await resolve('may be one person', 'Not the same person');
    await resolve('capacity 1', 'Confirm going over capacity');
    await office.page.getByText('Nothing needs attention.').waitFor();

    // On the laptop, by sync alone.
    expect(await itemTitles(laptop.page, 0)).toEqual([]);
    await laptop.page.getByText('Nothing needs attention.').waitFor();
    // The closed episode says why, on both.
    await new ClientsPages(laptop.page).openList();
    await laptop.page.getByRole('link', { name: CLIENT.firstName }).first().click();
    await new ClientsPages(laptop.page).openTab('Episodes');
    await laptop.page.getByText('Duplicate admission, recorded on two devices while apart', { exact: false }).waitFor(SYNCED);
  }, 420_000);
});
