/**
 * Histories for the sync oracle (sync-oracle.ts), shared by the sync property (sync-property.ts)
 * and the same invariants through transfer files and restore (transfer-property.ts): the records a
 * schedule edits, the steps that edit them through the app's repositories, and the recorder that
 * turns every write a device makes or receives into the history the oracle judges.
 *
 * Every local write is seen on the collection's event stream with its record before and after:
 * what the step meant to edit is known to the step, what the device had seen is followed through
 * every write it received (a value written once identifies its write). Only what a step meant to
 * edit can excuse an overwrite.
 *
 * No repository deletes a synced record today; the deletion step removes a draft note through
 * RxDB, as a discarded draft would be, since sync must carry deletions either way.
 */
import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import type { RxCollection, RxDocumentData } from 'rxdb/plugins/core';
import type { WaypointDatabase } from '../../../src/renderer/src/db/database';
import type { SealedFields } from '../../../src/renderer/src/db/schemas';
import type { ConflictsRepository } from '../../../src/renderer/src/repositories/conflicts';
import type { NotesRepository } from '../../../src/renderer/src/repositories/notes';
import type { PlansRepository } from '../../../src/renderer/src/repositories/plans';
import type { SessionsRepository } from '../../../src/renderer/src/repositories/sessions';
import { canonicalJson } from '../../../src/shared/sync/canonical-json';
import type { MergeRecord } from '../../../src/shared/sync/merge';
import { openRecord, type DataKey } from '../../../src/shared/crypto';
import { recordState } from '../../../src/shared/records';
import { NoteRuleError } from '../../../src/shared/notes';
import { PlanRuleError, type ProblemInput } from '../../../src/shared/plans';
import { DELETED, judge, type KeptConflict, type Values, type Write } from './sync-oracle';

/** The collections a history device opens: three devices × four collections fit RxDB's open-source limit of 13 per process. */
export const COLLECTIONS = ['notes', 'sessions', 'plans', 'conflicts'] as const;
type Tracked = 'notes' | 'sessions' | 'plans';

// ── The records a schedule edits ───────────────────────────────────────────────────────────────

const DATE = '2026-11-20';
const EDITABLE = ['goal', 'intervention', 'response', 'plan'] as const;
/** Every field of a GIRP note: a note created on a device that had none writes all of them. */
const NOTE_FIELDS = [...EDITABLE, 'participation', 'affect', 'risk'] as const;

export interface Spec {
  name: string;
  collection: Tracked;
  /** The oracle's fields and where the merge rules report them (a conflict path starts with it). */
  paths: Record<string, string>;
  read(data: unknown): Values;
}

const get = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), value);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

const noteSpec = (name: string): Spec => ({
  name,
  collection: 'notes',
  paths: { ...Object.fromEntries(NOTE_FIELDS.map((f) => [f, `data.note.fields.${f}`])), signature: 'data.note.signature', cosignature: 'data.note.cosignature', [DELETED]: 'deleted' },
  read: (data) => ({
    ...Object.fromEntries(NOTE_FIELDS.map((f) => [f, text(get(data, 'note', 'fields', f))])),
    signature: text(get(data, 'note', 'signature', 'at')),
    cosignature: text(get(data, 'note', 'cosignature', 'at')),
  }),
});

export const SPECS: Spec[] = [
  noteSpec('note-a'),
  noteSpec('note-b'),
  {
    name: 'session',
    collection: 'sessions',
    paths: { attendance: 'data.attendance', [DELETED]: 'deleted' },
    read: (data) => {
      const attendance = get(data, 'attendance');
      return { attendance: attendance === undefined ? undefined : canonicalJson(attendance) };
    },
  },
  {
    name: 'plan',
    collection: 'plans',
    paths: { clientWords: 'data.participation.clientWords', signature: 'data.clinicianSignature', [DELETED]: 'deleted' },
    read: (data) => ({ clientWords: text(get(data, 'participation', 'clientWords')), signature: text(get(data, 'clinicianSignature', 'at')) }),
  },
];
export type RecordName = 'note-a' | 'note-b' | 'session' | 'plan';
export const NOTES = ['note-a', 'note-b'] as const;
const noteClient = (name: (typeof NOTES)[number]) => (name === 'note-a' ? 'client-a' : 'client-b');
const draft = (sessionId: string, clientId: string) => ({ sessionId, clientId, date: DATE, kind: 'progress' as const, templateId: 'GIRP' as const, authorId: 'staff-assoc' });

