import { filter, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { SettingsRepository, SettingsValidationError } from '../../src/renderer/src/repositories/settings';
import { PracticeClock, type PracticeZone } from '../../src/renderer/src/time/practice-clock';
import { testKeySource } from './support/keys';

let counter = 0;
// 20:00 on Sunday 8 March 2026 in Chicago; already Monday in UTC and in Europe.
const SUNDAY_EVENING_IN_CHICAGO = Date.parse('2026-03-09T02:00:00Z');

describe('the practice clock, following the time zone setting', () => {
  let db: WaypointDatabase;
  let settings: SettingsRepository;
  let clock: PracticeClock;

  const zoneBecomes = (expected: PracticeZone) => firstValueFrom(clock.zone$.pipe(filter((zone) => zone?.zone === expected.zone && zone.chosen === expected.chosen)));

  beforeEach(async () => {
    db = await openDatabase({ name: `waypoint-clock-${++counter}-${Date.now()}`, validate: true });
    settings = new SettingsRepository(db.settings, await testKeySource());
    // The laptop says it is in London.
    clock = new PracticeClock(() => SUNDAY_EVENING_IN_CHICAGO, () => 'Europe/London');
  });
  afterEach(async () => {
    clock.stop();
    await db.remove();
  });

  it('knows no zone until it follows the settings, then uses the laptop’s while the practice has chosen none', async () => {
    expect(clock.zone$.value).toBeNull();
    clock.follow(settings.observe());
    await zoneBecomes({ zone: 'Europe/London', chosen: false });
    expect(clock.today()).toBe('2026-03-09');
  });

  it('takes the practice’s zone for today as soon as it is saved, and forgets it on stop (lock)', async () => {
    clock.follow(settings.observe());
    await settings.save({ timeZone: 'America/Chicago' });
    await zoneBecomes({ zone: 'America/Chicago', chosen: true });
    expect(clock.today()).toBe('2026-03-08');
    // Unlocking again while unlocked keeps the zone known; a lock forgets it.
    const seen: (PracticeZone | null)[] = [];
    const watching = clock.zone$.subscribe((zone) => seen.push(zone));
    clock.follow(settings.observe());
    expect(seen).toEqual([{ zone: 'America/Chicago', chosen: true }]);
    clock.stop();
    watching.unsubscribe();
    expect(clock.zone$.value).toBeNull();
  });

  it('uses the zone chosen at set-up from the unlock that set-up performs, before the setting is written', async () => {
    clock.expectZone('America/Chicago');
    clock.follow(settings.observe());
    await zoneBecomes({ zone: 'America/Chicago', chosen: true });
    await settings.save({ timeZone: 'America/Chicago' });
    // Once stored, the setting rules: a later change is followed.
    await settings.save({ timeZone: 'Asia/Tokyo' });
    await zoneBecomes({ zone: 'Asia/Tokyo', chosen: true });
    expect(clock.today()).toBe('2026-03-09');
  });

  it('refuses a zone that is not IANA, and keeps the one in use', async () => {
    clock.follow(settings.observe());
    await settings.save({ timeZone: 'America/Chicago' });
    await zoneBecomes({ zone: 'America/Chicago', chosen: true });
    await expect(settings.save({ timeZone: 'Central Time' })).rejects.toThrow(SettingsValidationError);
    await expect(settings.save({ timeZone: 'Central Time' })).rejects.toThrow('The time zone must be an IANA zone such as America/Chicago');
    expect(clock.zone$.value).toEqual({ zone: 'America/Chicago', chosen: true });
  });
});
