import { useMemo, useState } from 'react';
import { todayIn } from '../../../shared/practice-time';
import { useServices } from '../app/services';
import type { PracticeZone } from '../time/practice-clock';
import { useObservable } from './useObservable';

/** The practice's zone (the laptop's while the practice has none, or before the settings are read). */
export function usePracticeZone(): PracticeZone {
  const { clock } = useServices();
  return useObservable(clock.zone$, clock.zone$.value) ?? { zone: clock.zone, chosen: false };
}

/** The time the screen opened (ms): a render must not read the clock, or it would differ from one render to the next. */
export function useOpenedAt(): number {
  const [openedAt] = useState(() => Date.now());
  return openedAt;
}

/** Today's date (YYYY-MM-DD) in the practice's zone as of when the screen opened; forms offer it as the default. */
export function useToday(): string {
  const { zone } = usePracticeZone();
  const openedAt = useOpenedAt();
  return useMemo(() => todayIn(zone, openedAt), [zone, openedAt]);
}
