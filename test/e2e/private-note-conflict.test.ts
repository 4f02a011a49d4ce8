/**
 * A sync conflict between two edits of one private note on the conflict screen, at 1366x768
 * (out/screenshots/private-note-conflict-author.png and -colleague.png): its author reads both
 * versions in plain text; a colleague sees that the author's note has two versions, nothing of
 * its text or ciphertext. Two laptops editing apart are what makes one, so the practice is written
 * in Node with the app's repositories and real author keys, and loaded into a fresh profile as the
 * app's own database (as attention-kinds.test.ts does).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/renderer/src/db/database';
import { AuthorKeys, authorKeyringOf } from '../../src/renderer/src/repositories/author-keys';
import { ConflictsRepository } from '../../src/renderer/src/repositories/conflicts';
import { PrivateNotesRepository } from '../../src/renderer/src/repositories/private-notes';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { createVault } from '../../src/renderer/src/vault';
import { isoToday } from '../../src/shared/calendar';
import { MIN_ARGON2 } from '../../src/shared/crypto';
import { openPayload } from '../../src/shared/records';
import { mergeRecords, type MergeRecord } from '../../src/shared/sync/merge';
import { dumpIndexedDb, loadIndexedDb, type IndexedDbDump } from '../renderer/support/release-fixtures';
import { AppSession } from './support/app';
import { VaultPages } from './pages/vault';

const PASSPHRASE = 'saffron kettle orbit meadow lantern';
const ADMIN = 'Admin Conflictson';
const COLLEAGUE = 'Colleague Conflictova';
const COLLEAGUE_PASSPHRASE = 'cobalt thistle anchor harbour quince';
const VERSION_A = 'Synthetic process observation Quillfeather, written on the office laptop';
const VERSION_B = 'Synthetic process observation Marrowlight, written on the home-visit laptop';

/** The practice with the administrator's private note edited on two laptops, and a colleague's setup code. */
async function practice(today: string): Promise<{ dump: IndexedDbDump[]; setupCode: string; noteId: string }> {
  const db = await openDatabase({ name: 'waypoint', validate: true });
  const parts = createVault(db, { calibrate: async () => ({ params: { algorithm: 'argon2id' as const, ...MIN_ARGON2, parallelism: 1 } }) });
  const { vault } = parts;
  await vault.init();
  const authorKeys = new AuthorKeys(db.settings, vault, authorKeyringOf(parts.keyring));
  vault.onSecret((secret) => authorKeys.unlocked(secret));
  const admin = await parts.enrolment.createPractice({ practiceName: 'Synthetic Conflict Practice', adminName: ADMIN, passphrase: PASSPHRASE, recoveryCode: parts.enrolment.newRecoveryCode() });
  const staff = new StaffRepository(db.staff, vault);
  await staff.create(admin.id, 'administrator', { displayName: ADMIN, credentials: 'LCSW', needsCosignature: false });
  const setup = await parts.profiles.addProfile({ adminPassphrase: PASSPHRASE, displayName: COLLEAGUE, role: 'clinician' });
  await staff.create(setup.profile.id, 'clinician', { displayName: COLLEAGUE, credentials: 'LPC', needsCosignature: false });

  const privateNotes = new PrivateNotesRepository(db.privateNotes, vault, vault, authorKeys);
  const target = { sessionId: 'session-synthetic-conflict', clientId: 'client-synthetic-conflict', date: today, kind: 'psychotherapy' as const };
  const versions: MergeRecord[] = [];
  const stored: Record<string, unknown>[] = [];
  for (const text of [VERSION_A, VERSION_B]) {
    const saved = await privateNotes.save(target, text);
    const doc = (await db.privateNotes.findOne(saved.id).exec())!.toJSON() as unknown as Record<string, unknown> & { updatedAt: number };
    const { value } = await openPayload(vault.requireKey(), 'privateNotes', doc as never);
    stored.push(doc);
    versions.push({ plain: { ...target, authorId: admin.id }, data: value, rev: 1, updatedAt: doc.updatedAt + versions.length, deleted: false });
  }
  const { conflict } = mergeRecords({ collection: 'privateNotes', id: stored[0]!.id as string, base: null, mine: versions[0]!, theirs: versions[1]! });
  await new ConflictsRepository(db.conflicts, vault).record(conflict!, [stored[0], stored[1]]);
  const dump = await dumpIndexedDb();
  await db.close();
  return { dump, setupCode: setup.code, noteId: stored[0]!.id as string };
}

describe('a sync conflict on a private note, in Chromium', () => {
  let app: AppSession | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('its author reads both versions; a colleague sees only that the note has two (screenshots at 1366x768)', async () => {
    const today = isoToday(Date.now());
    const { dump, setupCode, noteId } = await practice(today);
    app = await AppSession.startWith(async (page) => {
      await page.evaluate(`(${loadIndexedDb.toString()})(indexedDB, ${JSON.stringify(dump)})`);
    });
    const page = app.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    const vault = new VaultPages(page);
    await vault.unlockForm.getByRole('combobox', { name: 'Staff profile' }).click();
    await page.getByRole('option', { name: `${ADMIN} — Administrator`, exact: true }).click();
    await vault.unlock(PASSPHRASE);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    await page.goto(`${app.url}#/attention`);
    const conflicts = page.getByRole('region', { name: /Sync conflicts to resolve \(1\)/ });
    await conflicts.getByText(VERSION_A).waitFor();
    await conflicts.getByText(VERSION_B).waitFor();
    expect(await conflicts.textContent()).not.toMatch(/w1\.A256GCM/);
    // Named as the audit trail names it; the client is not on this laptop, and the raw id is not shown.
    const record = `A psychotherapy note of ${today} for a client whose record is not on this device`;
    await conflicts.getByRole('article', { name: `Conflict in ${record}` }).getByText(record, { exact: true }).waitFor();
    expect(await conflicts.textContent()).not.toContain(noteId);
    await conflicts.getByRole('button', { name: 'Keep version A' }).waitFor();
    await conflicts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'out/screenshots/private-note-conflict-author.png' });

    await vault.completeSetup(`${COLLEAGUE} — Clinician`, setupCode, COLLEAGUE_PASSPHRASE);
    await page.goto(`${app.url}#/attention`);
    await conflicts.getByText(`${ADMIN}’s private note was changed on two devices. It is sealed to its author`, { exact: false }).waitFor();
    const html = await page.content();
    for (const secret of ['Quillfeather', 'Marrowlight', 'w1.A256GCM']) expect(html).not.toContain(secret);
    expect(await conflicts.getByRole('button', { name: /Keep version/ }).count()).toBe(0);
    await conflicts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'out/screenshots/private-note-conflict-colleague.png' });
    expect(app.consoleErrors.filter((e) => !e.includes('404'))).toEqual([]);
  }, 180_000);
});
