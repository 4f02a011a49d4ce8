/**
 * One sync-test device in a worker thread of its own, driven by messages (worker-devices.ts is the
 * other end). RxDB's open-source build counts open collections in a module-level set, so its limit
 * (13) holds per JavaScript realm, not per database: three devices with every collection the
 * practice rules read cannot share one process's realm, but each worker thread is a realm of its
 * own. The device is the app's: repositories, SyncService and the "needs attention" items computed
 * by the feature's own pipeline (features/attention/attention.ts).
 */
import { parentPort } from 'node:worker_threads';
import { firstValueFrom } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import { attention$ } from '../../../src/renderer/src/features/attention/attention';
import { AttentionRepository } from '../../../src/renderer/src/repositories/attention';
import { AuthorizationsRepository } from '../../../src/renderer/src/repositories/authorizations';
import { ClientsRepository } from '../../../src/renderer/src/repositories/clients';
import { EpisodesRepository } from '../../../src/renderer/src/repositories/episodes';
import { ProgramsRepository, ProgramValidationError } from '../../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../../src/renderer/src/repositories/sessions';
import type { SealedFields } from '../../../src/renderer/src/db/schemas';
import { importDataKey } from '../../../src/shared/crypto';
import { validateClientIdentity } from '../../../src/shared/clients';
import { findDuplicates } from '../../../src/shared/duplicates';
import { dismissal } from '../../../src/shared/invariants';
import type { WeeklySchedule } from '../../../src/shared/schedule';
import { getChangedDocumentsSince } from 'rxdb/plugins/core';
import { wireDocument } from '../../../src/shared/sync/protocol';
import { canonicalJson } from '../../../src/shared/sync/canonical-json';
import { newDevice, type Credentials, type Device } from './devices';
import { ATTENTION_COLLECTIONS, type AttentionIds, type AttentionStep, type DeviceRequest, type DeviceReply } from './worker-devices';

const STAFF = 'staff-synthetic-attention';
const GROUP_DAYS = 7;

let device!: Device;

function repositories(d: Device) {
  const { db, keys } = d;
  const sessions = new SessionsRepository(db.sessions, keys);
  return {
    clients: new ClientsRepository(db.clients, keys),
    episodes: new EpisodesRepository(db.episodes, keys),
    programs: new ProgramsRepository(db.programs, keys),
    sessions,
    notes: d.notes,
    attention: new AttentionRepository(db.settings, keys),
    authorizations: new AuthorizationsRepository(db.plans, keys, db.settings),
  };
}

/** The practice the steps break rules of: a programme, a group of capacity 2 meeting daily from today, the client admitted twice, the clients who join the group. */
async function setUp(today: string, rosterSize: number): Promise<AttentionIds> {
  const { programs, sessions, clients } = repositories(device);
  const program = await programs.createProgram({ name: 'Synthetic Rules Programme' });
  const track = await programs.createTrack(program.id, { name: 'Synthetic Rules Track', population: 'adult' });
  const schedule: WeeklySchedule = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '12:00', startsOn: today };
  const group = await programs.createGroup(track.id, { name: 'Synthetic Rules Group', facilitatorIds: [STAFF], capacity: 2, schedule });
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + (GROUP_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  await sessions.generateForGroup(group.id, group.data, { from: today, to: last });
  const admitted = await clients.create({ firstName: 'Twicia', lastName: 'Admittova', dateOfBirth: '1979-02-11' });
  const roster = [];
  for (let i = 0; i < rosterSize; i++) roster.push((await clients.create({ firstName: `Rosterin${String.fromCharCode(65 + i)}`, lastName: 'Capacitova', dateOfBirth: `1985-0${i + 1}-15` })).id);
  return { programId: program.id, trackId: track.id, groupId: group.id, admitted: admitted.id, roster };
}

