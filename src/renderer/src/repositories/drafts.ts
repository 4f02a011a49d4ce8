/**
 * Form drafts: what someone has typed but not yet saved, sealed and kept on this device only
 * (RxDB local documents never replicate). Survives a crash, a reload and a lock.
 */
import { sealJson, unsealJson } from '../../../shared/crypto';
import type { WaypointDatabase } from '../db/database';
import type { KeySource } from '../db/sealed-store';

const DRAFT_SCHEMA_VERSION = 0;

interface StoredDraft {
  sealed: string;
  savedAt: number;
}

export class DraftStore {
  constructor(
    private readonly db: WaypointDatabase,
    private readonly keys: KeySource,
    private readonly now: () => number = Date.now,
  ) {}

  private context(draftId: string) {
    return { collection: 'drafts', id: draftId, schemaVersion: DRAFT_SCHEMA_VERSION };
  }

  async load<T>(draftId: string): Promise<T | null> {
    const doc = await this.db.getLocal<StoredDraft>(`draft:${draftId}`);
    if (doc === null) return null;
    return unsealJson<T>(this.keys.requireKey(), this.context(draftId), (doc.toJSON().data as StoredDraft).sealed);
  }

  async save<T>(draftId: string, value: T): Promise<void> {
    const sealed = await sealJson(this.keys.requireKey(), this.context(draftId), value);
    await this.db.upsertLocal<StoredDraft>(`draft:${draftId}`, { sealed, savedAt: this.now() });
  }

  async discard(draftId: string): Promise<void> {
    const doc = await this.db.getLocal(`draft:${draftId}`);
    await doc?.remove();
  }
}
