import { firstValueFrom, filter } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { SettingsRepository, SettingsValidationError } from '../../src/renderer/src/repositories/settings';
import { sealJson } from '../../src/shared/crypto';
import { DEFAULT_PRACTICE_SETTINGS } from '../../src/shared/settings';
import { testKeySource } from './support/keys';

let counter = 0;

describe('settings repository on RxDB + Dexie (fake-indexeddb)', () => {
  let name: string;
  let db: WaypointDatabase;
  let repo: SettingsRepository;
  let keys: Awaited<ReturnType<typeof testKeySource>>;

  beforeEach(async () => {
    name = `waypoint-test-${++counter}-${Date.now()}`;
    db = await openDatabase({ name, validate: true });
    keys = await testKeySource();
    repo = new SettingsRepository(db.settings, keys, () => 1_700_000_000_000);
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
    expect(await new SettingsRepository(db.settings, keys).get()).toMatchObject({ autoLockMinutes: 5, defaultNoteFormat: 'DAP' });
  });

  it('writes nothing for a setting saved unchanged, so no revision syncs for nothing', async () => {
    await repo.save({ autoLockMinutes: 5, planReviewCadenceDays: 60 });
    const revs = async () => Object.fromEntries((await db.settings.find().exec()).map((d) => [d.id, d.rev]));
    const before = await revs();
    await repo.save({ autoLockMinutes: 5, planReviewCadenceDays: 45 });
    expect(await revs()).toEqual({ ...before, planReviewCadenceDays: before['planReviewCadenceDays']! + 1 });
  });

  it('emits the new value to observers after a save', async () => {
    const next = firstValueFrom(repo.observe().pipe(filter((s) => s.planReviewCadenceDays === 90)));
    await repo.save({ planReviewCadenceDays: 90 });
    expect((await next).planReviewCadenceDays).toBe(90);
  });

  it('rejects an invalid change with a specific message and writes none of it', async () => {
    await expect(repo.save({ autoLockMinutes: 10, noteDeadlineBusinessDays: 0 })).rejects.toThrow(
      new SettingsValidationError('The note deadline must be between 1 and 30 business days'),
    );
    expect(await db.settings.count().exec()).toBe(0);
  });

  it('keeps the default for a stored value this version cannot read', async () => {
    const sealed = (id: string, value: unknown) => sealJson(keys.key, { collection: 'settings', id, schemaVersion: 0 }, value);
    await db.settings.insert({ id: 'autoLockMinutes', rev: 1, updatedAt: 1, sealed: await sealed('autoLockMinutes', 'soon') });
    await db.settings.insert({ id: 'someFutureSetting', rev: 1, updatedAt: 1, sealed: await sealed('someFutureSetting', true) });
    expect(await repo.get()).toEqual(DEFAULT_PRACTICE_SETTINGS);
  });

  it('validates documents against the schema in tests (ajv)', async () => {
    await expect(db.settings.insert({ id: 'x', rev: 1, updatedAt: 1, sealed: 5 as unknown as string })).rejects.toThrow(/VD2|validation/i);
  });

  it('refuses to read or write once the key is gone', async () => {
    await repo.save({ autoLockMinutes: 5 });
    keys.lock();
    await expect(repo.get()).rejects.toThrow(/locked/);
    await expect(repo.save({ autoLockMinutes: 6 })).rejects.toThrow(/locked/);
  });
});
