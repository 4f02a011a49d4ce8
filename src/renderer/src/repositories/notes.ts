/**
 * Clinical notes. The rules (templates, required fields, signing, co-signature, addenda) live in
 * src/shared/notes; this stores their results sealed and refuses what they refuse, so a signed
 * note cannot be changed through any path. A member's note has a stable id per session and
 * client, so roster changes never orphan or duplicate text.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import {
  cosignNote,
  createAddendum,
  draftNote,
  editNote,
  noteSchema,
  returnNote,
  signNote,
  templateFor,
  type Addendum,
  type Note,
  type NoteChange,
  type Reviewer,
  type Signer,
  type StaffIdentity,
  type TemplateId,
} from '../../../shared/notes';
import { KeyedMutex } from '../db/keyed-mutex';
import type { NoteDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';

type NotePlain = Pick<NoteDocType, 'kind' | 'status' | 'sessionId' | 'clientId' | 'authorId' | 'date' | 'parentId'>;
export type NoteKind = Exclude<NoteDocType['kind'], 'shared' | 'addendum'>;

/** The group's shared part: written once, copied into every member's note when it is signed. */
export interface SharedPart {
  topic: string;
  curriculum: string;
  interventions: string;
}
export const EMPTY_SHARED: SharedPart = { topic: '', curriculum: '', interventions: '' };

/** A member or session note; a progress note carries the shared part as it was when signed. */
export interface StoredNote {
  note: Note;
  shared?: SharedPart;
}

type Secret = StoredNote | SharedPart | Addendum;
export type NoteRecord = Opened<NotePlain, StoredNote>;
export type SharedRecord = Opened<NotePlain, SharedPart>;
export type AddendumRecord = Opened<NotePlain, Addendum>;

export function noteId(sessionId: string, clientId: string): string {
  return `note-${sessionId}-${clientId}`;
}

export class NotesRepository {
  private readonly store: SealedStore<NotePlain, Secret>;
  /** Autosaves of one note are applied in order, so a slow write never overtakes a newer one. */
  private readonly perNote = new KeyedMutex();

