/**
 * Which weekly hours target applies to a client in a given week: the target of the track of the
 * episode they are in, while they are at the IOP level of care (ASAM 2.1) on every weekday of the
 * week. A week of admission, discharge or a change of level is partial: its hours still count,
 * but no target is held against it.
 */
import { weekDays } from './calendar';
import { levelOn, type Episode } from './episodes';

export interface WeeklyTarget {
  hours: number;
  trackId: string;
}

export function weeklyTarget(episodes: readonly Episode[], targetHoursOfTrack: (trackId: string) => number | undefined, weekOf: string): WeeklyTarget | null {
  const weekdays = weekDays(weekOf).slice(0, 5);
  for (const episode of episodes) {
    if (!weekdays.every((day) => levelOn(episode, day) === 'iop')) continue;
    const hours = targetHoursOfTrack(episode.trackId);
    if (hours !== undefined) return { hours, trackId: episode.trackId };
  }
  return null;
}
