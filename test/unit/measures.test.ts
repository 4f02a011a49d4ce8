import { describe, expect, it } from 'vitest';
import type { Administration, MeasureAnswers, MeasureDefinition } from '../../src/shared/measures';
import {
  AUDIT,
  DEFAULT_PCL5_CUT_POINT,
  GAD7,
  MEASURES,
  MeasureRuleError,
  PCL5,
  PHQ9,
  acknowledgeAlerts,
  administrationSchema,
  administrationStatus,
  definePcl5,
  dueMeasures,
  measureDefinitionSchema,
  measureIn,
  measureOccasions,
  measureScheduleSchema,
  openAlerts,
  programmeOutcome,
  recordAdministration,
  responseProblems,
  scoreResponse,
  trend,
} from '../../src/shared/measures';
import { englishIssue, englishMessages } from '../../src/shared/messages';

/** Scored answers in item order, e.g. phq([1, 2, 0, ...]). */
function answersOf(def: MeasureDefinition, values: number[]): Record<string, number> {
  const scored = def.items.filter((item) => item.scored);
  expect(values).toHaveLength(scored.length);
  return Object.fromEntries(scored.map((item, i) => [item.id, values[i]!]));
}

/** Fills items from the first, each up to `perItem`, until the total is reached (PHQ-9 item 9 stays 0 below 25). */
function filled(def: MeasureDefinition, total: number, perItem: number): Record<string, number> {
  const count = def.items.filter((item) => item.scored).length;
  let left = total;
  const values = Array.from({ length: count }, () => {
    const v = Math.min(perItem, left);
    left -= v;
    return v;
  });
  expect(left).toBe(0);
  return answersOf(def, values);
}

const bandOf = (def: MeasureDefinition, answers: MeasureAnswers) => scoreResponse(def, answers).band.label;

/** The problems in English. */
const problemsOf = (def: MeasureDefinition, answers: MeasureAnswers) => responseProblems(def, answers).map((m) => englishMessages([m]));

