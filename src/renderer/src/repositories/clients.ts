/** Clients: identity sealed, only the status in plaintext. */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import { describeIssues } from '../../../shared/bridge';
import { validateClientIdentity, type ClientIdentity } from '../../../shared/clients';
import type { ClientDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';

type ClientPlain = Pick<ClientDocType, 'kind' | 'status'>;
export type ClientRecord = Opened<ClientPlain, ClientIdentity>;

export class ClientValidationError extends Error {
  override readonly name = 'ClientValidationError';
}

function today(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export class ClientsRepository {
  private readonly store: SealedStore<ClientPlain, ClientIdentity>;

  constructor(
    collection: RxCollection<ClientDocType>,
    keys: KeySource,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new SealedStore(collection, collection.schema.version, keys, now);
  }

  async create(input: unknown): Promise<ClientRecord> {
    const parsed = validateClientIdentity(input, today(this.now()));
    if (!parsed.success) throw new ClientValidationError(describeIssues(parsed.error));
    return this.store.insert(`client-${crypto.randomUUID()}`, { kind: 'client', status: 'active' }, parsed.data);
  }

  get(id: string): Promise<ClientRecord | null> {
    return this.store.get(id);
  }

  /** Every client, sorted by last then first name (sorting needs the decrypted names). */
  list$(): Observable<ClientRecord[]> {
    return this.store
      .find$({ kind: 'client' })
      .pipe(map((clients) => [...clients].sort((a, b) => a.data.lastName.localeCompare(b.data.lastName) || a.data.firstName.localeCompare(b.data.firstName))));
  }
}
