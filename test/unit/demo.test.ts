import { describe, expect, it } from 'vitest';
import { ageOn, validateClientIdentity } from '../../src/shared/clients';
import type { DemoPractice } from '../../src/shared/demo/generate';
import { generateDemoPractice } from '../../src/shared/demo/generate';
import type { Episode } from '../../src/shared/episodes';
import { admit, changeLevel, DISCHARGE_REASONS, dischargeEpisode } from '../../src/shared/episodes';
import { findCode } from '../../src/shared/icd10';
import { groupSchema, programSchema, trackSchema } from '../../src/shared/programs';
import type { Membership } from '../../src/shared/roster';
import { membershipSchema, rosterOn } from '../../src/shared/roster';
import { generateOccurrences } from '../../src/shared/schedule';
import { isoWeekday } from '../../src/shared/calendar';
import { demoOneOffSessions } from '../../src/shared/demo/sessions';
import { ROLES } from '../../src/shared/vault-policy';
import { englishText } from '../../src/shared/messages';

const today = '2026-03-11';
const small = generateDemoPractice({ today, seed: 42 });
const large = generateDemoPractice({ today, seed: 7, clients: 2000 });
const practices: [string, DemoPractice][] = [
  ['120 clients', small],
  ['2000 clients', large],
];

const episodesOf = (practice: DemoPractice, clientId: string) => practice.episodes.filter((e) => e.clientId === clientId);
const trackOf = (practice: DemoPractice, trackId: string) => {
  const track = practice.tracks.find((t) => t.id === trackId);
  if (!track) throw new Error(`No track ${trackId}`);
  return track;
};

/** Rebuilds an episode through the real rules: any step they would refuse throws. */
function replay(e: Episode): Episode {
  let episode = admit({ clientId: e.clientId, programId: e.programId, trackId: e.trackId, admittedOn: e.admittedOn, level: e.admittedLevel, referralReason: e.referralReason });
  for (const { on, to, reason } of e.levelChanges) episode = changeLevel(episode, { on, to, reason });
  return e.discharge ? dischargeEpisode(episode, e.discharge) : episode;
}

// 25 of the commonest US first names and 25 of the commonest surnames.
const COMMON_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth',
  'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Perez', 'Thompson', 'White', 'Harris', 'Clark',
].map((name) => name.toLowerCase());

