/**
 * Psychotherapy notes (and SUD counselling notes under 42 CFR Part 2): a clinician's private
 * process notes about a session. HIPAA keeps them apart from the record, so they live in their own
 * collection, are never part of a progress note, a chart view, a print or an export, and only
 * their author reads them: the text is sealed under the author's key (`author-keys.ts`) inside the
 * practice envelope, so other staff and devices hold ciphertext; the recovery code opens one as an
 * audited break-glass (docs/ARCHITECTURE.md, Private notes per author).
 */
import { from, map, switchMap, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { KeyedMutex } from '../db/keyed-mutex';
import type { PrivateNoteDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { parseOrThrow, RuleError } from '../../../shared/messages';
import { envelopeKeyId, openForAuthor, sealForAuthor, WrongPassphraseError, type DataKey } from '../../../shared/crypto';
import { UnlockThrottledError } from '../vault/errors';
import { privateNoteSchema, type PrivateNote, type StoredPrivateNote } from '../../../shared/records';
import type { AuditEvent } from '../audit/audit-log';
import type { MergeConflict, MergeRecord } from '../../../shared/sync/merge';
import { st } from '../i18n/staff';

export type PrivateNoteKind = PrivateNoteDocType['kind'];
type Plain = Pick<PrivateNoteDocType, 'kind' | 'sessionId' | 'clientId' | 'authorId' | 'date'>;

export type { PrivateNote } from '../../../shared/records';
export type PrivateNoteRecord = Opened<Plain, PrivateNote>;
/** A colleague's private note as this session sees it: who, about whom, when; never its text. */
export type SealedPrivateNote = Plain & { id: string };

/** A sync conflict on a private note: both texts for its author; for anyone else, whose note it is. */
export type PrivateNoteConflictView = { authorId: string; kind: PrivateNoteKind } & ({ mine: true; texts: [string | null, string | null] } | { mine: false });

export class PrivateNoteError extends RuleError {
  override readonly name = 'PrivateNoteError';
}

/** The unlocked staff member: the only one whose private notes may be read or written. */
export interface CurrentAuthor {
  currentProfile(): { id: string };
}

/** The author keys (`author-keys.ts`): the unlocked author's, and anyone's with the recovery code. */
export interface AuthorKeySource {
  sealingKey(profileId: string): Promise<DataKey>;
  keyFor(profileId: string, keyId: string): Promise<DataKey>;
  withRecoveryCode(authorId: string, keyId: string, recoveryCode: string): Promise<DataKey>;
  /** WrongPassphraseError unless this is the practice's current recovery code. */
  checkRecoveryCode(recoveryCode: string): Promise<void>;
}

/** The audit trail, which hears every break-glass opening and every refused try. */
export interface PrivateNotesAudit {
  record(event: AuditEvent): Promise<void>;
}

/** The vault's throttle on recovery-code tries (`Vault.tryRecoveryCode`): break-glass waits like unlock. */
export interface RecoveryCodeThrottle {
  tryRecoveryCode<T>(attempt: () => Promise<T>): Promise<T>;
}

export class PrivateNotesRepository {
  private readonly store: SealedStore<Plain, StoredPrivateNote>;
  private readonly perNote = new KeyedMutex();

  constructor(
    collection: RxCollection<PrivateNoteDocType>,
    keys: KeySource,
    private readonly author: CurrentAuthor,
    private readonly authorKeys: AuthorKeySource,
    private readonly options: { audit?: PrivateNotesAudit; recoveryCodes?: RecoveryCodeThrottle; now?: () => number } = {},
  ) {
    this.store = new SealedStore(collection, keys, options.now);
  }

  private async sealed(id: string, authorId: string, note: PrivateNote): Promise<StoredPrivateNote> {
    return { sealed: await sealForAuthor(await this.authorKeys.sealingKey(authorId), id, authorId, note) };
  }

  /** The note's text with the unlocked author's key; one written before author keys is read as it was stored. */
  private async opened(record: Opened<Plain, StoredPrivateNote>): Promise<PrivateNoteRecord> {
    return { ...record, data: await this.textOf(record.id, record.authorId, record.data) };
  }

  private async textOf(id: string, authorId: string, data: StoredPrivateNote): Promise<PrivateNote> {
    if ('text' in data) return data;
    const key = await this.authorKeys.keyFor(authorId, envelopeKeyId(data.sealed) ?? '');
    return openForAuthor<PrivateNote>(key, id, authorId, data.sealed);
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
      const data = await this.sealed(id, authorId, note);
      if (existing === null) return { ...(await this.store.insert(id, { ...target, authorId }, data)), data: note };
      if (existing.authorId !== authorId) throw new PrivateNoteError(st('repositories.privateNotes.onlyAuthor'));
      return { ...(await this.store.update(id, () => ({ plain: { kind: target.kind }, data }))), data: note };
    });
  }

  /**
   * The unlocked author's notes written before author keys (their text under the practice key
   * alone), sealed to them now; run after each unlock. Returns how many were sealed.
   */
  async sealEarlierNotes(): Promise<number> {
    const authorId = this.author.currentProfile().id;
    let sealed = 0;
    for (const record of await this.store.find({ authorId })) {
      if (!('text' in record.data)) continue;
      const text = record.data.text;
      await this.perNote.run(record.id, async () => {
        const current = await this.store.get(record.id);
        if (current === null || !('text' in current.data) || current.data.text !== text) return;
        const data = await this.sealed(record.id, authorId, { text });
        await this.store.update(record.id, () => ({ data }));
        sealed += 1;
      });
    }
    return sealed;
  }

  /** Colleagues' private notes about a client, newest first: who wrote one and when, never what. */
  othersForClient$(clientId: string): Observable<SealedPrivateNote[]> {
    const authorId = this.author.currentProfile().id;
    return this.store
      .plainFind$({ clientId, authorId: { $ne: authorId } })
      .pipe(map((notes) => [...notes].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? -1 : 1))));
  }

  /**
   * Break-glass: a colleague's private note opened with the practice's recovery code, read only.
   * Audited before the text is returned. A wrong code opens nothing and is audited as refused
   * (never the code typed); wrong codes wait like wrong passphrases (UnlockThrottledError).
   */
  async openWithRecoveryCode(noteId: string, recoveryCode: string): Promise<PrivateNoteRecord> {
    const record = await this.store.get(noteId);
    if (record === null) throw new PrivateNoteError(st('repositories.privateNotes.notOnThisLaptop'));
    const { audit, recoveryCodes } = this.options;
    if (audit === undefined || recoveryCodes === undefined) throw new PrivateNoteError(st('repositories.privateNotes.breakGlassNeeds'));
    const target = { collection: 'privateNotes', id: record.id, clientId: record.clientId };
    let note: PrivateNote;
    try {
      note = await recoveryCodes.tryRecoveryCode(async () => {
        // Written before author keys: readable with the practice key, still opened only with the code.
        if ('text' in record.data) return this.authorKeys.checkRecoveryCode(recoveryCode).then(() => record.data as PrivateNote);
        const key = await this.authorKeys.withRecoveryCode(record.authorId, envelopeKeyId(record.data.sealed) ?? '', recoveryCode);
        return openForAuthor<PrivateNote>(key, record.id, record.authorId, record.data.sealed);
      });
    } catch (error) {
      const refusal = error instanceof UnlockThrottledError ? 'refused: too many wrong recovery codes' : error instanceof WrongPassphraseError ? 'wrong recovery code' : null;
      if (refusal !== null) await audit.record({ action: 'break-glass-failed', target, detail: `${refusal}; author ${record.authorId}` });
      throw error;
    }
    await audit.record({ action: 'break-glass', target, detail: `recovery code; author ${record.authorId}` });
    return { ...record, data: note };
  }

  /**
   * A sync conflict between two versions of a private note, as the unlocked person may see it: its
   * author gets both texts opened with their author key (null for a deleted version); anyone else
   * learns only whose note it is, never its text or ciphertext.
   */
  async conflictView(conflict: Pick<MergeConflict, 'collection' | 'id' | 'versions'>): Promise<PrivateNoteConflictView> {
    if (conflict.collection !== 'privateNotes') throw new PrivateNoteError(st('repositories.privateNotes.notAPrivateNote'));
    const [a, b] = conflict.versions;
    const authorId = String(a.plain.authorId ?? b.plain.authorId ?? '');
    const kind: PrivateNoteKind = (a.plain.kind ?? b.plain.kind) === 'sud-counselling' ? 'sud-counselling' : 'psychotherapy';
    if (authorId !== this.author.currentProfile().id) return { mine: false, authorId, kind };
    const text = async (v: MergeRecord) => (v.deleted ? null : (await this.textOf(conflict.id, authorId, v.data as StoredPrivateNote)).text);
    return { mine: true, authorId, kind, texts: [await text(a), await text(b)] };
  }

  /** The unlocked author's private note for this client in this session, or null. */
  mine$(sessionId: string, clientId: string): Observable<PrivateNoteRecord | null> {
    const authorId = this.author.currentProfile().id;
    return this.store.find$({ sessionId, clientId, authorId }).pipe(switchMap((found) => from(found[0] === undefined ? Promise.resolve(null) : this.opened(found[0]))));
  }

  /** The unlocked author's private notes about a client, newest first. */
  mineForClient$(clientId: string): Observable<PrivateNoteRecord[]> {
    const authorId = this.author.currentProfile().id;
    return this.store.find$({ clientId, authorId }).pipe(
      switchMap((notes) => from(Promise.all(notes.map((n) => this.opened(n))))),
      map((notes) => notes.sort((a, b) => (a.date < b.date ? 1 : -1))),
    );
  }
}
