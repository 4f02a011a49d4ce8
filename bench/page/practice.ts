/**
 * A 60-client IOP practice over `years` years for the bench, deterministic and entirely synthetic:
 * five cohorts of 12 in four 45-minute groups every weekday (the fifth cohort adolescent), weekly
 * individual therapy, a psychiatric visit every four weeks, attendance on every past session, a
 * note for every client present (signed, but for a few recent drafts), a PHQ-9 every two weeks and
 * a treatment plan per episode; the audit trail is what the app's audit hooks record of it. About
 * 60 clients are in programme at a time: each year cohorts 2–5 are new clients (earlier ones
 * discharged), while cohort 1 is readmitted every year, so its clients have years of history.
 * One year is about 9,000 sessions and 60,000 notes. `scale` shortens every year (a quick run
 * of the bench). Everything is written through the repositories' bulk imports, sealed as real
 * records are.
 */
import { addDays, isoWeekday } from '../../src/shared/calendar';
import type { AttendanceEntry } from '../../src/shared/attendance';
import { admit, dischargeEpisode } from '../../src/shared/episodes';
import { MEASURES, recordAdministration, type Administration } from '../../src/shared/measures';
import { createPlan } from '../../src/shared/plans';
import { templateFor, type Note } from '../../src/shared/notes';
import { isMemberOn, type Membership } from '../../src/shared/roster';
import type { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import type { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import type { NoteKind, NotesRepository, StoredNote } from '../../src/renderer/src/repositories/notes';
import type { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import type { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import type { StaffRepository } from '../../src/renderer/src/repositories/staff';
import type { PlansRepository } from '../../src/renderer/src/repositories/plans';
import type { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { step } from './steps';

const COHORTS = 5;
const COHORT_SIZE = 12;
const GROUP_STARTS = [['09:00', '09:45'], ['10:00', '10:45'], ['11:00', '11:45'], ['13:00', '13:45']] as const;
const ZONE = 'America/Chicago';
const TEXT = 'Synthetic: practised the skill in session and named a personal example for the week.';
const STAFF = ['LCSW', 'LPC', 'LMFT', 'PsyD', 'PMHNP-BC'].map((credentials, i) => ({ id: `bench-staff-${i + 1}`, credentials, displayName: `Benchstaff Synthetic${i + 1}` }));

export interface PracticeRepositories {
  staff: StaffRepository;
  programs: ProgramsRepository;
  clients: ClientsRepository;
  episodes: EpisodesRepository;
  sessions: SessionsRepository;
  notes: NotesRepository;
  plans: PlansRepository;
  measures: MeasuresRepository;
}

/** A hash of a string to [0, 1): attendance that is the same every run, without a shared PRNG's ordering. */
function chance(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Every tenth client misses half their sessions, so some weeks fall short; the rest miss one in twelve. */
function attendanceFor(sessionId: string, clientIds: readonly string[], start: string): AttendanceEntry[] {
  return clientIds.map((clientId, i) => {
    const roll = chance(`${sessionId}|${clientId}`);
    const missRate = clientId.endsWith('0') ? 0.5 : 0.08;
    if (roll < missRate) return { clientId, status: roll < missRate / 2 ? 'absent-excused' : 'absent-unexcused' };
    if (roll > 0.97) return { clientId, status: 'late', arrivedAt: `${start.slice(0, 3)}${pad(10 + (i % 20))}` };
    return { clientId, status: 'present' };
  });
}

/** One client's time in programme: a year (or, this year, until today) in one cohort. */
interface Stint {
  clientId: string;
  /** 0–59: the cohort is index / 12. */
  index: number;
  /** Years back: 0 is the current year. */
  yearsBack: number;
  episodeId: string;
  from: string;
  /** The last day, for earlier years; none for the current one. */
  to?: string;
}

export interface StoredPractice {
  /** Clients in programme now. */
  clients: number;
  /** Every client record, earlier years' included. */
  allClients: number;
  sessions: number;
  notes: number;
  measures: number;
  plans: number;
  /** A client of cohort 1, in programme every year: the chart with the longest history. */
  longestHistoryClientId: string;
}

export async function storePractice(repos: PracticeRepositories, options: { today: string; adminId: string; years: number; scale?: number }): Promise<StoredPractice> {
  const { today, years } = options;
  const yearDays = Math.max(7, Math.round(364 * (options.scale ?? 1)));
  const from = addDays(today, -yearDays * years);
  const range = { from, to: addDays(today, 7) };
  await repos.staff.importMany(STAFF.map((s) => ({ id: s.id, role: 'clinician' as const, details: { displayName: s.displayName, credentials: s.credentials, needsCosignature: false } })));
  const names = new Map([...STAFF.map((s) => [s.id, s] as const), [options.adminId, { id: options.adminId, credentials: 'LCSW', displayName: 'Bench Admin' }] as const]);

  const cohortOf = (i: number) => Math.floor(i / COHORT_SIZE);
  const trackOf = (cohort: number) => (cohort === COHORTS - 1 ? 'bench-track-teen' : 'bench-track-adult');
  // The current year keeps the one-year practice's ids, so one year is the same practice as before.
  const stints: Stint[] = [];
  for (let back = years - 1; back >= 0; back--) {
    for (let i = 0; i < COHORTS * COHORT_SIZE; i++) {
      const number = String(i).padStart(3, '0');
      const clientId = back === 0 || cohortOf(i) === 0 ? `bench-client-${number}` : `bench-client-y${back}-${number}`;
      stints.push({
        clientId,
        index: i,
        yearsBack: back,
        episodeId: back === 0 ? `bench-episode-${clientId}` : `bench-episode-${clientId}-y${back}`,
        from: addDays(today, -yearDays * (back + 1)),
        ...(back === 0 ? {} : { to: addDays(today, -yearDays * back - 1) }),
      });
    }
  }
  const groups = Array.from({ length: COHORTS }, (_, c) =>
    GROUP_STARTS.map(([start, end], g) => ({
      id: `bench-group-${c + 1}-${g + 1}`,
      programId: 'bench-program',
      trackId: trackOf(c),
      data: {
        name: `Cohort ${c + 1} · Group ${g + 1}`,
        // The signed-in administrator leads the first cohort, so "My day" has sessions.
        facilitatorIds: [c === 0 ? options.adminId : STAFF[c % STAFF.length]!.id],
        capacity: COHORT_SIZE,
        modality: 'in-person' as const,
        location: `Room ${c + 1}0${g + 1}`,
        topic: 'Synthetic skills group',
        goal: '',
        plan: '',
        schedule: { timeZone: ZONE, days: [1, 2, 3, 4, 5] as (1 | 2 | 3 | 4 | 5)[], start, end, startsOn: from },
        exceptions: [],
      },
    })),
  ).flat();
  const memberships: Membership[] = stints.flatMap((stint) =>
    groups
      .filter((g) => g.id.startsWith(`bench-group-${cohortOf(stint.index) + 1}-`))
      .map((g) => ({
        id: stint.yearsBack === 0 ? `bench-membership-${stint.clientId}-${g.id}` : `bench-membership-${stint.clientId}-${g.id}-y${stint.yearsBack}`,
        clientId: stint.clientId,
        groupId: g.id,
        joinedOn: stint.from,
        ...(stint.to ? { leftOn: stint.to } : {}),
      })),
  );
  const membersOf = new Map(groups.map((g) => [g.id, memberships.filter((m) => m.groupId === g.id)]));
  await repos.programs.importMany({
    programs: [{ id: 'bench-program', data: { name: 'Bench IOP', description: '' } }],
    tracks: [
      { id: 'bench-track-adult', programId: 'bench-program', data: { name: 'Adult skills', population: 'adult' } },
      { id: 'bench-track-teen', programId: 'bench-program', data: { name: 'Adolescent skills', population: 'adolescent' } },
    ],
    groups,
    memberships,
  });
  const clients = new Map(stints.map((stint) => [stint.clientId, stint]));
  await repos.clients.importMany(
    [...clients.values()].map(({ clientId, index, yearsBack }) => ({
      id: clientId,
      status: yearsBack === 0 || cohortOf(index) === 0 ? ('active' as const) : ('discharged' as const),
      data: {
        firstName: `Benchfirst${index + 1}`,
        lastName: yearsBack === 0 || cohortOf(index) === 0 ? `Synthetic${pad(index + 1)}` : `Synthetic${pad(index + 1)}y${yearsBack}`,
        dateOfBirth: cohortOf(index) === COHORTS - 1 ? '2011-03-01' : '1985-03-01',
        flags: cohortOf(index) === 2 ? ['part2'] : [],
      },
    })),
  );
  const aftercare = { referrals: ['Synthetic outpatient referral'], relapsePreventionPlan: 'Synthetic relapse prevention plan.', alumniGroup: false, followUpOn: '' as const };
  await repos.episodes.importMany(
    stints.map((stint) => {
      const admitted = admit({ clientId: stint.clientId, programId: 'bench-program', trackId: trackOf(cohortOf(stint.index)), admittedOn: stint.from, level: 'iop' });
      return { id: stint.episodeId, data: stint.to ? dischargeEpisode(admitted, { on: stint.to, reason: 'completed', summary: '', aftercare }) : admitted };
    }),
  );
  await repos.plans.importMany(stints.map((stint) => createPlan({ planId: `bench-plan-${stint.episodeId}`, clientId: stint.clientId, episodeId: stint.episodeId, effectiveOn: stint.from })));

  // Who attends what, decided once: the notes follow the attendance.
  const notes: { sessionId: string; clientId: string; date: string; kind: NoteKind; authorId: string; stored: StoredNote }[] = [];
  const noteFor = (sessionId: string, date: string, kind: NoteKind, authorId: string, entries: AttendanceEntry[]) => {
    // Notes from the last two days are partly still drafts; older ones are signed.
    const recent = date >= addDays(today, -2);
    for (const entry of entries) {
      if (entry.status.startsWith('absent')) continue;
      const draft = recent && chance(`note|${sessionId}|${entry.clientId}`) < 0.4;
      const author = names.get(authorId)!;
      const templateId = kind === 'progress' ? 'GIRP' : kind === 'psychiatric' ? 'psychiatric' : 'individual';
      const note: Note = {
        templateId,
        fields: Object.fromEntries(templateFor(templateId).fields.map((f) => [f.key, f.quickPicks[0] ?? TEXT])),
        goalIds: [],
        status: draft ? 'draft' : 'signed',
        ...(draft ? {} : { signature: { by: author.id, name: author.displayName, credentials: author.credentials, at: `${date}T20:00:00.000Z` } }),
      };
      notes.push({ sessionId, clientId: entry.clientId, date, kind, authorId, stored: { note } });
    }
  };
  const past = (date: string) => date < today;
  step('practice: group sessions');
  const attendanceOf = (sessionId: string, date: string) => {
    if (!past(date)) return undefined;
    const group = groups.find((g) => sessionId.startsWith(`session-${g.id}-`))!;
    const entries = attendanceFor(sessionId, membersOf.get(group.id)!.filter((m) => isMemberOn(m, date)).map((m) => m.clientId), group.data.schedule.start);
    noteFor(sessionId, date, 'progress', group.data.facilitatorIds[0]!, entries);
    return entries;
  };
  // A year at a time: schedules are generated at most three years at once.
  let sessions = 0;
  for (let back = years - 1; back >= 0; back--) {
    const year = { from: addDays(today, -yearDays * (back + 1)), to: back === 0 ? range.to : addDays(today, -yearDays * back - 1) };
    sessions += await repos.sessions.importGenerated(groups, year, attendanceOf);
  }

  const phq9 = MEASURES.phq9.items;
  const administrations: Administration[] = [];
  const oneOffs = stints.flatMap(({ clientId, index: i, yearsBack, episodeId, from: start, to }) => {
    const records = [];
    const hour = `${14 + (i % 3)}:00`;
    const therapist = STAFF[i % 4]!.id;
    const last = to ?? range.to;
    const tag = yearsBack === 0 ? '' : `y${yearsBack}-`;
    for (let date = start, week = 0; date <= last; date = addDays(date, 1)) {
      if (isoWeekday(date) !== (i % 5) + 1) continue;
      const id = `bench-individual-${clientId}-${tag}${week}`;
      records.push({ id, kind: 'individual' as const, date, start: hour, end: `${14 + (i % 3)}:50`, title: 'Individual therapy', therapist });
      if (week % 4 === 0) records.push({ id: `bench-psychiatric-${clientId}-${tag}${week}`, kind: 'psychiatric' as const, date, start: '16:00', end: '16:30', title: 'Medication management', therapist: STAFF[4]!.id });
      // A PHQ-9 every other week, item 9 always 0 (no alert left open).
      if (week % 2 === 0 && past(date)) {
        const answers = Object.fromEntries(phq9.map((item, n) => [item.id, item.scored && n < 8 ? (week + n + i) % 3 : 0]));
        administrations.push(recordAdministration({ instrumentId: 'phq9', clientId, episodeId, date, answers, enteredBy: 'client', recordedBy: therapist }));
      }
      week++;
    }
    return records.map((r) => {
      const attendance = past(r.date) ? attendanceFor(r.id, [clientId], r.start) : undefined;
      if (attendance) noteFor(r.id, r.date, r.kind, r.therapist, attendance);
      return { id: r.id, kind: r.kind, date: r.date, start: r.start, end: r.end, timeZone: ZONE, title: r.title, clientIds: [clientId], facilitatorIds: [r.therapist], ...(attendance ? { attendance } : {}) };
    });
  });
  step('practice: individual sessions');
  sessions += await repos.sessions.importOneOffs(oneOffs);
  step('practice: measures');
  await repos.measures.importMany(administrations);
  // In chunks: one bulk write of every sealed note would hold every ciphertext in memory at once.
  for (let i = 0; i < notes.length; i += 5000) {
    step(`practice: notes ${i} of ${notes.length}`);
    await repos.notes.importMany(notes.slice(i, i + 5000));
  }
  return { clients: COHORTS * COHORT_SIZE, allClients: clients.size, sessions, notes: notes.length, measures: administrations.length, plans: stints.length, longestHistoryClientId: 'bench-client-000' };
}
