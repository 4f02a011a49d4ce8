import { useMemo } from 'react';
import { formatters, type Formatters, type Locale } from '../../../shared/format';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/useObservable';
import { usePracticeZone } from '../hooks/useToday';

/**
 * Dates, times and numbers in the practice's locale and zone (src/shared/format.ts). `locale`
 * overrides the practice's for a client's own screen or document (the kiosk, a Spanish copy).
 */
export function useFormat(locale?: Locale): Formatters {
  const { clock } = useServices();
  const { zone } = usePracticeZone();
  const practiceLocale = useObservable(clock.locale$, clock.locale$.value);
  const chosen = locale ?? practiceLocale;
  return useMemo(() => formatters(chosen, zone), [chosen, zone]);
}
