/**
 * Migration after unlock, with a change to one record kind made for this test: staff details
 * version 2 renames `displayName` to `name` and adds a required `signsAs` with a default. Records
 * stored at version 1 read as version 2 at once (lazy upgrade), are sealed again at version 2 in
 * the background with progress, stay readable meanwhile, and a record that cannot be upgraded is
 * left exactly as stored and reported.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { Resealer, type ResealProgress } from '../../src/renderer/src/db/resealer';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { envelopePayloadVersion, sealRecord } from '../../src/shared/crypto';
import { NewerRecordError, openPayload, recordState } from '../../src/shared/records';
import { testKeySource } from './support/keys';
import { NEXT, type StaffV2 } from './support/staff-v2';

const COUNT = 120;

let counter = 0;

describe('re-sealing older records after unlock', () => {
  let db: WaypointDatabase;
  let keys: Awaited<ReturnType<typeof testKeySource>>;

  beforeEach(async () => {
    db = await openDatabase({ name: `reseal-${++counter}-${Date.now()}`, validate: true, only: ['staff', 'clients'] });
    keys = await testKeySource();
    // Written by "this release" (staff at version 1).
    const staff = new StaffRepository(db.staff, keys);
    for (let i = 0; i < COUNT; i++) await staff.create(`staff-${String(i).padStart(4, '0')}`, 'clinician', { displayName: `Synthetic Person ${i}`, credentials: 'LPC', needsCosignature: i % 2 === 0 });
  });
  afterEach(async () => {
    await db.remove();
  });

  const stored = async () => (await db.staff.find().exec()).map((d) => d.toJSON());

  it('upgrades every record: readable as version 2 throughout, sealed at version 2 in the end, with progress', async () => {
    const before = await stored();
    expect(before.every((d) => envelopePayloadVersion(d.sealed) === 1)).toBe(true);
    const store = new SealedStore<{ role: string; status: string }, StaffV2>(db.staff as never, keys, Date.now, NEXT);
    // Lazy: the next release reads the old records in their new shape before anything is rewritten.
    expect((await store.get('staff-0003'))!.data).toEqual({ name: 'Synthetic Person 3', credentials: 'LPC', needsCosignature: false, signsAs: '' });

    const resealer = new Resealer([['staff', db.staff], ['clients', db.clients]] as never, keys, NEXT);
    const seen: ResealProgress[] = [];
    const readsMeanwhile: number[] = [];
    resealer.progress$.subscribe((p) => {
      seen.push(p);
      // The app keeps working while it runs: every record reads, in the new shape, at every step.
      if (p.status === 'running') void store.find().then((all) => readsMeanwhile.push(all.filter((r) => typeof r.data.name === 'string' && r.data.signsAs === '').length));
    });
    const result = await resealer.run();
    expect(result).toEqual({ status: 'done', total: COUNT, done: COUNT, failed: [] });
    const running = seen.filter((p) => p.status === 'running');
    expect(running.length).toBeGreaterThan(2);
    expect(running.map((p) => p.done)).toEqual([...running.map((p) => p.done)].sort((a, b) => a - b));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readsMeanwhile.length).toBeGreaterThan(2);
    expect(readsMeanwhile.every((n) => n === COUNT)).toBe(true);

    const after = await stored();
    for (const doc of after) {
      const old = before.find((d) => d.id === doc.id)!;
      expect(envelopePayloadVersion(doc.sealed)).toBe(2);
      expect(doc.rev).toBe(old.rev + 1);
      expect(doc.updatedAt).toBe(old.updatedAt);
      const i = Number(doc.id.slice(-4));
      expect((await openPayload(keys.key, 'staff', doc, NEXT)).value).toEqual({ name: `Synthetic Person ${i}`, credentials: 'LPC', needsCosignature: i % 2 === 0, signsAs: '' });
      // A device still on the previous release keeps it as made by a newer version, not as damaged.
      await expect(openPayload(keys.key, 'staff', doc)).rejects.toBeInstanceOf(NewerRecordError);
    }
    // Nothing left to do: a second run finds every record current.
    expect(await resealer.run()).toEqual({ status: 'done', total: 0, done: 0, failed: [] });
  });

  it('a record that cannot be upgraded stays exactly as stored and is reported; the others are upgraded', async () => {
    const current = (await db.staff.findOne('staff-0007').exec())!.toJSON(true);
    const bad = await sealRecord(keys.key, { collection: 'staff', id: 'staff-0007' }, 1, { displayName: 42, credentials: 'LPC', needsCosignature: false }, recordState(current));
    await db.staff.storageInstance.bulkWrite([{ previous: current as never, document: { ...current, sealed: bad } as never }], 'test');
    const broken = (await db.staff.findOne('staff-0007').exec())!.toJSON();
    const result = await new Resealer([['staff', db.staff]] as never, keys, NEXT).run();
    expect(result.total).toBe(COUNT);
    expect(result.failed).toEqual([{ collection: 'staff', id: 'staff-0007', reason: expect.stringMatching(/^A staff record \(version 1\) does not have the shape Waypoint expects: displayName/) }]);
    expect((await db.staff.findOne('staff-0007').exec())!.toJSON()).toEqual(broken);
    expect((await stored()).filter((d) => envelopePayloadVersion(d.sealed) === 2)).toHaveLength(COUNT - 1);
  });
});
