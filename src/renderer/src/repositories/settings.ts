/**
 * Practice settings: read with defaults filled in, written only after validation.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb/plugins/core';
import { describeIssues } from '../../../shared/bridge';
import {
  DEFAULT_PRACTICE_SETTINGS,
  isPracticeSettingKey,
  practiceSettingsSchema,
  type PracticeSettingKey,
  type PracticeSettings,
} from '../../../shared/settings';
import type { SettingDocType } from '../db/schemas';

export class SettingsValidationError extends Error {
  override readonly name = 'SettingsValidationError';
}

function fromDocuments(docs: readonly SettingDocType[]): PracticeSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_PRACTICE_SETTINGS };
  for (const doc of docs) {
    if (!isPracticeSettingKey(doc.id)) continue; // written by a newer version of the app
    const parsed = practiceSettingsSchema.shape[doc.id].safeParse(JSON.parse(doc.value));
    // A stored value this version cannot read keeps the default rather than breaking the app.
    if (parsed.success) settings[doc.id] = parsed.data;
  }
  return settings as PracticeSettings;
}

export class SettingsRepository {
  constructor(
    private readonly collection: RxCollection<SettingDocType>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<PracticeSettings> {
    return fromDocuments((await this.collection.find().exec()).map((doc) => doc.toJSON()));
  }

  observe(): Observable<PracticeSettings> {
    return this.collection.find().$.pipe(map((docs) => fromDocuments(docs.map((doc) => doc.toJSON()))));
  }

  /** Validates all of `changes` first; writes nothing when any value is invalid. */
  async save(changes: Partial<PracticeSettings>): Promise<void> {
    const parsed = practiceSettingsSchema.partial().safeParse(changes);
    if (!parsed.success) throw new SettingsValidationError(describeIssues(parsed.error));
    const updatedAt = this.now();
    const docs = (Object.entries(parsed.data) as [PracticeSettingKey, unknown][])
      .filter(([, value]) => value !== undefined)
      .map(([id, value]) => ({ id, value: JSON.stringify(value), updatedAt }));
    const result = await this.collection.bulkUpsert(docs);
    if (result.error.length > 0) throw new Error(`Saving settings failed for ${result.error.length} setting(s)`);
  }
}
