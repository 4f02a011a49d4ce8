/**
 * A sync conflict between two edits of one private note, on the conflict screen over real RxDB,
 * real author keys and the real three-way merge: its author reads both versions in plain text and
 * chooses; a colleague sees that the author's note has two versions, never text or ciphertext.
 */
import 'fake-indexeddb/auto';
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServicesProvider, type AppServices } from '../../src/renderer/src/app/services';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { ConflictsSection } from '../../src/renderer/src/features/sync/ConflictsSection';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { ConflictsRepository } from '../../src/renderer/src/repositories/conflicts';
import { PrivateNotesRepository } from '../../src/renderer/src/repositories/private-notes';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { ConflictResolver } from '../../src/renderer/src/sync/conflict-resolution';
import { openPayload } from '../../src/shared/records';
import { mergeRecords, type MergeRecord } from '../../src/shared/sync/merge';
import { testKeySource } from './support/keys';
import { TEST_AUTHOR_PASSPHRASE, testAuthorKeys } from './support/author-keys';

const TARGET = { sessionId: 'session-g-2026-11-20', clientId: 'client-a', date: '2026-11-20', kind: 'psychotherapy' as const };
const VERSION_A = 'Synthetic process observation Quillfeather';
const VERSION_B = 'Synthetic process observation Marrowlight';
let counter = 0;

describe('a sync conflict on a private note', () => {
  let db: WaypointDatabase;
  let signedIn: string;
  let services: AppServices;
  let privateNotes: PrivateNotesRepository;
  let unlockAs: (profileId: string, passphrase?: string) => Promise<void>;

  beforeEach(async () => {
    db = await openDatabase({ name: `private-conflict-${++counter}-${crypto.randomUUID()}`, validate: true, only: ['settings', 'privateNotes', 'conflicts', 'staff', 'clients'] });
    const keys = await testKeySource();
    const { authorKeys } = await testAuthorKeys(db.settings, keys);
    unlockAs = async (profileId, passphrase = TEST_AUTHOR_PASSPHRASE) => {
      signedIn = profileId;
      await authorKeys.unlocked({ profileId, passphrase });
    };
    privateNotes = new PrivateNotesRepository(db.privateNotes, keys, { currentProfile: () => ({ id: signedIn }) }, authorKeys);
    const staff = new StaffRepository(db.staff, keys);
    await staff.create('staff-author', 'clinician', { displayName: 'Synthetic Author Person', credentials: 'LCSW', needsCosignature: false });
    const conflicts = new ConflictsRepository(db.conflicts, keys);
    // The conflict card names the record's client from the clients repository (none here: the name stays out).
    services = { privateNotes, staff, clients: new ClientsRepository(db.clients, keys), conflicts, conflictResolver: new ConflictResolver(db, keys, conflicts), vault: { currentProfile: () => ({ id: signedIn }) } } as unknown as AppServices;

    // Two devices each saved the note: the same id, different text, no common ancestor.
    await unlockAs('staff-author');
    const versions: MergeRecord[] = [];
    const sealed: unknown[] = [];
    for (const text of [VERSION_A, VERSION_B]) {
      const saved = await privateNotes.save(TARGET, text);
      const doc = (await db.privateNotes.findOne(saved.id).exec())!.toJSON();
      const { value } = await openPayload(keys.key, 'privateNotes', doc as never);
      sealed.push(doc);
      versions.push({ plain: { ...TARGET, authorId: 'staff-author' }, data: value, rev: 1, updatedAt: doc.updatedAt + versions.length, deleted: false });
    }
    const { conflict } = mergeRecords({ collection: 'privateNotes', id: (sealed[0] as { id: string }).id, base: null, mine: versions[0]!, theirs: versions[1]! });
    expect(conflict?.fields).toEqual(['data.sealed']);
    await conflicts.record(conflict!, [sealed[0], sealed[1]]);
  });
  afterEach(async () => {
    await db.remove();
  });

  const show = () =>
    render(
      <MantineProvider>
        <ServicesProvider services={services}>
          <ConflictsSection />
        </ServicesProvider>
      </MantineProvider>,
    );

  it('shows its author both versions in plain text, and the one kept becomes the note', async () => {
    show();
    await screen.findByText(VERSION_A);
    await screen.findByText(VERSION_B);
    expect(document.body.textContent).not.toMatch(/w1\.A256GCM|sealed/);
    // Versions are in canonical order (the same on every device), so read which text is A.
    const cells = screen.getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(1).sort()).toEqual([VERSION_B, VERSION_A]);
    fireEvent.click(screen.getByRole('button', { name: 'Keep version A' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Keep version A' })).toBeNull());
    expect((await firstValueFrom(privateNotes.mine$(TARGET.sessionId, TARGET.clientId)))?.data.text).toBe(cells[1]);
  });

  it('shows a colleague only that the author’s note has two versions: no text, no ciphertext, no choice', async () => {
    await unlockAs('staff-colleague', 'another synthetic passphrase for the colleague');
    show();
    await screen.findByText(/Synthetic Author Person’s private note was changed on two devices\. It is sealed to its author/);
    const page = document.body.textContent ?? '';
    for (const secret of [VERSION_A, VERSION_B, 'Quillfeather', 'w1.', 'A256GCM']) expect(page).not.toContain(secret);
    expect(screen.queryByRole('button', { name: /Keep version/ })).toBeNull();
  });
});
