/**
 * Outcome measures: instrument administrations and each episode's measure schedule, in the `plans`
 * collection (kinds 'measure' and 'measure-schedule'; 'plan' records belong to the plans
 * repository). The rules — scoring, bands, the PHQ-9 item 9 alert and its acknowledgement, due
 * dates — live in src/shared/measures; this seals their results. Plaintext: kind, client and
 * episode ids, the status (an open alert must be findable across clients) and the date; answers,
 * totals, bands and follow-up notes are sealed.
 */
import { DateTime } from 'luxon';
import { combineLatest, map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import {
  acknowledgeAlerts,
  administrationSchema,
  administrationStatus,
  dueMeasures,
  MeasureRuleError,
  openAlerts,
  recordAdministration,
  type Administration,
  type AdministrationInput,
  type EpisodeDates,
  type MeasureOccasion,
  type MeasureSchedule,
  type MeasureScheduleInput,
} from '../../../shared/measures';
import { episodeSchedulesSchema, type EpisodeSchedules } from '../../../shared/records';
import { KeyedMutex } from '../db/keyed-mutex';
import type { PlanDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { issuesText, parseOrThrow } from '../../../shared/messages';
import { st } from '../i18n/staff';

type Plain = Pick<PlanDocType, 'kind' | 'clientId' | 'episodeId' | 'status' | 'date'>;

export type { EpisodeSchedules } from '../../../shared/records';

type Secret = Administration | EpisodeSchedules;
export type AdministrationRecord = Opened<Plain, Administration>;
export type ScheduleRecord = Opened<Plain, EpisodeSchedules>;

export interface OpenAlertRecord {
  record: AdministrationRecord;
  /** Not followed up on the day it was given. */
  overdue: boolean;
}

/** The episode a schedule is counted in: its id, and its dates. */
export type ScheduledEpisode = EpisodeDates & { id: string };

/** Oldest first; on one date, in the order recorded (ids start with the time of recording). */
function chronological(a: AdministrationRecord, b: AdministrationRecord): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class MeasuresRepository {
  private readonly store: SealedStore<Plain, Secret>;
  /** A double submit of the schedule form must not insert the episode's schedule twice. */
  private readonly perEpisode = new KeyedMutex();

  constructor(
    collection: RxCollection<PlanDocType>,
    keys: KeySource,
    private readonly now: () => number = Date.now,
    /** The practice's time zone (the app's clock); this machine's when not given. */
    private readonly zone: () => string = () => 'system',
  ) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** One schedule record per episode: an opaque id (docs/ARCHITECTURE.md: Record ids); an earlier `schedule-<episode>` stays. */
  scheduleId(episodeId: string): Promise<string> {
    return this.store.stableId('schedule', [episodeId], `schedule-${episodeId}`);
  }

  /** Checks what was decrypted against the shared schema: a record that no longer scores as stored is an error, not a silent zero. */
  private checked(record: Opened<Plain, Secret>): AdministrationRecord {
    const parsed = administrationSchema.safeParse(record.data);
    if (!parsed.success) throw new MeasureRuleError(st('repositories.measures.recordNotValid', { id: record.id, problems: issuesText(parsed.error) }));
    return { ...record, data: parsed.data };
  }

  private administrations$(selector: Partial<Plain>): Observable<AdministrationRecord[]> {
    return this.store.find$({ ...selector, kind: 'measure' }).pipe(map((records) => records.map((r) => this.checked(r)).sort(chronological)));
  }

  /** Scores and stores an administration; an alert leaves it 'alert-open' until acknowledged. */
  async record(input: AdministrationInput): Promise<AdministrationRecord> {
    const admin = recordAdministration(input);
    // Base-36 time first: ids sort in the order administrations were recorded.
    const id = `measure-${this.now().toString(36).padStart(9, '0')}-${crypto.randomUUID()}`;
    const plain: Plain = { kind: 'measure', clientId: admin.clientId, episodeId: admin.episodeId, status: administrationStatus(admin), date: admin.date };
    return this.checked(await this.store.insert(id, plain, admin));
  }

  /** Stores many scored administrations in one write (the benchmark's practice), in the order given, each checked first. */
  async importMany(administrations: readonly Administration[]): Promise<number> {
    const stamp = this.now().toString(36).padStart(9, '0');
    const result = await this.store.bulkInsert(
      administrations.map((a, i) => {
        const admin = parseOrThrow(administrationSchema, a, MeasureRuleError);
        const plain: Plain = { kind: 'measure', clientId: admin.clientId, episodeId: admin.episodeId, status: administrationStatus(admin), date: admin.date };
        return { id: `measure-${stamp}-${String(i).padStart(7, '0')}-${crypto.randomUUID()}`, plain, data: admin };
      }),
    );
    if (result.failed.length > 0) throw new Error(st('repositories.measures.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  /**
   * Records the staff member's follow-up of the alert, now, with their note of what was done.
   * The time keeps the practice's offset, so its date is the practice's calendar date, as the
   * administration's is.
   */
  async acknowledge(id: string, follow: { by: string; followUpNote: string }): Promise<AdministrationRecord> {
    const at = DateTime.fromMillis(this.now(), { zone: this.zone() }).toISO({ suppressMilliseconds: true })!;
    const updated = await this.store.update(id, (current) => {
      const admin = acknowledgeAlerts(this.checked(current).data, { ...follow, at });
      return { plain: { status: administrationStatus(admin) }, data: admin };
    });
    return this.checked(updated);
  }

  /** A client's administrations, oldest first (the order charts and reports read them in). */
  forClient$(clientId: string): Observable<AdministrationRecord[]> {
    return this.administrations$({ clientId });
  }

  /** Every administration of the practice, oldest first: for programme outcomes. */
  all$(): Observable<AdministrationRecord[]> {
    return this.administrations$({});
  }

  /** Alerts not yet acknowledged, oldest first, on `today` (YYYY-MM-DD): across all clients, or one client's. */
  openAlerts$(today: string, clientId?: string): Observable<OpenAlertRecord[]> {
    return this.administrations$(clientId === undefined ? { status: 'alert-open' } : { status: 'alert-open', clientId }).pipe(
      map((records) => {
        // openAlerts returns the administrations it was given, so they lead back to their records.
        const byAdmin = new Map(records.map((r) => [r.data, r]));
        return openAlerts(records.map((r) => r.data), today).map((a) => ({ record: byAdmin.get(a.administration)!, overdue: a.overdue }));
      }),
    );
  }

  /** Sets the episode's measure schedules (an empty list ends them). */
  async setSchedules(target: { clientId: string; episodeId: string; date: string }, schedules: readonly MeasureScheduleInput[]): Promise<ScheduleRecord> {
    const data = parseOrThrow(episodeSchedulesSchema, { schedules }, MeasureRuleError);
    const id = await this.scheduleId(target.episodeId);
    const status = data.schedules.length > 0 ? 'active' : 'ended';
    return this.perEpisode.run(id, async () => {
      if ((await this.store.get(id)) === null) {
        return this.store.insert(id, { kind: 'measure-schedule', clientId: target.clientId, episodeId: target.episodeId, status, date: target.date }, data) as Promise<ScheduleRecord>;
      }
      return this.store.update(id, () => ({ plain: { status, date: target.date }, data })) as Promise<ScheduleRecord>;
    });
  }

  /** The episode's schedules; none until a clinician sets them. */
  schedules$(episodeId: string): Observable<MeasureSchedule[]> {
    return this.store
      .find$({ episodeId, kind: 'measure-schedule' })
      .pipe(map((found) => (found[0] ? parseOrThrow(episodeSchedulesSchema, found[0].data, MeasureRuleError).schedules : [])));
  }

  /**
   * Measures due or overdue on `today` in every open episode that has a schedule, soonest first:
   * the practice-wide reminder list (one query for the schedules, one for what was given).
   */
  dueAcross$(episodes: readonly ScheduledEpisode[], today: string): Observable<(MeasureOccasion & { episodeId: string; clientId: string })[]> {
    const open = new Map(episodes.map((e) => [e.id, e]));
    return combineLatest([this.store.find$({ kind: 'measure-schedule', status: 'active' }), this.administrations$({})]).pipe(
      map(([scheduleRecords, given]) =>
        scheduleRecords
          .flatMap((record) => {
            const episode = open.get(record.episodeId);
            if (!episode) return [];
            const { schedules } = parseOrThrow(episodeSchedulesSchema, record.data, MeasureRuleError);
            const inEpisode = given.filter((g) => g.episodeId === episode.id).map((g) => g.data);
            return dueMeasures(schedules, episode, inEpisode, today)
              .filter((o) => o.status === 'due' || o.status === 'overdue')
              .map((o) => ({ ...o, episodeId: episode.id, clientId: record.clientId }));
          })
          .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0)),
      ),
    );
  }

  /** What is due or overdue in the episode on `today`, from its schedules and what was given in it. */
  due$(episode: ScheduledEpisode, today: string): Observable<MeasureOccasion[]> {
    return combineLatest([this.schedules$(episode.id), this.administrations$({ episodeId: episode.id })]).pipe(
      map(([schedules, given]) => dueMeasures(schedules, episode, given.map((r) => r.data), today)),
    );
  }
}
