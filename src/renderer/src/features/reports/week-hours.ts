/** This week's sessions and every client's ledger against their target, live: the dashboard and the reports share it. */
import { combineLatest, map, type Observable } from 'rxjs';
import type { ClientService } from '../../../../shared/hours';
import type { AppServices } from '../../app/services';
import type { SessionRecord } from '../../repositories/sessions';
import { servicesOf, weekLedgers, weekRange, type ClientWeek } from './ledger';

export interface WeekHours {
  sessions: SessionRecord[];
  services: ClientService[];
  /** Every client with a target this week. */
  hours: ClientWeek[];
}

export function weekHours$(repos: Pick<AppServices, 'sessions' | 'programs' | 'episodes'>, today: string): Observable<WeekHours> {
  return combineLatest([repos.sessions.between$(weekRange(today)), repos.programs.allMemberships$(), repos.episodes.active$(), repos.programs.tree$()]).pipe(
    map(([sessions, memberships, episodes, tree]) => {
      const services = servicesOf(sessions, memberships);
      return { sessions, services, hours: weekLedgers(services, episodes, tree.tracks, today, today) };
    }),
  );
}
