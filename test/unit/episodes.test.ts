import { describe, expect, it } from 'vitest';
import type { Admission, Episode, LevelChange } from '../../src/shared/episodes';
import { EpisodeRuleError, admit, changeLevel, currentLevel, dischargeEpisode, isStepDown, levelOn } from '../../src/shared/episodes';

const ADMISSION: Admission = {
  clientId: 'client-synthetic-1',
  programId: 'program-synthetic-1',
  trackId: 'track-synthetic-1',
  admittedOn: '2026-03-02',
  level: 'iop',
  referralReason: 'Synthetic referral Zyxwvut',
};

const DISCHARGE = {
  on: '2026-04-30',
  reason: 'completed' as const,
  summary: 'Synthetic summary',
  aftercare: { referrals: ['Synthetic alumni clinic'], relapsePreventionPlan: 'Synthetic plan', alumniGroup: true, followUpOn: '2026-05-15' },
};

/** Admitted at IOP on 03-02, stepped up to PHP on 03-16, down to IOP on 04-01, to outpatient on 04-15. */
function steppedEpisode(): Episode {
  let episode = admit(ADMISSION);
  episode = changeLevel(episode, { on: '2026-03-16', to: 'php', reason: 'Worsening symptoms' });
  episode = changeLevel(episode, { on: '2026-04-01', to: 'iop', reason: 'Stabilised' });
  return changeLevel(episode, { on: '2026-04-15', to: 'outpatient', reason: 'Goals met' });
}

