import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { PrivateNotesRepository } from '../../src/renderer/src/repositories/private-notes';
import { testKeySource } from './support/keys';

let counter = 0;
const TARGET = { sessionId: 'session-g-2026-11-20', clientId: 'client-a', date: '2026-11-20', kind: 'psychotherapy' as const };
const SECRET = 'Synthetic process observation Plumbwhistle';

describe('psychotherapy notes kept apart (RxDB + fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let signedIn: string;
  let privateNotes: PrivateNotesRepository;

  beforeEach(async () => {
    db = await openDatabase({ name: `private-notes-${++counter}-${crypto.randomUUID()}`, validate: true });
    signedIn = 'staff-author';
    privateNotes = new PrivateNotesRepository(db.privateNotes, await testKeySource(), { currentProfile: () => ({ id: signedIn }) });
  });
  afterEach(async () => {
    await db.remove();
  });

  it('are sealed in their own collection, never in notes, and only their author reads them', async () => {
    await privateNotes.save(TARGET, SECRET);
    const raw = JSON.stringify((await db.privateNotes.find().exec()).map((d) => d.toJSON()));
    expect(raw).not.toContain('Plumbwhistle');
    expect(raw).toContain('"authorId":"staff-author"');
    expect(await db.notes.count().exec()).toBe(0);
    expect((await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId)))?.data.text).toBe(SECRET);

    signedIn = 'staff-colleague';
    expect(await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId))).toBeNull();
    expect(await firstValueFrom(privateNotes.mineForClient$(TARGET.clientId))).toEqual([]);
    // A colleague writing about the same client in the same session gets a note of their own.
    await privateNotes.save(TARGET, 'Synthetic colleague note');
    expect(await db.privateNotes.count().exec()).toBe(2);
    signedIn = 'staff-author';
    expect((await firstValueFrom(privateNotes.mineForClient$(TARGET.clientId))).map((n) => n.data.text)).toEqual([SECRET]);
  });

  it('saves as typed, keeps the last text, and refuses an oversized note with a clear message', async () => {
    await privateNotes.save(TARGET, 'Synthetic first');
    await privateNotes.save({ ...TARGET, kind: 'sud-counselling' }, 'Synthetic second');
    const mine = await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId));
    expect(mine).toMatchObject({ kind: 'sud-counselling', rev: 2, data: { text: 'Synthetic second' } });
    await expect(privateNotes.save(TARGET, 'x'.repeat(20_001))).rejects.toThrow('A private note is at most 20,000 characters');
    expect((await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId)))?.data.text).toBe('Synthetic second');
  });
});
