/**
 * Practice settings: read with defaults filled in, written only after validation. Each setting is
 * its own sealed document, so edits to different settings never conflict.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { parseOrThrow, RuleError } from '../../../shared/messages';
import { jsonEqual } from '../../../shared/sync/canonical-json';
import {
  DEFAULT_PRACTICE_SETTINGS,
  isPracticeSettingKey,
  practiceSettingsSchema,
  type PracticeSettingKey,
  type PracticeSettings,
} from '../../../shared/settings';
import type { SettingDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';

export class SettingsValidationError extends RuleError {
  override readonly name = 'SettingsValidationError';
}

function fromRecords(records: readonly Opened<object, unknown>[]): PracticeSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_PRACTICE_SETTINGS };
  for (const record of records) {
    if (!isPracticeSettingKey(record.id)) continue; // written by a newer version of the app
    const parsed = practiceSettingsSchema.shape[record.id].safeParse(record.data);
    // A stored value this version cannot read keeps the default rather than breaking the app.
    if (parsed.success) settings[record.id] = parsed.data;
  }
  return settings as PracticeSettings;
}

export class SettingsRepository {
  private readonly store: SealedStore<object, unknown>;

  constructor(collection: RxCollection<SettingDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  async get(): Promise<PracticeSettings> {
    return fromRecords(await this.store.find());
  }

  observe(): Observable<PracticeSettings> {
    return this.store.find$().pipe(map(fromRecords));
  }

  /** Validates all of `changes` first; writes nothing when any value is invalid. */
  async save(changes: Partial<PracticeSettings>): Promise<void> {
    const parsed = parseOrThrow(practiceSettingsSchema.partial(), changes, SettingsValidationError);
    for (const [key, value] of Object.entries(parsed) as [PracticeSettingKey, unknown][]) {
      if (value === undefined) continue;
      const existing = await this.store.get(key);
      if (existing === null) await this.store.insert(key, {}, value);
      // An unchanged setting is not written: a new revision would sync for nothing and could
      // conflict with a real change made on another laptop.
      else if (!jsonEqual(existing.data, value)) await this.store.update(key, () => ({ data: value }));
    }
  }
}
