/**
 * Sessions: group sessions generated from a group's schedule, and one-off individual, family,
 * psychiatric and workshop sessions. Times, place, facilitators and participants are sealed; the
 * local date and group id are plaintext for day and week views.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import type { Group } from '../../../shared/programs';
import { generateOccurrences, type DateRange } from '../../../shared/schedule';
import type { SessionDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import type { Modality } from '../../../shared/programs';

export type SessionKind = SessionDocType['kind'];

export interface SessionDetails {
  title: string;
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
  minutes: number;
  timeZone: string;
  facilitatorIds: string[];
  modality: Modality;
  location: string;
  /** Clients for individual, family and psychiatric sessions; a group's come from its roster on the date. */
  clientIds: string[];
  /** For generated sessions: the scheduled date it came from (stable identity across regenerations). */
  occurrenceKey: string | null;
  changeReason: string;
}

type SessionPlain = Pick<SessionDocType, 'kind' | 'status' | 'groupId' | 'date'>;
export type SessionRecord = Opened<SessionPlain, SessionDetails>;

export interface GenerationResult {
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
}

function sameTimes(a: SessionDetails, b: SessionDetails): boolean {
  return a.startsAt === b.startsAt && a.endsAt === b.endsAt;
}

export class SessionsRepository {
  private readonly store: SealedStore<SessionPlain, SessionDetails>;

  constructor(collection: RxCollection<SessionDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, collection.schema.version, keys, now);
  }

  /**
   * Creates the group's sessions in `range` from its schedule. Idempotent: a session's id is its
   * group and scheduled date, so running it again creates nothing twice; sessions whose schedule
   * changed are updated and those now cancelled are marked cancelled. Completed sessions are never touched.
   */
  async generateForGroup(groupId: string, group: Group, range: DateRange): Promise<GenerationResult> {
    if (!group.schedule) throw new Error('This group has no schedule yet');
    const occurrences = generateOccurrences(group.schedule, group.exceptions, range);
    const existing = new Map((await this.store.find({ groupId, date: { $gte: range.from, $lte: range.to } })).map((s) => [s.id, s]));
    const result: GenerationResult = { created: 0, updated: 0, cancelled: 0, unchanged: 0 };
    const fresh: { id: string; plain: SessionPlain; data: SessionDetails }[] = [];
    const wanted = new Set<string>();
    for (const o of occurrences) {
      const id = `session-${groupId}-${o.key}`;
      wanted.add(id);
      const data: SessionDetails = {
        title: group.name,
        start: o.start,
        end: o.end,
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        minutes: o.minutes,
        timeZone: group.schedule.timeZone,
        facilitatorIds: group.facilitatorIds,
        modality: group.modality,
        location: group.location,
        clientIds: [],
        occurrenceKey: o.key,
        changeReason: o.changed ? (group.exceptions.find((e) => e.date === o.originalDate)?.reason ?? '') : '',
      };
      const current = existing.get(id) ?? (await this.store.get(id));
      if (!current) fresh.push({ id, plain: { kind: 'group', status: 'scheduled', groupId, date: o.date }, data });
      else if (current.status === 'completed' || (current.status === 'scheduled' && current.date === o.date && sameTimes(current.data, data))) result.unchanged++;
      else {
        await this.store.update(id, () => ({ plain: { status: 'scheduled', date: o.date }, data: { ...current.data, ...data } }));
        result.updated++;
      }
    }
    for (const [id, session] of existing) {
      if (!wanted.has(id) && session.status === 'scheduled' && session.data.occurrenceKey !== null) {
        const reason = group.exceptions.find((e) => e.date === session.data.occurrenceKey && e.kind === 'cancelled')?.reason ?? 'Removed from the schedule';
        await this.store.update(id, (s) => ({ plain: { status: 'cancelled' }, data: { ...s.data, changeReason: reason } }));
        result.cancelled++;
      }
    }
    if (fresh.length > 0) {
      const inserted = await this.store.bulkInsert(fresh);
      if (inserted.failed.length > 0) throw new Error(`${inserted.failed.length} sessions could not be saved`);
      result.created = inserted.inserted;
    }
    return result;
  }

  async createOneOff(kind: Exclude<SessionKind, 'group'>, date: string, details: SessionDetails): Promise<SessionRecord> {
    return this.store.insert(`session-${crypto.randomUUID()}`, { kind, status: 'scheduled', groupId: '', date }, details);
  }

  /** Sessions whose local date is in the inclusive range, by start time. */
  between$(range: DateRange): Observable<SessionRecord[]> {
    return this.store.find$({ date: { $gte: range.from, $lte: range.to } }).pipe(map((s) => [...s].sort((a, b) => a.data.startsAt.localeCompare(b.data.startsAt))));
  }

  forGroup$(groupId: string): Observable<SessionRecord[]> {
    return this.store.find$({ groupId }).pipe(map((s) => [...s].sort((a, b) => a.data.startsAt.localeCompare(b.data.startsAt))));
  }
}