const SIGNERS = {
  associate: { staffId: 'staff-assoc', name: 'Assoc Synthetic', credentials: 'LPC-Associate', needsCosignature: true },
  licensed: { staffId: 'staff-lcsw', name: 'Licensed Synthetic', credentials: 'LCSW', needsCosignature: false },
};
const SUPERVISOR = { staffId: 'staff-sup', name: 'Super Synthetic', credentials: 'PsyD', needsCosignature: false, role: 'supervisor' as const };
const CLINICIAN = { staffId: 'staff-lcsw', name: 'Licensed Synthetic', credentials: 'LCSW' };
const TREE: ProblemInput[] = [
  {
    statement: 'Synthetic problem: low mood most days',
    diagnosisCodes: ['F33.1'],
    goals: [
      {
        statement: 'Mood improves',
        measuredBy: 'PHQ-9 below 10',
        targetDate: '2026-12-31',
        objectives: [
          {
            statement: 'Uses two coping skills when distressed',
            targetDate: '2026-12-15',
            status: 'not-started',
            interventions: [{ type: 'group', description: 'CBT skills group', sessionMinutes: 180, frequency: { times: 3, per: 'week' }, durationWeeks: 6, staffIds: ['staff-lcsw'] }],
          },
        ],
      },
    ],
  },
];
/** A time no other step uses: signatures are told apart by it. */
const instant = (step: number, device: number) => `${DATE}T16:${String(step % 60).padStart(2, '0')}:${String(device * 10 + Math.floor(step / 60)).padStart(2, '0')}.000Z`;

// ── Steps that edit records ────────────────────────────────────────────────────────────────────

export type RecordStep =
  | { kind: 'edit'; device: number; record: (typeof NOTES)[number]; fields: string[] }
  | { kind: 'sign'; device: number; record: (typeof NOTES)[number]; signer: keyof typeof SIGNERS }
  | { kind: 'cosign'; device: number; record: (typeof NOTES)[number] }
  | { kind: 'discard'; device: number; record: (typeof NOTES)[number] }
  | { kind: 'attendance'; device: number; status: 'present' | 'absent-excused' | 'telehealth' }
  | { kind: 'plan-edit'; device: number }
  | { kind: 'plan-sign'; device: number };

export const RECORD_STEP_KINDS: readonly RecordStep['kind'][] = ['edit', 'sign', 'cosign', 'discard', 'attendance', 'plan-edit', 'plan-sign'];

export const isRecordStep = (step: { kind: string }): step is RecordStep => (RECORD_STEP_KINDS as readonly string[]).includes(step.kind);

/** An arbitrary of each kind of record step, on one of `devices` devices, with its weight in a schedule. */
export function recordStepArbitraries(devices: number): { kind: RecordStep['kind']; weight: number; arbitrary: fc.Arbitrary<RecordStep> }[] {
  const device = fc.integer({ min: 0, max: devices - 1 });
  const note = fc.constantFrom(...NOTES);
  return [
    { kind: 'edit', weight: 8, arbitrary: fc.record({ kind: fc.constant('edit' as const), device, record: note, fields: fc.subarray([...EDITABLE], { minLength: 1, maxLength: 2 }) }) },
    { kind: 'sign', weight: 2, arbitrary: fc.record({ kind: fc.constant('sign' as const), device, record: note, signer: fc.constantFrom<keyof typeof SIGNERS>('associate', 'licensed') }) },
    { kind: 'cosign', weight: 1, arbitrary: fc.record({ kind: fc.constant('cosign' as const), device, record: note }) },
    { kind: 'discard', weight: 1, arbitrary: fc.record({ kind: fc.constant('discard' as const), device, record: note }) },
    { kind: 'attendance', weight: 2, arbitrary: fc.record({ kind: fc.constant('attendance' as const), device, status: fc.constantFrom('present' as const, 'absent-excused' as const, 'telehealth' as const) }) },
    { kind: 'plan-edit', weight: 2, arbitrary: fc.record({ kind: fc.constant('plan-edit' as const), device }) },
    { kind: 'plan-sign', weight: 1, arbitrary: fc.record({ kind: fc.constant('plan-sign' as const), device }) },
  ];
}

/**
 * The fields a step means to edit. A creation means every field, and the end of the deletion if the
 * device held the record deleted (a note typed into after its draft was discarded elsewhere: the
 * deletion can arrive between the step's check and its write). A deletion means every field and
 * the deletion.
 */
export function intentOf(step: RecordStep | 'setup', spec: Spec, before: Values | null): string[] {
  const all = Object.keys(spec.paths).filter((f) => f !== DELETED);
  if (before?.[DELETED] === '1') return [...all, DELETED];
  if (step === 'setup' || before === null) return all;
  switch (step.kind) {
    case 'edit':
      return step.fields;
    case 'sign':
    case 'plan-sign':
      return ['signature'];
    case 'cosign':
      return ['cosignature'];
    case 'discard':
      return [...all, DELETED];
    case 'attendance':
      return ['attendance'];
    case 'plan-edit':
      return ['clientWords'];
    default:
      return [];
  }
}

