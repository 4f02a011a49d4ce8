import type { AppServices } from '../../app/services';
import type { AdmitValues } from './chart/EpisodeForms';

/** Admits a client: the episode of care, the group's roster from the admission date, the client active. */
export async function admitClient({ episodes, programs, clients }: Pick<AppServices, 'episodes' | 'programs' | 'clients'>, clientId: string, v: AdmitValues): Promise<void> {
  await episodes.admit({ clientId, programId: v.programId, trackId: v.trackId, admittedOn: v.admittedOn, level: v.level, referralReason: v.referralReason });
  if (v.groupId) await programs.addMember(v.groupId, clientId, v.admittedOn);
  await clients.setStatus(clientId, 'active');
}
