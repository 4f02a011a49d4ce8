/**
 * A record written by a newer release (a payload version this one does not know) is kept byte for
 * byte: lists leave it out and count it, reads and edits are refused with NewerRecordError (never
 * TamperedError), and the sync merge takes it as it is instead of merging into it or over it.
 */
import 'fake-indexeddb/auto';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { newerRecords } from '../../src/renderer/src/db/newer-records';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { StaffRepository, type StaffDetails } from '../../src/renderer/src/repositories/staff';
import { sealedMerger } from '../../src/renderer/src/sync/sealed-merge';
import { sealRecord, TamperedError } from '../../src/shared/crypto';
import { NewerRecordError, recordState } from '../../src/shared/records';
import { testKeySource } from './support/keys';

let counter = 0;

describe('records made by a newer version of Waypoint', () => {
  let db: WaypointDatabase;
  let keys: Awaited<ReturnType<typeof testKeySource>>;
  let staff: StaffRepository;

  beforeEach(async () => {
    db = await openDatabase({ name: `newer-${++counter}-${Date.now()}`, validate: true, only: ['staff'] });
    keys = await testKeySource();
    staff = new StaffRepository(db.staff, keys);
    await staff.create('staff-old', 'clinician', { displayName: 'Synthetic Current', credentials: 'LPC', needsCosignature: false });
    await staff.create('staff-new', 'clinician', { displayName: 'Synthetic Soon', credentials: 'LPC', needsCosignature: false });
    // Another device, on a newer release, edited staff-new: its payload is version 2.
    const doc = (await db.staff.findOne('staff-new').exec())!.toJSON(true);
    const sealed = await sealRecord(keys.key, { collection: 'staff', id: 'staff-new' }, 2, { name: 'Synthetic Soon', credentials: 'LPC', needsCosignature: false, signsAs: 'S.S.' }, recordState({ ...doc, rev: 2 }));
    await db.staff.storageInstance.bulkWrite([{ previous: doc as never, document: { ...doc, sealed, rev: 2 } as never }], 'replication-test');
  });
  afterEach(async () => {
    await db.remove();
  });

  const store = () => new SealedStore<{ role: string; status: string }, StaffDetails>(db.staff as never, keys);

  it('is kept as it is: left out of lists and counted, refused for reading and editing, never reported as tampered', async () => {
    const before = (await db.staff.findOne('staff-new').exec())!.toJSON();
    expect((await store().find()).map((r) => r.id)).toEqual(['staff-old']);
    expect(await firstValueFrom(newerRecords.count$())).toBeGreaterThanOrEqual(1);
    await expect(store().get('staff-new')).rejects.toThrow(new NewerRecordError(2, 1).message);
    await expect(store().update('staff-new', (current) => ({ data: { ...current.data, credentials: 'LCSW' } }))).rejects.toBeInstanceOf(NewerRecordError);
    const settled = await store().findSettled();
    const error = settled.find((s) => s.record.id === 'staff-new')!.error;
    expect(error).toBeInstanceOf(NewerRecordError);
    expect(error).not.toBeInstanceOf(TamperedError);
    expect((await db.staff.findOne('staff-new').exec())!.toJSON()).toEqual(before);
  });

  it('is never merged into or overwritten: the merge keeps the newer version, bytes and all, and flags no conflict', async () => {
    const recorded: unknown[] = [];
    const merger = sealedMerger(db.staff, keys, { record: async (conflict) => void recorded.push(conflict) });
    const theirs = { ...(await db.staff.findOne('staff-new').exec())!.toJSON(), _deleted: false };
    // This device's edit made before the newer version arrived.
    const mine = { ...theirs, rev: 2, sealed: await sealRecord(keys.key, { collection: 'staff', id: 'staff-new' }, 1, { displayName: 'Synthetic Edited Here', credentials: 'LPC', needsCosignature: false }, recordState({ ...theirs, rev: 2 })) };
    for (const [a, b] of [[mine, theirs], [theirs, mine]] as const) {
      const { doc, conflict } = await merger.merge({ base: null, mine: a, theirs: b });
      expect(doc).toBe(theirs);
      expect(conflict).toBeNull();
    }
    expect(recorded).toEqual([]);
  });
});
