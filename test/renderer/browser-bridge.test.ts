import { describe, expect, it, vi } from 'vitest';
import { createBrowserBridge } from '../../src/renderer/src/platform/browser';
import { selectBridge } from '../../src/renderer/src/platform';

describe('browser bridge', () => {
  it('is chosen when no preload exposed window.waypoint, and the preload one otherwise', async () => {
    expect((await selectBridge().appInfo()).shell).toBe('browser');
    const electronLike = { ...createBrowserBridge('9.9.9'), appInfo: async () => ({ name: 'Waypoint', version: '1', shell: 'electron' as const, os: 'linux' as const }) };
    window.waypoint = electronLike;
    expect(selectBridge()).toBe(electronLike);
    delete window.waypoint;
  });

  it('saves a file as a download with the suggested name and type', async () => {
    const clicked: { download: string; href: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    const result = await createBrowserBridge('1.0.0').saveFile({ suggestedName: 'attendance.csv', mimeType: 'text/csv', data: new TextEncoder().encode('a,b\n') });
    expect(result).toEqual({ saved: true, location: 'attendance.csv' });
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('attendance.csv');
    expect(clicked[0]!.href).toMatch(/^blob:/);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
    click.mockRestore();
  });

  it('has no device secret store, and says why', async () => {
    const bridge = createBrowserBridge('1.0.0');
    expect(await bridge.secrets.status()).toEqual({ available: false, reason: expect.stringMatching(/no operating-system key store/) });
    await expect(bridge.secrets.get('last-profile')).rejects.toThrow(/no operating-system key store/);
  });

  it('leaves the network to the page and says it cannot install updates', async () => {
    const bridge = createBrowserBridge('1.0.0');
    expect(await bridge.useSyncServer('https://sync.clinic.example')).toBe(true);
    expect(await bridge.updateFromFile()).toEqual({ status: 'unavailable', message: expect.stringMatching(/needs the Waypoint desktop app/) });
  });
});
