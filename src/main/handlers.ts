/**
 * The main-process side of the bridge: native dialogs, print-to-PDF and the device secret store.
 * Arguments arrive already validated by ipc-dispatch.ts.
 */
import { writeFile, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { app, dialog, safeStorage, type BrowserWindow } from 'electron';
import { MAX_FILE_BYTES, type AppInfo } from '../shared/bridge';
import type { InvokeHandlers } from '../shared/ipc';
import { FileSecretStore, secretStoreStatus } from './secret-store';

function osFamily(platform: NodeJS.Platform): AppInfo['os'] {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'mac';
  if (platform === 'linux') return 'linux';
  return 'other';
}

export function createHandlers(window: () => BrowserWindow | null): InvokeHandlers {
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
    'secrets:status': async () => status(),
    'secrets:get': (key) => secrets.get(key),
    'secrets:set': (key, value) => secrets.set(key, value),
    'secrets:delete': (key) => secrets.delete(key),
  } satisfies InvokeHandlers;
}
