/**
 * The packaged app, as a clinic installs it (`npm run dist:dir` output): its fuses read back from
 * the binary, its window on app://waypoint, and two installations of one practice syncing a
 * record through a sync server started here. Skips, saying why, where no packaged app exists
 * (packaging needs Node ≥ 22.12 and internet access to fetch Electron).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../src/main/app-protocol';
import { createSyncServer, migrate, openStorage, type Storage, type SyncServer } from '../../src/server';
import { ClientsPages } from '../e2e/pages/clients';
import { SyncPages } from '../e2e/pages/sync';
import { ADMIN, ADMIN_PASSPHRASE, VaultPages } from '../e2e/pages/vault';
import { launchPackaged, packagedApp, type RunningApp } from './support/electron';

const packaged = packagedApp();
const reason = 'no packaged app in dist/ (run `npm run dist:dir` with Node ≥ 22.12 and internet access)';
if (packaged === null) console.warn(`[electron tests] packaged app skipped: ${reason}`);

// @electron/fuses does not export its FuseState enum: the bytes it reads are ASCII '0' and '1'.
const FuseState = { DISABLE: 48, ENABLE: 49 } as const;

const CLIENT = { firstName: 'Fusella', lastName: 'Packardine', dateOfBirth: '1979-03-02', name: 'Packardine, Fusella' };

describe.skipIf(packaged === null)(`packaged app (skipped where ${reason})`, () => {
  it('has the hardening fuses set in the binary', async () => {
    const wire = await getCurrentFuseWire(packaged!.fuses);
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocol: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FuseState.DISABLE,
      cookieEncryption: FuseState.ENABLE,
      nodeOptions: FuseState.DISABLE,
      inspect: FuseState.DISABLE,
      asarIntegrity: FuseState.ENABLE,
      onlyAsar: FuseState.ENABLE,
      fileProtocol: FuseState.DISABLE,
    });
  });

  describe('two installations of one practice', () => {
    const apps: RunningApp[] = [];
    let storage: Storage;
    let server: SyncServer;
    let serverUrl: string;
    let dataDir: string;
    /** Another local web server: once sync is set up, the window must not reach it. */
    let bystander: Server;
    let bystanderHits = 0;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'waypoint-electron-sync-'));
      storage = await openStorage({ dataDir });
      await migrate(storage);
      server = createSyncServer({ storage, logger: false, corsOrigins: [APP_ORIGIN] });
      await server.listen({ host: '127.0.0.1', port: 0 });
      serverUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
      bystander = createServer((_req, res) => {
        bystanderHits++;
        res.writeHead(200, { 'access-control-allow-origin': '*' }).end('reached');
      });
      await new Promise<void>((done) => bystander.listen(0, '127.0.0.1', done));
    }, 120_000);

    afterAll(async () => {
      await Promise.all(apps.splice(0).map((a) => a.close()));
      await new Promise((done) => bystander?.close(done));
      await server?.close();
      await storage?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('sets up a practice on app://waypoint, enrols a second installation and syncs a client to it', async () => {
      const office = await launchPackaged(packaged!.executable);
      apps.push(office);
      expect(office.page.url().startsWith(APP_ENTRY_URL)).toBe(true);
      expect(await office.page.evaluate(() => window.origin)).toBe(APP_ORIGIN);

      await new VaultPages(office.page).setUp();
      await new ClientsPages(office.page).create(CLIENT);
      const officeSync = new SyncPages(office.page);
      await officeSync.openSettings();
      await officeSync.register(serverUrl, 'Synthetic office desktop');
      await office.page.locator('[aria-label^="Sync: Up to date"]').waitFor({ timeout: 120_000 });

      // connect-src, narrowed by the main process: the sync server only, not another local server.
      const bystanderUrl = `http://127.0.0.1:${(bystander.address() as AddressInfo).port}/`;
      const reached = await office.page.evaluate((url) => fetch(url).then(() => 'reached', () => 'blocked'), bystanderUrl);
      expect(reached).toBe('blocked');
      expect(bystanderHits).toBe(0);

      const code = await officeSync.enrol(ADMIN, ADMIN_PASSPHRASE);
      const laptop = await launchPackaged(packaged!.executable);
      apps.push(laptop);
      await new SyncPages(laptop.page).join({ serverUrl, code, deviceName: 'Synthetic rural laptop', passphrase: 'cobalt meadow thistle lantern' });
      await laptop.page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 });
      await laptop.page.locator('[aria-label^="Sync: Up to date"]').waitFor({ timeout: 180_000 });
      const laptopClients = new ClientsPages(laptop.page);
      await laptopClients.openList();
      await laptopClients.table.getByRole('link', { name: CLIENT.firstName }).waitFor({ timeout: 30_000 });
    }, 600_000);
  });
});
