import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { dashboard$ } from '../../src/renderer/src/features/dashboard/figures';
import { buildBillingExport, part2NoticeFile } from '../../src/renderer/src/features/reports/billing-export';
import { ClientsRepository } from '../../src/renderer/src/repositories/clients';
import { ContactsRepository } from '../../src/renderer/src/repositories/contacts';
import { EpisodesRepository } from '../../src/renderer/src/repositories/episodes';
import { defaultRules } from '../../src/shared/billing';
import { NotesRepository } from '../../src/renderer/src/repositories/notes';
import { PrivateNotesRepository } from '../../src/renderer/src/repositories/private-notes';
import { TEST_AUTHOR_PASSPHRASE, testAuthorKeys } from './support/author-keys';
import { ProgramsRepository } from '../../src/renderer/src/repositories/programs';
import { SessionsRepository } from '../../src/renderer/src/repositories/sessions';
import { SettingsRepository } from '../../src/renderer/src/repositories/settings';
import { AuthorizationsRepository } from '../../src/renderer/src/repositories/authorizations';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { DEFAULT_SERVICE_CODES } from '../../src/shared/exports';
import type { Note } from '../../src/shared/notes';
import { groupSchema } from '../../src/shared/programs';
import type { WeeklySchedule } from '../../src/shared/schedule';
import { testKeySource } from './support/keys';

/** Wednesday 2026-03-04, midday UTC. */
const NOW = Date.UTC(2026, 2, 4, 12);
const WEEK = { from: '2026-03-02', to: '2026-03-08' };
/** Mon/Wed/Fri 09:00–12:00: 3 hours a session, the adult target of 9 a week if every one is attended. */
const SCHEDULE: WeeklySchedule = { timeZone: 'America/Chicago', days: [1, 3, 5], start: '09:00', end: '12:00', startsOn: '2026-03-02' };
const FACILITATOR = { id: 'staff-facil', role: 'clinician' as const, details: { displayName: 'Facil Synthetic', credentials: 'LCSW', needsCosignature: false } };
const SIGNER = { staffId: FACILITATOR.id, name: 'Facil Synthetic', credentials: 'LCSW', needsCosignature: false };
const COMPLETE = { goal: 'Synthetic goal', intervention: 'Synthetic intervention', response: 'Synthetic response', plan: 'Synthetic plan', participation: 'Participated', affect: 'Euthymic', risk: 'No risk indicators observed' };
const PSYCHOTHERAPY_SECRET = 'Synthetic process note Quizzlewump';
const identity = (firstName: string) => ({ firstName, lastName: 'Syntheticson', dateOfBirth: '1980-05-05' });

let counter = 0;

