/**
 * Sessions: group sessions generated from a group's schedule, and one-off individual, family,
 * psychiatric and workshop sessions. Times, place, facilitators and participants are sealed; the
 * local date and group id are plaintext for day and week views.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { capacityProblem, countPresent, defaultAttendance, validateAttendance, type AttendanceEntry } from '../../../shared/attendance';
import { holidayCancellations, type HolidaySettings } from '../../../shared/holidays';
import type { Group } from '../../../shared/programs';
import { addDays } from '../../../shared/calendar';
import { generateOccurrences, groupSessionId, sessionTimes, type DateRange, type Occurrence } from '../../../shared/schedule';
import type { SessionDocType } from '../db/schemas';
import type { SessionDetails } from '../../../shared/records';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { RuleError } from '../../../shared/messages';
import { st } from '../i18n/staff';

export type SessionKind = SessionDocType['kind'];

export type { SessionDetails } from '../../../shared/records';

/** Recording more members present than the group's capacity needs an explicit confirmation. */
export class CapacityOverrideNeeded extends RuleError {
  override readonly name = 'CapacityOverrideNeeded';
}

/** Attendance as recordAttendance accepts it, or an error naming what is wrong. */
function checkedAttendance(entries: AttendanceEntry[], session: SessionDetails): AttendanceEntry[] {
  const problems = entries.flatMap((entry) => validateAttendance(entry, session));
  if (problems.length > 0) throw new RuleError(problems);
  return entries;
}

/** A group's capacity, and who confirms going over it (recorded on the session). */
export interface CapacityCheck {
  capacity: number;
  override?: { by: string; at: string };
}

function capacityChecked(entries: readonly AttendanceEntry[], check: CapacityCheck): Pick<SessionDetails, 'capacityOverride'> {
  const over = capacityProblem(entries, check.capacity);
  if (over === null) return {};
  if (!check.override) throw new CapacityOverrideNeeded(over);
  return { capacityOverride: { ...check.override, present: countPresent(entries), capacity: check.capacity } };
}

type SessionPlain = Pick<SessionDocType, 'kind' | 'status' | 'groupId' | 'date'>;
export type SessionRecord = Opened<SessionPlain, SessionDetails>;

export interface GenerationResult {
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
}

/** A group session as its schedule makes it: the one shape for generating, regenerating and importing. */
function generatedDetails(group: Group, timeZone: string, o: Occurrence): SessionDetails {
  return {
    title: group.name,
    start: o.start,
    end: o.end,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    minutes: o.minutes,
    timeZone,
    facilitatorIds: group.facilitatorIds,
    modality: group.modality,
    location: group.location,
    clientIds: [],
    contactIds: [],
    occurrenceKey: o.key,
    changeReason: o.changed ? (group.exceptions.find((e) => e.date === o.originalDate)?.reason ?? '') : '',
  };
}

/** What a session records beyond its schedule: drop-ins, attendance and a capacity override. */
function keptFromSession(data: SessionDetails): Partial<SessionDetails> {
  const { clientIds, attendance, capacityOverride } = data;
  return { clientIds, ...(attendance ? { attendance } : {}), ...(capacityOverride ? { capacityOverride } : {}) };
}

/** What a one-off session is created from: its local times instead of computed instants. */
export type OneOffInput = Omit<SessionDetails, 'start' | 'end' | 'startsAt' | 'endsAt' | 'minutes' | 'occurrenceKey' | 'changeReason'> & { start: string; end: string };

function oneOffDetails(date: string, input: OneOffInput): SessionDetails {
  return { ...input, ...sessionTimes(date, input.start, input.end, input.timeZone), occurrenceKey: null, changeReason: '' };
}

/** What a regeneration compares: when, where, who leads it, and why it changed. */
function sameDetails(a: SessionDetails, b: SessionDetails): boolean {
  return (
    a.startsAt === b.startsAt &&
    a.endsAt === b.endsAt &&
    a.title === b.title &&
    a.location === b.location &&
    a.modality === b.modality &&
    a.changeReason === b.changeReason &&
    a.facilitatorIds.join() === b.facilitatorIds.join()
  );
}

export class SessionsRepository {
  private readonly store: SealedStore<SessionPlain, SessionDetails>;