const ofVersion = (spec: Spec, version: MergeRecord): Values => (version.deleted ? { [DELETED]: '1' } : spec.read(version.data));

/** Removes a draft note as a discarded draft would be; a version that arrives between reading and removing it is read again. */
async function discardDraft(d: HistoryDevice, id: string): Promise<void> {
  for (;;) {
    const doc = await d.db.notes.findOne(id).exec();
    if (doc?.status !== 'draft') return;
    try {
      await doc.remove();
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'CONFLICT') throw error;
    }
  }
}

// ── The recorder ───────────────────────────────────────────────────────────────────────────────

/** What a history needs of a device: its database and the repositories the steps call. */
export interface HistoryDevice {
  name: string;
  db: WaypointDatabase;
  notes: NotesRepository;
  sessions: SessionsRepository | null;
  plans: PlansRepository | null;
  conflicts: ConflictsRepository;
}

/** What the runs went through (checked: a property that never met a conflict proves little). */
export const tally = { runs: 0, writes: 0, refused: 0, conflicts: 0, deletions: 0, signatures: 0, restarts: 0, serverRestarts: 0, files: 0, lostFiles: 0, restores: 0 };

/** The step a device ran last: its local writes are attributed to it (RxDB may report a write just after the call returns). */
interface Running {
  step: number;
  action: RecordStep | 'setup';
}

export class Recorder {
  readonly writes: Write[] = [];
  /** The session the notes are written for (their ids derive from it): one per history, so devices can hold several. */
  private readonly session: string;
  /** Each record's id: the notes' derive from the practice key (set first thing in `setUp`), the others are made there. */
  readonly ids = new Map<RecordName, string>();
  /**
   * Per device and record, the writes of that record it has seen; per written value, the writes that
   * set it. Per record: neither sync nor a transfer file orders anything across records, so a device
   * that received one record from a device has not necessarily received the others that device held.
   */
  private readonly seen = new Map<string, Set<number>>();
  private readonly writtenBy = new Map<string, number[]>();
  private readonly problems: string[] = [];
  /** Per device, its events in the order they happened (decryption is asynchronous). */
  private readonly chains = new Map<string, Promise<void>>();
  /**
   * Per device and record, the values it last held, where an event cannot tell them. A removal's:
   * the sealed store's pre-remove hook seals the tombstone into the very object RxDB reports as the
   * previous document, so that object no longer opens as the record it was. A write over a
   * tombstone (a draft made again where its discard arrived): RxDB reports no previous document,
   * yet the write replaces the deletion the device held.
   */
  private readonly held = new Map<string, Values | null>();
  private readonly current = new Map<string, Running>();

  constructor(
    private readonly key: DataKey,
    /** Whether a storage write's context is a version received from elsewhere (not a local write). */
    private readonly received: (context: string) => boolean,
    /** Tells this history's records apart from other histories' on the same devices. */
    readonly scope = 'prop',
  ) {
    this.session = `session-${scope}`;
  }

  private seenOf(device: string, record: string): Set<number> {
    const key = `${device}|${record}`;
    if (!this.seen.has(key)) this.seen.set(key, new Set());
    return this.seen.get(key)!;
  }

  private specById(): Map<string, Spec> {
    return new Map([...this.ids].map(([name, id]) => [id, SPECS.find((s) => s.name === name)!]));
  }

  private async values(spec: Spec, doc: RxDocumentData<SealedFields> | undefined): Promise<Values | null> {
    if (doc === undefined) return null;
    if (doc._deleted) return { [DELETED]: '1' };
    return spec.read((await openRecord(this.key, { collection: spec.collection, id: doc.id }, doc.sealed, recordState(doc))).value);
  }

