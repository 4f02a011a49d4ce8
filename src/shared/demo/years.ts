/**
 * The demo's multi-year practice (`npm run demo -- --years 5`), and the one the bench measures: a
 * 60-client IOP over `years` years, deterministic and entirely synthetic. Five cohorts of 12 in four
 * 45-minute groups every weekday (the fifth cohort adolescent), weekly individual therapy, a
 * psychiatric visit every four weeks, attendance on every past session, a note for every client
 * present (signed, but for a few recent drafts), a PHQ-9 every two weeks and a treatment plan per
 * episode. About 60 clients are in programme at a time: each year cohorts 2–5 are new clients
 * (earlier ones discharged), while cohort 1 is readmitted every year, so its clients have years of
 * history. One year is about 9,300 sessions and 58,000 notes. `scale` shortens every year (a quick
 * run). Pure: src/renderer/src/demo/load-demo.ts stores it through the repositories' bulk imports.
 */
import type { AttendanceEntry } from '../attendance';
import { addDays, isoWeekday } from '../calendar';
import { admit, dischargeEpisode, type Episode } from '../episodes';
import { MEASURES, recordAdministration, type Administration } from '../measures';
import { templateFor, type Note } from '../notes';
import { createPlan, type PlanVersion } from '../plans';
import type { Group } from '../programs';
import { isMemberOn, type Membership } from '../roster';
import { generateOccurrences, groupSessionId, type DateRange } from '../schedule';

const COHORTS = 5;
const COHORT_SIZE = 12;
const GROUP_STARTS = [['09:00', '09:45'], ['10:00', '10:45'], ['11:00', '11:45'], ['13:00', '13:45']] as const;
const ZONE = 'America/Chicago';
const TEXT = 'Synthetic: practised the skill in session and named a personal example for the week.';
const STAFF = ['LCSW', 'LPC', 'LMFT', 'PsyD', 'PMHNP-BC'].map((credentials, i) => ({ id: `bench-staff-${i + 1}`, credentials, displayName: `Benchstaff Synthetic${i + 1}` }));

export interface YearsOptions {
  /** YYYY-MM-DD: the practice as it stands on this day. */
  today: string;
  /** The practice's administrator (already stored): leads the first cohort, so "My day" has sessions. */
  adminId: string;
  years: number;
  /** 0–1: each year shortened to `scale` of 364 days (at least a week). Default 1. */
  scale?: number;
}

type OneOffKind = 'individual' | 'psychiatric';

export interface YearsPractice {
  staff: { id: string; role: 'clinician'; details: { displayName: string; credentials: string; needsCosignature: boolean } }[];
  programme: {
    programs: { id: string; data: { name: string; description: string } }[];
    tracks: { id: string; programId: string; data: { name: string; population: 'adult' | 'adolescent' } }[];
    groups: { id: string; programId: string; trackId: string; data: Group & { schedule: NonNullable<Group['schedule']> } }[];
    memberships: Membership[];
  };
  clients: { id: string; status: 'active' | 'discharged'; data: { firstName: string; lastName: string; dateOfBirth: string; flags: string[] } }[];
  episodes: { id: string; data: Episode }[];
  plans: PlanVersion[];
  /** Group sessions are generated from the groups' schedules a year at a time (a schedule generates at most three at once). */
  sessionYears: DateRange[];
  /** How many group sessions those years generate. */
  groupSessions: number;
  /** The attendance of each past group session, by its id. */
  groupAttendance: Map<string, AttendanceEntry[]>;
  oneOffs: { id: string; kind: OneOffKind; date: string; start: string; end: string; timeZone: string; title: string; clientIds: string[]; facilitatorIds: string[]; attendance?: AttendanceEntry[] }[];
  administrations: Administration[];
  notes: { sessionId: string; clientId: string; date: string; kind: 'progress' | OneOffKind; authorId: string; stored: { note: Note } }[];
  /** Clients in programme today. */
  inProgramme: number;
  /** A client of cohort 1, in programme every year: the chart with the longest history. */
  longestHistoryClientId: string;
}

export type YearsPracticeCounts = Record<'staff' | 'programs' | 'clients' | 'episodes' | 'sessions' | 'notes' | 'plans', number>;

