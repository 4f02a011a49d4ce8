/**
 * Clinical notes. The rules (templates, required fields, signing, co-signature, addenda) live in
 * src/shared/notes; this stores their results sealed and refuses what they refuse, so a signed
 * note cannot be changed through any path. A member's note has a stable id per session and
 * client, so roster changes never orphan or duplicate text.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import {
  assertMaySign,
  cosignNote,
  createAddendum,
  draftNote,
  editNote,
  noteSchema,
  returnNote,
  signNote,
  templateFor,
  type Addendum,
  type NoteChange,
  type Reviewer,
  type Signer,
  type StaffIdentity,
  type TemplateId,
} from '../../../shared/notes';
import type { SessionDetails, SharedPart, StoredNote } from '../../../shared/records';
import { assertSessionOpen } from '../../../shared/session-time';
import type { PracticeSettings } from '../../../shared/settings';
import { issuesText } from '../../../shared/messages';
import { KeyedMutex } from '../db/keyed-mutex';
import type { NoteDocType } from '../db/schemas';
import { RecordRemovedError, SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { st } from '../i18n/staff';

export type { SharedPart, StoredNote } from '../../../shared/records';

type NotePlain = Pick<NoteDocType, 'kind' | 'status' | 'sessionId' | 'clientId' | 'authorId' | 'date' | 'parentId'>;
export type NoteKind = Exclude<NoteDocType['kind'], 'shared' | 'addendum'>;

export const EMPTY_SHARED: SharedPart = { topic: '', curriculum: '', interventions: '' };

type Secret = StoredNote | SharedPart | Addendum;
type AnyRecord = Opened<NotePlain, Secret>;
export type NoteRecord = Opened<NotePlain, StoredNote>;
export type SharedRecord = Opened<NotePlain, SharedPart>;
export type AddendumRecord = Opened<NotePlain, Addendum>;

// The store opens each record with the codec of its plaintext kind, so the kind tells the data's type.
const isShared = (r: AnyRecord): r is SharedRecord => r.kind === 'shared';
const isAddendum = (r: AnyRecord): r is AddendumRecord => r.kind === 'addendum';
const isNote = (r: AnyRecord): r is NoteRecord => !isShared(r) && !isAddendum(r);

/** A record that must be a member's or session note (or a shared part), or the reason it is not. */
function asNote(r: AnyRecord): NoteRecord {
  if (!isNote(r)) throw new Error(`${r.id} is not a note`);
  return r;
}
function asShared(r: AnyRecord): SharedRecord {
  if (!isShared(r)) throw new Error(`${r.id} is not a shared part`);
  return r;
}

/**
 * What writing and signing are checked against here, not only on screen: the session's times and
 * facilitators, and the practice's rules (when a session opens; whether a non-facilitator may sign).
 */
export interface NoteRules {
  session(sessionId: string): Promise<SessionDetails | null>;
  practice(): Promise<Pick<PracticeSettings, 'sessionOpensMinutesBefore' | 'nonFacilitatorSigning'>>;
}

/** `note` with `change` applied, signed (nothing to apply: signed as it is, so signing twice is refused as such). */
function signed(note: StoredNote['note'], change: NoteChange, signer: Signer, at: string): StoredNote['note'] {
  const edited = Object.keys(change).length === 0 ? note : editNote(note, change);
  return signNote(edited, templateFor(edited.templateId), signer, at);
}

export class NotesRepository {
  private readonly store: SealedStore<NotePlain, Secret>;
  /** Autosaves of one note are applied in order, so a slow write never overtakes a newer one. */
  private readonly perNote = new KeyedMutex();

  private readonly now: () => number;

  /** Without `rules` (tests of the note rules alone, sync devices), no session or practice rule is checked. */
  constructor(
    collection: RxCollection<NoteDocType>,
    keys: KeySource,
    now?: () => number,
    private readonly rules?: NoteRules,
  ) {
    this.store = new SealedStore(collection, keys, now);
    this.now = now ?? Date.now;
  }

  /**
   * Refuses notes for a session that has not opened (SessionNotOpenError) and, with `signerId`, a
   * signature the practice refuses to a non-facilitator (NotFacilitatorError).
   */
  private async checkSession(sessionId: string, signerId?: string): Promise<void> {
    if (!this.rules) return;
    const [session, practice] = await Promise.all([this.rules.session(sessionId), this.rules.practice()]);
    if (session === null) throw new Error(st('repositories.notes.noSuchSession'));
    assertSessionOpen(session, this.now(), practice.sessionOpensMinutesBefore);
    if (signerId !== undefined) assertMaySign(signerId, session.facilitatorIds, practice.nonFacilitatorSigning);
  }

  /**
   * The ids of members' notes (or with `clientId` 'shared', a session's shared part): the same on
   * every device for the same session and client, opaque to the server (docs/ARCHITECTURE.md:
   * Record ids); a note stored at its earlier id `note-<session>-<client>` keeps it.
   */
  idsOf(targets: readonly { sessionId: string; clientId: string }[]): Promise<string[]> {
    return this.store.stableIds('note', targets.map((t) => ({ parts: [t.sessionId, t.clientId], legacy: `note-${t.sessionId}-${t.clientId}` })));
  }

