import { describe, expect, it, vi } from 'vitest';
import { createIpcDispatcher, IpcRejectedError } from '../../src/main/ipc-dispatch';
import type { InvokeHandlers } from '../../src/shared/ipc';
import { APP_ENTRY_URL } from '../../src/main/app-protocol';

const APP = APP_ENTRY_URL;
const trusted = { frameUrl: `${APP}#/clients`, isMainFrame: true };

function handlers(): InvokeHandlers {
  return {
    'app:info': vi.fn(async () => ({ name: 'Waypoint', version: '0.0.0', shell: 'electron' as const, os: 'linux' as const })),
    'file:save': vi.fn(async () => ({ saved: true as const, location: '/tmp/x' })),
    'file:open': vi.fn(async () => ({ opened: false as const })),
    'print:pdf': vi.fn(async () => ({ saved: false as const })),
    'print:paper': vi.fn(async () => undefined),
    'secrets:status': vi.fn(async () => ({ available: false as const, reason: 'none' })),
    'secrets:get': vi.fn(async () => null),
    'secrets:set': vi.fn(async () => undefined),
    'secrets:delete': vi.fn(async () => undefined),
    'sync:use-server': vi.fn(async () => true),
    'updates:from-file': vi.fn(async () => ({ status: 'cancelled' as const })),
  };
}

describe('IPC dispatcher', () => {
  it('passes validated arguments to the handler', async () => {
    const h = handlers();
    const dispatch = createIpcDispatcher(h, APP);
    const data = new Uint8Array([1, 2, 3]);
    await dispatch('file:save', trusted, [{ suggestedName: 'attendance.csv', mimeType: 'text/csv', data }]);
    expect(h['file:save']).toHaveBeenCalledWith({ suggestedName: 'attendance.csv', mimeType: 'text/csv', data });
  });

  it('refuses a sender that is not the app window, before any handler runs', async () => {
    const h = handlers();
    const dispatch = createIpcDispatcher(h, APP);
    await expect(dispatch('app:info', { frameUrl: 'https://evil.example/', isMainFrame: true }, [])).rejects.toThrow(/sender is not the app's own window/);
    await expect(dispatch('app:info', { frameUrl: APP, isMainFrame: false }, [])).rejects.toBeInstanceOf(IpcRejectedError);
    expect(h['app:info']).not.toHaveBeenCalled();
  });

  it('refuses unknown channels, including inherited property names', async () => {
    const dispatch = createIpcDispatcher(handlers(), APP);
    await expect(dispatch('shell:exec', trusted, [])).rejects.toThrow(/unknown channel/);
    await expect(dispatch('toString', trusted, [])).rejects.toThrow(/unknown channel/);
    await expect(dispatch('__proto__', trusted, [])).rejects.toThrow(/unknown channel/);
  });

  it.each([
    ['a path in the file name', 'file:save', [{ suggestedName: '../../.bashrc', mimeType: 'text/plain', data: new Uint8Array() }], /path separators/],
    ['a missing file name', 'file:save', [{ mimeType: 'text/plain', data: new Uint8Array() }], /suggestedName/],
    ['data that is not bytes', 'file:save', [{ suggestedName: 'a.csv', mimeType: 'text/csv', data: 'text' }], /data/],
    ['an unexpected property', 'file:save', [{ suggestedName: 'a.csv', mimeType: 'text/csv', data: new Uint8Array(), path: '/etc/passwd' }], /path/],
    ['an extra argument', 'app:info', [1], /./],
    ['a bad secret key', 'secrets:get', ['../../x'], /secret key/],
    ['an oversized secret', 'secrets:set', ['profile', 'x'.repeat(17 * 1024)], /16 KiB/],
    ['an open limit above the cap', 'file:open', [{ maxBytes: 10 * 1024 * 1024 * 1024 }], /maxBytes/],
    ['a bad extension filter', 'file:open', [{ filters: [{ name: 'Backups', extensions: ['.wpb'] }] }], /extension/],
    ['a sync server that is not text', 'sync:use-server', [{ url: 'https://evil.example' }], /string/],
    ['an oversized sync server address', 'sync:use-server', [`https://${'a'.repeat(2001)}.example`], /2000/],
    ['a path chosen by the page for an update', 'updates:from-file', ['/media/stick/evil.wpupdate'], /./],
  ])('refuses %s with a specific message and calls no handler', async (_label, channel, args, message) => {
    const h = handlers();
    const dispatch = createIpcDispatcher(h, APP);
    await expect(dispatch(channel, trusted, args)).rejects.toThrow(message);
    for (const fn of Object.values(h)) expect(fn).not.toHaveBeenCalled();
  });
});
