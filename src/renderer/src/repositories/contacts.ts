/**
 * A client's family and support contacts and their releases of information, kept in the
 * clients collection (one aggregate) as kinds 'contact' and 'consent' linked by clientId.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import { parseOrThrow } from '../../../shared/bridge';
import { contactSchema, releaseSchema, type Contact, type Release } from '../../../shared/contacts';
import type { ClientDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';

type Plain = Pick<ClientDocType, 'kind' | 'status' | 'clientId'>;
export type ContactRecord = Opened<Plain, Contact>;
export type ReleaseRecord = Opened<Plain, Release>;

export class ContactValidationError extends Error {
  override readonly name = 'ContactValidationError';
}

export class ContactsRepository {
  private readonly store: SealedStore<Plain, Contact | Release>;

  constructor(collection: RxCollection<ClientDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, collection.schema.version, keys, now);
  }

  addContact(clientId: string, input: unknown): Promise<ContactRecord> {
    return this.store.insert(`contact-${crypto.randomUUID()}`, { kind: 'contact', status: 'current', clientId }, parseOrThrow(contactSchema, input, ContactValidationError)) as Promise<ContactRecord>;
  }

  async recordRelease(clientId: string, input: unknown): Promise<ReleaseRecord> {
    const release = parseOrThrow(releaseSchema, input, ContactValidationError);
    const contact = await this.store.get(release.contactId);
    if (contact?.kind !== 'contact' || contact.clientId !== clientId) throw new ContactValidationError('The release must name one of this client’s contacts');
    return this.store.insert(`consent-${crypto.randomUUID()}`, { kind: 'consent', status: 'current', clientId }, release) as Promise<ReleaseRecord>;
  }

  /** Revocation ends the release from `revokedOn`; the record is kept as it was signed. */
  revokeRelease(releaseId: string, revokedOn: string, note: string): Promise<ReleaseRecord> {
    return this.store.update(releaseId, (current) => ({ plain: { status: 'revoked' }, data: parseOrThrow(releaseSchema, { ...(current.data as Release), revokedOn, revocationNote: note }, ContactValidationError) })) as Promise<ReleaseRecord>;
  }

  forClient$(clientId: string): Observable<{ contacts: ContactRecord[]; releases: ReleaseRecord[] }> {
    return this.store.find$({ clientId, kind: { $in: ['contact', 'consent'] } }).pipe(
      map((records) => ({
        contacts: (records.filter((r) => r.kind === 'contact') as ContactRecord[]).sort((a, b) => a.data.name.localeCompare(b.data.name)),
        releases: (records.filter((r) => r.kind === 'consent') as ReleaseRecord[]).sort((a, b) => b.data.signedOn.localeCompare(a.data.signedOn)),
      })),
    );
  }

  /** Every client's releases of information (exports look for substance-use consents). */
  async allReleases(): Promise<ReleaseRecord[]> {
    return (await this.store.find({ kind: 'consent' })) as ReleaseRecord[];
  }

  /** After a merge: the duplicate's contacts and releases now belong to the surviving record. */
  async reassignClient(fromClientId: string, toClientId: string): Promise<number> {
    const records = await this.store.find({ clientId: fromClientId, kind: { $in: ['contact', 'consent'] } });
    for (const r of records) await this.store.update(r.id, () => ({ plain: { clientId: toClientId } }));
    return records.length;
  }
}
