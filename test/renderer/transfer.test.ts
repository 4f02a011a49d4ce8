/**
 * Offline transfer between two devices of one practice: two real RxDB databases (fake-indexeddb),
 * the app's repositories and TransferService, a shared practice key, files passed as bytes.
 */
import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { getChangedDocumentsSince } from 'rxdb/plugins/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { replicatedCollections } from '../../src/renderer/src/db/replicated';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { ConflictsRepository } from '../../src/renderer/src/repositories/conflicts';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { TransferService, type ImportReport } from '../../src/renderer/src/transfer/transfer-service';
import { Arrival, type Arrived } from '../../src/renderer/src/arrival/arrival';
import type { DataKey } from '../../src/shared/crypto';
import { canonicalJson } from '../../src/shared/sync/canonical-json';
import { TransferError } from '../../src/shared/transfer';
import { testKeySource } from './support/keys';

const CLIENT = { firstName: 'Transfa', lastName: 'Quillington', dateOfBirth: '1984-03-09' };
const SESSION = 'session-t-2026-11-26';
const NOTE_TARGET = { sessionId: SESSION, clientId: 'client-t', date: '2026-11-26', kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-lcsw' };
const COMPLETE = { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' };
const LICENSED = { staffId: 'staff-lcsw', name: 'Licensed Synthetic', credentials: 'LCSW', needsCosignature: false };

interface Device {
  id: string;
  db: WaypointDatabase;
  clients: ClientsRepository;
  notes: NotesRepository;
  conflicts: ConflictsRepository;
  transfer: TransferService;
}

let counter = 0;
const open: Device[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.db.remove()));
});

async function device(id: string, name: string, key: DataKey): Promise<Device> {
  const keys = await testKeySource(key);
  // Three collections each: RxDB's open-source build allows 13 per process, and a test opens up to three devices.
  const db = await openDatabase({ name: `transfer-${id}-${++counter}-${crypto.randomUUID()}`, validate: true, only: ['clients', 'notes', 'conflicts'] });
  const conflicts = new ConflictsRepository(db.conflicts, keys);
  const d: Device = { id, db, conflicts, clients: new ClientsRepository(db.clients, keys), notes: new NotesRepository(db.notes, keys), transfer: new TransferService(db, keys, new Arrival(db, keys, { conflicts }), { deviceId: id }) };
  await d.transfer.setDeviceName(name);
  open.push(d);
  return d;
}

async function pair(): Promise<[Device, Device, DataKey]> {
  const { key } = await testKeySource();
  return [await device('device-office', 'Synthetic central office', key), await device('device-laptop', 'Synthetic clinic laptop', key), key];
}

/** The file `from` makes for `to`: addressed to it once `from` has imported a file from it, else for a device not exchanged with yet. */
async function fileFor(from: Device, to: Device): Promise<Uint8Array> {
  const known = (await firstValueFrom(from.transfer.status$())).peers.some((p) => p.id === to.id);
  return (await from.transfer.createExport(known ? to.id : null)).data;
}

async function send(from: Device, to: Device): Promise<ImportReport> {
  return to.transfer.importFile(await fileFor(from, to));
}

/** The first exchange both ways: from then on each knows what the other holds. */
async function introduce(a: Device, b: Device): Promise<void> {
  await send(a, b);
  await send(b, a);
}

const entriesIn = async (from: Device, to: Device) => (await from.transfer.createExport(to.id)).documents;

/** Every stored document of the device (tombstones too) exactly as stored, RxDB's revision and write time included. */
async function storedBytes(db: WaypointDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, collection] of replicatedCollections(db)) {
    for (const doc of (await getChangedDocumentsSince(collection.storageInstance, 10_000)).documents) out[`${name}/${doc.id}`] = canonicalJson(doc);
  }
  return out;
}

const openConflicts = async (d: Device) => firstValueFrom(d.conflicts.open$());
const pronouns = async (d: Device, id: string) => (await d.clients.get(id))?.data.pronouns;

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransferError);
  return (error as TransferError).code;
}

