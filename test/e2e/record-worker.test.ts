/**
 * Bulk decryption in the record worker (docs/ARCHITECTURE.md: Work off the UI thread), in Chromium
 * with real IndexedDB and WebCrypto: the worker opens exactly what the window's thread opens
 * (values, a tampered record and one from a newer release alike), re-seals and restores the same, the sealed
 * store reads the same through it, and a locked vault fails the read with the locked message, before or while the
 * worker has the batch. The test page is built here with Vite, as the app builds its workers.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltPage, type BuiltPage } from './support/worker-page';

const COUNT = 600;
const LOCKED = 'VaultLockedError: Waypoint is locked: unlock it to read or change records';

describe('the record worker', () => {
  let built: BuiltPage;
  let page: Page;

  beforeAll(async () => {
    built = await openBuiltPage('record-worker-page');
    page = built.page;
  });
  afterAll(() => built?.close());

  it('opens what the window opens, and fails with the locked message when locked', async () => {
    const r = await page.evaluate((count) => (window as unknown as { recordWorker: { run(n: number): Promise<Record<string, unknown>> } }).recordWorker.run(count), COUNT);
    const inWorker = r['inWorker'] as ({ value: { firstName: string } } | null)[];
    expect(r['count']).toBe(COUNT);
    // Record by record the same; the tampered (first) and the newer (second) open in neither.
    expect(inWorker).toEqual(r['here']);
    expect(inWorker.slice(0, 2)).toEqual([null, null]);
    expect(inWorker.filter((o) => o !== null)).toHaveLength(COUNT - 2);
    expect(inWorker[2]!.value.firstName).toBe('Synthetic2');

    // Re-sealing: the same values under new envelopes, the same reasons for the two that cannot be.
    const resealed = r['resealedInWorker'] as ({ value: unknown } | { reason: string })[];
    expect(resealed).toEqual(r['resealedHere']);
    expect(resealed.slice(2)).toEqual(inWorker.slice(2, 12));
    expect(resealed.slice(0, 2).map((x) => 'reason' in x)).toEqual([true, true]);

    // Restoring received records: the same as here, record by record; the changed one restores in neither (a newer
    // release's record does: only its query fields are restored, its payload is left unread).
    const restored = r['restoredInWorker'] as (Record<string, unknown> | null)[];
    expect(restored).toEqual(r['restoredHere']);
    expect(restored[0]).toBeNull();
    expect(restored.slice(1).every((doc) => doc !== null)).toBe(true);
    expect(restored[2]).toEqual({ ...(r['wire'] as object[])[2], kind: 'client', status: 'active', clientId: '' });

    const throughWorker = r['throughWorker'] as { id?: string; error?: string }[];
    expect(r['mainThread']).toEqual(throughWorker);
    expect(throughWorker.filter((s) => s.error !== undefined).map((s) => [s.id, s.error!.split(':')[0]])).toEqual([
      ['client-0000', 'TamperedError'],
      ['client-0001', 'NewerRecordError'],
    ]);
    // Several batches went to the worker.
    expect(r['batches']).toBeGreaterThanOrEqual(Math.ceil(COUNT / 250));

    expect(r['locked']).toBe(LOCKED);
    expect(r['lockedMidway']).toBe(LOCKED);
    // Unlocked again: every active client but the newer one (the tampered one is no longer active).
    expect(r['afterwards']).toBe(COUNT - 2);
  });
});