  /** Follows a device's writes; returns the function that stops following them (before a restart or a close). */
  watch(d: HistoryDevice): () => void {
    const valueKey = (record: string, field: string, value: string) => `${record}|${field}|${value}`;
    const subscriptions = (['notes', 'sessions', 'plans'] as const).map((name) =>
      (d.db[name] as unknown as RxCollection<SealedFields>).eventBulks$.subscribe((bulk) => {
        const local = !this.received(bulk.context);
        const attributed = this.current.get(d.name);
        if (local && attributed === undefined) this.problems.push(`${d.name}: a local write to ${name} before any step (context ${bulk.context})`);
        const byId = this.specById();
        for (const event of bulk.events) {
          const spec = byId.get(event.documentId);
          if (!spec) continue;
          const previous = event.previousDocumentData as RxDocumentData<SealedFields> | undefined;
          const next = event.documentData as RxDocumentData<SealedFields>;
          const removal = next._deleted && previous !== undefined && !previous._deleted;
          const decrypted = Promise.all([removal ? null : this.values(spec, previous ?? undefined), this.values(spec, next)]);
          const heldKey = `${d.name}|${spec.name}`;
          const chain = (this.chains.get(d.name) ?? Promise.resolve()).then(async () => {
            const [opened, after] = await decrypted;
            const before = removal || !previous ? (this.held.get(heldKey) ?? null) : opened;
            this.held.set(heldKey, after);
            const known = this.seenOf(d.name, spec.name);
            // What the device held tells it of the writes that set those values, and of what they had seen: what it
            // received, or what it held before writing (a value it writes itself is no sign that it saw another write of
            // the same value). An empty field identifies no write: every creation writes them.
            for (const [field, value] of Object.entries((local ? before : after) ?? {})) {
              const by = !value ? undefined : this.writtenBy.get(valueKey(spec.name, field, value));
              if (by?.length !== 1) continue;
              known.add(by[0]!);
              for (const id of this.writes[by[0]!]!.seen) known.add(id);
            }
            if (!local || attributed === undefined) return;
            const created = before === null || before[DELETED] === '1';
            // RxDB may store a record unchanged after a change the rules refused: not a write of the step's.
            if (!created && canonicalJson(before) === canonicalJson(after)) return;
            const write: Write = {
              id: this.writes.length,
              device: d.name,
              step: attributed.step,
              record: spec.name,
              intent: intentOf(attributed.action, spec, before),
              before,
              after: after!,
              freezes: attributed.action !== 'setup' && ['sign', 'cosign'].includes(attributed.action.kind),
              seen: new Set(known),
            };
            this.writes.push(write);
            known.add(write.id);
            for (const field of write.intent) {
              const value = write.after[field];
              if (!value) continue;
              const k = valueKey(spec.name, field, value);
              this.writtenBy.set(k, [...(this.writtenBy.get(k) ?? []), write.id]);
            }
          });
          this.chains.set(d.name, chain.catch((error: unknown) => void this.problems.push(`${d.name}: ${String(error)}`)));
        }
      }),
    );
    return () => subscriptions.forEach((s) => s.unsubscribe());
  }

