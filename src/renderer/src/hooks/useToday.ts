import { useState } from 'react';
import { isoToday } from '../../../shared/calendar';

/** Today's local date (YYYY-MM-DD) as of when the screen opened; forms offer it as the default. */
export function useToday(): string {
  const [today] = useState(() => isoToday(Date.now()));
  return today;
}