describe('attendance, hours, exports and the dashboard on RxDB + Dexie (fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let repos: {
    staff: StaffRepository;
    programs: ProgramsRepository;
    sessions: SessionsRepository;
    clients: ClientsRepository;
    contacts: ContactsRepository;
    episodes: EpisodesRepository;
    notes: NotesRepository;
    settings: SettingsRepository;
    authorizations: AuthorizationsRepository;
  };
  let privateNotes: PrivateNotesRepository;
  /** The ids of the group's sessions, by date. */
  const sessionsOf = async (groupId: string) => new Map((await db.sessions.find({ selector: { groupId } }).exec()).map((d) => [d.date, d.id]));

  beforeEach(async () => {
    db = await openDatabase({ name: `reports-${++counter}-${crypto.randomUUID()}`, validate: true });
    const keys = await testKeySource();
    const now = () => NOW;
    const settings = new SettingsRepository(db.settings, keys, now);
    repos = {
      authorizations: new AuthorizationsRepository(db.plans, keys, db.settings, now),
      staff: new StaffRepository(db.staff, keys, now),
      programs: new ProgramsRepository(db.programs, keys, now),
      sessions: new SessionsRepository(db.sessions, keys, now),
      clients: new ClientsRepository(db.clients, keys, now),
      contacts: new ContactsRepository(db.clients, keys, now),
      episodes: new EpisodesRepository(db.episodes, keys, now),
      notes: new NotesRepository(db.notes, keys, now),
      settings,
    };
    const { authorKeys } = await testAuthorKeys(db.settings, keys);
    await authorKeys.unlocked({ profileId: FACILITATOR.id, passphrase: TEST_AUTHOR_PASSPHRASE });
    privateNotes = new PrivateNotesRepository(db.privateNotes, keys, { currentProfile: () => ({ id: FACILITATOR.id }) }, authorKeys);
  });
  afterEach(async () => {
    await db.remove();
  });

  /**
   * A programme, an adult track (9 h) and a Mon/Wed/Fri group led by the facilitator, with clients a
   * and b admitted on Monday. Short ids: a note's id joins its session's and client's, within the
   * schema's 64 characters (validation is on in tests).
   */
  async function programme(): Promise<string> {
    await repos.staff.importMany([FACILITATOR]);
    await repos.clients.importMany([
      { id: 'client-a', status: 'active', data: identity('Alpha') },
      { id: 'client-b', status: 'active', data: identity('Beta') },
    ]);
    const group = { id: 'group-g', programId: 'program-p', trackId: 'track-t', data: groupSchema.parse({ name: 'Synthetic group', facilitatorIds: [FACILITATOR.id], schedule: SCHEDULE }) };
    await repos.programs.importMany({
      programs: [{ id: 'program-p', data: { name: 'Synthetic IOP' } }],
      tracks: [{ id: 'track-t', programId: 'program-p', data: { name: 'Synthetic adults', population: 'adult' } }],
      groups: [group],
      memberships: ['client-a', 'client-b'].map((clientId) => ({ id: `membership-${clientId}`, clientId, groupId: group.id, joinedOn: WEEK.from })),
    });
    for (const clientId of ['client-a', 'client-b']) await repos.episodes.admit({ clientId, programId: 'program-p', trackId: 'track-t', admittedOn: WEEK.from, level: 'iop' });
    await repos.sessions.generateForGroup(group.id, group.data, WEEK);
    return group.id;
  }

  it('imports sessions with their attendance, checked as when it is recorded', async () => {
    const group = { id: 'group-x', data: groupSchema.parse({ name: 'Synthetic group', facilitatorIds: [FACILITATOR.id], schedule: SCHEDULE }) };
    const late = [{ clientId: 'client-a', status: 'late' as const, arrivedAt: '09:30' }];
    expect(await repos.sessions.importGenerated([group], WEEK, (_id, date) => (date === '2026-03-02' ? late : undefined))).toBe(3);
    expect((await repos.sessions.get('session-group-x-2026-03-02'))?.data.attendance).toEqual(late);
    expect((await repos.sessions.get('session-group-x-2026-03-04'))?.data.attendance).toBeUndefined();
    await expect(repos.sessions.importGenerated([{ ...group, id: 'group-y' }], WEEK, () => [{ clientId: 'client-a', status: 'late', arrivedAt: '13:00' }])).rejects.toThrow('Arrival 13:00 is outside the session (09:00–12:00)');

    const oneOff = { id: 'session-one', kind: 'individual' as const, date: '2026-03-03', start: '13:00', end: '13:50', timeZone: 'America/Chicago', title: 'Synthetic individual', clientIds: ['client-a'], facilitatorIds: [FACILITATOR.id] };
    expect(await repos.sessions.importOneOffs([{ ...oneOff, attendance: [{ clientId: 'client-a', status: 'absent-excused' }] }])).toBe(1);
    expect((await repos.sessions.get('session-one'))?.data.attendance).toEqual([{ clientId: 'client-a', status: 'absent-excused' }]);
    await expect(repos.sessions.importOneOffs([{ ...oneOff, id: 'session-two', attendance: [{ clientId: 'client-a', status: 'present', minutes: 90 }] }])).rejects.toThrow("90 minutes is more than the session's 50");
  });

  it('tells which notes are signed from their plaintext status alone, and imports notes checked against the note schema', async () => {
    const signed: Note = { templateId: 'GIRP', fields: COMPLETE, goalIds: [], status: 'signed', signature: { by: SIGNER.staffId, name: SIGNER.name, credentials: SIGNER.credentials, at: '2026-03-02T20:00:00.000Z' } };
    const draft: Note = { templateId: 'GIRP', fields: { goal: 'Synthetic half-written goal' }, goalIds: [], status: 'draft' };
    const base = { sessionId: 'session-s', date: '2026-03-02', kind: 'progress' as const, authorId: FACILITATOR.id };
    expect(await repos.notes.importMany([{ ...base, clientId: 'client-a', stored: { note: signed } }, { ...base, clientId: 'client-b', stored: { note: draft } }])).toBe(2);
    expect(await repos.notes.signedAmong([await repos.notes.idOf('session-s', 'client-a'), await repos.notes.idOf('session-s', 'client-b'), await repos.notes.idOf('session-s', 'client-nobody')])).toEqual(new Set([await repos.notes.idOf('session-s', 'client-a')]));
    expect((await firstValueFrom(repos.notes.due$())).map((n) => n.clientId)).toEqual(['client-b']);
    const unsigned = { ...signed, signature: undefined };
    await expect(repos.notes.importMany([{ ...base, clientId: 'client-c', stored: { note: unsigned } }])).rejects.toThrow('A signed note needs its signature');
  });

  it('lists every client’s releases of information', async () => {
    for (const clientId of ['client-a', 'client-b']) {
      const contact = await repos.contacts.addContact(clientId, { name: 'Synthetic Contact', relationship: 'Sibling' });
      await repos.contacts.recordRelease(clientId, { contactId: contact.id, scopes: ['attendance'], purpose: 'Synthetic purpose', signedOn: '2026-03-01', expiresOn: '2026-12-31' });
    }
    expect((await repos.contacts.allReleases()).map((r) => r.clientId).sort()).toEqual(['client-a', 'client-b']);
  });

  it('exports a week for billing: facilitators, signed notes, Part 2 from a substance-use release, unrecorded sessions named, and nothing of psychotherapy notes', async () => {
    const ids = await sessionsOf(await programme());
    const session = (date: string) => ids.get(date)!;
    await repos.sessions.recordAttendance(session('2026-03-02'), [{ clientId: 'client-a', status: 'present' }, { clientId: 'client-b', status: 'absent-unexcused' }], { capacity: 12 });
    await repos.sessions.recordAttendance(session('2026-03-04'), [{ clientId: 'client-a', status: 'late', arrivedAt: '09:30' }, { clientId: 'client-b', status: 'present' }], { capacity: 12 });
    await repos.notes.saveDraft({ sessionId: session('2026-03-02'), clientId: 'client-a', date: '2026-03-02', kind: 'progress', templateId: 'GIRP', authorId: FACILITATOR.id }, { fields: COMPLETE });
    await repos.notes.sign(await repos.notes.idOf(session('2026-03-02'), 'client-a'), SIGNER, '2026-03-02T20:00:00.000Z');
    await privateNotes.save({ sessionId: session('2026-03-02'), clientId: 'client-a', date: '2026-03-02', kind: 'psychotherapy' }, PSYCHOTHERAPY_SECRET);
    const contact = await repos.contacts.addContact('client-b', { name: 'Synthetic Sponsor', relationship: 'Sponsor' });
    await repos.contacts.recordRelease('client-b', { contactId: contact.id, scopes: ['substance-use'], purpose: 'Synthetic purpose', signedOn: '2026-03-01', expiresOn: '2026-12-31' });

    const result = await buildBillingExport(repos, { range: WEEK, kind: 'services', identifier: 'client-id', includeAbsences: false, mapping: DEFAULT_SERVICE_CODES, today: '2026-03-07' });
    expect(result.csv.split('\r\n').slice(1, -1)).toEqual([
      'client-a,2026-03-02,09:00,12:00,180,180,Group therapy,90853,1,"Facil Synthetic, LCSW",Present,Yes',
      'client-a,2026-03-04,09:00,12:00,150,180,Group therapy,90853,2,"Facil Synthetic, LCSW",Arrived late,No',
      'client-b,2026-03-04,09:00,12:00,180,180,Group therapy,90853,2,"Facil Synthetic, LCSW",Present,No',
    ]);
    expect(result.fileName).toBe('waypoint-services-2026-03-02-to-2026-03-08.csv');
    expect(result.containsPart2).toBe(true);
    expect(result.noticeFileName).toBe('waypoint-services-2026-03-02-to-2026-03-08-42-CFR-Part-2-notice.txt');
    // Client b is a Part 2 record by its substance-use release: the one whose consent the gate checks.
    expect(result.part2Clients.map((c) => c.id)).toEqual(['client-b']);
    expect(part2NoticeFile(result.fileName, '2026-03-07', [])).toContain('This notice accompanies the file waypoint-services-2026-03-02-to-2026-03-08.csv');
    expect(result.warnings).toEqual([`Attendance not taken, not exported: 2026-03-06 09:00 Group therapy (session ${session('2026-03-06')})`]);
    expect(result.csv).not.toContain('Quizzlewump');

    const days = await buildBillingExport(repos, { range: { from: '2026-03-02', to: '2026-03-03' }, kind: 'days', identifier: 'name', includeAbsences: false, mapping: DEFAULT_SERVICE_CODES, today: '2026-03-07' });
    // Only client a attended that Monday, and client a is not a Part 2 record: no notice.
    expect(days.csv).toBe('Client name,Date,Services,Minutes attended,Service types,Day,Per-diem code\r\n"Syntheticson, Alpha",2026-03-02,1,180,Group therapy,Fewer than 3 services,S9480\r\n');
    expect(days.noticeFileName).toBeNull();
    expect(days.part2Clients).toEqual([]);
  });

  it('exports claim lines through the billing gate: refuses an unsigned note, flags a service outside the authorization and a client with no payer, with the reasons in the file', async () => {
    const ids = await sessionsOf(await programme());
    const session = (date: string) => ids.get(date)!;
    await repos.sessions.recordAttendance(session('2026-03-02'), [{ clientId: 'client-a', status: 'present' }, { clientId: 'client-b', status: 'present' }], { capacity: 12 });
    await repos.sessions.recordAttendance(session('2026-03-04'), [{ clientId: 'client-a', status: 'present' }, { clientId: 'client-b', status: 'absent-excused' }], { capacity: 12 });
    for (const [date, clientId] of [['2026-03-02', 'client-a'], ['2026-03-04', 'client-a']] as const) {
      await repos.notes.saveDraft({ sessionId: session(date), clientId, date, kind: 'progress', templateId: 'GIRP', authorId: FACILITATOR.id }, { fields: COMPLETE });
      await repos.notes.sign(await repos.notes.idOf(session(date), clientId), SIGNER, `${date}T20:00:00.000Z`);
    }
    // A plan that pays group psychotherapy on its own (the per-diem bundling has its own unit test).
    const payer = await repos.authorizations.savePayer({ name: 'Synthetic Health Plan', kind: 'commercial', rules: { ...defaultRules('commercial'), perDiemBundlesGroup: false, perDiem: null } });
    await repos.authorizations.add({
      clientId: 'client-a',
      episodeId: 'episode-a',
      payerId: payer.id,
      number: 'AUTH-SYNTH-1',
      authorizedLevel: 'iop',
      levelDifferenceReason: '',
      units: 10,
      frequency: '',
      startOn: '2026-03-01',
      endOn: '2026-03-03',
      nextReviewOn: '',
      reviewType: 'initial',
      status: 'approved',
      careManager: { name: '', phone: '' },
      covers: ['group'],
      reviews: {},
      certifications: {},
      notes: '',
    });
    // From Tuesday: Monday's service still used the authorization's first unit, and is not listed.
    const claims = await buildBillingExport(repos, { range: { from: '2026-03-01', to: '2026-03-08' }, kind: 'claims', identifier: 'client-id', includeAbsences: false, mapping: DEFAULT_SERVICE_CODES, today: '2026-03-07' });
    expect(claims.fileName).toBe('waypoint-claims-2026-03-01-to-2026-03-08.csv');
    const rows = claims.csv.split('\r\n').slice(1, -1).map((row) => row.split(',').slice(0, 5).concat(row.split(',').slice(11)).join(','));
    expect(rows).toEqual([
      'client-a,2026-03-02,09:00,180,90853,Synthetic Health Plan,AUTH-SYNTH-1,Ready,',
      'client-b,2026-03-02,09:00,180,,,,Not billable,No signed note for this service; No payer on file for this client',
      'client-a,2026-03-04,09:00,180,90853,Synthetic Health Plan,,Review,Outside any approved authorization with Synthetic Health Plan on 2026-03-04',
    ]);
    expect(claims.warnings).toContain('2026-03-02 09:00: Not billable: No signed note for this service; No payer on file for this client');
  });

  it('codes a psychiatric visit and its psychotherapy add-on from the signed note, and writes one per-diem line for a day that meets the payer’s rule', async () => {
    const monday = (await sessionsOf(await programme())).get('2026-03-02')!;
    await repos.sessions.recordAttendance(monday, [{ clientId: 'client-a', status: 'present' }, { clientId: 'client-b', status: 'present' }], { capacity: 12 });
    await repos.sessions.importOneOffs([
      { id: 'session-psy', kind: 'psychiatric', date: '2026-03-02', start: '13:00', end: '13:45', timeZone: 'America/Chicago', title: 'Synthetic medication visit', clientIds: ['client-a'], facilitatorIds: [FACILITATOR.id], attendance: [{ clientId: 'client-a', status: 'present' }] },
    ]);
    for (const clientId of ['client-a', 'client-b']) {
      await repos.notes.saveDraft({ sessionId: monday, clientId, date: '2026-03-02', kind: 'progress', templateId: 'GIRP', authorId: FACILITATOR.id }, { fields: COMPLETE });
      await repos.notes.sign(await repos.notes.idOf(monday, clientId), SIGNER, '2026-03-02T20:00:00.000Z');
    }
    const visit = { reason: 'Synthetic follow-up', history: 'Synthetic history', mentalStatus: 'Synthetic exam', risk: 'No risk indicators observed', assessment: 'Synthetic assessment', plan: 'Synthetic plan' };
    await repos.notes.saveDraft({ sessionId: 'session-psy', clientId: 'client-a', date: '2026-03-02', kind: 'psychiatric', templateId: 'psychiatric', authorId: FACILITATOR.id }, { fields: { ...visit, emCode: '99214', psychotherapyMinutes: 'twenty' } });
    await expect(repos.notes.sign(await repos.notes.idOf('session-psy', 'client-a'), SIGNER, '2026-03-02T20:00:00.000Z')).rejects.toThrow('Psychotherapy minutes must be a whole number from 0 to 240');
    await repos.notes.saveDraft({ sessionId: 'session-psy', clientId: 'client-a', date: '2026-03-02', kind: 'psychiatric', templateId: 'psychiatric', authorId: FACILITATOR.id }, { fields: { psychotherapyMinutes: '20' } });
    await repos.notes.sign(await repos.notes.idOf('session-psy', 'client-a'), SIGNER, '2026-03-02T20:00:00.000Z');
    // The commercial default: S9480 for a day of 3 hours or more, group psychotherapy inside it.
    const payer = await repos.authorizations.savePayer({ name: 'Synthetic Health Plan', kind: 'commercial', rules: { ...defaultRules('commercial'), requiresAuthorization: false } });
    await repos.authorizations.add({
      clientId: 'client-a',
      episodeId: 'episode-a',
      payerId: payer.id,
      number: '',
      authorizedLevel: 'iop',
      levelDifferenceReason: '',
      units: 10,
      frequency: '',
      startOn: '2026-03-01',
      endOn: '2026-03-14',
      nextReviewOn: '',
      reviewType: 'initial',
      status: 'approved',
      careManager: { name: '', phone: '' },
      covers: ['group', 'psychiatric'],
      reviews: {},
      certifications: {},
      notes: '',
    });
    const claims = await buildBillingExport(repos, { range: { from: '2026-03-02', to: '2026-03-02' }, kind: 'claims', identifier: 'client-id', includeAbsences: false, mapping: DEFAULT_SERVICE_CODES, today: '2026-03-07' });
    const rows = claims.csv.split('\r\n').slice(1, -1).map((row) => { const cells = row.split(','); return [cells[0], cells[2], cells[3], cells[4], cells[10], cells[13], cells[14]].join(','); });
    expect(rows).toEqual([
      'client-a,09:00,180,,,Not billable,Group psychotherapy is part of the per diem (S9480) billed for this day',
      'client-a,09:00,225,S9480,Group therapy 09:00; Psychiatric visit 13:00,Ready,',
      'client-b,09:00,180,90853,,Review,No payer on file for this client',
      'client-a,13:00,45,99214,,Ready,',
      'client-a,13:00,20,90833,,Ready,',
    ]);
  });

  it('computes the dashboard: today’s sessions, notes due with their age, and whose hours this week are at risk', async () => {
    const ids = await sessionsOf(await programme());
    const monday = ids.get('2026-03-02')!;
    await repos.sessions.recordAttendance(monday, [{ clientId: 'client-a', status: 'present' }, { clientId: 'client-b', status: 'absent-excused' }], { capacity: 12 });
    await repos.notes.saveDraft({ sessionId: monday, clientId: 'client-a', date: '2026-03-02', kind: 'progress', templateId: 'GIRP', authorId: FACILITATOR.id }, { fields: { goal: 'Synthetic goal' } });
    await repos.settings.save({ noteDeadlineBusinessDays: 1 });

    const figures = await firstValueFrom(dashboard$(repos, '2026-03-04', 'programme'));
    expect(figures.todaysSessions.map((s) => s.id)).toEqual([ids.get('2026-03-04')]);
    expect(figures.notesDue.map((n) => [n.record.clientId, n.ageBusinessDays, n.overdue])).toEqual([['client-a', 2, true]]);
    // a: 3 h attended + 6 h still scheduled reaches 9 h; b missed Monday: 6 h at most, 3 h short.
    expect(figures.hours.map((w) => [w.ledger.clientId, w.ledger.status]).sort()).toEqual([
      ['client-a', 'on-track'],
      ['client-b', 'at-risk'],
    ]);
    expect(figures.atRisk.map((w) => [w.ledger.clientId, w.ledger.shortfallMinutes])).toEqual([['client-b', 180]]);

    const mine = await firstValueFrom(dashboard$(repos, '2026-03-04', { staffId: FACILITATOR.id }));
    expect([mine.todaysSessions.length, mine.notesDue.length, mine.hours.length]).toEqual([1, 1, 2]);
    const colleague = await firstValueFrom(dashboard$(repos, '2026-03-04', { staffId: 'staff-colleague' }));
    expect([colleague.todaysSessions.length, colleague.notesDue.length, colleague.hours.length]).toEqual([0, 0, 0]);
  });
});
