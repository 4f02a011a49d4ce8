import type { SyncDocument } from '../../../src/shared/sync/protocol';

/** A synthetic note as sync would store it (sealed payload fake: storage tests never open it). */
export const syntheticNote = (n: number, deleted = false): SyncDocument =>
  ({
    id: `note-synthetic-${String(n).padStart(5, '0')}`,
    rev: 2,
    updatedAt: 1_700_000_000_000 + n,
    sealed: `w1.A256GCM.synthetic-key.iv${n}.ciphertext${n}`,
    _deleted: deleted,
    kind: 'progress',
    status: n % 2 === 0 ? 'signed' : 'draft',
    sessionId: `session-synthetic-${n % 3}`,
    clientId: `client-synthetic-${n % 5}`,
    authorId: 'staff-synthetic-1',
    date: '2026-03-02',
    parentId: '',
  }) as SyncDocument;
