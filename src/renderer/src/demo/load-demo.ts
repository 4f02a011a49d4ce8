/**
 * Fills a practice with the synthetic demo practice (src/shared/demo): for trying Waypoint, for
 * training, and for the benchmarks. Everything goes through the repositories, sealed like real records.
 */
import { displayName } from '../../../shared/clients';
import { generateDemoPractice, type DemoOptions } from '../../../shared/demo/generate';
import { demoOneOffSessions } from '../../../shared/demo/sessions';
import type { ClientsRepository } from '../repositories/clients';
import type { EpisodesRepository } from '../repositories/episodes';
import type { ProgramsRepository } from '../repositories/programs';
import type { SessionsRepository } from '../repositories/sessions';
import type { StaffRepository } from '../repositories/staff';

export interface DemoRepositories {
  staff: StaffRepository;
  programs: ProgramsRepository;
  clients: ClientsRepository;
  episodes: EpisodesRepository;
  sessions: SessionsRepository;
}

export interface DemoLoadResult {
  staff: number;
  programmeRecords: number;
  clients: number;
  episodes: number;
  sessions: number;
}

export async function loadDemoPractice(repos: DemoRepositories, options: DemoOptions): Promise<DemoLoadResult> {
  const demo = generateDemoPractice(options);
  const names = new Map(demo.clients.map((c) => [c.id, displayName(c.data)]));
  const oneOffs = demoOneOffSessions(demo, options.timeZone).map((s) => ({
    ...s,
    title: `${s.kind === 'individual' ? 'Individual therapy' : 'Psychiatric evaluation / medication management'} · ${names.get(s.clientId) ?? ''}`,
    clientIds: [s.clientId],
  }));
  return {
    staff: await repos.staff.importMany(demo.staff.map((s) => ({ id: s.id, role: s.role, details: { displayName: s.displayName, credentials: s.credentials, needsCosignature: s.needsCosignature } }))),
    programmeRecords: await repos.programs.importMany(demo),
    clients: await repos.clients.importMany(demo.clients),
    episodes: await repos.episodes.importMany(demo.episodes),
    sessions: (await repos.sessions.importGenerated(demo.groups, demo.range)) + (await repos.sessions.importOneOffs(oneOffs)),
  };
}
