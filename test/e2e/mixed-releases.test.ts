/**
 * Two releases in one practice, through one server (this release's, PGlite, over HTTP): a laptop
 * running release 0.1.0 (its renderer as built from commit d2a6395, frozen in
 * test/fixtures/releases/0.1.0/renderer; docs/CHANGING-RECORDS.md) and one running this build,
 * each in its own Chromium profile.
 *
 * 0.1.0 reads only w1 envelopes and refuses a whole pull answer holding a w2 one, so it can never
 * hold a record this release wrote: the server keeps such records back from it (never moving its
 * checkpoint past them) and tells it to update, instead of breaking its sync.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server';
import { runAdminCommand } from '../../src/server/admin-cli';
import pkg from '../../package.json';
import { AppSession } from './support/app';
import { TestSyncServer } from './support/sync-server';
import { ClientsPages } from './pages/clients';
import { SyncPages } from './pages/sync';
import { ADMIN, ADMIN_PASSPHRASE, VaultPages } from './pages/vault';

const FROZEN = resolve(__dirname, '../fixtures/releases/0.1.0/renderer');
const OLD_CLIENT = { firstName: 'Oldrelia', lastName: 'Frozenby', dateOfBirth: '1970-01-02', name: 'Frozenby, Oldrelia' };
const NEW_CLIENT = { firstName: 'Newella', lastName: 'Currentby', dateOfBirth: '1990-03-04', name: 'Currentby, Newella' };
const HELD_CLIENT = { firstName: 'Heldora', lastName: 'Waitingly', dateOfBirth: '1985-05-06', name: 'Waitingly, Heldora' };
const LATER_CLIENT = { firstName: 'Laterina', lastName: 'Stillsent', dateOfBirth: '1992-07-08', name: 'Stillsent, Laterina' };

/** The frozen build, its large files gzipped in the repository, written out as served. */
function unpackFrozenRenderer(into: string): void {
  const walk = (from: string, to: string): void => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      if (entry.isDirectory()) walk(source, join(to, entry.name));
      else if (entry.name.endsWith('.gz')) writeFileSync(join(to, entry.name.slice(0, -3)), gunzipSync(readFileSync(source)));
      else writeFileSync(join(to, entry.name), readFileSync(source));
    }
  };
  walk(FROZEN, into);
}

describe('a laptop on release 0.1.0 and one on this release, through one server', () => {
  const apps: AppSession[] = [];
  const dirs: string[] = [];
  let server: TestSyncServer | undefined;
  let site: StaticServer | undefined;
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await server?.close();
    await site?.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('both keep every record; 0.1.0 is never sent a record it cannot read, is told to update, and once the minimum is raised stops sending', async () => {
    const frozen = mkdtempSync(join(tmpdir(), 'waypoint-0.1.0-renderer-'));
    dirs.push(frozen);
    unpackFrozenRenderer(frozen);
    site = await serveStatic(frozen);
    server = await TestSyncServer.open();
    const { storage } = server;

    const old = await AppSession.startEmpty({ appUrl: site.url });
    const current = await AppSession.startEmpty();
    apps.push(old, current);
    const url = await server.listen([new URL(old.url).origin, new URL(current.url).origin]);

    // The office runs 0.1.0: it sets up the practice, writes a client, registers and enrols the new laptop.
    await new VaultPages(old.page).setUp();
    const oldClients = new ClientsPages(old.page);
    await oldClients.create(OLD_CLIENT);
    const oldSync = new SyncPages(old.page);
    await oldSync.openSettings();
    await oldSync.register(url, 'Synthetic 0.1.0 desktop');
    await old.page.locator('[aria-label^="Sync: Up to date"]').waitFor({ timeout: 120_000 });
    const code = await oldSync.enrol(ADMIN, ADMIN_PASSPHRASE);

    await new SyncPages(current.page).join({ serverUrl: url, code, deviceName: 'Synthetic current laptop', passphrase: 'cobalt meadow thistle lantern' });
    await current.page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 });
    const currentClients = new ClientsPages(current.page);
    await currentClients.openList();
    // What 0.1.0 wrote opens here, as it is.
    await currentClients.table.getByText(OLD_CLIENT.name).waitFor({ timeout: 60_000 });

    // This release writes a record 0.1.0 cannot read (a w3 envelope).
    await currentClients.create(NEW_CLIENT);
    await current.page.locator('[aria-label^="Sync: Up to date"]').waitFor({ timeout: 60_000 });
    const envelopes = await storage.query<{ id: string; sealed: string }>("SELECT id, doc->>'sealed' AS sealed FROM documents WHERE collection = 'clients' ORDER BY seq");
    expect(envelopes.map((row) => row.sealed.slice(0, 3))).toEqual(['w1.', 'w3.']);

    // 0.1.0 is told to update, not handed a record it would refuse; it keeps its own and flags nothing.
    // Its next pull stops before the newer record (the one before hands it what it can read): pulls are
    // asked for with "Sync now", as a person would; this 0.1.0 build did not pull on its own here.
    const oldBadge = async () => {
      await oldSync.section.getByRole('button', { name: 'Sync now' }).click();
      return old.page.locator('[aria-label^="Sync: "]').first().getAttribute('aria-label');
    };
    await expect.poll(oldBadge, { timeout: 90_000 }).toMatch(/^Sync: Sync error\. .*records made by a newer version of Waypoint\. Update Waypoint/);
    await old.page.screenshot({ path: resolve('out/screenshots/mixed-0.1.0-told-to-update.png') });
    await oldClients.openList();
    await oldClients.table.getByText(OLD_CLIENT.name).waitFor();
    await expect(oldClients.table.getByText(NEW_CLIENT.name).count()).resolves.toBe(0);
    await expect(old.page.getByText(/tampered|failed its integrity check|damaged/i).count()).resolves.toBe(0);

    // 0.1.0 still sends what it writes while no minimum is set.
    await oldClients.create(HELD_CLIENT);
    await currentClients.openList();
    await currentClients.table.getByText(HELD_CLIENT.name).waitFor({ timeout: 90_000 });

    // The administrator raises the practice's minimum to this build: 0.1.0 stops sending and says why.
    expect(await runAdminCommand(storage, ['min-app-version', 'all', pkg.version])).toContain(pkg.version);
    await oldClients.create(LATER_CLIENT);
    await oldSync.openSettings();
    await expect.poll(oldBadge, { timeout: 90_000 }).toMatch(new RegExp(`^Sync: Sync error\\. .*needs Waypoint ${pkg.version.replace(/\./g, '\\.')} or later`));
    await old.page.screenshot({ path: resolve('out/screenshots/mixed-0.1.0-below-minimum.png') });
    await oldClients.openList();
    await oldClients.table.getByText(LATER_CLIENT.name).waitFor();

    // This release is at the minimum and keeps syncing; nothing the server acknowledged is lost on either side.
    await currentClients.create({ firstName: 'Afterset', lastName: 'Minimumly', dateOfBirth: '1979-09-10', name: 'Minimumly, Afterset' });
    await current.page.locator('[aria-label^="Sync: Up to date"]').waitFor({ timeout: 60_000 });
    await currentClients.openList();
    for (const client of [OLD_CLIENT, NEW_CLIENT, HELD_CLIENT]) await currentClients.table.getByText(client.name).waitFor();
    const onServer = await storage.query<{ n: unknown }>("SELECT count(*) AS n FROM documents WHERE collection = 'clients'");
    expect(Number(onServer[0]!.n)).toBe(4);
    await expect(current.page.getByText(/tampered|failed its integrity check/i).count()).resolves.toBe(0);
  }, 400_000);
});
