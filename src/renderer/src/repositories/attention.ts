/**
 * Decisions that an item needing attention is not a problem ("not the same person"). Each is its own
 * sealed record in the settings collection, so decisions made on two laptops never conflict, and it
 * syncs, is backed up and is audited like a setting. Every other resolution changes the records
 * themselves (src/shared/invariants.ts).
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { z } from 'zod';
import type { Dismissal } from '../../../shared/invariants';
import type { SettingDocType } from '../db/schemas';
import { SealedStore, type KeySource } from '../db/sealed-store';
import { parseOrThrow } from '../../../shared/messages';

const PREFIX = 'dismissal-';

const dismissalSchema = z
  .object({ itemKey: z.string().min(1), recordIds: z.array(z.string().min(1)).min(1), by: z.string(), at: z.iso.datetime() })
  .strict();
export type DismissalRecord = z.infer<typeof dismissalSchema>;

/** The record's id: a digest of what was decided, so the same decision made twice is one record. */
async function dismissalId(d: Dismissal): Promise<string> {
  const text = `${d.itemKey}\u0000${[...d.recordIds].sort().join('+')}`;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return PREFIX + [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class AttentionRepository {
  private readonly store: SealedStore<object, unknown>;

  constructor(collection: RxCollection<SettingDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** Every recorded dismissal; one written by a newer release in a shape this one cannot read is skipped. */
  dismissals$(): Observable<DismissalRecord[]> {
    return this.store.find$().pipe(
      map((records) =>
        records.flatMap((r) => {
          if (!r.id.startsWith(PREFIX)) return [];
          const parsed = dismissalSchema.safeParse(r.data);
          return parsed.success ? [parsed.data] : [];
        }),
      ),
    );
  }

  async dismiss(dismissal: Dismissal, by: string, at: string): Promise<void> {
    const id = await dismissalId(dismissal);
    if ((await this.store.get(id)) !== null) return;
    const record: DismissalRecord = parseOrThrow(dismissalSchema, { itemKey: dismissal.itemKey, recordIds: [...dismissal.recordIds], by, at });
    try {
      await this.store.insert(id, {}, record);
    } catch (error) {
      // The same decision arrived from another laptop between the read and the write.
      if ((error as { code?: unknown }).code !== 'CONFLICT') throw error;
    }
  }
}
