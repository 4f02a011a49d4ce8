/**
 * A client's family and support contacts and their releases of information, kept in the
 * clients collection (one aggregate) as kinds 'contact' and 'consent' linked by clientId.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { parseOrThrow, RuleError } from '../../../shared/messages';
import { contactSchema, releaseSchema, type Contact, type Release } from '../../../shared/contacts';
import type { ClientDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { st } from '../i18n/staff';

type Plain = Pick<ClientDocType, 'kind' | 'status' | 'clientId'>;
export type ContactRecord = Opened<Plain, Contact>;
export type ReleaseRecord = Opened<Plain, Release>;
type AnyRecord = Opened<Plain, Contact | Release>;

// The store opens each record with the codec of its plaintext kind, so the kind tells the data's type.
const isContact = (r: AnyRecord | null): r is ContactRecord => r?.kind === 'contact';
const isRelease = (r: AnyRecord | null): r is ReleaseRecord => r?.kind === 'consent';

function as<T extends AnyRecord>(is: (r: AnyRecord) => r is T) {
  return (r: AnyRecord): T => {
    if (!is(r)) throw new ContactValidationError(st('repositories.contacts.wrongKind', { id: r.id, kind: r.kind }));
    return r;
  };
}

export class ContactValidationError extends RuleError {
  override readonly name = 'ContactValidationError';
}

export class ContactsRepository {
  private readonly store: SealedStore<Plain, Contact | Release>;

  constructor(collection: RxCollection<ClientDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  addContact(clientId: string, input: unknown): Promise<ContactRecord> {
    return this.store.insert(`contact-${crypto.randomUUID()}`, { kind: 'contact', status: 'current', clientId }, parseOrThrow(contactSchema, input, ContactValidationError)).then(as(isContact));
  }

  async recordRelease(clientId: string, input: unknown): Promise<ReleaseRecord> {
    const release = parseOrThrow(releaseSchema, input, ContactValidationError);
    const contact = await this.store.get(release.contactId);
    if (!isContact(contact) || contact.clientId !== clientId) throw new ContactValidationError(st('repositories.contacts.releaseNamesContact'));
    return this.store.insert(`consent-${crypto.randomUUID()}`, { kind: 'consent', status: 'current', clientId }, release).then(as(isRelease));
  }

  /** Revocation ends the release from `revokedOn`; the record is kept as it was signed. */
  revokeRelease(releaseId: string, revokedOn: string, note: string): Promise<ReleaseRecord> {
    return this.store
      .update(releaseId, (current) => {
        if (!isRelease(current)) throw new ContactValidationError(st('repositories.contacts.noSuchRelease'));
        return { plain: { status: 'revoked' }, data: parseOrThrow(releaseSchema, { ...current.data, revokedOn, revocationNote: note }, ContactValidationError) };
      })
      .then(as(isRelease));
  }

  forClient$(clientId: string): Observable<{ contacts: ContactRecord[]; releases: ReleaseRecord[] }> {
    return this.store.find$({ clientId, kind: { $in: ['contact', 'consent'] } }).pipe(
      map((records) => ({
        contacts: records.filter(isContact).sort((a, b) => a.data.name.localeCompare(b.data.name)),
        releases: records.filter(isRelease).sort((a, b) => b.data.signedOn.localeCompare(a.data.signedOn)),
      })),
    );
  }

  /** Every client's releases of information (exports look for substance-use consents). */
  async allReleases(): Promise<ReleaseRecord[]> {
    return (await this.store.find({ kind: 'consent' })).filter(isRelease);
  }

  /** After a merge: the duplicate's contacts and releases now belong to the surviving record. */
  async reassignClient(fromClientId: string, toClientId: string): Promise<number> {
    const records = await this.store.find({ clientId: fromClientId, kind: { $in: ['contact', 'consent'] } });
    for (const r of records) await this.store.update(r.id, () => ({ plain: { clientId: toClientId } }));
    return records.length;
  }
}
