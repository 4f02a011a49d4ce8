/**
 * The browser implementation of the bridge: downloads instead of save dialogs, a file input
 * instead of an open dialog, window.print instead of print-to-PDF, and no OS key store.
 */
import type { AppInfo, OpenFileResult, StoragePersistence, WaypointBridge } from '../../../shared/bridge';
import { st } from '../i18n/staff';

function osFamily(userAgent: string): AppInfo['os'] {
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Mac OS X|Macintosh/i.test(userAgent)) return 'mac';
  if (/Linux|X11/i.test(userAgent)) return 'linux';
  return 'other';
}

function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

export function createBrowserBridge(appVersion: string): WaypointBridge {
  const unavailable = st('services.browser.noKeyStore');
  return {
    // eslint-disable-next-line no-restricted-syntax -- the product's name, in every language
    appInfo: async () => ({ name: 'Waypoint', version: appVersion, shell: 'browser', os: osFamily(navigator.userAgent) }),
    saveFile: async (request) => {
      const blob = new Blob([request.data as Uint8Array<ArrayBuffer>], { type: request.mimeType });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = request.suggestedName;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
      // Revoke after the click has been handled, or some browsers cancel the download.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return { saved: true, location: request.suggestedName };
    },
    openFile: async (request): Promise<OpenFileResult> => {
      const accept = (request.filters ?? []).flatMap((filter) => filter.extensions.map((ext) => `.${ext}`)).join(',');
      const file = await pickFile(accept);
      if (file === null) return { opened: false };
      if (request.maxBytes !== undefined && file.size > request.maxBytes) {
        throw new Error(st('services.browser.fileTooLarge', { maxBytes: request.maxBytes }));
      }
      return { opened: true, name: file.name, data: new Uint8Array(await file.arrayBuffer()) };
    },
    printToPdf: async () => {
      window.print();
      // The browser's print dialog decides where (and whether) the PDF goes; we cannot know.
      return { saved: false };
    },
    printOnPaper: async () => window.print(),
    // A browser is not told when the OS sleeps or the screen locks; inactivity auto-lock covers it.
    onSystemLock: () => () => undefined,
    requestPersistentStorage: async (): Promise<StoragePersistence> => {
      if (!navigator.storage?.persist) return 'unsupported';
      if (await navigator.storage.persisted()) return 'persisted';
      return (await navigator.storage.persist()) ? 'persisted' : 'refused';
    },
    secrets: {
      status: async () => ({ available: false, reason: unavailable }),
      get: () => Promise.reject(new Error(unavailable)),
      set: () => Promise.reject(new Error(unavailable)),
      delete: () => Promise.reject(new Error(unavailable)),
    },
    // A page's reach is its CSP's and its host's business; only the desktop app narrows it further.
    useSyncServer: async () => true,
    updateFromFile: async () => ({ status: 'unavailable', message: st('services.browser.updateNeedsDesktop') }),
  };
}
