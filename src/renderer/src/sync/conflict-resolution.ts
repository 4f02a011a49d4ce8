/**
 * Applies a person's decision on a sync conflict: the chosen version becomes the record again
 * (sealed anew, rev + 1, so it syncs out like any change), then the conflict is marked resolved
 * with who decided. Used for every kind of record, signed notes included: choosing between two
 * signed versions is exactly what an immutable-violation conflict asks a person to do.
 */
import type { RxCollection } from '../db/storage';
import type { WaypointDatabase } from '../db/database';
import { SealedStore, type KeySource } from '../db/sealed-store';
import type { ConflictRecord, ConflictsRepository } from '../repositories/conflicts';
import { st } from '../i18n/staff';

export class ConflictResolver {
  constructor(
    private readonly db: WaypointDatabase,
    private readonly keys: KeySource,
    private readonly conflicts: ConflictsRepository,
  ) {}

  async keepVersion(record: ConflictRecord, version: 0 | 1, by: string, at: string): Promise<void> {
    const { conflict } = record.data;
    const collection = (this.db.collections as unknown as Record<string, RxCollection | undefined>)[conflict.collection];
    if (!collection) throw new Error(st('services.arrival.notHeld', { collection: conflict.collection }));
    const chosen = conflict.versions[version];
    const store = new SealedStore<Record<string, unknown>, unknown>(collection as unknown as ConstructorParameters<typeof SealedStore<Record<string, unknown>, unknown>>[0], this.keys);
    if (chosen.deleted) {
      await (await collection.findOne(conflict.id).exec())?.remove();
    } else if (await store.get(conflict.id)) {
      await store.update(conflict.id, () => ({ plain: chosen.plain, data: chosen.data }));
    } else {
      await store.insert(conflict.id, chosen.plain, chosen.data);
    }
    await this.conflicts.resolve(record.id, { version }, by, at);
  }
}