describe('generateDemoPractice', () => {
  it('is deterministic: the same options give the same practice, another seed a different one', () => {
    expect(generateDemoPractice({ today, seed: 42 })).toEqual(small);
    expect(JSON.stringify(generateDemoPractice({ today, seed: 42 }))).toBe(JSON.stringify(small));
    const other = generateDemoPractice({ today, seed: 43 });
    expect(other.clients.map((c) => c.data.lastName)).not.toEqual(small.clients.map((c) => c.data.lastName));
  });

  it('defaults to 120 clients over the past year and the next four weeks', () => {
    expect(small.range).toEqual({ from: '2025-03-12', to: '2026-04-08' });
    expect(small.clients).toHaveLength(120);
    expect(small.staff.length).toBeGreaterThanOrEqual(6);
    expect(small.staff.length).toBeLessThanOrEqual(10);
    expect(small.groups.length).toBeGreaterThanOrEqual(5);
    expect(small.groups.length).toBeLessThanOrEqual(8);
    expect(small.programs.map((p) => p.data.name)).toEqual(['Adult IOP', 'Adolescent IOP']);
    const tracks = small.tracks.map((t) => [t.programId, t.data.name, t.data.population, t.data.weeklyHoursTarget]);
    expect(tracks).toEqual([
      ['demo-program-adult', 'Depression & Anxiety', 'adult', 9],
      ['demo-program-adult', 'Co-occurring SUD', 'adult', 9],
      ['demo-program-adult', 'Trauma', 'adult', 9],
      ['demo-program-adolescent', 'Adolescent Skills', 'adolescent', 6],
    ]);
    expect(small.clients[0]?.id).toBe('demo-client-0001');
    expect(small.episodes[0]?.id).toBe('demo-episode-0001');
  });

  it.each(practices)('%s: ids are unique and the waitlist holds about a tenth of clients', (_, practice) => {
    for (const records of [practice.staff, practice.groups, practice.clients, practice.episodes, practice.memberships]) {
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    }
    const share = practice.clients.filter((c) => c.status === 'waitlist').length / practice.clients.length;
    expect(share).toBeGreaterThanOrEqual(0.08);
    expect(share).toBeLessThanOrEqual(0.2);
    expect(practice.clients.filter((c) => c.status === 'active').length).toBeGreaterThan(0);
    expect(practice.clients.filter((c) => c.status === 'discharged').length).toBeGreaterThan(practice.clients.length / 2);
  });

  it('scales a large practice with more sections of each group rather than a longer waitlist', () => {
    expect(large.clients).toHaveLength(2000);
    expect(large.groups.length).toBeGreaterThan(small.groups.length);
    expect(large.episodes.length).toBeGreaterThan(1700);
    expect(new Set(large.groups.map((g) => g.trackId)).size).toBe(4);
  });

  it.each(practices)('%s: every record passes the app’s own validators and rules', (_, practice) => {
    for (const client of practice.clients) {
      const result = validateClientIdentity(client.data, today);
      expect(result.error?.issues ?? []).toEqual([]);
      expect(result.data).toEqual(client.data);
    }
    for (const program of practice.programs) expect(programSchema.parse(program.data)).toEqual(program.data);
    for (const track of practice.tracks) expect(trackSchema.parse(track.data)).toEqual(track.data);
    for (const group of practice.groups) expect(groupSchema.parse(group.data)).toEqual(group.data);
    for (const membership of practice.memberships) expect(membershipSchema.parse(membership)).toEqual(membership);
    for (const episode of practice.episodes) expect(replay(episode.data)).toEqual(episode.data);
    for (const member of practice.staff) expect(ROLES).toContain(member.role);
  });

  it('staffs the practice like a real IOP, with pre-licensed clinicians never running a group alone', () => {
    const credentials = small.staff.map((s) => s.credentials);
    expect(credentials).toEqual(expect.arrayContaining(['LCSW', 'LPC', 'LMFT', 'PMHNP-BC', 'LPC-Associate', 'LMSW']));
    expect(small.staff.filter((s) => s.role === 'supervisor')).toHaveLength(1);
    expect(small.staff.filter((s) => s.role === 'administrator')).toHaveLength(1);
    for (const member of small.staff) expect(member.needsCosignature).toBe(/Associate|LMSW/.test(member.credentials));
    for (const group of [...small.groups, ...large.groups]) {
      const facilitators = group.data.facilitatorIds.map((id) => small.staff.find((s) => s.id === id) ?? large.staff.find((s) => s.id === id));
      expect(facilitators.every((f) => f !== undefined && f.role !== 'administrator')).toBe(true);
      expect(facilitators.some((f) => f?.needsCosignature === false)).toBe(true);
    }
  });

  it('schedules each group for its track’s weekly hours, closed on US holidays that fall on its meeting days', () => {
    for (const group of small.groups) {
      const schedule = group.data.schedule;
      if (!schedule) throw new Error(`${group.data.name} has no schedule`);
      const week = generateOccurrences(schedule, [], { from: '2025-10-06', to: '2025-10-12' });
      expect(week.reduce((sum, o) => sum + o.minutes, 0)).toBe(trackOf(small, group.trackId).data.weeklyHoursTarget * 60);
      expect(group.data.capacity).toBeGreaterThanOrEqual(8);
      expect(group.data.capacity).toBeLessThanOrEqual(12);
      expect(group.data.exceptions.length).toBeGreaterThan(0);
      for (const exception of group.data.exceptions) {
        expect(exception.kind).toBe('cancelled');
        expect(exception.date >= small.range.from && exception.date <= small.range.to).toBe(true);
        expect(generateOccurrences(schedule, [], { from: exception.date, to: exception.date })).toHaveLength(1);
      }
    }
    const thursdayGroup = small.groups.find((g) => g.data.schedule?.days.includes(4));
    expect(thursdayGroup?.data.exceptions).toContainEqual({ date: '2025-11-27', kind: 'cancelled', reason: 'Clinic closed: Thanksgiving Day' });
  });

  it.each(practices)('%s: no group is ever over capacity at a session in the range', (_, practice) => {
    let fullest = 0;
    for (const group of practice.groups) {
      const { schedule, exceptions, capacity } = group.data;
      if (!schedule) throw new Error(`${group.data.name} has no schedule`);
      const members = practice.memberships.filter((m) => m.groupId === group.id);
      const sessions = generateOccurrences(schedule, exceptions, practice.range);
      expect(sessions.length).toBeGreaterThan(100);
      for (const session of sessions) {
        const present = rosterOn(members, group.id, session.date).length;
        expect(present).toBeLessThanOrEqual(capacity);
        fullest = Math.max(fullest, present / capacity);
      }
    }
    // Realistic use, not empty rooms.
    expect(fullest).toBeGreaterThanOrEqual(0.5);
  });

  it.each(practices)('%s: each episode has one membership in a group of its track, for exactly its dates', (_, practice) => {
    const byClient = new Map<string, Membership[]>();
    for (const m of practice.memberships) byClient.set(m.clientId, [...(byClient.get(m.clientId) ?? []), m]);
    expect(practice.memberships).toHaveLength(practice.episodes.length);
    for (const episode of practice.episodes) {
      const { data } = episode;
      expect([episode.clientId, episode.programId, episode.admittedOn]).toEqual([data.clientId, data.programId, data.admittedOn]);
      expect(episode.status).toBe(data.discharge ? 'discharged' : 'active');
      expect(trackOf(practice, data.trackId).programId).toBe(data.programId);
      const memberships = byClient.get(episode.clientId) ?? [];
      expect(memberships).toHaveLength(1);
      const [membership] = memberships;
      expect(practice.groups.find((g) => g.id === membership?.groupId)?.trackId).toBe(data.trackId);
      expect(membership?.joinedOn).toBe(data.admittedOn);
      expect(membership?.leftOn).toBe(data.discharge?.on);
      expect(membership?.leaveReason).toBe(data.discharge ? englishText(DISCHARGE_REASONS[data.discharge.reason]) : undefined);
      expect(data.admittedOn >= practice.range.from && data.admittedOn <= today).toBe(true);
      if (data.discharge) expect(data.discharge.on <= today).toBe(true);
      for (const change of data.levelChanges) expect(change.on <= today).toBe(true);
    }
  });

  it.each(practices)('%s: client statuses agree with their episodes and the waitlist', (_, practice) => {
    for (const client of practice.clients) {
      const episodes = episodesOf(practice, client.id);
      if (client.status === 'waitlist') {
        expect(episodes).toEqual([]);
        const waitlist = client.data.waitlist;
        expect(waitlist).toBeDefined();
        expect(waitlist?.attempts.length).toBeLessThanOrEqual(3);
        const dates = [waitlist?.addedOn, ...(waitlist?.attempts.map((a) => a.on) ?? []), today];
        expect(dates).toEqual([...dates].sort());
      } else {
        expect(client.data.waitlist).toBeUndefined();
        expect(episodes.length).toBeGreaterThan(0);
        const open = episodes.filter((e) => e.status === 'active');
        expect(open).toHaveLength(client.status === 'active' ? 1 : 0);
      }
    }
  });

  it.each(practices)('%s: ages match the track: adolescents 13 to 17 today, adults 18 or over on admission', (_, practice) => {
    for (const client of practice.clients) {
      const age = ageOn(client.data.dateOfBirth, today);
      const [episode] = episodesOf(practice, client.id);
      // A waitlisted client's track is not recorded, only that they are old enough for one.
      if (!episode) {
        expect(age).toBeGreaterThanOrEqual(13);
        continue;
      }
      const population = trackOf(practice, episode.data.trackId).data.population;
      const ageOnAdmission = ageOn(client.data.dateOfBirth, episode.admittedOn);
      if (population === 'adolescent') {
        expect(age).toBeGreaterThanOrEqual(13);
        expect(age).toBeLessThanOrEqual(17);
        expect(ageOnAdmission).toBeGreaterThanOrEqual(13);
      } else {
        expect(ageOnAdmission).toBeGreaterThanOrEqual(18);
        expect(age).toBeLessThan(70);
      }
    }
  });

  it.each(practices)('%s: 1 to 3 real ICD-10 diagnoses matching the track, and Part 2 on SUD records', (_, practice) => {
    for (const client of practice.clients) {
      const { diagnoses, flags } = client.data;
      expect(diagnoses.length).toBeGreaterThanOrEqual(1);
      expect(diagnoses.length).toBeLessThanOrEqual(3);
      expect(diagnoses.map((d) => d.primary)).toEqual(diagnoses.map((_, i) => i === 0));
      for (const d of diagnoses) expect(findCode(d.code)?.label).toBe(d.label);
      const [episode] = episodesOf(practice, client.id);
      if (!episode) continue;
      const sud = episode.data.trackId === 'demo-track-sud';
      expect(flags).toEqual(sud ? ['part2'] : []);
      if (sud) {
        expect(['F10.20', 'F11.20']).toContain(diagnoses[0]?.code);
        expect(diagnoses.some((d) => !d.code.startsWith('F1'))).toBe(true);
      } else {
        expect(diagnoses.some((d) => /^F1[0-9]/.test(d.code))).toBe(false);
      }
      if (episode.data.trackId === 'demo-track-trauma') expect(diagnoses[0]?.code).toMatch(/^F43\.1/);
    }
  });

  it('tells a clinically plausible story: IOP admissions, PHP step-downs, tapers, step-ups and aftercare', () => {
    const episodes = large.episodes.map((e) => e.data);
    const share = (predicate: (e: Episode) => boolean) => episodes.filter(predicate).length / episodes.length;
    expect(share((e) => e.admittedLevel === 'iop')).toBeGreaterThan(0.75);
    expect(share((e) => e.admittedLevel === 'php' && e.levelChanges[0]?.to === 'iop')).toBeGreaterThan(0.05);
    expect(share((e) => e.levelChanges.some((c) => c.to === 'outpatient'))).toBeGreaterThan(0.05);
    expect(share((e) => e.discharge?.reason === 'stepped-up' && e.levelChanges.at(-1)?.to === 'inpatient')).toBeGreaterThan(0.02);

    const discharged = episodes.filter((e) => e.discharge !== null);
    const completed = discharged.filter((e) => e.discharge?.reason === 'completed');
    expect(completed.length / discharged.length).toBeGreaterThan(0.5);
    for (const e of completed) {
      expect(e.discharge?.aftercare.referrals.length).toBeGreaterThan(0);
      expect(e.discharge?.aftercare.relapsePreventionPlan).toContain('988');
    }
    expect(completed.filter((e) => e.discharge?.aftercare.alumniGroup).length / completed.length).toBeGreaterThan(0.5);
    for (const e of discharged) {
      const weeks = (Date.parse(e.discharge?.on ?? '') - Date.parse(e.admittedOn)) / (7 * 86_400_000);
      expect(weeks).toBeGreaterThan(0);
      expect(weeks).toBeLessThanOrEqual(13);
      if (e.discharge?.reason === 'completed') expect(weeks).toBeGreaterThanOrEqual(5);
    }
  });

  it.each(practices)('%s: names are obviously synthetic and contact details clearly fake', (_, practice) => {
    const names = [
      ...practice.staff.flatMap((s) => s.displayName.split(' ')),
      ...practice.clients.flatMap((c) => [c.data.firstName, c.data.lastName, c.data.preferredName, ...c.data.emergencyContact.name.split(' ')]),
    ]
      .filter((name) => name !== '')
      .map((name) => name.toLowerCase());
    expect(names.length).toBeGreaterThan(practice.clients.length * 4);
    // Longer common names must not hide inside a synthetic one either ('Thompsonaby').
    expect(names.filter((name) => COMMON_NAMES.some((common) => name === common || (common.length >= 5 && name.includes(common))))).toEqual([]);
    const phones = practice.clients.flatMap((c) => [c.data.phone, c.data.emergencyContact.phone]);
    expect(phones.filter((phone) => !/^\(\d{3}\) 555-01\d\d$/.test(phone))).toEqual([]);
    const emails = practice.clients.map((c) => c.data.email).filter((email) => email !== '');
    expect(emails.length).toBeGreaterThan(practice.clients.length / 2);
    expect(emails.filter((email) => !email.endsWith('@example.org'))).toEqual([]);
  });
});

