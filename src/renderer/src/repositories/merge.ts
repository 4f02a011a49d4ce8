/** Merging a duplicate client: linked records move first, then the identities are merged. */
import type { ClientsRepository } from './clients';
import type { ContactsRepository } from './contacts';
import type { EpisodesRepository } from './episodes';
import type { ProgramsRepository } from './programs';
import type { SessionsRepository } from './sessions';

export async function mergeDuplicateClient(
  repos: { clients: ClientsRepository; contacts: ContactsRepository; episodes: EpisodesRepository; programs: ProgramsRepository; sessions: SessionsRepository },
  primaryId: string,
  duplicateId: string,
): Promise<{ contacts: number; episodes: number; memberships: number; sessions: number }> {
  if (primaryId === duplicateId) throw new Error('A client cannot be merged into itself');
  // Moving links is safe to repeat if interrupted: a second run finds nothing left to move.
  const moved = {
    contacts: await repos.contacts.reassignClient(duplicateId, primaryId),
    episodes: await repos.episodes.reassignClient(duplicateId, primaryId),
    memberships: await repos.programs.reassignClient(duplicateId, primaryId),
    sessions: await repos.sessions.reassignClient(duplicateId, primaryId),
  };
  await repos.clients.merge(primaryId, duplicateId);
  return moved;
}
