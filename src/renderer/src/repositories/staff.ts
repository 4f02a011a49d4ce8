/** Staff profiles as practice records: name and credentials sealed; role and status plaintext. */
import type { Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import type { StaffDetails } from '../../../shared/records';
import type { Role } from '../../../shared/vault-policy';
import type { StaffDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { st } from '../i18n/staff';

export type { StaffDetails } from '../../../shared/records';

type StaffPlain = Pick<StaffDocType, 'role' | 'status'>;
export type StaffRecord = Opened<StaffPlain, StaffDetails>;

/** "Name, LCSW" as a person appears on schedules and notes. */
export function staffLabel(record: StaffRecord): string {
  return [record.data.displayName, record.data.credentials].filter(Boolean).join(', ');
}

/** What stands for someone whose staff record is gone (on screen and in exports). */
export function formerStaffLabel(): string {
  return st('repositories.staff.formerStaff');
}

/** The labels of the staff with these ids; someone no longer on staff stays visible as such. */
export function staffLabels(ids: readonly string[], staff: readonly StaffRecord[]): string[] {
  return ids.map((id) => staff.find((s) => s.id === id)).map((s) => (s ? staffLabel(s) : formerStaffLabel()));
}

export class StaffRepository {
  private readonly store: SealedStore<StaffPlain, StaffDetails>;

  constructor(collection: RxCollection<StaffDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** The staff record shares its id with the profile that unlocks on devices. */
  create(id: string, role: Role, details: StaffDetails): Promise<StaffRecord> {
    return this.store.insert(id, { role, status: 'active' }, details);
  }

  /** Staff records without device profiles (the demo practice's facilitators). */
  async importMany(records: readonly { id: string; role: Role; details: StaffDetails }[]): Promise<number> {
    const result = await this.store.bulkInsert(records.map((r) => ({ id: r.id, plain: { role: r.role, status: 'active' as const }, data: r.details })));
    if (result.failed.length > 0) throw new Error(st('repositories.staff.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  markRemoved(id: string): Promise<StaffRecord> {
    return this.store.update(id, () => ({ plain: { status: 'removed' } }));
  }

  get(id: string): Promise<StaffRecord | null> {
    return this.store.get(id);
  }

  active$(): Observable<StaffRecord[]> {
    return this.store.find$({ status: 'active' });
  }
}