describe('demo individual and psychiatric sessions', () => {
  const demo = generateDemoPractice({ today: '2026-11-26', clients: 200 });
  const sessions = demoOneOffSessions(demo);

  it('fall on weekdays, inside each episode and the range, with unique ids', () => {
    const episodes = new Map(demo.episodes.map((e) => [e.clientId, e]));
    expect(new Set(sessions.map((s) => s.id)).size).toBe(sessions.length);
    for (const s of sessions) {
      expect(isoWeekday(s.date), s.id).toBeLessThanOrEqual(5);
      const episode = episodes.get(s.clientId)!;
      expect(s.date >= episode.admittedOn && s.date <= (episode.data.discharge?.on ?? demo.range.to)).toBe(true);
      expect(s.date >= demo.range.from && s.date <= demo.range.to).toBe(true);
      expect(s.end > s.start).toBe(true);
    }
  });

  it('give every episode weekly individual therapy and a psychiatric evaluation first', () => {
    for (const episode of demo.episodes.filter((e) => e.data.discharge && e.admittedOn >= demo.range.from)) {
      const own = sessions.filter((s) => s.clientId === episode.clientId);
      const weeks = Math.floor((Date.parse(episode.data.discharge!.on) - Date.parse(episode.admittedOn)) / (7 * 86_400_000));
      expect(own.filter((s) => s.kind === 'individual').length, episode.id).toBeGreaterThanOrEqual(weeks - 1);
      expect(own.find((s) => s.kind === 'psychiatric')?.end, episode.id).toBe('11:00');
    }
  });
});
