/**
 * Keeping the laptop light in Chromium with a real server (docs/RETENTION.md): an administrator
 * sets the archive period, archives the demo practice's clients discharged more than six months
 * ago off this laptop, finds one by name in the client list, brings it back; with the server gone,
 * bringing back says it needs the office connection. Screenshots at 1366×768.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from './support/app';
import { TestSyncServer } from './support/sync-server';
import { ClientsPages } from './pages/clients';
import { SyncPages } from './pages/sync';
import { VaultPages } from './pages/vault';
import { AuditPages } from './pages/audit';

describe('archiving discharged clients off a laptop, in Chromium', () => {
  const apps: AppSession[] = [];
  let server: TestSyncServer | undefined;
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await server?.close();
  });

  it('archives, finds and brings back a client; offline, says what bringing back needs', async () => {
    server = await TestSyncServer.open();
    const office = await AppSession.startEmpty();
    apps.push(office);
    const origin = new URL(office.url).origin;
    const url = await server.listen([origin]);
    const page = office.page;
    await new VaultPages(page).setUp(undefined, { demo: true });
    const sync = new SyncPages(page);
    await sync.openSettings();
    await sync.register(url, 'Synthetic office desktop');
    await page.locator('[aria-label^="Sync: Up to date"]').waitFor({ timeout: 180_000 });

    const section = page.getByRole('region', { name: 'Keeping laptops light' });
    await section.scrollIntoViewIfNeeded();
    await section.getByRole('combobox', { name: 'Archive clients from this laptop' }).click();
    await page.getByRole('option', { name: '6 months after discharge', exact: true }).click();
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Saved.').waitFor();
    await section.getByRole('button', { name: 'Archive now' }).click();
    const done = section.getByRole('status').filter({ hasText: /archived off this laptop|No client is due/ });
    await done.waitFor({ timeout: 120_000 });
    const archived = Number(/^(\d+) clients? archived/.exec((await done.textContent()) ?? '')?.[1] ?? 0);
    expect(archived).toBeGreaterThan(0);
    await section.getByText(`${archived} clients are archived off this laptop.`).waitFor();
    await page.setViewportSize({ width: 1366, height: 768 });
    await section.screenshot({ path: 'out/screenshots/retention-setting.png' });

    // The client list: fewer clients; the archived ones found by name, each with Bring back.
    const clients = new ClientsPages(page);
    await clients.openList();
    await page.getByText(`${120 - archived} of ${120 - archived}`).waitFor({ timeout: 30_000 });
    const panel = page.getByRole('region', { name: /Archived off this laptop/ });
    const first = (await panel.getByRole('listitem').first().innerText()).split(' — ')[0]!.trim();
    await page.getByRole('textbox', { name: 'Search clients' }).fill(first.split(' ')[0]!);
    await panel.getByRole('button', { name: `Bring back ${first}` }).waitFor();
    await page.screenshot({ path: 'out/screenshots/retention-archived-client.png' });

    // Offline: bringing back says what it needs, and the client stays archived.
    await server.stop();
    await panel.getByRole('button', { name: `Bring back ${first}` }).click();
    await panel.getByRole('alert').getByText(/needs the connection to the office sync server/).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'out/screenshots/retention-offline.png' });

    // Back online: the client returns to the list as before.
    await server.listen([origin]);
    await panel.getByRole('button', { name: `Bring back ${first}` }).click();
    await panel.getByText(`${first} is back on this laptop.`).waitFor({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'Search clients' }).fill('');
    await page.getByText(`${121 - archived} of ${121 - archived}`).waitFor({ timeout: 30_000 });

    // Both are in the audit trail: one entry per client archived, and the return.
    const audit = new AuditPages(page);
    await audit.open();
    await audit.table.getByRole('row').filter({ hasText: 'Archived client brought back' }).first().waitFor();
    expect(await audit.table.getByRole('row').filter({ hasText: 'Client archived off this laptop' }).count()).toBeGreaterThan(0);
  }, 400_000);
});
