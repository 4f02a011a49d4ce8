/** Merging a duplicate client: linked records move first, then the identities are merged. */
import { MERGE_RULES } from '../../../shared/duplicates';
import type { ClientsRepository } from './clients';
import type { ContactsRepository } from './contacts';
import type { EpisodesRepository } from './episodes';
import type { ProgramsRepository } from './programs';
import type { SessionsRepository } from './sessions';
import { st } from '../i18n/staff';

export async function mergeDuplicateClient(
  repos: { clients: ClientsRepository; contacts: ContactsRepository; episodes: EpisodesRepository; programs: ProgramsRepository; sessions: SessionsRepository },
  primaryId: string,
  duplicateId: string,
  /** Today in the practice's zone: the date a merged episode closes. */
  today: string,
): Promise<{ contacts: number; episodes: number; memberships: number; sessions: number }> {
  if (primaryId === duplicateId) throw new Error(st('repositories.merge.notIntoItself'));
  // Moving links is safe to repeat if interrupted: a second run finds nothing left to move.
  const moved = {
    contacts: await repos.contacts.reassignClient(duplicateId, primaryId),
    episodes: await repos.episodes.reassignClient(duplicateId, primaryId),
    memberships: await repos.programs.reassignClient(duplicateId, primaryId),
    sessions: await repos.sessions.reassignClient(duplicateId, primaryId),
  };
  // Both records may have had an episode open in one programme: one stays open (the shared rule).
  const episodes = await repos.episodes.forClient(primaryId);
  for (const { close, into } of MERGE_RULES.openEpisodes(episodes.map((e) => ({ id: e.id, programId: e.programId, admittedOn: e.admittedOn, open: e.status === 'active' })))) {
    const closing = episodes.find((e) => e.id === close)!;
    await repos.episodes.discharge(close, {
      on: today < closing.admittedOn ? closing.admittedOn : today,
      reason: 'administrative',
      summary: st('repositories.merge.mergedInto', { into }),
      aftercare: {},
    });
  }
  await repos.clients.merge(primaryId, duplicateId);
  return moved;
}
