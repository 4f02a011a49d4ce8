import { firstValueFrom, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { SettingsRepository, SettingsValidationError } from '../../src/renderer/src/repositories/settings';
import { DEFAULT_PRACTICE_SETTINGS } from '../../src/shared/settings';

let counter = 0;

describe('settings repository on RxDB + Dexie (fake-indexeddb)', () => {
  let name: string;
  let db: WaypointDatabase;
  let repo: SettingsRepository;

  beforeEach(async () => {
    name = `waypoint-test-${++counter}-${Date.now()}`;
    db = await openDatabase({ name, validate: true });
    repo = new SettingsRepository(db.settings, () => 1_700_000_000_000);
  });
  afterEach(async () => {
    await db.remove();
  });

  it('returns the defaults before anything is saved', async () => {
    expect(await repo.get()).toEqual(DEFAULT_PRACTICE_SETTINGS);
  });

  it('saves a change, and it is still there after the database is reopened', async () => {
    await repo.save({ autoLockMinutes: 5, defaultNoteFormat: 'DAP' });
    expect(await repo.get()).toEqual({ ...DEFAULT_PRACTICE_SETTINGS, autoLockMinutes: 5, defaultNoteFormat: 'DAP' });

    await db.close();
    db = await openDatabase({ name, validate: true });
    expect(await new SettingsRepository(db.settings).get()).toMatchObject({ autoLockMinutes: 5, defaultNoteFormat: 'DAP' });
  });

  it('emits the new value to observers after a save', async () => {
    const next = firstValueFrom(repo.observe().pipe(filter((s) => s.planReviewCadenceDays === 90)));
    await repo.save({ planReviewCadenceDays: 90 });
    expect((await next).planReviewCadenceDays).toBe(90);
  });

  it('rejects an invalid change with a specific message and writes none of it', async () => {
    await expect(repo.save({ autoLockMinutes: 10, noteDeadlineBusinessDays: 0 })).rejects.toThrow(
      new SettingsValidationError('noteDeadlineBusinessDays: The note deadline must be between 1 and 30 business days'),
    );
    expect(await db.settings.count().exec()).toBe(0);
  });

  it('keeps the default for a stored value this version cannot read', async () => {
    await db.settings.insert({ id: 'autoLockMinutes', value: '"soon"', updatedAt: 1 });
    await db.settings.insert({ id: 'someFutureSetting', value: 'true', updatedAt: 1 });
    expect(await repo.get()).toEqual(DEFAULT_PRACTICE_SETTINGS);
  });

  it('validates documents against the schema in tests (ajv)', async () => {
    await expect(db.settings.insert({ id: 'x', value: 5 as unknown as string, updatedAt: 1 })).rejects.toThrow(/VD2|validation/i);
  });
});
