import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/shared/calendar';
import { MEASURES, SUGGESTED_SCHEDULES, type AdministrationInput } from '../../src/shared/measures';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { testKeySource } from './support/keys';

let counter = 0;
const ADMITTED = '2026-11-02';
const TODAY = '2026-11-16';
// 14:30 local time on TODAY, so the acknowledgement's date is TODAY wherever the test runs.
const NOW = new Date(2026, 10, 16, 14, 30).getTime();

/** PHQ-9 answers with every item `value`, and item 9 as given. */
function phq9(value: number, item9: number): Record<string, number> {
  return { q1: value, q2: value, q3: value, q4: value, q5: value, q6: value, q7: value, q8: value, q9: item9 };
}

function input(change: Partial<AdministrationInput> = {}): AdministrationInput {
  return { instrumentId: 'phq9', clientId: 'client-a', episodeId: 'episode-a', date: ADMITTED, answers: phq9(2, 0), enteredBy: 'clinician', recordedBy: 'staff-a', ...change };
}

describe('outcome measures repository (RxDB + fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let measures: MeasuresRepository;

  beforeEach(async () => {
    db = await openDatabase({ name: `measures-${++counter}-${crypto.randomUUID()}`, validate: true, only: ['plans'] });
    measures = new MeasuresRepository(db.plans, await testKeySource(), () => NOW);
  });
  afterEach(async () => {
    await db.remove();
  });

  it('seals answers, totals, bands and follow-up notes: plaintext holds only ids, kind, status and date', async () => {
    const saved = await measures.record(input({ answers: phq9(2, 1), enteredBy: 'client' }));
    expect(saved.data).toMatchObject({ total: 17, bandId: 'moderately-severe', alertIds: ['self-harm'], enteredBy: 'client', recordedBy: 'staff-a' });
    await measures.acknowledge(saved.id, { by: 'staff-b', followUpNote: 'Synthetic follow-up: safety plan reviewed with Plumbwhistle' });

    const [raw] = (await db.plans.find().exec()).map((d) => d.toJSON() as Record<string, unknown>);
    const plaintext = Object.fromEntries(Object.entries(raw!).filter(([key]) => key !== 'sealed' && !key.startsWith('_')));
    expect(plaintext).toEqual({ id: saved.id, rev: 2, updatedAt: NOW, kind: 'measure', clientId: 'client-a', episodeId: 'episode-a', status: 'alert-acknowledged', date: ADMITTED });
    const stored = JSON.stringify(raw);
    // Strings long enough not to occur by chance in base64 ciphertext.
    for (const secret of ['Plumbwhistle', '"total"', 'moderately', 'self-harm', 'staff-b', '"answers"']) expect(stored).not.toContain(secret);
    expect(raw!.sealed).toMatch(/^w3\.A256GCM\.[A-Za-z0-9_-]+\.1\./);
  });

  it('keeps the PHQ-9 item 9 alert open across clients until a staff member acknowledges it with a follow-up note', async () => {
    const calm = await measures.record(input());
    const alarming = await measures.record(input({ clientId: 'client-b', episodeId: 'episode-b', date: TODAY, answers: phq9(0, 1) }));
    const older = await measures.record(input({ answers: phq9(1, 3) }));
    expect(calm.status).toBe('complete');
    expect(alarming.status).toBe('alert-open');
    expect(alarming.data.total).toBe(1);

    let open = await firstValueFrom(measures.openAlerts$(TODAY));
    expect(open.map((a) => [a.record.id, a.overdue])).toEqual([
      [older.id, true],
      [alarming.id, false],
    ]);

    // No note, no acknowledgement: the alert stays.
    await expect(measures.acknowledge(alarming.id, { by: 'staff-b', followUpNote: '  ' })).rejects.toThrow('Describe the follow-up: what was done, and with whom');
    await expect(measures.acknowledge(calm.id, { by: 'staff-b', followUpNote: 'Synthetic' })).rejects.toThrow('No alert fired on this PHQ-9');
    expect((await firstValueFrom(measures.openAlerts$(TODAY))).length).toBe(2);

    const acknowledged = await measures.acknowledge(alarming.id, { by: 'staff-b', followUpNote: 'Synthetic: called the client, risk assessed, safety plan in place' });
    expect(acknowledged.status).toBe('alert-acknowledged');
    expect(acknowledged.data.acknowledgement).toEqual({ by: 'staff-b', at: expect.stringMatching(new RegExp(`^${TODAY}T14:30:00[+-]\\d\\d:\\d\\d$|^${TODAY}T14:30:00Z$`)), followUpNote: 'Synthetic: called the client, risk assessed, safety plan in place' });
    open = await firstValueFrom(measures.openAlerts$(TODAY));
    expect(open.map((a) => a.record.id)).toEqual([older.id]);
    // Once only: a second acknowledgement would overwrite who followed up.
    await expect(measures.acknowledge(alarming.id, { by: 'staff-c', followUpNote: 'Synthetic again' })).rejects.toThrow('already acknowledged');
    expect((await firstValueFrom(measures.forClient$('client-b')))[0]!.data.acknowledgement?.by).toBe('staff-b');
  });

  it('refuses an incomplete response, naming the unanswered question, and stores nothing', async () => {
    const answers: Record<string, number> = phq9(1, 0);
    delete answers.q4;
    await expect(measures.record(input({ answers }))).rejects.toThrow('Question 4 ("Feeling tired or having little energy") needs an answer');
    await expect(measures.record(input({ instrumentId: 'gad7', answers: { q1: 9 } }))).rejects.toThrow('9 is not one of its answers');
    expect(await db.plans.count().exec()).toBe(0);
  });

  it("lists a client's administrations oldest first, in the order recorded on one date", async () => {
    let now = NOW;
    measures = new MeasuresRepository(db.plans, await testKeySource(), () => now++);
    const second = await measures.record(input({ date: TODAY, answers: phq9(1, 0) }));
    const third = await measures.record(input({ date: TODAY, answers: phq9(0, 0) }));
    const first = await measures.record(input({ date: ADMITTED }));
    await measures.record(input({ clientId: 'client-other', episodeId: 'episode-other' }));
    const list = await firstValueFrom(measures.forClient$('client-a'));
    expect(list.map((r) => r.id)).toEqual([first.id, second.id, third.id]);
    expect(list.map((r) => r.data.total)).toEqual([16, 8, 0]);
    expect((await firstValueFrom(measures.all$())).length).toBe(4);
  });

  it("keeps one schedule per episode and reports what is due from it and what was given", async () => {
    const episode = { id: 'episode-a', admittedOn: ADMITTED, dischargedOn: null };
    expect(await firstValueFrom(measures.due$(episode, ADMITTED))).toEqual([]);
    await measures.setSchedules({ clientId: 'client-a', episodeId: 'episode-a', date: ADMITTED }, [SUGGESTED_SCHEDULES.phq9, SUGGESTED_SCHEDULES.gad7]);
    expect((await firstValueFrom(measures.due$(episode, ADMITTED))).map((o) => [o.instrumentId, o.kind, o.status])).toEqual([
      ['gad7', 'admission', 'due'],
      ['phq9', 'admission', 'due'],
    ]);
    await measures.record(input());
    // Two weeks on, the PHQ-9 given at admission counts; the GAD-7's admission window has closed.
    expect((await firstValueFrom(measures.due$(episode, TODAY))).map((o) => [o.instrumentId, o.kind, o.dueOn, o.status])).toEqual([
      ['gad7', 'interval', addDays(ADMITTED, 14), 'due'],
      ['phq9', 'interval', addDays(ADMITTED, 14), 'due'],
    ]);

    await measures.setSchedules({ clientId: 'client-a', episodeId: 'episode-a', date: TODAY }, [SUGGESTED_SCHEDULES.pcl5]);
    expect(await firstValueFrom(measures.schedules$('episode-a'))).toEqual([SUGGESTED_SCHEDULES.pcl5]);
    expect(await db.plans.count({ selector: { kind: 'measure-schedule' } }).exec()).toBe(1);
    await expect(measures.setSchedules({ clientId: 'client-a', episodeId: 'episode-a', date: TODAY }, [SUGGESTED_SCHEDULES.pcl5, SUGGESTED_SCHEDULES.pcl5])).rejects.toThrow('one schedule per episode');
    await expect(measures.setSchedules({ clientId: 'client-a', episodeId: 'episode-a', date: TODAY }, [{ ...SUGGESTED_SCHEDULES.phq9, every: { count: 2, unit: 'days' }, graceDays: 3 }])).rejects.toThrow('The grace period must be shorter than the interval');
    await measures.setSchedules({ clientId: 'client-a', episodeId: 'episode-a', date: TODAY }, []);
    expect((await db.plans.findOne(await measures.scheduleId('episode-a')).exec())?.status).toBe('ended');
    // Schedules are never mistaken for administrations.
    expect((await firstValueFrom(measures.forClient$('client-a'))).map((r) => r.data.instrumentId)).toEqual([MEASURES.phq9.id]);
  });

  it('lists what is due across open episodes: only episodes still open, only occasions not yet satisfied, soonest first', async () => {
    await measures.setSchedules({ clientId: 'client-a', episodeId: 'episode-a', date: ADMITTED }, [SUGGESTED_SCHEDULES.phq9]);
    await measures.setSchedules({ clientId: 'client-b', episodeId: 'episode-b', date: ADMITTED }, [SUGGESTED_SCHEDULES.gad7]);
    await measures.setSchedules({ clientId: 'client-c', episodeId: 'episode-closed', date: ADMITTED }, [SUGGESTED_SCHEDULES.phq9]);
    // Client A's admission PHQ-9 was given; client B's admission GAD-7 was missed (its window has closed).
    await measures.record(input());
    const open = [
      { id: 'episode-a', admittedOn: ADMITTED, dischargedOn: null },
      { id: 'episode-b', admittedOn: ADMITTED, dischargedOn: null },
    ];
    const due = await firstValueFrom(measures.dueAcross$(open, TODAY));
    expect(due.map((o) => [o.clientId, o.instrumentId, o.kind, o.dueOn, o.status])).toEqual([
      ['client-a', 'phq9', 'interval', addDays(ADMITTED, 14), 'due'],
      ['client-b', 'gad7', 'interval', addDays(ADMITTED, 14), 'due'],
    ]);
    // Giving client A's PHQ-9 takes it off the list; client B's GAD-7 stays until it is given.
    await measures.record(input({ date: addDays(TODAY, 1) }));
    const later = await firstValueFrom(measures.dueAcross$(open, addDays(TODAY, 2)));
    expect(later.map((o) => [o.clientId, o.instrumentId])).toEqual([['client-b', 'gad7']]);
  });

  it('dates an acknowledgement in the practice’s zone, so a laptop set a day behind cannot date it before the administration', async () => {
    // 2026-11-16 10:30 UTC: already 17 November in Kiritimati (UTC+14), still the 15th in Pago Pago (UTC−11).
    const instant = Date.UTC(2026, 10, 16, 10, 30);
    measures = new MeasuresRepository(db.plans, await testKeySource(), () => instant, () => 'Pacific/Kiritimati');
    const saved = await measures.record(input({ date: '2026-11-17', answers: phq9(1, 1) }));
    const acknowledged = await measures.acknowledge(saved.id, { by: 'staff-b', followUpNote: 'Synthetic follow-up: phoned the client' });
    expect(acknowledged.data.acknowledgement?.at).toBe('2026-11-17T00:30:00+14:00');
    // The same moment read in a zone a day behind would be dated before the administration.
    const behind = new MeasuresRepository(db.plans, await testKeySource(), () => instant, () => 'Pacific/Pago_Pago');
    const other = await behind.record(input({ date: '2026-11-17', answers: phq9(1, 1) }));
    await expect(behind.acknowledge(other.id, { by: 'staff-b', followUpNote: 'Synthetic follow-up' })).rejects.toThrow('The acknowledgement cannot be dated before the PHQ-9 (2026-11-17)');
  });
});