  constructor(collection: RxCollection<SessionDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** Which of these sessions exist on this device, nothing decrypted. */
  async present(ids: readonly string[]): Promise<string[]> {
    return [...(await this.store.plainByIds(ids)).keys()];
  }

  /**
   * Creates the group's sessions in `range` from its schedule. Idempotent: a session's id is its
   * group and scheduled date, so running it again creates nothing twice. Scheduled sessions follow
   * the group: new times, a move to another date, a new room or facilitators are applied, and a
   * day now cancelled is marked cancelled. Completed sessions are never touched. The practice's
   * `holidays` (from its settings) are cancelled days unless the group planned that day itself.
   */
  async generateForGroup(groupId: string, ownGroup: Group, range: DateRange, holidays?: HolidaySettings): Promise<GenerationResult> {
    const schedule = ownGroup.schedule;
    if (!schedule) throw new Error(st('repositories.sessions.noSchedule'));
    // A year either side: a session moved across the range's edge is looked up on its scheduled date.
    const around = { from: addDays(range.from, -366), to: addDays(range.to, 366) };
    const group = holidays ? { ...ownGroup, exceptions: [...ownGroup.exceptions, ...holidayCancellations(holidays, around, ownGroup.exceptions)] } : ownGroup;
    const detailsOf = (o: Occurrence) => generatedDetails(group, schedule.timeZone, o);
    const result: GenerationResult = { created: 0, updated: 0, cancelled: 0, unchanged: 0 };
    const fresh: { id: string; plain: SessionPlain; data: SessionDetails }[] = [];
    const apply = async (current: SessionRecord, o: Occurrence) => {
      const data = detailsOf(o);
      if (current.status === 'completed' || (current.status === 'scheduled' && current.date === o.date && sameDetails(current.data, data))) result.unchanged++;
      else {
        // What happened in the session stays: only the schedule's part of the record is regenerated.
        await this.store.update(current.id, (s) => ({ plain: { status: 'scheduled', date: o.date }, data: { ...data, ...keptFromSession(s.data) } }));
        result.updated++;
      }
    };

    const occurrences = generateOccurrences(schedule, group.exceptions, range);
    const existing = new Map((await this.store.find({ groupId, date: { $gte: range.from, $lte: range.to } })).map((s) => [s.id, s]));
    const wanted = new Set<string>();
    // The same id on every device that generates this occurrence, and opaque (docs/ARCHITECTURE.md: Record ids).
    const ids = await this.store.stableIds('session', occurrences.map((o) => ({ parts: [groupId, o.key], legacy: groupSessionId(groupId, o.key) })));
    for (const [i, o] of occurrences.entries()) {
      const id = ids[i]!;
      wanted.add(id);
      const current = existing.get(id) ?? (await this.store.get(id));
      if (current) await apply(current, o);
      else fresh.push({ id, plain: { kind: 'group', status: 'scheduled', groupId, date: o.date }, data: detailsOf(o) });
    }
    // Sessions in the range that the schedule no longer puts there: moved elsewhere, or gone.
    for (const [, session] of existing) {
      if (wanted.has(session.id) || session.status !== 'scheduled' || session.data.occurrenceKey === null) continue;
      const key = session.data.occurrenceKey;
      const move = group.exceptions.find((e) => e.date === key && e.kind === 'changed' && e.moveTo);
      const target = move?.kind === 'changed' && move.moveTo ? move.moveTo : key;
      const bounds = { from: target < key ? target : key, to: target < key ? key : target };
      const moved = generateOccurrences(schedule, group.exceptions, bounds).find((o) => o.key === key);
      if (moved) await apply(session, moved);
      else {
        const reason = group.exceptions.find((e) => e.date === key && e.kind === 'cancelled')?.reason ?? st('repositories.sessions.removedFromSchedule');
        await this.store.update(session.id, (s) => ({ plain: { status: 'cancelled' }, data: { ...s.data, changeReason: reason } }));
        result.cancelled++;
      }
    }
    if (fresh.length > 0) {
      const inserted = await this.store.bulkInsert(fresh);
      if (inserted.failed.length > 0) throw new Error(st('repositories.sessions.notSaved', { failed: inserted.failed.length }));
      result.created = inserted.inserted;
    }
    return result;
  }

  /**
   * Stores generated sessions for a whole practice in one write (the demo practice, the benchmark's
   * year), with the attendance `attendanceOf` gives a session, checked as when it is recorded.
   */
  async importGenerated(groups: readonly { id: string; data: Group }[], range: DateRange, attendanceOf?: (sessionId: string, date: string) => AttendanceEntry[] | undefined): Promise<number> {
    const records = groups.flatMap(({ id, data }) =>
      data.schedule
        ? generateOccurrences(data.schedule, data.exceptions, range).map((o) => {
            const details = generatedDetails(data, data.schedule!.timeZone, o);
            const attendance = attendanceOf?.(groupSessionId(id, o.key), o.date);
            return { id: groupSessionId(id, o.key), plain: { kind: 'group' as const, status: 'scheduled' as const, groupId: id, date: o.date }, data: attendance ? { ...details, attendance: checkedAttendance(attendance, details) } : details };
          })
        : [],
    );
    const result = await this.store.bulkInsert(records);
    if (result.failed.length > 0) throw new Error(st('repositories.sessions.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  /** An individual, family, psychiatric or workshop session at local times on `date`. */
  async createOneOff(kind: Exclude<SessionKind, 'group'>, date: string, input: OneOffInput): Promise<SessionRecord> {
    if (input.facilitatorIds.length === 0) throw new Error(st('repositories.sessions.chooseClinician'));
    if (kind !== 'workshop' && input.clientIds.length === 0) throw new Error(st('repositories.sessions.chooseClient'));
    return this.store.insert(`session-${crypto.randomUUID()}`, { kind, status: 'scheduled', groupId: '', date }, oneOffDetails(date, input));
  }

  /** Stores many one-off sessions in one write (the demo practice), times computed in their zone, with any attendance checked. */
  async importOneOffs(records: readonly { id: string; kind: Exclude<SessionKind, 'group'>; date: string; start: string; end: string; timeZone: string; title: string; clientIds: string[]; facilitatorIds: string[]; attendance?: AttendanceEntry[] }[]): Promise<number> {
    const result = await this.store.bulkInsert(
      records.map((r) => {
        const details = oneOffDetails(r.date, { title: r.title, start: r.start, end: r.end, timeZone: r.timeZone, facilitatorIds: r.facilitatorIds, modality: 'in-person', location: '', clientIds: r.clientIds, contactIds: [] });
        return { id: r.id, plain: { kind: r.kind, status: 'scheduled' as const, groupId: '', date: r.date }, data: r.attendance ? { ...details, attendance: checkedAttendance(r.attendance, details) } : details };
      }),
    );
    if (result.failed.length > 0) throw new Error(st('repositories.sessions.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  /**
   * Records the attendance of a session. Every entry is checked against the session's times;
   * more present than `capacity` is refused unless `overrideCapacity` confirms it.
   */
  async recordAttendance(sessionId: string, entries: AttendanceEntry[], options: CapacityCheck): Promise<SessionRecord> {
    return this.store.update(sessionId, (current) => ({ data: { ...current.data, attendance: checkedAttendance(entries, current.data), ...capacityChecked(entries, options) } }));
  }

  /**
   * Records that a person confirmed the session running with more members than the group's capacity
   * (a roster filled on two laptops apart); attendance over capacity later needs no second confirmation.
   */
  confirmOverCapacity(sessionId: string, members: number, capacity: number, override: { by: string; at: string }): Promise<SessionRecord> {
    return this.store.update(sessionId, (current) => ({ data: { ...current.data, capacityOverride: { ...override, present: members, capacity } } }));
  }

  /**
   * Adds a client to one group or workshop session only (a make-up or drop-in), present by
   * default, so the same capacity confirmation applies as when marking attendance.
   */
  async addParticipant(sessionId: string, clientId: string, rosterIds: readonly string[], options: CapacityCheck): Promise<SessionRecord> {
    return this.store.update(sessionId, (current) => {
      if (current.kind !== 'group' && current.kind !== 'workshop') throw new Error(st('repositories.sessions.onlyGroupsAdd'));
      if (current.data.clientIds.includes(clientId) || rosterIds.includes(clientId)) throw new Error(st('repositories.sessions.alreadyTakesPart'));
      const participants = [...rosterIds, ...current.data.clientIds, clientId];
      const entries = participants.map((id) => current.data.attendance?.find((e) => e.clientId === id) ?? defaultAttendance(id));
      return { data: { ...current.data, clientIds: [...current.data.clientIds, clientId], ...capacityChecked(entries, options) } };
    });
  }

  /** Takes back an added participant; their note, if one was started, is kept under its own id. */
  async removeParticipant(sessionId: string, clientId: string): Promise<SessionRecord> {
    return this.store.update(sessionId, (current) => ({
      data: { ...current.data, clientIds: current.data.clientIds.filter((id) => id !== clientId), attendance: current.data.attendance?.filter((e) => e.clientId !== clientId) },
    }));
  }

  get(sessionId: string): Promise<SessionRecord | null> {
    return this.store.get(sessionId);
  }

  get$(sessionId: string): Observable<SessionRecord | null> {
    return this.store.find$({ id: sessionId }).pipe(map((found) => found[0] ?? null));
  }

  /** After a merge: one-off sessions of the duplicate list the surviving record instead. */
  async reassignClient(fromClientId: string, toClientId: string): Promise<number> {
    // Participants are sealed, so every session is opened to look (group rosters come from memberships; drop-ins are listed).
    const affected = (await this.store.find()).filter((s) => s.data.clientIds.includes(fromClientId));
    for (const s of affected) {
      await this.store.update(s.id, (current) => ({ data: { ...current.data, clientIds: [...new Set(current.data.clientIds.map((id) => (id === fromClientId ? toClientId : id)))] } }));
    }
    return affected.length;
  }

  /** Sessions whose local date is in the inclusive range, by start time. */
  between$(range: DateRange): Observable<SessionRecord[]> {
    return this.store.find$({ date: { $gte: range.from, $lte: range.to } }).pipe(map((s) => [...s].sort((a, b) => a.data.startsAt.localeCompare(b.data.startsAt))));
  }

  /** One-off sessions with this client (group sessions follow from the client's memberships). */
  oneOffsForClient$(clientId: string): Observable<SessionRecord[]> {
    return this.store.find$({ groupId: '' }).pipe(map((s) => s.filter((x) => x.data.clientIds.includes(clientId)).sort((a, b) => a.data.startsAt.localeCompare(b.data.startsAt))));
  }

  forGroup$(groupId: string): Observable<SessionRecord[]> {
    return this.store.find$({ groupId }).pipe(map((s) => [...s].sort((a, b) => a.data.startsAt.localeCompare(b.data.startsAt))));
  }
}
