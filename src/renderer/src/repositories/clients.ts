/** Clients: identity and intake sealed; only kind, owning client and status in plaintext. */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { issuesMessages, RuleError } from '../../../shared/messages';
import { validateClientIdentity, type ClientIdentity, type ContactAttempt } from '../../../shared/clients';
import { isoToday } from '../../../shared/calendar';
import { MERGE_RULES, mergeClients } from '../../../shared/duplicates';
import type { ClientDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { st } from '../i18n/staff';

type ClientPlain = Pick<ClientDocType, 'kind' | 'status' | 'clientId'>;
export type ClientStatus = 'waitlist' | 'active' | 'discharged' | 'merged';
export type ClientRecord = Opened<ClientPlain, ClientIdentity>;

export class ClientValidationError extends RuleError {
  override readonly name = 'ClientValidationError';
}

function byName(a: ClientRecord, b: ClientRecord): number {
  return a.data.lastName.localeCompare(b.data.lastName) || a.data.firstName.localeCompare(b.data.firstName);
}

export class ClientsRepository {
  private readonly store: SealedStore<ClientPlain, ClientIdentity>;

  constructor(
    collection: RxCollection<ClientDocType>,
    keys: KeySource,
    now: () => number = Date.now,
    /** Today in the practice's zone: birth and waitlist dates may not be later. */
    private readonly today: () => string = () => isoToday(now()),
  ) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** Which of these client records exist on this device (merged ones included), nothing decrypted. */
  async present(ids: readonly string[]): Promise<string[]> {
    return [...(await this.store.plainByIds(ids)).values()].filter((r) => r.kind === 'client').map((r) => r.id);
  }

  private parse(input: unknown): ClientIdentity {
    const parsed = validateClientIdentity(input, this.today());
    if (!parsed.success) throw new ClientValidationError(issuesMessages(parsed.error));
    return parsed.data;
  }

  /** A new client: on the waitlist when intake includes waitlist details, otherwise active. */
  async create(input: unknown): Promise<ClientRecord> {
    const data = this.parse(input);
    return this.store.insert(`client-${crypto.randomUUID()}`, { kind: 'client', status: data.waitlist ? 'waitlist' : 'active', clientId: '' }, data);
  }

  /**
   * Stores many clients with their ids and statuses in one write (the demo practice; later
   * restores). Each is validated as at intake.
   */
  async importMany(records: readonly { id: string; status: ClientStatus; data: unknown }[]): Promise<number> {
    const result = await this.store.bulkInsert(records.map((r) => ({ id: r.id, plain: { kind: 'client' as const, status: r.status, clientId: '' }, data: this.parse(r.data) })));
    if (result.failed.length > 0) throw new Error(st('repositories.clients.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  /** Replaces the intake details after validation; the status is changed only through setStatus. */
  async update(id: string, input: unknown): Promise<ClientRecord> {
    const data = this.parse(input);
    return this.store.update(id, () => ({ data }));
  }

  setStatus(id: string, status: ClientStatus): Promise<ClientRecord> {
    return this.store.update(id, () => ({ plain: { status } }));
  }

  async addContactAttempt(id: string, attempt: ContactAttempt): Promise<ClientRecord> {
    return this.store.update(id, (current) => {
      if (current.status !== 'waitlist' || !current.data.waitlist) throw new ClientValidationError(st('repositories.clients.notOnWaitlist'));
      return { data: this.parse({ ...current.data, waitlist: { ...current.data.waitlist, attempts: [...current.data.waitlist.attempts, attempt] } }) };
    });
  }

  /**
   * Merges `duplicateId` into `primaryId` (src/shared/duplicates.ts keeps every value that lost).
   * The duplicate is kept, marked merged and pointing at the primary; callers re-point its
   * episodes, memberships and sessions first (see MergeService).
   */
  async merge(primaryId: string, duplicateId: string): Promise<ClientRecord> {
    const [primary, duplicate] = await Promise.all([this.store.get(primaryId), this.store.get(duplicateId)]);
    if (!primary || !duplicate) throw new ClientValidationError(st('repositories.clients.bothMustExist'));
    if (duplicate.status === 'merged') throw new ClientValidationError(st('repositories.clients.alreadyMerged'));
    const { merged } = mergeClients({ id: primaryId, identity: primary.data }, { id: duplicateId, identity: duplicate.data });
    const diagnoses = MERGE_RULES.diagnoses(merged.diagnoses);
    const status = primary.status === 'active' || duplicate.status === 'active' ? 'active' : primary.status;
    const updated = await this.store.update(primaryId, () => ({ data: this.parse({ ...merged, diagnoses }), plain: { status } }));
    await this.store.update(duplicateId, (current) => ({ data: { ...current.data, mergedInto: primaryId }, plain: { status: 'merged' } }));
    return updated;
  }

  get(id: string): Promise<ClientRecord | null> {
    return this.store.get(id);
  }

  async all(): Promise<ClientRecord[]> {
    return (await this.store.find({ kind: 'client' })).sort(byName);
  }

  /** Every client but merged duplicates, sorted by last then first name (needs the decrypted names). */
  list$(): Observable<ClientRecord[]> {
    return this.store.find$({ kind: 'client', status: { $ne: 'merged' } }).pipe(map((clients) => [...clients].sort(byName)));
  }

  get$(id: string): Observable<ClientRecord | null> {
    return this.store.find$({ id }).pipe(map((found) => found[0] ?? null));
  }
}