  async idOf(sessionId: string, clientId: string): Promise<string> {
    return (await this.idsOf([{ sessionId, clientId }]))[0]!;
  }

  /** Saves typing into a member's or session's note, creating the draft on the first keystroke. */
  async saveDraft(target: { sessionId: string; clientId: string; date: string; kind: NoteKind; templateId: TemplateId; authorId: string }, change: NoteChange): Promise<NoteRecord> {
    const id = await this.idOf(target.sessionId, target.clientId);
    return this.insertOrUpdate(
      id,
      // Checked when the draft is made: a session once open stays so (typing is not slowed by it).
      async () => {
        await this.checkSession(target.sessionId);
        const note = editNote(draftNote(templateFor(target.templateId)), change);
        return this.store.insert(id, { kind: target.kind, status: 'draft', sessionId: target.sessionId, clientId: target.clientId, authorId: target.authorId, date: target.date, parentId: '' }, { note }).then(asNote);
      },
      () => this.updateNote(id, (stored) => ({ data: { ...stored, note: editNote(stored.note, change) } })),
    );
  }

  async saveShared(sessionId: string, date: string, authorId: string, shared: SharedPart): Promise<SharedRecord> {
    const id = await this.idOf(sessionId, 'shared');
    return this.insertOrUpdate(
      id,
      async () => {
        await this.checkSession(sessionId);
        return this.store.insert(id, { kind: 'shared', status: 'draft', sessionId, clientId: '', authorId, date, parentId: '' }, shared).then(asShared);
      },
      () => this.store.update(id, () => ({ data: shared })).then(asShared),
    );
  }

  /** Changes a member's or session note; `change` sees its stored note. */
  private updateNote(id: string, change: (stored: StoredNote) => { plain?: Partial<NotePlain>; data: StoredNote }): Promise<NoteRecord> {
    return this.store.update(id, (current) => change(asNote(current).data)).then(asNote);
  }

