/**
 * The Electron implementation of the bridge. Runs sandboxed: only named functions cross into
 * the page, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { SystemLockReason, WaypointBridge } from '../shared/bridge';
import type { InvokeArgs, InvokeChannel, InvokeResults } from '../shared/ipc';

function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResults[C]> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeResults[C]>;
}

const bridge = {
  appInfo: () => invoke('app:info'),
  saveFile: (request) => invoke('file:save', request),
  openFile: (request) => invoke('file:open', request),
  printToPdf: (request) => invoke('print:pdf', request),
  printOnPaper: () => invoke('print:paper'),
  onSystemLock: (listener) => {
    const handler = (_event: IpcRendererEvent, reason: SystemLockReason) => listener(reason);
    ipcRenderer.on('system:lock', handler);
    return () => ipcRenderer.removeListener('system:lock', handler);
  },
  // Electron keeps its profile's storage until the user deletes it: nothing to ask for.
  requestPersistentStorage: async () => 'persisted',
  secrets: {
    status: () => invoke('secrets:status'),
    get: (key) => invoke('secrets:get', key),
    set: (key, value) => invoke('secrets:set', key, value),
    delete: (key) => invoke('secrets:delete', key),
  },
  useSyncServer: (serverUrl) => invoke('sync:use-server', serverUrl),
  updateFromFile: () => invoke('updates:from-file'),
} satisfies WaypointBridge;

contextBridge.exposeInMainWorld('waypoint', bridge);
