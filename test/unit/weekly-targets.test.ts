import { describe, expect, it } from 'vitest';
import { admit, changeLevel, dischargeEpisode, type Episode } from '../../src/shared/episodes';
import { weeklyTarget } from '../../src/shared/weekly-targets';

// 2026-03-02 is a Monday; its week runs to Sunday 2026-03-08.
const episode = (admittedOn: string, trackId = 'track-adult'): Episode => admit({ clientId: 'client-a', programId: 'program-p', trackId, admittedOn, level: 'iop' });
const TARGETS: Record<string, number> = { 'track-adult': 9, 'track-teen': 6 };
const targetOf = (trackId: string) => TARGETS[trackId];
const discharge = (e: Episode, on: string) => dischargeEpisode(e, { on, reason: 'completed', summary: '', aftercare: { referrals: [], relapsePreventionPlan: '', alumniGroup: false, followUpOn: '' } });

describe('the weekly hours target that applies to a client', () => {
  it("is the track's while the client is at the IOP level every weekday of the week", () => {
    expect(weeklyTarget([episode('2026-02-16')], targetOf, '2026-03-04')).toEqual({ hours: 9, trackId: 'track-adult' });
    expect(weeklyTarget([episode('2026-03-02', 'track-teen')], targetOf, '2026-03-08')).toEqual({ hours: 6, trackId: 'track-teen' });
    // Admitted on the Saturday before: the whole working week is in care.
    expect(weeklyTarget([episode('2026-02-28')], targetOf, '2026-03-02')?.hours).toBe(9);
  });

  it('does not apply in a partial week: admission, discharge or a change of level inside it', () => {
    expect(weeklyTarget([episode('2026-03-03')], targetOf, '2026-03-04')).toBeNull();
    expect(weeklyTarget([discharge(episode('2026-02-02'), '2026-03-05')], targetOf, '2026-03-04')).toBeNull();
    const steppedDown = changeLevel(episode('2026-02-02'), { on: '2026-03-04', to: 'outpatient', reason: 'Synthetic: stable' });
    expect(weeklyTarget([steppedDown], targetOf, '2026-03-02')).toBeNull();
    // The week after the step-down is not intensive outpatient at all; the week before was.
    expect(weeklyTarget([steppedDown], targetOf, '2026-03-09')).toBeNull();
    expect(weeklyTarget([steppedDown], targetOf, '2026-02-23')?.hours).toBe(9);
  });

  it('follows the episode in force that week, and needs a known track', () => {
    const first = discharge(episode('2026-01-05'), '2026-02-06');
    const second = episode('2026-02-23', 'track-teen');
    expect(weeklyTarget([first, second], targetOf, '2026-01-12')?.hours).toBe(9);
    expect(weeklyTarget([first, second], targetOf, '2026-02-09')).toBeNull();
    expect(weeklyTarget([first, second], targetOf, '2026-03-02')?.hours).toBe(6);
    expect(weeklyTarget([episode('2026-02-02', 'track-gone')], targetOf, '2026-03-02')).toBeNull();
  });
});
