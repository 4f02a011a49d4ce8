import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncServerFile } from '../../src/main/sync-server';
import { updateFeedUrl } from '../../src/shared/sync/server-url';

describe('the sync server the main process remembers', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waypoint-profile-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts with none, keeps the normalised address across a restart', async () => {
    const file = new SyncServerFile(join(dir, 'sync-server.json'));
    expect(await file.load()).toBeNull();
    await file.set(' https://sync.clinic.example/waypoint/ ');
    expect(file.current()).toBe('https://sync.clinic.example/waypoint');
    expect(await new SyncServerFile(join(dir, 'sync-server.json')).load()).toBe('https://sync.clinic.example/waypoint');
  });

  it('refuses an address sync itself would refuse, and keeps the old one', async () => {
    const file = new SyncServerFile(join(dir, 'sync-server.json'));
    await file.set('https://sync.clinic.example');
    await expect(file.set('http://sync.clinic.example')).rejects.toThrow(/Use https:\/\//);
    expect(await new SyncServerFile(join(dir, 'sync-server.json')).load()).toBe('https://sync.clinic.example');
  });

  it('treats a damaged file as no server chosen', async () => {
    await writeFile(join(dir, 'sync-server.json'), '{"serverUrl":');
    expect(await new SyncServerFile(join(dir, 'sync-server.json')).load()).toBeNull();
    await writeFile(join(dir, 'sync-server.json'), '{"serverUrl":"javascript:alert(1)"}');
    expect(await new SyncServerFile(join(dir, 'sync-server.json')).load()).toBeNull();
  });

  it('finds the update feed beside the sync API', () => {
    expect(updateFeedUrl('https://sync.clinic.example/waypoint/')).toBe('https://sync.clinic.example/waypoint/updates/');
    expect(updateFeedUrl('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787/updates/');
  });
});
