/**
 * `npm run screenshots`: walks the main screens at 1366×768 in Debian's Chromium with synthetic
 * data and writes PNGs to out/screenshots/, for people to look at after changing a screen.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ClientsPages } from '../test/e2e/pages/clients';
import { VaultPages } from '../test/e2e/pages/vault';
import { launchChromium, newProfileDir, removeProfileDir } from './lib/chromium';
import { serveStatic } from './lib/static-server';

const OUT = resolve('out/screenshots');

async function main(): Promise<void> {
  const server = await serveStatic(resolve('out/renderer'));
  const dir = await newProfileDir();
  const context = await launchChromium(dir);
  const page: Page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1366, height: 768 });
  await mkdir(OUT, { recursive: true });
  const shot = async (name: string) => {
    await page.waitForTimeout(300); // let transitions settle
    await page.screenshot({ path: `${OUT}/${name}.png` });
    console.log(`${OUT}/${name}.png`);
  };
  try {
    await page.goto(server.url);
    const vault = new VaultPages(page);
    await page.getByRole('form', { name: 'Practice set-up' }).waitFor();
    await shot('01-setup');
    await page.getByRole('form', { name: 'Practice set-up' }).getByRole('button', { name: 'Continue' }).click();
    await shot('02-setup-errors');
    await page.reload();
    const code = await vault.setUp();
    const clients = new ClientsPages(page);
    await page.goto(`${server.url}#/clients`);
    for (const [first, last, dob] of [['Zyxwvut', 'Quibbleworth', '1984-02-29'], ['Testa', 'Exampleton', '1990-07-14'], ['Sample', 'Fictionale', '2001-11-03']] as const) {
      await clients.startNew();
      await clients.type({ firstName: first, lastName: last, dateOfBirth: dob });
      await clients.save();
      await clients.table.waitFor();
    }
    await shot('03-clients');
    await clients.startNew();
    await clients.save();
    await shot('04-new-client-errors');
    await page.goto(`${server.url}#/settings`);
    await page.getByRole('heading', { name: 'Settings' }).first().waitFor();
    await shot('05-settings');
    await page.mouse.wheel(0, 2000);
    await shot('06-settings-staff');
    await vault.lock();
    await shot('07-unlock');
    await vault.unlock('not the right passphrase');
    await vault.error.waitFor();
    await shot('08-unlock-wrong');
    await page.getByRole('button', { name: 'Forgot your passphrase? Use the recovery code' }).click();
    await page.getByRole('form', { name: 'Recover access' }).getByLabel('Recovery code').fill(code);
    await shot('09-recover');
  } finally {
    await context.close();
    await removeProfileDir(dir);
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