  constructor(collection: RxCollection<NoteDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, collection.schema.version, keys, now);
  }

  /** Saves typing into a member's or session's note, creating the draft on the first keystroke. */
  saveDraft(target: { sessionId: string; clientId: string; date: string; kind: NoteKind; templateId: TemplateId; authorId: string }, change: NoteChange): Promise<NoteRecord> {
    const id = noteId(target.sessionId, target.clientId);
    return this.insertOrUpdate(
      id,
      () => {
        const note = editNote(draftNote(templateFor(target.templateId)), change);
        return this.store.insert(id, { kind: target.kind, status: 'draft', sessionId: target.sessionId, clientId: target.clientId, authorId: target.authorId, date: target.date, parentId: '' }, { note }) as Promise<NoteRecord>;
      },
      () => this.store.update(id, (current) => ({ data: { ...(current.data as StoredNote), note: editNote((current.data as StoredNote).note, change) } })) as Promise<NoteRecord>,
    );
  }

  saveShared(sessionId: string, date: string, authorId: string, shared: SharedPart): Promise<SharedRecord> {
    const id = noteId(sessionId, 'shared');
    return this.insertOrUpdate(
      id,
      () => this.store.insert(id, { kind: 'shared', status: 'draft', sessionId, clientId: '', authorId, date, parentId: '' }, shared) as Promise<SharedRecord>,
      () => this.store.update(id, () => ({ data: shared })) as Promise<SharedRecord>,
    );
  }

  /**
   * Ids are the session's and the client's, so another device may create the same record: when its
   * copy arrives by sync between the read and the insert, the insert is refused and this edits it.
   */
  private insertOrUpdate<T>(id: string, insert: () => Promise<T>, update: () => Promise<T>): Promise<T> {
    return this.perNote.run(id, async () => {
      if ((await this.store.get(id)) !== null) return update();
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
    return this.perNote.run(id, () =>
      this.store.update(id, (current) => {
        const stored = current.data as StoredNote;
        const note = signNote(stored.note, templateFor(stored.note.templateId), signer, at);
        return { plain: { status: note.status }, data: { note, ...(shared ? { shared } : {}) } };
      }) as Promise<NoteRecord>,
    );
  }

  cosign(id: string, reviewer: Reviewer, at: string): Promise<NoteRecord> {
    return this.store.update(id, (current) => {
      const note = cosignNote((current.data as StoredNote).note, reviewer, at);
      return { plain: { status: note.status }, data: { ...(current.data as StoredNote), note } };
    }) as Promise<NoteRecord>;
  }

  returnForCorrection(id: string, reviewer: Reviewer, comment: string, at: string): Promise<NoteRecord> {
    return this.store.update(id, (current) => {
      const note = returnNote((current.data as StoredNote).note, reviewer, comment, at);
      return { plain: { status: note.status }, data: { ...(current.data as StoredNote), note } };
    }) as Promise<NoteRecord>;
  }

  async addAddendum(parentId: string, text: string, author: StaffIdentity, at: string): Promise<AddendumRecord> {
    const parent = (await this.store.get(parentId)) as NoteRecord | null;
    if (parent === null || parent.kind === 'shared' || parent.kind === 'addendum') throw new Error('No such note');
    const addendum = createAddendum({ ...parent.data.note, id: parentId }, text, author, at);
    return this.store.insert(`addendum-${crypto.randomUUID()}`, { kind: 'addendum', status: 'signed', sessionId: parent.sessionId, clientId: parent.clientId, authorId: author.staffId, date: at.slice(0, 10), parentId }, addendum) as Promise<AddendumRecord>;
  }

  /** Everything written for a session: the shared part, members' notes, and addenda to them. */
  session$(sessionId: string): Observable<{ shared: SharedRecord | null; notes: NoteRecord[]; addenda: AddendumRecord[] }> {
    return this.store.find$({ sessionId }).pipe(
      map((records) => ({
        shared: (records.find((r) => r.kind === 'shared') as SharedRecord | undefined) ?? null,
        notes: records.filter((r) => r.kind !== 'shared' && r.kind !== 'addendum') as NoteRecord[],
        addenda: (records.filter((r) => r.kind === 'addendum') as AddendumRecord[]).sort((a, b) => (a.data.at < b.data.at ? -1 : 1)),
      })),
    );
  }

  /** The client's most recent note of this kind before `date`: the starting point for copy-forward. */
  async lastNoteBefore(clientId: string, kind: NoteKind, date: string): Promise<NoteRecord | null> {
    const notes = (await this.store.find({ clientId, kind, date: { $lt: date } })) as NoteRecord[];
    return notes.sort((a, b) => (a.date < b.date ? 1 : -1))[0] ?? null;
  }

  /** The client's own notes (not shared parts or addenda), oldest first: the golden thread of their plan. */
  async forClient(clientId: string): Promise<NoteRecord[]> {
    const notes = (await this.store.find({ clientId, kind: { $nin: ['shared', 'addendum'] } })) as NoteRecord[];
    return notes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** Which of these notes are signed or co-signed (final): read from plaintext status, nothing decrypted. */
  async signedAmong(ids: readonly string[]): Promise<Set<string>> {
    const found = await this.store.plainByIds(ids);
    return new Set([...found.values()].filter((n) => n.status === 'signed' || n.status === 'cosigned').map((n) => n.id));
  }

  /**
   * Stores many members' notes in one write (imports; the benchmark's year of notes), each at its
   * stable id per session and client and checked against the note schema first.
   */
  async importMany(records: readonly { sessionId: string; clientId: string; date: string; kind: NoteKind; authorId: string; stored: StoredNote }[]): Promise<number> {
    const result = await this.store.bulkInsert(
      records.map((r) => {
        const note = noteSchema.parse(r.stored.note);
        return { id: noteId(r.sessionId, r.clientId), plain: { kind: r.kind, status: note.status, sessionId: r.sessionId, clientId: r.clientId, authorId: r.authorId, date: r.date, parentId: '' }, data: { ...r.stored, note } };
      }),
    );
    if (result.failed.length > 0) throw new Error(`${result.failed.length} notes could not be stored`);
    return result.inserted;
  }

  /** Notes awaiting a supervisor's co-signature, oldest first. */
  reviewQueue$(): Observable<NoteRecord[]> {
    return this.store.find$({ status: 'pending-cosign' }).pipe(map((r) => (r as NoteRecord[]).sort((a, b) => (a.date < b.date ? -1 : 1))));
  }

  /** Unsigned notes (drafts and returned ones), oldest first. */
  due$(): Observable<NoteRecord[]> {
    return this.store.find$({ status: { $in: ['draft', 'returned'] }, kind: { $nin: ['shared', 'addendum'] } }).pipe(map((r) => (r as NoteRecord[]).sort((a, b) => (a.date < b.date ? -1 : 1))));
  }
}