describe('transfer by file between two devices', () => {
  it('changes made on one side only flow both ways without conflict, and a file with nothing new carries nothing', async () => {
    const [office, laptop] = await pair();
    const client = await office.clients.create(CLIENT);

    const first = await send(office, laptop);
    expect(first).toMatchObject({ from: { id: 'device-office', name: 'Synthetic central office' }, collections: { clients: { new: 1 } }, conflicts: [] });
    expect((await laptop.clients.get(client.id))?.data.lastName).toBe('Quillington');
    expect((await firstValueFrom(laptop.transfer.status$())).peers).toMatchObject([{ id: 'device-office', name: 'Synthetic central office' }]);

    await laptop.clients.update(client.id, { ...CLIENT, pronouns: 'they/them' });
    expect(await send(laptop, office)).toMatchObject({ collections: { clients: { updated: 1, merged: 0 } }, conflicts: [] });
    expect(await pronouns(office, client.id)).toBe('they/them');

    await office.clients.update(client.id, { ...CLIENT, pronouns: 'they/them', phone: '555-0100' });
    expect(await send(office, laptop)).toMatchObject({ collections: { clients: { updated: 1 } }, conflicts: [] });
    expect((await laptop.clients.get(client.id))?.data.phone).toBe('555-0100');

    // The laptop's file acknowledged the office's: neither has anything the other lacks.
    await send(laptop, office);
    expect(await entriesIn(office, laptop)).toBe(0);
    expect(await entriesIn(laptop, office)).toBe(0);
    expect(await openConflicts(office)).toEqual([]);
    expect(await openConflicts(laptop)).toEqual([]);
  });

  it('edits to different fields of one record made apart merge on both devices, with no conflict', async () => {
    const [office, laptop] = await pair();
    const client = await office.clients.create(CLIENT);
    await introduce(office, laptop);
    await office.clients.update(client.id, { ...CLIENT, phone: '555-0101' });
    await laptop.clients.update(client.id, { ...CLIENT, pronouns: 'she/her' });

    expect(await send(office, laptop)).toMatchObject({ collections: { clients: { merged: 1 } }, conflicts: [] });
    await send(laptop, office);
    for (const d of [office, laptop]) expect((await d.clients.get(client.id))?.data).toMatchObject({ phone: '555-0101', pronouns: 'she/her' });
    expect(await sameVersion(office, laptop, client.id)).toBe(true);
    expect([...(await openConflicts(office)), ...(await openConflicts(laptop))]).toEqual([]);
  });

  it('the same field edited on both devices converges to one value on both and is flagged as a conflict, on both once the flag travels', async () => {
    const [office, laptop] = await pair();
    const client = await office.clients.create(CLIENT);
    await introduce(office, laptop);
    await office.clients.update(client.id, { ...CLIENT, pronouns: 'she/her' });
    await laptop.clients.update(client.id, { ...CLIENT, pronouns: 'they/them' });

    const report = await send(office, laptop);
    expect(report.conflicts).toEqual([{ collection: 'clients', id: client.id, kind: 'fields', plain: expect.objectContaining({ kind: 'client' }) }]);
    expect(report.collections['clients']).toMatchObject({ merged: 1 });
    const [flag] = await openConflicts(laptop);
    expect(flag).toMatchObject({ docCollection: 'clients', docId: client.id, data: { conflict: { fields: ['data.pronouns'] } } });
    // Both versions are kept for a person to choose from.
    expect(flag!.data.conflict.versions.map((v) => (v.data as { pronouns: string }).pronouns).sort()).toEqual(['she/her', 'they/them']);

    await send(laptop, office);
    expect(await pronouns(office, client.id)).toBe(await pronouns(laptop, client.id));
    expect((await openConflicts(office)).map((c) => c.id)).toEqual([flag!.id]);
    // The report names the record, never its content.
    expect(JSON.stringify(report)).not.toMatch(/she\/her|they\/them|Quillington/);
  });

  it('files that cross (both exported before either imported) converge, and a few more exchanges settle to nothing', async () => {
    const [office, laptop] = await pair();
    const client = await office.clients.create(CLIENT);
    await introduce(office, laptop);
    await office.clients.update(client.id, { ...CLIENT, pronouns: 'she/her', phone: '555-0102' });
    await laptop.clients.update(client.id, { ...CLIENT, pronouns: 'they/them' });

    const fromOffice = await fileFor(office, laptop);
    const fromLaptop = await fileFor(laptop, office);
    expect((await laptop.transfer.importFile(fromOffice)).conflicts).toHaveLength(1);
    expect((await office.transfer.importFile(fromLaptop)).conflicts).toHaveLength(1);
    expect(await pronouns(office, client.id)).toBe(await pronouns(laptop, client.id));
    expect((await office.clients.get(client.id))?.data.phone).toBe('555-0102');
    expect((await laptop.clients.get(client.id))?.data.phone).toBe('555-0102');
    // Each recorded the same conflict: one id on both devices.
    expect((await openConflicts(office)).map((c) => c.id)).toEqual((await openConflicts(laptop)).map((c) => c.id));

    let rounds = 0;
    while ((await entriesIn(office, laptop)) + (await entriesIn(laptop, office)) > 0) {
      expect(++rounds).toBeLessThanOrEqual(3);
      await send(office, laptop);
      await send(laptop, office);
    }
    expect(await sameVersion(office, laptop, client.id)).toBe(true);
    expect((await openConflicts(office)).map((c) => c.id)).toEqual((await openConflicts(laptop)).map((c) => c.id));
  });

  it('a signed note is never altered: a draft edited elsewhere meanwhile goes to the conflict record, in either direction', async () => {
    const [office, laptop] = await pair();
    const { id: NOTE_ID } = await office.notes.saveDraft(NOTE_TARGET, { fields: COMPLETE });
    await introduce(office, laptop);
    const signed = await office.notes.sign(NOTE_ID, LICENSED, '2026-11-26T15:00:00.000Z');
    await laptop.notes.saveDraft(NOTE_TARGET, { fields: { plan: 'Synthetic plan typed on the laptop after signing' } });

    // The draft reaches the signed note first, then the signed note reaches the draft.
    const atOffice = await send(laptop, office);
    expect(atOffice.conflicts).toEqual([{ collection: 'notes', id: NOTE_ID, kind: 'superseded-edits', plain: expect.objectContaining({ clientId: expect.any(String), date: expect.any(String) }) }]);
    await send(office, laptop);
    for (const d of [office, laptop]) {
      const note = (await d.notes.forClient('client-t'))[0]!;
      expect(note.status).toBe('signed');
      expect(note.data).toEqual(signed.data);
    }
    const kept = (await openConflicts(laptop)).flatMap((c) => c.data.conflict.versions.map((v) => JSON.stringify(v.data)));
    expect(kept.join()).toContain('Synthetic plan typed on the laptop after signing');
  });

  it('importing the same file twice changes nothing: every stored record byte for byte, and no conflict twice', async () => {
    const [office, laptop] = await pair();
    const edited = await office.clients.create(CLIENT);
    const both = await office.clients.create({ ...CLIENT, firstName: 'Bothsida' });
    await introduce(office, laptop);
    await office.clients.update(edited.id, { ...CLIENT, phone: '555-0103' });
    await office.clients.update(both.id, { ...CLIENT, firstName: 'Bothsida', pronouns: 'she/her' });
    await office.clients.create({ ...CLIENT, firstName: 'Newcomia' });
    await laptop.clients.update(both.id, { ...CLIENT, firstName: 'Bothsida', pronouns: 'they/them' });

    const file = await fileFor(office, laptop);
    const first = await laptop.transfer.importFile(file);
    expect(first.collections['clients']).toEqual({ new: 1, updated: 1, merged: 1, unchanged: 0 });
    const after = await storedBytes(laptop.db);
    const again = await laptop.transfer.importFile(file);
    expect(again.collections['clients']).toEqual({ new: 0, updated: 0, merged: 0, unchanged: 3 });
    expect(again.conflicts).toEqual([]);
    expect(await storedBytes(laptop.db)).toEqual(after);
  });

  it('refuses a truncated or altered file and writes nothing', async () => {
    const [office, laptop] = await pair();
    const client = await office.clients.create(CLIENT);
    await introduce(office, laptop);
    await office.clients.update(client.id, { ...CLIENT, phone: '555-0104' });
    await office.clients.create({ ...CLIENT, firstName: 'Neverarriva' });
    const file = await fileFor(office, laptop);
    const before = await storedBytes(laptop.db);
    const status = await firstValueFrom(laptop.transfer.status$());

    expect(await refusal(laptop.transfer.importFile(file.subarray(0, file.length - 40)))).toBe('incomplete');
    const text = new TextDecoder().decode(file);
    const sealed = /"sealed":"(w3\.[^"]+)"/.exec(text)![1]!;
    const flipped = `${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`;
    expect(await refusal(laptop.transfer.importFile(new TextEncoder().encode(text.replace(sealed, flipped))))).toBe('altered');

    expect(await storedBytes(laptop.db)).toEqual(before);
    expect(await firstValueFrom(laptop.transfer.status$())).toEqual(status);
    expect((await laptop.clients.get(client.id))?.data.phone).not.toBe('555-0104');
  });

  it('refuses a file made on this device, one made for another device, and one older than a file already imported', async () => {
    const [office, laptop, key] = await pair();
    await office.clients.create(CLIENT);
    await introduce(office, laptop);
    const stranger = await device('device-spare', 'Synthetic spare laptop', key);
    await office.clients.create({ ...CLIENT, firstName: 'Secunda' });
    const older = await fileFor(office, laptop);
    const newer = await fileFor(office, laptop);

    expect(await refusal(office.transfer.importFile(newer))).toBe('own-file');
    expect(await refusal(stranger.transfer.importFile(newer))).toBe('not-for-this-device');
    await laptop.transfer.importFile(newer);
    expect(await refusal(laptop.transfer.importFile(older))).toBe('superseded');
  });

  it('records each export and import in the audit trail, with counts and device ids, never file names or contents, and runs the checks after arrival', async () => {
    const { key } = await testKeySource();
    const record = vi.fn(async () => undefined);
    const office = await device('device-office', 'Synthetic central office', key);
    const laptop = await device('device-laptop', 'Synthetic clinic laptop', key);
    const keys = await testKeySource(key);
    const arrival = new Arrival(laptop.db, keys, { conflicts: laptop.conflicts, audit: { record } });
    const arrived: Arrived[] = [];
    arrival.afterArrival.push((a) => void arrived.push(a));
    const audited = new TransferService(laptop.db, keys, arrival, { deviceId: laptop.id, audit: { record } });
    const created = await office.clients.create(CLIENT);
    await audited.importFile(await fileFor(office, laptop));
    // The checks after arrival (issue 24's invariants) hear of the records the file brought, once.
    expect(arrived).toEqual([{ source: 'transfer-import', records: [{ collection: 'clients', ids: [created.id] }] }]);
    const saved = await audited.exportTo({ saveFile: async ({ suggestedName }) => ({ saved: true, location: suggestedName }) }, 'device-office');
    expect(saved).toMatchObject({ saved: true, documents: 0 });
    expect(record.mock.calls).toEqual([
      [{ action: 'transfer-import', detail: 'from device device-office: 1 new, 0 updated, 0 merged, 0 unchanged, 0 conflicts' }],
      [{ action: 'transfer-export', detail: '0 records for device device-office' }],
    ]);
  });

  it('property: whatever the edits, exports, lost, repeated and out-of-order files, a few exchanges both ways leave both devices with the same records and flags', async () => {
    const fields = ['pronouns', 'phone', 'preferredName'] as const;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), on: fc.integer({ min: 0, max: 1 }), client: fc.integer({ min: 0, max: 1 }), field: fc.constantFrom(...fields), value: fc.constantFrom('A', 'B', 'C') }),
      fc.record({ kind: fc.constant('export' as const), on: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('import' as const), on: fc.integer({ min: 0, max: 1 }), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 14 }), async (ops) => {
        const [office, laptop] = await pair();
        const devices = [office, laptop];
        try {
          const ids = [(await office.clients.create(CLIENT)).id, (await office.clients.create({ ...CLIENT, firstName: 'Secunda' })).id];
          await introduce(office, laptop);
          const files: Uint8Array[][] = [[], []];
          for (const step of ops) {
            const here = devices[step.on]!;
            const there = devices[1 - step.on]!;
            if (step.kind === 'edit') {
              const current = (await here.clients.get(ids[step.client]!))!.data;
              await here.clients.update(ids[step.client]!, { ...current, [step.field]: `${step.field} ${step.value} on ${here.id}` });
            } else if (step.kind === 'export') {
              files[step.on]!.push(await fileFor(here, there));
            } else if (files[1 - step.on]!.length > 0) {
              const sent = files[1 - step.on]!;
              // Any file the other device made, again or out of order: an older one is refused, nothing else is.
              await here.transfer.importFile(sent[step.pick % sent.length]!).catch((error: unknown) => {
                if (!(error instanceof TransferError && error.code === 'superseded')) throw error;
              });
            }
          }
          for (let round = 0; (await entriesIn(office, laptop)) + (await entriesIn(laptop, office)) > 0; round++) {
            expect(round).toBeLessThan(4);
            await send(office, laptop);
            await send(laptop, office);
          }
          for (const id of ids) expect(await sameVersion(office, laptop, id)).toBe(true);
          expect((await openConflicts(office)).map((c) => c.id).sort()).toEqual((await openConflicts(laptop)).map((c) => c.id).sort());
        } finally {
          await Promise.all(open.splice(0).map((d) => d.db.remove()));
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});

/** Whether both devices hold the same version of a client, opened (envelopes may differ: each seals afresh). */
async function sameVersion(a: Device, b: Device, id: string): Promise<boolean> {
  const [x, y] = [await a.clients.get(id), await b.clients.get(id)];
  return canonicalJson({ ...x, data: x?.data }) === canonicalJson({ ...y, data: y?.data });
}
