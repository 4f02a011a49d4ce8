/**
 * A record's state is authenticated on the device too (docs/ARCHITECTURE.md: Wire): a removal is
 * sealed as a tombstone (its deleted flag bound), a record a 0.1.0 device sealed (w1) is sealed
 * again as w3 after unlock, and from then on a query field, rev or deleted flag changed in storage
 * reads as tampered.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { Resealer } from '../../src/renderer/src/db/resealer';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { envelopeBindsState, sealJson, TamperedError } from '../../src/shared/crypto';
import { openPayload, type StoredRecord } from '../../src/shared/records';
import { testKeySource } from './support/keys';

type Plain = { kind: 'psychotherapy' | 'sud-counselling'; sessionId: string; clientId: string; authorId: string; date: string };
const PLAIN: Plain = { kind: 'sud-counselling', sessionId: 'session-b1', clientId: 'client-b1', authorId: 'staff-b1', date: '2026-11-20' };

let counter = 0;

describe('record state bound to its envelope', () => {
  let db: WaypointDatabase;
  let keys: Awaited<ReturnType<typeof testKeySource>>;
  let store: SealedStore<Plain, { text: string }>;

  beforeEach(async () => {
    db = await openDatabase({ name: `binding-${++counter}-${Date.now()}`, validate: true, only: ['privateNotes'] });
    keys = await testKeySource();
    store = new SealedStore(db.privateNotes as never, keys);
  });
  afterEach(async () => {
    await db.remove();
  });

  const raw = async (id: string) => (await db.privateNotes.storageInstance.findDocumentsById([id], true))[0]! as unknown as StoredRecord & { _rev: string };
  /** Writes a stored document with some fields changed, as someone editing storage would. */
  const overwrite = async (id: string, change: Record<string, unknown>) => {
    const previous = await raw(id);
    await db.privateNotes.storageInstance.bulkWrite([{ previous: previous as never, document: { ...previous, ...change, _meta: { lwt: Date.now() + 1 } } as never }], 'test-edit');
  };

  it('a removal is sealed as a tombstone, rev + 1; undeleting it in storage reads as tampered', async () => {
    const written = await store.insert('private-b1', PLAIN, { text: 'Synthetic process note' });
    await (await db.privateNotes.findOne('private-b1').exec())!.remove();
    const tombstone = await raw('private-b1');
    expect(tombstone).toMatchObject({ _deleted: true, rev: written.rev + 1 });
    expect((await openPayload(keys.key, 'privateNotes', tombstone)).value).toEqual({ text: 'Synthetic process note' });
    await expect(openPayload(keys.key, 'privateNotes', { ...tombstone, _deleted: false })).rejects.toBeInstanceOf(TamperedError);
    await expect(openPayload(keys.key, 'privateNotes', { ...tombstone, rev: written.rev })).rejects.toBeInstanceOf(TamperedError);
  });

  it('a 0.1.0 record (w1) is sealed again as w3 after unlock; then a changed kind, client, date or rev reads as tampered', async () => {
    const sealed = await sealJson(keys.key, { collection: 'privateNotes', id: 'private-b2', schemaVersion: 0 }, { text: 'Written by 0.1.0' });
    await db.privateNotes.storageInstance.bulkWrite([{ document: { ...PLAIN, id: 'private-b2', rev: 4, updatedAt: 1_790_000_000_000, sealed, _deleted: false, _rev: '1-legacy', _meta: { lwt: 1 }, _attachments: {} } as never }], 'test-legacy');
    // Unbound, so a changed field goes unnoticed: what the re-seal ends.
    await overwrite('private-b2', { kind: 'psychotherapy' });
    expect((await store.get('private-b2'))!.kind).toBe('psychotherapy');
    await overwrite('private-b2', { kind: 'sud-counselling' });

    expect(await new Resealer([['privateNotes', db.privateNotes]] as never, keys).run()).toEqual({ status: 'done', total: 1, done: 1, failed: [] });
    const resealed = await raw('private-b2');
    expect(envelopeBindsState(resealed.sealed)).toBe(true);
    expect(resealed).toMatchObject({ ...PLAIN, rev: 5, updatedAt: 1_790_000_000_000 });
    expect((await store.get('private-b2'))!.data).toEqual({ text: 'Written by 0.1.0' });

    for (const change of [{ kind: 'psychotherapy' }, { clientId: 'client-b9' }, { date: '2026-11-21' }, { rev: 4 }]) {
      await overwrite('private-b2', change);
      await expect(store.get('private-b2'), JSON.stringify(change)).rejects.toBeInstanceOf(TamperedError);
      const settled = await store.findSettled();
      expect(settled.map((s) => s.error)).toEqual([expect.any(TamperedError)]);
      await overwrite('private-b2', { ...PLAIN, rev: 5 });
    }
    expect((await store.get('private-b2'))!.data).toEqual({ text: 'Written by 0.1.0' });
  });
});