  /** Runs a step's repository call as `action` on `d`; a call the rules refuse acknowledges nothing. */
  private async act(d: HistoryDevice, step: number, action: RecordStep | 'setup', call: () => Promise<unknown>): Promise<void> {
    this.current.set(d.name, { step, action });
    try {
      await call();
    } catch (error) {
      if (!(error instanceof NoteRuleError || error instanceof PlanRuleError)) throw error;
      tally.refused += 1;
    }
    // Let the write's change event arrive before anything else happens on this device.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** The stored document, deleted or not (repositories do not see deleted ones). */
  private async raw(d: HistoryDevice, name: RecordName): Promise<RxDocumentData<SealedFields> | undefined> {
    const spec = SPECS.find((s) => s.name === name)!;
    const [doc] = await d.db[spec.collection].storageInstance.findDocumentsById([this.ids.get(name)!], true);
    return doc as RxDocumentData<SealedFields> | undefined;
  }

  /** Set-up on the first device: both notes complete enough to sign, a session, a plan ready to sign. */
  async setUp(first: HistoryDevice): Promise<void> {
    for (const n of NOTES) this.ids.set(n, await first.notes.idOf(this.session, noteClient(n)));
    for (const n of NOTES) {
      const values = Object.fromEntries(NOTE_FIELDS.map((f) => [f, `setup-${n}-${f}`]));
      await this.act(first, -1, 'setup', () => first.notes.saveDraft(draft(this.session, noteClient(n)), { fields: values }));
    }
    await this.act(first, -1, 'setup', async () => {
      const session = await first.sessions!.createOneOff('individual', DATE, { title: 'Synthetic individual', start: '10:00', end: '13:00', timeZone: 'America/Chicago', facilitatorIds: ['staff-lcsw'], modality: 'in-person', location: '', clientIds: ['client-a'], contactIds: [] });
      this.ids.set('session', session.id);
    });
    await this.act(first, -1, 'setup', async () => {
      const plan = await first.plans!.create('client-a', `episode-${this.scope}`, '2026-11-02');
      this.ids.set('plan', plan.id);
      await first.plans!.saveDraft(plan.id, { problems: TREE, participation: { clientParticipated: true, clientWords: 'setup-words' } });
    });
  }

  /** Runs step `index` on `d` (device number `n`), through the app's repositories. */
  async run(d: HistoryDevice, n: number, index: number, step: RecordStep): Promise<void> {
    const record: RecordName = step.kind === 'attendance' ? 'session' : step.kind === 'plan-edit' || step.kind === 'plan-sign' ? 'plan' : step.record;
    const stored = await this.raw(d, record);
    // Nothing to act on: a record arrives by sync (notes may be started anywhere), a discarded draft stays discarded.
    if (stored?._deleted || (stored === undefined && step.kind !== 'edit')) return;
    const id = this.ids.get(record)!;
    const call = (): Promise<unknown> => {
      switch (step.kind) {
        case 'edit':
          return d.notes.saveDraft(draft(this.session, noteClient(step.record)), { fields: Object.fromEntries(step.fields.map((f) => [f, `${d.name}-${index}-${f}`])) });
        case 'sign':
          return d.notes.sign(id, SIGNERS[step.signer], instant(index, n));
        case 'cosign':
          return d.notes.cosign(id, SUPERVISOR, instant(index, n));
        case 'discard':
          return discardDraft(d, id);
        case 'attendance':
          return d.sessions!.recordAttendance(id, [{ clientId: 'client-a', status: step.status, ...(step.status === 'present' ? { minutes: (index * 3 + n) % 180 } : {}) }], { capacity: 10 });
        case 'plan-edit':
          return d.plans!.saveDraft(id, { participation: { clientWords: `${d.name}-${index}-words` } });
        case 'plan-sign':
          return d.plans!.sign(id, CLINICIAN, instant(index, n));
      }
    };
    await this.act(d, index, step, call);
  }

  /** The records and open conflicts a device decrypts, in the oracle's terms. */
  async view(d: HistoryDevice): Promise<{ final: Record<string, Values>; conflicts: KeptConflict[] }> {
    const { ids, key } = this;
    const final: Record<string, Values> = {};
    for (const spec of SPECS) {
      const [doc] = await d.db[spec.collection].storageInstance.findDocumentsById([ids.get(spec.name as RecordName)!], true);
      const sealed = doc as RxDocumentData<SealedFields> | undefined;
      final[spec.name] = sealed === undefined ? {} : sealed._deleted ? { [DELETED]: '1' } : spec.read((await openRecord(key, { collection: spec.collection, id: sealed.id }, sealed.sealed, recordState(sealed))).value);
    }
    const mine = new Set(ids.values());
    const open = (await firstValueFrom(d.conflicts.open$())).filter(({ data: { conflict } }) => mine.has(conflict.id));
    const conflicts: KeptConflict[] = open.map(({ data: { conflict } }) => {
      const spec = SPECS.find((s) => ids.get(s.name as RecordName) === conflict.id)!;
      const fieldOf = (path: string) => Object.entries(spec.paths).find(([, prefix]) => path === prefix || path.startsWith(`${prefix}.`))?.[0] ?? null;
      return { record: spec.name, kind: conflict.kind, fields: conflict.fields.map(fieldOf), versions: conflict.versions.map((v) => ofVersion(spec, v)), ancestor: conflict.base !== null };
    });
    return { final, conflicts: conflicts.sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b))) };
  }

  /** Every device decrypts the same records and conflicts; the history passes the oracle. Returns the number of conflicts. */
  async check(devices: readonly HistoryDevice[]): Promise<number> {
    await Promise.all(this.chains.values());
    if (this.problems.length > 0) throw new Error(this.problems.join('\n'));
    const { writes } = this;
    const views = await Promise.all(devices.map((d) => this.view(d)));
    for (const [i, view] of views.entries()) {
      if (canonicalJson(view) !== canonicalJson(views[0])) throw new Error(`${devices[i]!.name} decrypts other records or conflicts than ${devices[0]!.name}`);
    }
    const { final, conflicts } = views[0]!;
    const wrong = judge({ writes, final, conflicts });
    if (wrong.length > 0) {
      const told = conflicts.map((c) => `${c.kind} on ${c.record} (${c.fields.join(', ')})`).join('; ') || 'none';
      throw new Error(`the oracle refuses the history (${writes.length} writes; conflicts kept: ${told}; final: ${canonicalJson(final)}):\n${wrong.join('\n')}`);
    }
    tally.conflicts += conflicts.length;
    tally.writes += writes.length;
    tally.deletions += writes.filter((w) => w.after[DELETED] === '1').length;
    tally.signatures += writes.filter((w) => w.freezes).length;
    tally.runs += 1;
    return conflicts.length;
  }
}