describe('instrument definitions', () => {
  it.each(Object.values(MEASURES).map((def) => [def.shortName, def] as const))('%s passes the definition schema', (_name, def) => {
    const result = measureDefinitionSchema.safeParse(def);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('ships the published shape of each instrument', () => {
    const shape = (def: MeasureDefinition) => ({
      scored: def.items.filter((i) => i.scored).length,
      range: [def.total.min, def.total.max],
      loinc: def.loincTotal,
    });
    expect(shape(PHQ9)).toEqual({ scored: 9, range: [0, 27], loinc: '44261-6' });
    expect(shape(GAD7)).toEqual({ scored: 7, range: [0, 21], loinc: '70274-6' });
    expect(shape(PCL5)).toEqual({ scored: 20, range: [0, 80], loinc: null });
    expect(shape(AUDIT)).toEqual({ scored: 10, range: [0, 40], loinc: '75624-7' });
    expect(AUDIT.items.slice(8).map((i) => i.options.map((o) => o.value))).toEqual([
      [0, 2, 4],
      [0, 2, 4],
    ]);
    expect(PHQ9.items[8]!.text).toBe('Thoughts that you would be better off dead or of hurting yourself in some way');
    expect(PCL5.items[16]!.text).toBe('Being "superalert" or watchful or on guard?');
    for (const def of Object.values(MEASURES)) expect(def.source.licence.length).toBeGreaterThan(10);
  });

  it('refuses a definition whose bands leave a gap or whose range the items cannot reach', () => {
    const gap = { ...GAD7, bands: [GAD7.bands[0]!, { ...GAD7.bands[1]!, min: 6 }, ...GAD7.bands.slice(2)] };
    expect(measureDefinitionSchema.safeParse(gap).error?.issues.map((i) => i.message)).toContain('GAD-7: band "Mild" (6–9) does not continue from 5');
    const range = { ...GAD7, total: { min: 0, max: 28 } };
    expect(measureDefinitionSchema.safeParse(range).error?.issues.map((i) => i.message)).toContain(
      'GAD-7: the total range 0–28 is not what the items sum to (0–21)',
    );
  });
});

describe('PHQ-9 scoring', () => {
  it('scores a hand-checked response', () => {
    const score = scoreResponse(PHQ9, answersOf(PHQ9, [1, 2, 0, 3, 1, 1, 2, 0, 0]));
    expect(score.total).toBe(10);
    expect(score.band).toMatchObject({ id: 'moderate', label: 'Moderate' });
    expect(score.alerts).toEqual([]);
  });

  it.each([
    [0, 'Minimal'],
    [4, 'Minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Moderately severe'],
    [19, 'Moderately severe'],
    [20, 'Severe'],
    [21, 'Severe'],
    [27, 'Severe'],
  ])('puts a total of %i in band %s', (total, label) => {
    const answers = filled(PHQ9, total, 3);
    expect(scoreResponse(PHQ9, answers).total).toBe(total);
    expect(bandOf(PHQ9, answers)).toBe(label);
  });

  it('raises the self-harm alert when item 9 is above 0, whatever the total', () => {
    const low = { ...answersOf(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1]) };
    const score = scoreResponse(PHQ9, low);
    expect(score.total).toBe(1);
    expect(score.band.label).toBe('Minimal');
    expect(score.alerts.map((a) => [a.id, a.itemId])).toEqual([['self-harm', 'q9']]);
    expect(score.alerts[0]!.action).toMatch(/today/);
    expect(scoreResponse(PHQ9, answersOf(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 0])).alerts).toEqual([]);
  });

  it('asks the difficulty question but never scores it, and lets it be left blank', () => {
    const answers = answersOf(PHQ9, [1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(scoreResponse(PHQ9, answers).total).toBe(5);
    expect(scoreResponse(PHQ9, { ...answers, q10: 3 }).total).toBe(5);
  });

  it('names each unanswered or invalid item in plain English', () => {
    const answers: Record<string, number> = { ...answersOf(PHQ9, [1, 4, 0, 0, 0, 0, 0, 0, 0]), q11: 1 };
    delete answers.q3;
    expect(problemsOf(PHQ9, answers)).toEqual([
      'The PHQ-9 has no question "q11"',
      'Question 2 ("Feeling down, depressed, or hopeless"): 4 is not one of its answers (0, 1, 2, 3)',
      'Question 3 ("Trouble falling or staying asleep, or sleeping too much") needs an answer',
    ]);
    expect(() => scoreResponse(PHQ9, answers)).toThrow(MeasureRuleError);
    expect(() => scoreResponse(PHQ9, answers)).toThrow('Question 3 ("Trouble falling or staying asleep, or sleeping too much") needs an answer');
  });
});

describe('GAD-7 scoring', () => {
  it.each([
    [4, 'Minimal'],
    [5, 'Mild'],
    [9, 'Mild'],
    [10, 'Moderate'],
    [14, 'Moderate'],
    [15, 'Severe'],
    [20, 'Severe'],
    [21, 'Severe'],
  ])('puts a total of %i in band %s', (total, label) => {
    const answers = filled(GAD7, total, 3);
    expect(scoreResponse(GAD7, answers).total).toBe(total);
    expect(bandOf(GAD7, answers)).toBe(label);
  });

  it('cannot go past 21: an answer of 4 is refused', () => {
    expect(problemsOf(GAD7, { ...filled(GAD7, 21, 3), q7: 4 })).toEqual([
      'Question 7 ("Feeling afraid, as if something awful might happen"): 4 is not one of its answers (0, 1, 2, 3)',
    ]);
  });
});

describe('PCL-5 scoring', () => {
  it('reads 32 as below and 33 as probable PTSD at the default cut-point', () => {
    expect(DEFAULT_PCL5_CUT_POINT).toBe(33);
    expect(bandOf(PCL5, filled(PCL5, 32, 4))).toBe('Below the probable-PTSD cut-point');
    expect(bandOf(PCL5, filled(PCL5, 33, 4))).toBe('Probable PTSD');
    expect(scoreResponse(PCL5, filled(PCL5, 80, 4)).total).toBe(80);
  });

  it('moves the cut-point when the practice chooses another', () => {
    const at31 = definePcl5(31);
    expect(measureDefinitionSchema.safeParse(at31).success).toBe(true);
    expect(bandOf(at31, filled(PCL5, 30, 4))).toBe('Below the probable-PTSD cut-point');
    expect(bandOf(at31, filled(PCL5, 31, 4))).toBe('Probable PTSD');
    expect(() => definePcl5(0)).toThrow('The PCL-5 cut-point must be a whole number from 1 to 80');
  });
});

describe('AUDIT scoring', () => {
  it('scores a hand-checked response in zone IV', () => {
    // 4 + 2 + 3 + 1 + 1 + 0 + 2 + 1 + 2 + 4 = 20
    const score = scoreResponse(AUDIT, answersOf(AUDIT, [4, 2, 3, 1, 1, 0, 2, 1, 2, 4]));
    expect(score.total).toBe(20);
    expect(score.band.label).toBe('Zone IV: possible dependence');
  });

  it.each([
    [[2, 1, 1, 1, 0, 0, 0, 0, 2, 0], 7, 'Zone I: low risk'],
    [[2, 1, 1, 1, 1, 0, 0, 0, 2, 0], 8, 'Zone II: hazardous drinking'],
    [[3, 2, 2, 1, 1, 0, 2, 0, 2, 2], 15, 'Zone II: hazardous drinking'],
    [[3, 2, 2, 1, 1, 1, 2, 0, 2, 2], 16, 'Zone III: harmful drinking'],
    [[3, 2, 2, 1, 1, 1, 2, 1, 2, 4], 19, 'Zone III: harmful drinking'],
    [[4, 4, 4, 4, 4, 4, 4, 4, 4, 4], 40, 'Zone IV: possible dependence'],
  ])('scores %j as %i (%s)', (values, total, label) => {
    const score = scoreResponse(AUDIT, answersOf(AUDIT, values));
    expect(score.total).toBe(total);
    expect(score.band.label).toBe(label);
  });

  it('scores questions 9 and 10 only as 0, 2 or 4', () => {
    const base = answersOf(AUDIT, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(scoreResponse(AUDIT, { ...base, q9: 4, q10: 2 }).total).toBe(7);
    expect(problemsOf(AUDIT, { ...base, q9: 1, q10: 3 })).toEqual([
      'Question 9 ("Have you or someone else been injured as a result of your…"): 1 is not one of its answers (0, 2, 4)',
      'Question 10 ("Has a relative or friend or a doctor or another health…"): 3 is not one of its answers (0, 2, 4)',
    ]);
  });

  it('skips questions 2 to 8 for someone who never drinks, as the interview form does', () => {
    const score = scoreResponse(AUDIT, { q1: 0, q9: 2, q10: 0 });
    expect(score.total).toBe(2);
    expect(score.band.id).toBe('zone-1');
    expect(problemsOf(AUDIT, { q1: 1, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0, q10: 0 })).toEqual([
      'Question 2 ("How many drinks containing alcohol do you have on a typical…") needs an answer',
    ]);
  });
});

const ADMITTED = '2026-03-02';

function administration(overrides: Partial<Parameters<typeof recordAdministration>[0]> = {}): Administration {
  return recordAdministration({
    instrumentId: 'phq9',
    clientId: 'client-1',
    episodeId: 'episode-1',
    date: ADMITTED,
    answers: answersOf(PHQ9, [1, 2, 0, 3, 1, 1, 2, 0, 0]),
    enteredBy: 'client',
    recordedBy: 'staff-1',
    ...overrides,
  });
}

describe('administrations', () => {
  it('computes the total, band and alerts on save', () => {
    const admin = administration();
    expect(admin).toMatchObject({ total: 10, bandId: 'moderate', alertIds: [], enteredBy: 'client' });
    expect(administrationStatus(admin)).toBe('complete');
    expect(administrationSchema.safeParse(admin).success).toBe(true);
  });

  it('refuses to save an incomplete response, naming the item', () => {
    const answers: Record<string, number> = answersOf(PHQ9, [1, 2, 0, 3, 1, 1, 2, 0, 0]);
    delete answers.q9;
    expect(() => administration({ answers })).toThrow('Question 9 ("Thoughts that you would be better off dead or of hurting…") needs an answer');
    expect(() => administration({ enteredBy: 'nurse' as 'client' })).toThrow('Say who entered the answers: the clinician or the client');
  });

  it('keeps an alert open until a clinician records the follow-up', () => {
    const admin = administration({ answers: answersOf(PHQ9, [1, 1, 1, 1, 1, 1, 1, 1, 2]) });
    expect(admin.alertIds).toEqual(['self-harm']);
    expect(administrationStatus(admin)).toBe('alert-open');
    expect(() => acknowledgeAlerts(admin, { by: 'staff-2', at: '2026-03-02T11:00:00-06:00', followUpNote: '  ' })).toThrow(
      'Describe the follow-up: what was done, and with whom',
    );
    expect(() => acknowledgeAlerts(admin, { by: 'staff-2', at: '2026-03-01T11:00:00-06:00', followUpNote: 'Safety plan reviewed' })).toThrow(
      'The acknowledgement cannot be dated before the PHQ-9 (2026-03-02)',
    );
    const acknowledged = acknowledgeAlerts(admin, { by: 'staff-2', at: '2026-03-02T11:00:00-06:00', followUpNote: 'Risk assessed in person; safety plan reviewed' });
    expect(administrationStatus(acknowledged)).toBe('alert-acknowledged');
    expect(administrationSchema.safeParse(acknowledged).success).toBe(true);
    expect(() => acknowledgeAlerts(acknowledged, { by: 'staff-3', at: '2026-03-02T12:00:00-06:00', followUpNote: 'Again' })).toThrow(
      'This alert was already acknowledged at 2026-03-02T11:00:00-06:00',
    );
  });

  it('has nothing to acknowledge when no alert fired', () => {
    expect(() => acknowledgeAlerts(administration(), { by: 'staff-2', at: '2026-03-02T11:00:00Z', followUpNote: 'n/a' })).toThrow(
      'No alert fired on this PHQ-9: there is nothing to acknowledge',
    );
  });

  it('lists open alerts oldest first, overdue once the day has passed', () => {
    const risky = answersOf(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const today = administration({ date: '2026-03-05', answers: risky });
    const older = administration({ date: '2026-03-04', answers: risky });
    const open = openAlerts([today, administration(), older], '2026-03-05');
    expect(open.map((o) => [o.administration.date, o.overdue])).toEqual([
      ['2026-03-04', true],
      ['2026-03-05', false],
    ]);
  });

  it('refuses a stored record whose total or acknowledgement does not fit its answers', () => {
    const admin = administration();
    expect(administrationSchema.safeParse({ ...admin, total: 3 }).error?.issues.map((i) => i.message)).toEqual([
      'The stored total 3 does not match the answers (10)',
    ]);
    const ack = { by: 'staff-2', at: '2026-03-02T11:00:00Z', followUpNote: 'x' };
    expect(administrationSchema.safeParse({ ...admin, acknowledgement: ack }).error?.issues.map((i) => i.message)).toEqual([
      'An acknowledgement is recorded only when an alert fired',
    ]);
  });

  it('keeps the band the practice used when it was saved', () => {
    const admin = recordAdministration(
      { instrumentId: 'pcl5', clientId: 'c', episodeId: 'e', date: ADMITTED, answers: filled(PCL5, 31, 4), enteredBy: 'clinician', recordedBy: 's' },
      definePcl5(31),
    );
    expect(admin.bandId).toBe('probable-ptsd');
    expect(administrationSchema.safeParse(admin).success).toBe(true);
    const gad7 = { instrumentId: 'gad7', clientId: 'c', episodeId: 'e', date: ADMITTED, answers: filled(GAD7, 3, 3), enteredBy: 'client', recordedBy: 's' } as const;
    expect(() => recordAdministration(gad7, PCL5)).toThrow('These answers are for the GAD-7, not the PCL-5');
  });
});

describe('measure schedules', () => {
  const fortnightly = { instrumentId: 'phq9', atAdmission: true, every: { count: 2, unit: 'weeks' }, atDischarge: true, graceDays: 3 } as const;
  const open = { admittedOn: ADMITTED, dischargedOn: null };
  const on = (...dates: string[]) => dates.map((date) => ({ instrumentId: 'phq9' as const, date }));
  const summary = (occasions: ReturnType<typeof measureOccasions>) => occasions.map((o) => [o.kind, o.dueOn, o.status, o.administeredOn]);

  it('lists admission done, the fortnightly one due, and the next upcoming', () => {
    const occasions = measureOccasions(fortnightly, open, on('2026-03-02'), '2026-03-17');
    expect(summary(occasions)).toEqual([
      ['admission', '2026-03-02', 'done', '2026-03-02'],
      ['interval', '2026-03-16', 'due', null],
      ['interval', '2026-03-30', 'upcoming', null],
    ]);
    // Windows follow one another: admission until the day before the next window opens.
    expect(occasions.map((o) => [o.windowStart, o.windowEnd])).toEqual([
      ['2026-02-27', '2026-03-12'],
      ['2026-03-13', '2026-03-26'],
      ['2026-03-27', '9999-12-31'],
    ]);
  });

  it('turns overdue after the grace period and missed once the next window opens', () => {
    expect(summary(measureOccasions(fortnightly, open, on('2026-03-02'), '2026-03-20'))[1]).toEqual(['interval', '2026-03-16', 'overdue', null]);
    const later = summary(measureOccasions(fortnightly, open, on('2026-03-02'), '2026-03-27'));
    expect(later.slice(1)).toEqual([
      ['interval', '2026-03-16', 'missed', null],
      ['interval', '2026-03-30', 'due', null],
      ['interval', '2026-04-13', 'upcoming', null],
    ]);
  });

  it('counts an administration a few days early, and each administration once', () => {
    const occasions = summary(measureOccasions(fortnightly, open, on('2026-03-02', '2026-03-14'), '2026-03-17'));
    expect(occasions[1]).toEqual(['interval', '2026-03-16', 'done', '2026-03-14']);
    // One administration on the admission day cannot satisfy the fortnightly one too.
    expect(summary(measureOccasions(fortnightly, open, on('2026-03-02'), '2026-03-13'))[1]).toEqual(['interval', '2026-03-16', 'due', null]);
  });

  it('makes the admission measure overdue after its grace period', () => {
    expect(summary(measureOccasions(fortnightly, open, [], '2026-03-05'))[0]).toEqual(['admission', '2026-03-02', 'due', null]);
    expect(summary(measureOccasions(fortnightly, open, [], '2026-03-06'))[0]).toEqual(['admission', '2026-03-02', 'overdue', null]);
  });

  it('stops the interval near discharge and adds the discharge measure', () => {
    const discharged = { admittedOn: ADMITTED, dischargedOn: '2026-04-10' };
    expect(summary(measureOccasions(fortnightly, discharged, on('2026-03-02', '2026-03-16', '2026-03-31'), '2026-04-20'))).toEqual([
      ['admission', '2026-03-02', 'done', '2026-03-02'],
      ['interval', '2026-03-16', 'done', '2026-03-16'],
      ['interval', '2026-03-30', 'done', '2026-03-31'],
      ['discharge', '2026-04-10', 'missed', null],
    ]);
    // A discharge within the grace of an interval date replaces it.
    const early = { admittedOn: ADMITTED, dischargedOn: '2026-03-18' };
    expect(summary(measureOccasions(fortnightly, early, on('2026-03-02', '2026-03-17'), '2026-03-18'))).toEqual([
      ['admission', '2026-03-02', 'done', '2026-03-02'],
      ['discharge', '2026-03-18', 'done', '2026-03-17'],
    ]);
  });

  it('lists what is due today across instruments, earliest first', () => {
    const audit = { instrumentId: 'audit', atAdmission: true, every: null, atDischarge: true } as const;
    const due = dueMeasures([fortnightly, audit], open, on('2026-03-02'), '2026-03-17');
    expect(due.map((o) => [o.instrumentId, o.kind, o.status])).toEqual([
      ['audit', 'admission', 'overdue'],
      ['phq9', 'interval', 'due'],
    ]);
  });

  it('explains a schedule that cannot work', () => {
    const messages = (input: object) => measureScheduleSchema.safeParse(input).error?.issues.map(englishIssue);
    expect(messages({ instrumentId: 'phq9', atAdmission: false, every: null, atDischarge: false })).toEqual([
      'Choose at least one of: at admission, an interval, at discharge',
    ]);
    expect(messages({ ...fortnightly, every: { count: 3, unit: 'days' }, graceDays: 3 })).toEqual(['The grace period must be shorter than the interval']);
  });
});

describe('trend and programme outcome', () => {
  it('gives chart points in date order with the band thresholds', () => {
    const later = administration({ date: '2026-03-16', answers: answersOf(PHQ9, [0, 1, 0, 1, 0, 0, 1, 0, 1]) });
    const first = administration();
    const t = trend(PHQ9, [later, first, administration({ instrumentId: 'gad7', answers: filled(GAD7, 3, 3) })]);
    expect(t.thresholds).toEqual([5, 10, 15, 20]);
    expect([t.min, t.max]).toEqual([0, 27]);
    expect(t.points).toEqual([
      { date: '2026-03-02', label: '2026-03-02', total: 10, bandId: 'moderate', bandLabel: 'Moderate', alert: false },
      { date: '2026-03-16', label: '2026-03-16', total: 4, bandId: 'minimal', bandLabel: 'Minimal', alert: true },
    ]);
  });

  it('labels results given on the same day distinctly, in the order they were recorded', () => {
    const sameDay = [5, 8, 12].map((total) => administration({ date: '2026-03-02', answers: filled(PHQ9, total, 3) }));
    const t = trend(PHQ9, [...sameDay, administration({ date: '2026-03-09' })]);
    expect(t.points.map((p) => [p.label, p.total])).toEqual([
      ['2026-03-02 (1 of 3)', 5],
      ['2026-03-02 (2 of 3)', 8],
      ['2026-03-02 (3 of 3)', 12],
      ['2026-03-09', 10],
    ]);
  });

  it('averages first-to-last change per track and counts episodes left out', () => {
    const at = (episodeId: string, date: string, total: number) => administration({ episodeId, date, answers: filled(PHQ9, total, 3) });
    const admins = [
      at('e1', '2026-04-01', 10),
      at('e1', '2026-03-01', 20),
      at('e2', '2026-03-01', 15),
      at('e2', '2026-03-15', 12),
      at('e2', '2026-03-29', 9),
      at('e3', '2026-03-01', 18),
      at('e4', '2026-03-01', 8),
      at('e4', '2026-03-29', 10),
    ];
    const episodes = [
      { id: 'e1', trackId: 'track-a' },
      { id: 'e2', trackId: 'track-a' },
      { id: 'e3', trackId: 'track-a' },
      { id: 'e4', trackId: 'track-b' },
      { id: 'e5', trackId: 'track-b' },
    ];
    const outcome = programmeOutcome('phq9', episodes, admins);
    expect(outcome.tracks).toEqual([
      { trackId: 'track-a', included: 2, excluded: 1, meanFirst: 17.5, meanLast: 9.5, meanChange: -8 },
      { trackId: 'track-b', included: 1, excluded: 1, meanFirst: 8, meanLast: 10, meanChange: 2 },
    ]);
    expect(outcome.overall.included).toBe(3);
    expect(outcome.overall.excluded).toBe(2);
    expect(outcome.overall.meanChange).toBeCloseTo(-14 / 3, 10);
    expect(programmeOutcome('gad7', episodes, admins).overall).toEqual({ included: 0, excluded: 5, meanFirst: null, meanLast: null, meanChange: null });
  });
});

describe('authorised translations', () => {
  const spanish = (def: MeasureDefinition) => measureIn(def, 'es-US');

  it('gives the PHQ-9 in its official Spanish, with the source, scored exactly as in English', () => {
    for (const def of [PHQ9]) {
      const translated = spanish(def)!;
      expect(translated.source?.url).toMatch(/^https:\/\/www\.phqscreeners\.com\//);
      expect(translated.def.items.map((i) => [i.id, i.scored, i.required, i.options.map((o) => o.value)])).toEqual(def.items.map((i) => [i.id, i.scored, i.required, i.options.map((o) => o.value)]));
      expect(translated.def.items.every((item, n) => item.text !== def.items[n]!.text)).toBe(true);
      for (const value of [0, 1, 2, 3]) {
        const answers = Object.fromEntries(def.items.map((i) => [i.id, value]));
        expect(scoreResponse(translated.def, answers)).toEqual(scoreResponse(def, answers));
      }
    }
    expect(spanish(PHQ9)!.def.items[8]!.text).toBe('Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera');
    expect(spanish(PHQ9)!.def.items[8]!.options.map((o) => o.label)).toEqual(['Ningún día', 'Varios días', 'Más de la mitad de los días', 'Casi todos los días']);
  });

  it('says in the data what the Spanish text was checked against; the GAD-7, whose Spanish could not be checked, is not given in Spanish', () => {
    expect(spanish(PHQ9)!.source?.checked).toMatch(/reproduction of Pfizer's Spanish form/);
    expect(spanish(GAD7)).toBeNull();
    expect(AUDIT.notes.some((note) => note.includes('WHO/MSD/MSB/01.6a'))).toBe(true);
  });

  it('has none for the PCL-5 and the AUDIT, which are then given in English', () => {
    expect(spanish(MEASURES.pcl5)).toBeNull();
    expect(spanish(MEASURES.audit)).toBeNull();
    expect(measureIn(PHQ9, 'en-US')).toEqual({ def: PHQ9, source: null });
  });

  it('refuses a translation whose items or option values differ from the English', () => {
    const es = PHQ9.translations!['es-US']!;
    const reordered = { ...PHQ9, translations: { 'es-US': { ...es, items: [es.items[1]!, es.items[0]!, ...es.items.slice(2)] } } };
    expect(measureDefinitionSchema.safeParse(reordered).error?.issues.map((i) => i.message)).toContain('PHQ-9 (es-US): the translated items (q2,q1,q3,q4,q5,q6,q7,q8,q9,q10) are not the instrument\'s items in order');
    const revalued = { ...PHQ9, translations: { 'es-US': { ...es, items: es.items.map((item, n) => (n === 8 ? { ...item, options: item.options.map((o) => ({ ...o, value: o.value + 1 })) } : item)) } } };
    expect(measureDefinitionSchema.safeParse(revalued).error?.issues.map((i) => i.message)).toContain('PHQ-9 (es-US) item q9: option values 1,2,3,4 differ from the English 0,1,2,3');
  });
});
