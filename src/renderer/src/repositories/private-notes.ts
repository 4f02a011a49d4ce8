/**
 * Psychotherapy notes (and SUD counselling notes under 42 CFR Part 2): a clinician's private
 * process notes about a session. HIPAA keeps them apart from the record, so they live in their own
 * collection, are never part of a progress note, a chart view, a print or an export, and only
 * their author reads them: every query here is bound to the unlocked staff profile.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { KeyedMutex } from '../db/keyed-mutex';
import type { PrivateNoteDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { parseOrThrow } from '../../../shared/bridge';
import { privateNoteSchema, type PrivateNote } from '../../../shared/records';

export type PrivateNoteKind = PrivateNoteDocType['kind'];
type Plain = Pick<PrivateNoteDocType, 'kind' | 'sessionId' | 'clientId' | 'authorId' | 'date'>;

export type { PrivateNote } from '../../../shared/records';
export type PrivateNoteRecord = Opened<Plain, PrivateNote>;

export class PrivateNoteError extends Error {
  override readonly name = 'PrivateNoteError';
}

/** The unlocked staff member: the only one whose private notes may be read or written. */
export interface CurrentAuthor {
  currentProfile(): { id: string };
}

export class PrivateNotesRepository {
  private readonly store: SealedStore<Plain, PrivateNote>;
  private readonly perNote = new KeyedMutex();

  constructor(
    collection: RxCollection<PrivateNoteDocType>,
    keys: KeySource,
    private readonly author: CurrentAuthor,
    now?: () => number,
  ) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** One private note per author, client and session: an opaque id (docs/ARCHITECTURE.md: Record ids); an earlier one stays. */
  private idFor(sessionId: string, clientId: string, authorId: string): Promise<string> {
    return this.store.stableId('private', [sessionId, clientId, authorId], `private-${sessionId}-${clientId}-${authorId}`);
  }

  /** Saves the author's private note as typed, creating it on the first keystroke. */
  async save(target: { sessionId: string; clientId: string; date: string; kind: PrivateNoteKind }, text: string): Promise<PrivateNoteRecord> {
    const authorId = this.author.currentProfile().id;
    const id = await this.idFor(target.sessionId, target.clientId, authorId);
    const note = parseOrThrow(privateNoteSchema, { text }, PrivateNoteError);
    return this.perNote.run(id, async () => {
      const existing = await this.store.get(id);
      if (existing === null) return this.store.insert(id, { ...target, authorId }, note);
      if (existing.authorId !== authorId) throw new PrivateNoteError('Only its author can change a private note');
      return this.store.update(id, () => ({ plain: { kind: target.kind }, data: note }));
    });
  }

  /** The unlocked author's private note for this client in this session, or null. */
  mine$(sessionId: string, clientId: string): Observable<PrivateNoteRecord | null> {
    const authorId = this.author.currentProfile().id;
    return this.store.find$({ sessionId, clientId, authorId }).pipe(map((found) => found[0] ?? null));
  }

  /** The unlocked author's private notes about a client, newest first. */
  mineForClient$(clientId: string): Observable<PrivateNoteRecord[]> {
    const authorId = this.author.currentProfile().id;
    return this.store.find$({ clientId, authorId }).pipe(map((notes) => [...notes].sort((a, b) => (a.date < b.date ? 1 : -1))));
  }
}