describe('admit', () => {
  it('opens an episode at the admission level with no changes and no discharge', () => {
    expect(admit(ADMISSION)).toEqual({
      clientId: 'client-synthetic-1',
      programId: 'program-synthetic-1',
      trackId: 'track-synthetic-1',
      admittedOn: '2026-03-02',
      admittedLevel: 'iop',
      referralReason: 'Synthetic referral Zyxwvut',
      levelChanges: [],
      discharge: null,
    });
  });

  it('defaults the referral reason to an empty string and trims it', () => {
    const withoutReason: Admission = { ...ADMISSION };
    delete withoutReason.referralReason;
    expect(admit(withoutReason).referralReason).toBe('');
    expect(admit({ ...ADMISSION, referralReason: '  padded  ' }).referralReason).toBe('padded');
  });

  it.each([
    [{ programId: '' }, 'Choose a programme'],
    [{ trackId: '' }, 'Choose a track'],
    [{ admittedOn: '2026-02-30' }, 'Admission date is not a real calendar date'],
    [{ level: 'residential' }, 'Choose a level of care'],
  ])('refuses %o with the message "%s"', (change, message) => {
    expect(() => admit({ ...ADMISSION, ...change } as Admission)).toThrow(new EpisodeRuleError(message));
  });

  it('names the expected format for a malformed admission date', () => {
    // isoDate's refine also runs after its regex fails, so a second message follows (see the report).
    expect(() => admit({ ...ADMISSION, admittedOn: '02/03/2026' })).toThrow(/^Admission date must be a date \(YYYY-MM-DD\)/);
  });

  it('reports every problem at once, as an EpisodeRuleError', () => {
    let error: unknown;
    try {
      admit({ ...ADMISSION, programId: '', trackId: '' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EpisodeRuleError);
    expect((error as Error).name).toBe('EpisodeRuleError');
    expect((error as Error).message).toBe('Choose a programme; Choose a track');
  });

  it('refuses a referral reason over 1000 characters', () => {
    expect(() => admit({ ...ADMISSION, referralReason: 'x'.repeat(1001) })).toThrow(EpisodeRuleError);
    expect(admit({ ...ADMISSION, referralReason: 'x'.repeat(1000) }).referralReason).toHaveLength(1000);
  });
});

describe('changeLevel', () => {
  it('records the change with the level it came from, without mutating the original', () => {
    const admitted = admit(ADMISSION);
    const stepped = changeLevel(admitted, { on: '2026-03-16', to: 'php', reason: '  Worsening symptoms ' });
    expect(stepped.levelChanges).toEqual([{ on: '2026-03-16', from: 'iop', to: 'php', reason: 'Worsening symptoms' }]);
    expect(currentLevel(stepped)).toBe('php');
    expect(admitted.levelChanges).toEqual([]);
    expect(currentLevel(admitted)).toBe('iop');
  });

  it('chains changes: each one comes from the previous level', () => {
    const episode = steppedEpisode();
    expect(episode.levelChanges.map((c) => [c.from, c.to])).toEqual([
      ['iop', 'php'],
      ['php', 'iop'],
      ['iop', 'outpatient'],
    ]);
    expect(currentLevel(episode)).toBe('outpatient');
  });

  it('refuses a change to the level the client is already at', () => {
    expect(() => changeLevel(admit(ADMISSION), { on: '2026-03-16', to: 'iop', reason: 'No change' })).toThrow(
      new EpisodeRuleError('The client is already at Intensive outpatient (IOP)'),
    );
    expect(() => changeLevel(steppedEpisode(), { on: '2026-04-20', to: 'outpatient', reason: 'No change' })).toThrow(
      new EpisodeRuleError('The client is already at Outpatient'),
    );
  });

  it('refuses a change dated before the admission', () => {
    expect(() => changeLevel(admit(ADMISSION), { on: '2026-03-01', to: 'php', reason: 'Too early' })).toThrow(
      new EpisodeRuleError('The change cannot be dated before 2026-03-02'),
    );
  });

  it('refuses a change dated before the last change, but allows the same day', () => {
    const episode = steppedEpisode();
    expect(() => changeLevel(episode, { on: '2026-04-14', to: 'php', reason: 'Backdated' })).toThrow(
      new EpisodeRuleError('The change cannot be dated before 2026-04-15'),
    );
    expect(currentLevel(changeLevel(episode, { on: '2026-04-15', to: 'php', reason: 'Same day' }))).toBe('php');
  });

  it('requires a reason and a real date', () => {
    expect(() => changeLevel(admit(ADMISSION), { on: '2026-03-16', to: 'php', reason: '   ' })).toThrow(new EpisodeRuleError('Give a reason'));
    expect(() => changeLevel(admit(ADMISSION), { on: '2026-13-01', to: 'php', reason: 'Bad date' })).toThrow(
      new EpisodeRuleError('Date of the change is not a real calendar date'),
    );
    expect(() => changeLevel(admit(ADMISSION), { on: '2026-03-16', to: 'php', reason: 'r'.repeat(1001) })).toThrow(
      new EpisodeRuleError('The reason is at most 1000 characters'),
    );
  });

  it('refuses any change once the episode is discharged', () => {
    const discharged = dischargeEpisode(admit(ADMISSION), DISCHARGE);
    expect(() => changeLevel(discharged, { on: '2026-05-01', to: 'php', reason: 'After discharge' })).toThrow(
      new EpisodeRuleError('This episode is discharged: start a new episode instead'),
    );
  });
});

describe('dischargeEpisode', () => {
  it('records the discharge with aftercare defaults filled in', () => {
    const discharged = dischargeEpisode(admit(ADMISSION), { on: '2026-04-30', reason: 'no-contact', aftercare: {} });
    expect(discharged.discharge).toEqual({
      on: '2026-04-30',
      reason: 'no-contact',
      summary: '',
      aftercare: { referrals: [], relapsePreventionPlan: '', alumniGroup: false, followUpOn: '' },
    });
  });

  it('keeps the level changes and the current level', () => {
    const discharged = dischargeEpisode(steppedEpisode(), DISCHARGE);
    expect(discharged.levelChanges).toHaveLength(3);
    expect(currentLevel(discharged)).toBe('outpatient');
    expect(discharged.discharge?.aftercare.referrals).toEqual(['Synthetic alumni clinic']);
  });

  it('refuses a second discharge', () => {
    const discharged = dischargeEpisode(admit(ADMISSION), DISCHARGE);
    expect(() => dischargeEpisode(discharged, { ...DISCHARGE, on: '2026-05-01' })).toThrow(new EpisodeRuleError('This episode is already discharged'));
  });

  it('refuses a discharge dated before the last level change, but allows the same day', () => {
    const episode = steppedEpisode();
    expect(() => dischargeEpisode(episode, { ...DISCHARGE, on: '2026-04-14' })).toThrow(
      new EpisodeRuleError('The discharge cannot be dated before 2026-04-15'),
    );
    expect(dischargeEpisode(episode, { ...DISCHARGE, on: '2026-04-15' }).discharge?.on).toBe('2026-04-15');
  });

  it('refuses a discharge dated before the admission', () => {
    expect(() => dischargeEpisode(admit(ADMISSION), { ...DISCHARGE, on: '2026-03-01' })).toThrow(
      new EpisodeRuleError('The discharge cannot be dated before 2026-03-02'),
    );
  });

  it('refuses an unknown discharge reason and a bad follow-up date', () => {
    expect(() => dischargeEpisode(admit(ADMISSION), { ...DISCHARGE, reason: 'bored' as never })).toThrow(new EpisodeRuleError('Choose a discharge reason'));
    expect(() => dischargeEpisode(admit(ADMISSION), { ...DISCHARGE, aftercare: { followUpOn: 'soon' } })).toThrow(EpisodeRuleError);
  });
});

describe('levelOn', () => {
  it('is null before admission and the admission level on the admission day', () => {
    const episode = admit(ADMISSION);
    expect(levelOn(episode, '2026-03-01')).toBeNull();
    expect(levelOn(episode, '2026-03-02')).toBe('iop');
    expect(levelOn(episode, '2030-01-01')).toBe('iop'); // open episode: no end
  });

  it('follows each change from its own date', () => {
    const episode = steppedEpisode();
    expect(levelOn(episode, '2026-03-15')).toBe('iop');
    expect(levelOn(episode, '2026-03-16')).toBe('php');
    expect(levelOn(episode, '2026-03-31')).toBe('php');
    expect(levelOn(episode, '2026-04-01')).toBe('iop');
    expect(levelOn(episode, '2026-04-14')).toBe('iop');
    expect(levelOn(episode, '2026-04-15')).toBe('outpatient');
  });

  it('takes the later of two changes on the same day', () => {
    let episode = admit(ADMISSION);
    episode = changeLevel(episode, { on: '2026-03-10', to: 'php', reason: 'Morning crisis' });
    episode = changeLevel(episode, { on: '2026-03-10', to: 'inpatient', reason: 'Referred the same afternoon' });
    expect(levelOn(episode, '2026-03-09')).toBe('iop');
    expect(levelOn(episode, '2026-03-10')).toBe('inpatient');
  });

  it('is the last level on the discharge day and null after it', () => {
    const discharged = dischargeEpisode(steppedEpisode(), DISCHARGE);
    expect(levelOn(discharged, '2026-04-30')).toBe('outpatient');
    expect(levelOn(discharged, '2026-05-01')).toBeNull();
    expect(levelOn(discharged, '2026-03-01')).toBeNull();
  });
});

describe('isStepDown', () => {
  const change = (from: LevelChange['from'], to: LevelChange['to']): LevelChange => ({ on: '2026-03-16', from, to, reason: 'r' });

  it('is true for a move to a less intensive level', () => {
    expect(isStepDown(change('php', 'iop'))).toBe(true);
    expect(isStepDown(change('iop', 'outpatient'))).toBe(true);
    expect(isStepDown(change('inpatient', 'outpatient'))).toBe(true);
  });

  it('is false for a step-up', () => {
    expect(isStepDown(change('iop', 'php'))).toBe(false);
    expect(isStepDown(change('outpatient', 'iop'))).toBe(false);
    expect(isStepDown(change('php', 'inpatient'))).toBe(false);
  });

  it('classifies the changes of an episode in order', () => {
    expect(steppedEpisode().levelChanges.map(isStepDown)).toEqual([false, true, true]);
  });
});