/** Documents per collection once stored (before the audit trail records the import). */
export function yearsPracticeCounts(practice: YearsPractice): YearsPracticeCounts {
  const { programs, tracks, groups, memberships } = practice.programme;
  return {
    staff: practice.staff.length,
    programs: programs.length + tracks.length + groups.length + memberships.length,
    clients: practice.clients.length,
    episodes: practice.episodes.length,
    sessions: practice.groupSessions + practice.oneOffs.length,
    notes: practice.notes.length,
    // Measures are kept beside the plans.
    plans: practice.plans.length + practice.administrations.length,
  };
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

export function generateYearsPractice(options: YearsOptions): YearsPractice {
  const { today, years } = options;
  if (!Number.isInteger(years) || years < 1) throw new Error('A practice needs one year or more');
  const yearDays = Math.max(7, Math.round(364 * (options.scale ?? 1)));
  const from = addDays(today, -yearDays * years);
  const range = { from, to: addDays(today, 7) };
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
  const clients = new Map(stints.map((stint) => [stint.clientId, stint]));
  const aftercare = { referrals: ['Synthetic outpatient referral'], relapsePreventionPlan: 'Synthetic relapse prevention plan.', alumniGroup: false, followUpOn: '' as const };

  // Who attends what, decided once: the notes follow the attendance.
  const notes: YearsPractice['notes'] = [];
  const noteFor = (sessionId: string, date: string, kind: YearsPractice['notes'][number]['kind'], authorId: string, entries: AttendanceEntry[]) => {
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

  // Group sessions: the occurrences the sessions repository will generate from the same schedules, in the same order.
  const sessionYears: DateRange[] = [];
  for (let back = years - 1; back >= 0; back--) sessionYears.push({ from: addDays(today, -yearDays * (back + 1)), to: back === 0 ? range.to : addDays(today, -yearDays * back - 1) });
  const groupAttendance = new Map<string, AttendanceEntry[]>();
  let groupSessions = 0;
  for (const year of sessionYears) {
    for (const group of groups) {
      for (const occurrence of generateOccurrences(group.data.schedule, group.data.exceptions, year)) {
        groupSessions++;
        if (!past(occurrence.date)) continue;
        const sessionId = groupSessionId(group.id, occurrence.key);
        const members = membersOf.get(group.id)!.filter((m) => isMemberOn(m, occurrence.date)).map((m) => m.clientId);
        const entries = attendanceFor(sessionId, members, group.data.schedule.start);
        noteFor(sessionId, occurrence.date, 'progress', group.data.facilitatorIds[0]!, entries);
        groupAttendance.set(sessionId, entries);
      }
    }
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

  return {
    staff: STAFF.map((s) => ({ id: s.id, role: 'clinician' as const, details: { displayName: s.displayName, credentials: s.credentials, needsCosignature: false } })),
    programme: {
      programs: [{ id: 'bench-program', data: { name: 'Bench IOP', description: '' } }],
      tracks: [
        { id: 'bench-track-adult', programId: 'bench-program', data: { name: 'Adult skills', population: 'adult' } },
        { id: 'bench-track-teen', programId: 'bench-program', data: { name: 'Adolescent skills', population: 'adolescent' } },
      ],
      groups,
      memberships,
    },
    clients: [...clients.values()].map(({ clientId, index, yearsBack }) => ({
      id: clientId,
      status: yearsBack === 0 || cohortOf(index) === 0 ? ('active' as const) : ('discharged' as const),
      data: {
        firstName: `Benchfirst${index + 1}`,
        lastName: yearsBack === 0 || cohortOf(index) === 0 ? `Synthetic${pad(index + 1)}` : `Synthetic${pad(index + 1)}y${yearsBack}`,
        dateOfBirth: cohortOf(index) === COHORTS - 1 ? '2011-03-01' : '1985-03-01',
        flags: cohortOf(index) === 2 ? ['part2'] : [],
      },
    })),
    episodes: stints.map((stint) => {
      const admitted = admit({ clientId: stint.clientId, programId: 'bench-program', trackId: trackOf(cohortOf(stint.index)), admittedOn: stint.from, level: 'iop' });
      return { id: stint.episodeId, data: stint.to ? dischargeEpisode(admitted, { on: stint.to, reason: 'completed', summary: '', aftercare }) : admitted };
    }),
    plans: stints.map((stint) => createPlan({ planId: `bench-plan-${stint.episodeId}`, clientId: stint.clientId, episodeId: stint.episodeId, effectiveOn: stint.from })),
    sessionYears,
    groupSessions,
    groupAttendance,
    oneOffs,
    administrations,
    notes,
    inProgramme: COHORTS * COHORT_SIZE,
    longestHistoryClientId: 'bench-client-000',
  };
}
