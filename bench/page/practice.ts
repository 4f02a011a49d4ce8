/**
 * A year of a 60-client IOP for the dashboard benchmark, deterministic and entirely synthetic:
 * five cohorts of 12 in four 45-minute groups every weekday (the fifth cohort adolescent), weekly
 * individual therapy, a psychiatric visit every four weeks, attendance on every past session, and a
 * note for every client present (signed, but for a few recent drafts). About 9,000 sessions and
 * 60,000 notes. Everything is stored through the repositories, sealed as real records are.
 */
import { addDays, isoWeekday } from '../../src/shared/calendar';
import type { AttendanceEntry } from '../../src/shared/attendance';
import { admit } from '../../src/shared/episodes';
import { templateFor, type Note } from '../../src/shared/notes';
import type { Membership } from '../../src/shared/roster';
import type { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import type { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import type { NoteKind, NotesRepository, StoredNote } from '../../src/renderer/src/repositories/notes';
import type { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import type { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import type { StaffRepository } from '../../src/renderer/src/repositories/staff';

const COHORTS = 5;
const COHORT_SIZE = 12;
const GROUP_STARTS = [['09:00', '09:45'], ['10:00', '10:45'], ['11:00', '11:45'], ['13:00', '13:45']] as const;
const ZONE = 'America/Chicago';
const TEXT = 'Synthetic: practised the skill in session and named a personal example for the week.';
const STAFF = ['LCSW', 'LPC', 'LMFT', 'PsyD', 'PMHNP-BC'].map((credentials, i) => ({ id: `bench-staff-${i + 1}`, credentials, displayName: `Benchstaff Synthetic${i + 1}` }));

export interface YearRepositories {
  staff: StaffRepository;
  programs: ProgramsRepository;
  clients: ClientsRepository;
  episodes: EpisodesRepository;
  sessions: SessionsRepository;
  notes: NotesRepository;
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

export async function storeYear(repos: YearRepositories, options: { today: string; adminId: string }): Promise<{ clients: number; sessions: number; notes: number }> {
  const { today } = options;
  const from = addDays(today, -364);
  const range = { from, to: addDays(today, 7) };
  await repos.staff.importMany(STAFF.map((s) => ({ id: s.id, role: 'clinician' as const, details: { displayName: s.displayName, credentials: s.credentials, needsCosignature: false } })));
  const names = new Map([...STAFF.map((s) => [s.id, s] as const), [options.adminId, { id: options.adminId, credentials: 'LCSW', displayName: 'Bench Admin' }] as const]);

  const clientIds = Array.from({ length: COHORTS * COHORT_SIZE }, (_, i) => `bench-client-${String(i).padStart(3, '0')}`);
  const cohortOf = (i: number) => Math.floor(i / COHORT_SIZE);
  const trackOf = (cohort: number) => (cohort === COHORTS - 1 ? 'bench-track-teen' : 'bench-track-adult');
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
  const memberships: Membership[] = clientIds.flatMap((clientId, i) => groups.filter((g) => g.id.startsWith(`bench-group-${cohortOf(i) + 1}-`)).map((g) => ({ id: `bench-membership-${clientId}-${g.id}`, clientId, groupId: g.id, joinedOn: from })));
  await repos.programs.importMany({
    programs: [{ id: 'bench-program', data: { name: 'Bench IOP', description: '' } }],
    tracks: [
      { id: 'bench-track-adult', programId: 'bench-program', data: { name: 'Adult skills', population: 'adult' } },
      { id: 'bench-track-teen', programId: 'bench-program', data: { name: 'Adolescent skills', population: 'adolescent' } },
    ],
    groups,
    memberships,
  });
  await repos.clients.importMany(
    clientIds.map((id, i) => ({
      id,
      status: 'active' as const,
      data: { firstName: `Benchfirst${i + 1}`, lastName: `Synthetic${pad(i + 1)}`, dateOfBirth: cohortOf(i) === COHORTS - 1 ? '2011-03-01' : '1985-03-01', flags: cohortOf(i) === 2 ? ['part2'] : [] },
    })),
  );
  await repos.episodes.importMany(clientIds.map((clientId, i) => ({ id: `bench-episode-${clientId}`, data: admit({ clientId, programId: 'bench-program', trackId: trackOf(cohortOf(i)), admittedOn: from, level: 'iop' }) })));

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
  let sessions = await repos.sessions.importGenerated(groups, range, (sessionId, date) => {
    if (!past(date)) return undefined;
    const group = groups.find((g) => sessionId.startsWith(`session-${g.id}-`))!;
    const entries = attendanceFor(sessionId, memberships.filter((m) => m.groupId === group.id).map((m) => m.clientId), group.data.schedule.start);
    noteFor(sessionId, date, 'progress', group.data.facilitatorIds[0]!, entries);
    return entries;
  });

  const oneOffs = clientIds.flatMap((clientId, i) => {
    const records = [];
    const hour = `${14 + (i % 3)}:00`;
    const therapist = STAFF[i % 4]!.id;
    for (let date = from, week = 0; date <= range.to; date = addDays(date, 1)) {
      if (isoWeekday(date) !== (i % 5) + 1) continue;
      const id = `bench-individual-${clientId}-${week}`;
      records.push({ id, kind: 'individual' as const, date, start: hour, end: `${14 + (i % 3)}:50`, title: 'Individual therapy', therapist });
      if (week % 4 === 0) records.push({ id: `bench-psychiatric-${clientId}-${week}`, kind: 'psychiatric' as const, date, start: '16:00', end: '16:30', title: 'Medication management', therapist: STAFF[4]!.id });
      week++;
    }
    return records.map((r) => {
      const attendance = past(r.date) ? attendanceFor(r.id, [clientId], r.start) : undefined;
      if (attendance) noteFor(r.id, r.date, r.kind, r.therapist, attendance);
      return { id: r.id, kind: r.kind, date: r.date, start: r.start, end: r.end, timeZone: ZONE, title: r.title, clientIds: [clientId], facilitatorIds: [r.therapist], ...(attendance ? { attendance } : {}) };
    });
  });
  sessions += await repos.sessions.importOneOffs(oneOffs);
  // In chunks: one bulk write of 60,000 sealed notes would hold every ciphertext in memory at once.
  for (let i = 0; i < notes.length; i += 5000) await repos.notes.importMany(notes.slice(i, i + 5000));
  return { clients: clientIds.length, sessions, notes: notes.length };
}
