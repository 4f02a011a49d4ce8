/**
 * The main-process side of the bridge: native dialogs, print-to-PDF and the device secret store.
 * Arguments arrive already validated by ipc-dispatch.ts.
 */
import type { KeyObject } from 'node:crypto';
import { writeFile, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { app, dialog, safeStorage, shell, type BrowserWindow } from 'electron';
import { MAX_FILE_BYTES, type AppInfo } from '../shared/bridge';
import type { InvokeHandlers } from '../shared/ipc';
import { normaliseServerUrl } from '../shared/sync/server-url';
import { FileSecretStore, secretStoreStatus } from './secret-store';
import { syncServerChange } from './security';
import type { SyncServerFile } from './sync-server';
import { UPDATE_BUNDLE_EXTENSION, UpdateRefusedError } from './update-bundle';
import { stageUpdateFromFile } from './update-from-file';

function osFamily(platform: NodeJS.Platform): AppInfo['os'] {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'mac';
  if (platform === 'linux') return 'linux';
  return 'other';
}

export interface HandlerContext {
  syncServer: SyncServerFile;
  /** Called when the device's sync server is chosen or changed: updates come from there. */
  onSyncServer(serverUrl: string): void;
  /** The release key's public half, built in by a release build; null in a local build. */
  updatePublicKey: KeyObject | null;
}

export function createHandlers(window: () => BrowserWindow | null, context: HandlerContext): InvokeHandlers {
  const status = () =>
    secretStoreStatus(
      process.platform,
      safeStorage.isEncryptionAvailable(),
      process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
    );
  const secrets = new FileSecretStore(`${app.getPath('userData')}/device-secrets.json`, safeStorage, status);

  const requireWindow = (): BrowserWindow => {
    const win = window();
    if (win === null) throw new Error('The Waypoint window is closed');
    return win;
  };

  return {
    'app:info': async () => ({
      name: app.getName(),
      version: app.getVersion(),
      shell: 'electron',
      os: osFamily(process.platform),
    }),
    'file:save': async (request) => {
      const result = await dialog.showSaveDialog(requireWindow(), {
        defaultPath: request.suggestedName,
        ...(request.filters ? { filters: request.filters } : {}),
      });
      if (result.canceled || !result.filePath) return { saved: false };
      await writeFile(result.filePath, request.data);
      return { saved: true, location: result.filePath };
    },
    'file:open': async (request) => {
      const result = await dialog.showOpenDialog(requireWindow(), {
        properties: ['openFile'],
        ...(request.filters ? { filters: request.filters } : {}),
      });
      const path = result.filePaths[0];
      if (result.canceled || path === undefined) return { opened: false };
      const limit = request.maxBytes ?? MAX_FILE_BYTES;
      if ((await stat(path)).size > limit) throw new Error(`The file is larger than ${limit} bytes`);
      return { opened: true, name: basename(path), data: new Uint8Array(await readFile(path)) };
    },
    'print:pdf': async (request) => {
      const win = requireWindow();
      const pdf = await win.webContents.printToPDF({ landscape: request.landscape ?? false, printBackground: true, pageSize: 'Letter' });
      const result = await dialog.showSaveDialog(win, {
        defaultPath: request.suggestedName.endsWith('.pdf') ? request.suggestedName : `${request.suggestedName}.pdf`,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (result.canceled || !result.filePath) return { saved: false };
      await writeFile(result.filePath, pdf);
      return { saved: true, location: result.filePath };
    },
    'print:paper': async () => {
      // The system dialog: printers only from this screen (an OS may list a PDF printer among them).
      await new Promise<void>((resolve, reject) =>
        requireWindow().webContents.print({ silent: false, printBackground: true }, (success, reason) => (success || /cancel/i.test(reason) ? resolve() : reject(new Error(reason)))),
      );
    },
    'secrets:status': async () => status(),
    'secrets:get': (key) => secrets.get(key),
    'secrets:set': (key, value) => secrets.set(key, value),
    'secrets:delete': (key) => secrets.delete(key),
    'sync:use-server': async (input) => {
      const serverUrl = normaliseServerUrl(input);
      const current = context.syncServer.current();
      const change = syncServerChange(current, serverUrl);
      if (change === 'same') return true;
      if (change === 'change') {
        const answer = await dialog.showMessageBox(requireWindow(), {
          type: 'question',
          buttons: ['Move to the new server', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          message: `Sync this device with ${serverUrl}?`,
          detail: `It syncs with ${current} now. Continue only if your practice moved its sync server; Waypoint will then connect to the new server only.`,
        });
        if (answer.response !== 0) return false;
      }
      await context.syncServer.set(serverUrl);
      context.onSyncServer(serverUrl);
      return true;
    },
    'updates:from-file': async () => {
      const platform = osFamily(process.platform);
      if (context.updatePublicKey === null || platform === 'other') {
        return { status: 'unavailable', message: 'This copy of Waypoint was built without the release key, so it cannot check an update file. Install a release build first.' };
      }
      const picked = await dialog.showOpenDialog(requireWindow(), {
        title: 'Update Waypoint from a file',
        properties: ['openFile'],
        filters: [{ name: 'Waypoint update', extensions: [UPDATE_BUNDLE_EXTENSION] }],
      });
      const bundlePath = picked.filePaths[0];
      if (picked.canceled || bundlePath === undefined) return { status: 'cancelled' };
      try {
        const staged = await stageUpdateFromFile(bundlePath, {
          publicKey: context.updatePublicKey,
          currentVersion: app.getVersion(),
          platform,
          stagingDir: join(app.getPath('userData'), 'updates'),
        });
        // The operating system runs (Windows), mounts (macOS) or offers to install (Linux .deb) it.
        const failure = await shell.openPath(staged.installerPath);
        if (failure) return { status: 'refused', message: `The update was verified, but its installer did not start: ${failure}` };
        return { status: 'started', version: staged.manifest.version };
      } catch (error) {
        if (error instanceof UpdateRefusedError) return { status: 'refused', message: error.message };
        throw error;
      }
    },
  } satisfies InvokeHandlers;
}