/** A step as a person at this device would take it; false when the device's own checks refuse it (what the person would be told). */
async function step(s: AttentionStep, ids: AttentionIds, today: string): Promise<boolean> {
  const { clients, episodes, programs } = repositories(device);
  switch (s.kind) {
    case 'admit':
      try {
        await episodes.admit({ clientId: ids.admitted, programId: ids.programId, trackId: ids.trackId, admittedOn: today, level: 'iop' });
        return true;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('This client already has an open episode')) return false;
        throw error;
      }
    case 'join':
      try {
        await programs.addMember(ids.groupId, ids.roster[s.member]!, today);
        return true;
      } catch (error) {
        // Over capacity, or already a member, as this device sees the roster.
        if (error instanceof ProgramValidationError) return false;
        throw error;
      }
    case 'register': {
      // Intake warns of a match among this device's clients: only a person it cannot see yet is registered again.
      const person = validateClientIdentity({ firstName: 'Dupla', lastName: 'Registrova', dateOfBirth: '1990-09-09' }, today);
      if (!person.success) throw person.error;
      const existing = await clients.all();
      if (findDuplicates(person.data, existing.map((c) => ({ id: c.id, identity: c.data }))).length > 0) return false;
      await clients.create(person.data);
      return true;
    }
  }
}

/** The item keys this device shows, from the feature's own pipeline. */
async function items(today: string): Promise<string[]> {
  const view = await firstValueFrom(attention$(repositories(device), today));
  return view.items.map((i) => i.key);
}

/** Resolves every item as a person would from the list (closing episodes, "not the same person", confirming capacity); returns how many. */
async function resolveAll(today: string): Promise<number> {
  const services = repositories(device);
  const view = await firstValueFrom(attention$(services, today));
  const at = new Date().toISOString();
  for (const item of view.items) {
    switch (item.kind) {
      case 'open-episodes':
        for (const id of item.recordIds.slice(1)) {
          await services.episodes.discharge(id, { on: today, reason: 'administrative', summary: `Duplicate admission, recorded on two devices while apart; the episode kept is ${item.recordIds[0]}.`, aftercare: {} });
        }
        break;
      case 'duplicate-client':
        await services.attention.dismiss(dismissal(item, 'not-same-person'), STAFF, at);
        break;
      case 'over-capacity': {
        const groupId = view.memberships.get(item.recordIds[0]!)!.groupId;
        const capacity = view.tree.groups.find((g) => g.id === groupId)!.data.capacity;
        for (const s of view.sessions.filter((x) => x.groupId === groupId && x.date === item.date)) await services.sessions.confirmOverCapacity(s.id, item.recordIds.length, capacity, { by: STAFF, at });
        break;
      }
      default:
        throw new Error(`no schedule step makes a "${item.kind}" item: ${item.key}`);
    }
  }
  return view.items.length;
}

/** Every document of the device's collections as it travels, deleted ones too. */
async function wireDocs(): Promise<Record<string, string>> {
  const entries = await Promise.all(
    ATTENTION_COLLECTIONS.map(async (name) => {
      const docs = await getChangedDocumentsSince((device.db[name] as unknown as RxCollection<SealedFields>).storageInstance, 100_000);
      return docs.documents.map((doc) => [`${name}/${doc.id}`, canonicalJson(wireDocument(doc))] as const);
    }),
  );
  return Object.fromEntries(entries.flat());
}

async function handle(request: DeviceRequest): Promise<unknown> {
  switch (request.method) {
    case 'open': {
      const { setup } = request;
      const key = await importDataKey(setup.keyId, setup.rawKey);
      device = await newDevice(setup.name, key, setup.serverUrl, setup.credentials as Credentials, { retryTime: 50, maxBackoffMs: 200, waitForLeadership: false, collections: [...ATTENTION_COLLECTIONS] });
      return null;
    }
    case 'setUp':
      return setUp(request.today, request.rosterSize);
    case 'step':
      return step(request.step, request.ids, request.today);
    case 'start':
      return device.sync.start();
    case 'stop':
      return device.sync.stop();
    case 'restart':
      return device.restart();
    case 'settled':
      await device.until((s) => s.phase === 'up-to-date' && s.pending === 0, request.timeoutMs);
      return null;
    case 'docs':
      return wireDocs();
    case 'items':
      return items(request.today);
    case 'resolveAll':
      return resolveAll(request.today);
    case 'close':
      return device.close();
  }
}

parentPort!.on('message', (request: DeviceRequest) => {
  handle(request).then(
    (value) => parentPort!.postMessage({ id: request.id, ok: true, value: value ?? null } satisfies DeviceReply),
    // tsx runs this file from a data: URL (the whole file): its frames are named, not quoted.
    (error: unknown) => parentPort!.postMessage({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message).replace(/data:text\/javascript,[^\s)]*/g, 'device-worker.ts') : String(error) } satisfies DeviceReply),
  );
});