  /**
   * Ids follow the session and the client, so another device may create the same record: when its
   * copy arrives by sync between the read and the insert, the insert is refused and this edits it.
   * When its discard arrives between the read and the update, the draft is made again over the
   * deletion, as when the discard came first.
   */
  private insertOrUpdate<T>(id: string, insert: () => Promise<T>, update: () => Promise<T>): Promise<T> {
    return this.perNote.run(id, async () => {
      if ((await this.store.get(id)) !== null) {
        try {
          return await update();
        } catch (error) {
          if (!(error instanceof RecordRemovedError)) throw error;
          return insert();
        }
      }
      try {
        return await insert();
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'CONFLICT') throw error;
        return update();
      }
    });
  }

  /** Signs a note (with the shared part for a group member's note); co-signature follows if the signer needs it. */
  sign(id: string, signer: Signer, at: string, shared?: SharedPart): Promise<NoteRecord> {
    return this.perNote.run(id, () => this.signStored(id, {}, signer, at, shared));
  }

  /**
   * Signs what the editor holds: its last `change` (not yet saved) applied and the note signed in
   * one write, the note created signed if nothing was saved before. Saving, then signing, would
   * write the note two or three times (flush, save, sign), each a revision to seal, audit and sync.
   */
  signDraft(target: { sessionId: string; clientId: string; date: string; kind: NoteKind; templateId: TemplateId; authorId: string }, change: NoteChange, signer: Signer, at: string, shared?: SharedPart): Promise<NoteRecord> {
    return this.idOf(target.sessionId, target.clientId).then((id) =>
      this.insertOrUpdate(
        id,
        async () => {
          await this.checkSession(target.sessionId, signer.staffId);
          const note = signed(draftNote(templateFor(target.templateId)), change, signer, at);
          return this.store.insert(id, { kind: target.kind, status: note.status, sessionId: target.sessionId, clientId: target.clientId, authorId: target.authorId, date: target.date, parentId: '' }, { note, ...(shared ? { shared } : {}) }).then(asNote);
        },
        () => this.signStored(id, change, signer, at, shared),
      ),
    );
  }

  /** Signs a stored note with `change` applied first, in one write; the caller holds the note's turn. */
  private async signStored(id: string, change: NoteChange, signer: Signer, at: string, shared?: SharedPart): Promise<NoteRecord> {
    const current = await this.store.get(id);
    if (current !== null) await this.checkSession(current.sessionId, signer.staffId);
    return this.updateNote(id, (stored) => {
      const note = signed(stored.note, change, signer, at);
      return { plain: { status: note.status }, data: { note, ...(shared ? { shared } : {}) } };
    });
  }

  cosign(id: string, reviewer: Reviewer, at: string): Promise<NoteRecord> {
    return this.updateNote(id, (stored) => {
      const note = cosignNote(stored.note, reviewer, at);
      return { plain: { status: note.status }, data: { ...stored, note } };
    });
  }

  returnForCorrection(id: string, reviewer: Reviewer, comment: string, at: string): Promise<NoteRecord> {
    return this.updateNote(id, (stored) => {
      const note = returnNote(stored.note, reviewer, comment, at);
      return { plain: { status: note.status }, data: { ...stored, note } };
    });
  }

  async addAddendum(parentId: string, text: string, author: StaffIdentity, at: string): Promise<AddendumRecord> {
    const parent = await this.store.get(parentId);
    if (parent === null || !isNote(parent)) throw new Error(st('repositories.notes.noSuchNote'));
    const addendum = createAddendum({ ...parent.data.note, id: parentId }, text, author, at);
    const record = await this.store.insert(`addendum-${crypto.randomUUID()}`, { kind: 'addendum', status: 'signed', sessionId: parent.sessionId, clientId: parent.clientId, authorId: author.staffId, date: at.slice(0, 10), parentId }, addendum);
    if (!isAddendum(record)) throw new Error(st('repositories.notes.notAnAddendum'));
    return record;
  }

  /** Everything written for a session: the shared part, members' notes, and addenda to them. */
  session$(sessionId: string): Observable<{ shared: SharedRecord | null; notes: NoteRecord[]; addenda: AddendumRecord[] }> {
    return this.store.find$({ sessionId }).pipe(
      map((records) => ({
        shared: records.find(isShared) ?? null,
        notes: records.filter(isNote),
        addenda: records.filter(isAddendum).sort((a, b) => (a.data.at < b.data.at ? -1 : 1)),
      })),
    );
  }

  /**
   * The client's most recent note of this kind before `date`: the starting point for copy-forward.
   * Found by its plaintext date and opened alone: years of a client's notes are not decrypted for one.
   */
  async lastNoteBefore(clientId: string, kind: NoteKind, date: string): Promise<NoteRecord | null> {
    const last = await this.store.firstPlain({ clientId, kind, date: { $lt: date } }, [{ date: 'desc' }]);
    const record = last === null ? null : await this.store.get(last.id);
    return record !== null && isNote(record) ? record : null;
  }

  /** The client's own notes (not shared parts or addenda), oldest first: the golden thread of their plan. */
  async forClient(clientId: string): Promise<NoteRecord[]> {
    const notes = (await this.store.find({ clientId, kind: { $nin: ['shared', 'addendum'] } })).filter(isNote);
    return notes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** Which of these notes are signed or co-signed (final): read from plaintext status, nothing decrypted. */
  async signedAmong(ids: readonly string[]): Promise<Set<string>> {
    const found = await this.store.plainByIds(ids);
    return new Set([...found.values()].filter((n) => n.status === 'signed' || n.status === 'cosigned').map((n) => n.id));
  }

  /** The signed psychiatric visit notes among these ids, opened: the claims read their E/M code and psychotherapy minutes. */
  async signedPsychiatricAmong(ids: readonly string[]): Promise<NoteRecord[]> {
    if (ids.length === 0) return [];
    return (await this.store.find({ id: { $in: [...ids] }, kind: 'psychiatric', status: { $in: ['signed', 'cosigned'] } })).filter(isNote);
  }

  /**
   * Stores many members' notes in one write (imports; the benchmark's year of notes), each at its
   * stable id per session and client and checked against the note schema first.
   */
  async importMany(records: readonly { sessionId: string; clientId: string; date: string; kind: NoteKind; authorId: string; stored: StoredNote }[]): Promise<number> {
    const ids = await this.idsOf(records);
    const result = await this.store.bulkInsert(
      records.map((r, i) => {
        const parsed = noteSchema.safeParse(r.stored.note);
        if (!parsed.success) throw new Error(st('repositories.notes.importNotValid', { problems: issuesText(parsed.error) }));
        const note = parsed.data;
        return { id: ids[i]!, plain: { kind: r.kind, status: note.status, sessionId: r.sessionId, clientId: r.clientId, authorId: r.authorId, date: r.date, parentId: '' }, data: { ...r.stored, note } };
      }),
    );
    if (result.failed.length > 0) throw new Error(st('repositories.notes.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  /**
   * Every signed member's or session note, by the session and client it names: plaintext fields
   * only, so years of notes are checked without decrypting one (practice invariants).
   */
  signedRefs$(): Observable<{ id: string; sessionId: string; clientId: string; date: string }[]> {
    return this.store
      .plainFind$({ status: { $in: ['signed', 'pending-cosign', 'cosigned'] }, kind: { $nin: ['shared', 'addendum'] } })
      .pipe(map((notes) => notes.map((n) => ({ id: n.id, sessionId: n.sessionId, clientId: n.clientId, date: n.date }))));
  }

  /** Notes awaiting a supervisor's co-signature, oldest first. */
  reviewQueue$(): Observable<NoteRecord[]> {
    return this.store.find$({ status: 'pending-cosign' }).pipe(map((r) => r.filter(isNote).sort((a, b) => (a.date < b.date ? -1 : 1))));
  }

  /** Unsigned notes (drafts and returned ones), oldest first. */
  due$(): Observable<NoteRecord[]> {
    return this.store.find$({ status: { $in: ['draft', 'returned'] }, kind: { $nin: ['shared', 'addendum'] } }).pipe(map((r) => r.filter(isNote).sort((a, b) => (a.date < b.date ? -1 : 1))));
  }
}
