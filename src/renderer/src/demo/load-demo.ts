/**
 * Fills a practice with a synthetic demo practice (src/shared/demo): the small one offered at first
 * run, for trying Waypoint and for training, or the multi-year one the bench measures. Everything
 * goes through the repositories, sealed like real records.
 */
import { displayName } from '../../../shared/clients';
import { generateDemoPractice, type DemoOptions } from '../../../shared/demo/generate';
import { demoOneOffSessions } from '../../../shared/demo/sessions';
import { generateYearsPractice, type YearsOptions, type YearsPracticeCounts } from '../../../shared/demo/years';
import type { ClientsRepository } from '../repositories/clients';
import type { EpisodesRepository } from '../repositories/episodes';
import type { MeasuresRepository } from '../repositories/measures';
import type { NotesRepository } from '../repositories/notes';
import type { PlansRepository } from '../repositories/plans';
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

export interface YearsRepositories extends DemoRepositories {
  notes: NotesRepository;
  plans: PlansRepository;
  measures: MeasuresRepository;
}

export interface YearsLoadResult {
  /** Documents stored per collection: what `yearsPracticeCounts` says the practice holds. */
  stored: YearsPracticeCounts;
  /** Clients in programme today. */
  clients: number;
  /** Every client record, earlier years' included. */
  allClients: number;
  sessions: number;
  notes: number;
  measures: number;
  plans: number;
  longestHistoryClientId: string;
}

/** The multi-year practice (src/shared/demo/years.ts); `onStep` names each write as it starts (the bench shows where a slow run is). */
export async function loadYearsPractice(repos: YearsRepositories, options: YearsOptions, onStep: (name: string) => void = () => {}): Promise<YearsLoadResult> {
  onStep('practice: generate');
  const practice = generateYearsPractice(options);
  const stored = {
    staff: await repos.staff.importMany(practice.staff),
    programs: await repos.programs.importMany(practice.programme),
    clients: await repos.clients.importMany(practice.clients),
    episodes: await repos.episodes.importMany(practice.episodes),
    sessions: 0,
    notes: 0,
    plans: await repos.plans.importMany(practice.plans),
  };
  onStep('practice: group sessions');
  for (const year of practice.sessionYears) stored.sessions += await repos.sessions.importGenerated(practice.programme.groups, year, (id) => practice.groupAttendance.get(id));
  onStep('practice: individual sessions');
  stored.sessions += await repos.sessions.importOneOffs(practice.oneOffs);
  onStep('practice: measures');
  const measures = await repos.measures.importMany(practice.administrations);
  stored.plans += measures;
  // In chunks: one bulk write of every sealed note would hold every ciphertext in memory at once.
  for (let i = 0; i < practice.notes.length; i += 5000) {
    onStep(`practice: notes ${i} of ${practice.notes.length}`);
    stored.notes += await repos.notes.importMany(practice.notes.slice(i, i + 5000));
  }
  return {
    stored,
    clients: practice.inProgramme,
    allClients: practice.clients.length,
    sessions: stored.sessions,
    notes: stored.notes,
    measures,
    plans: practice.plans.length,
    longestHistoryClientId: practice.longestHistoryClientId,
  };
}
