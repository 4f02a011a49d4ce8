/**
 * From stored records to the authorization rules (src/shared/billing): each authorization of a
 * client with its payer, the units its attended services used (computed every time from the
 * sessions, never stored, so laptops that recorded different sessions agree after sync) and the
 * clinical level of care on the episode it belongs to.
 */
import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import { certificationDue, consumption, levelDifferenceProblem, payerWeek, type CertificationDue, type Consumption, type Payer } from '../../../../shared/billing';
import { currentLevel, type LevelOfCare } from '../../../../shared/episodes';
import { isoWeekStart, type WeekLedger } from '../../../../shared/hours';
import { addDays } from '../../../../shared/calendar';
import type { AppServices } from '../../app/services';
import type { AuthorizationRecord } from '../../repositories/authorizations';
import { servicesOf } from '../reports/ledger';

export interface AuthorizationStanding {
  record: AuthorizationRecord;
  /** Null when the payer was removed from the practice's list. */
  payer: Payer | null;
  consumption: Consumption | null;
  clinicalLevel: LevelOfCare | null;
  /** The authorized level differs from the clinical one and no reason is given. */
  levelProblem: string | null;
  /** The physician's (re)certification, for a payer that asks for one (Medicare IOP). */
  certification: CertificationDue | null;
  /** This week against the hours the payer expects (Medicare IOP: 9), for a payer that sets them. */
  week: WeekLedger | null;
}

export function clientStanding$(services: Pick<AppServices, 'authorizations' | 'sessions' | 'programs' | 'episodes'>, clientId: string, today: string): Observable<AuthorizationStanding[]> {
  const { authorizations, sessions, programs, episodes } = services;
  return authorizations.forClient$(clientId).pipe(
    switchMap((records) => {
      if (records.length === 0) return of([]);
      // Every authorization's dates and this week (the payer's weekly hours).
      const thisWeek = isoWeekStart(today);
      const range = { from: [thisWeek, ...records.map((r) => r.data.startOn)].sort()[0]!, to: [addDays(thisWeek, 6), ...records.map((r) => r.data.endOn)].sort().at(-1)! };
      return combineLatest([of(records), authorizations.payers$(), sessions.between$(range), programs.membershipsOfClient$(clientId), episodes.forClient$(clientId)]);
    }),
    map((loaded) => {
      if (loaded.length === 0) return [];
      const [records, payers, sessionList, memberships, history] = loaded;
      const services = servicesOf(sessionList, memberships.map((m) => m.data)).filter((s) => s.clientId === clientId);
      return records.map((record): AuthorizationStanding => {
        const payer = payers.find((p) => p.id === record.data.payerId) ?? null;
        const episode = history.find((e) => e.id === record.data.episodeId);
        const clinicalLevel = episode ? currentLevel(episode.data) : null;
        return {
          record,
          payer,
          consumption: payer ? consumption(record.data, payer.rules, services, today) : null,
          clinicalLevel,
          levelProblem: clinicalLevel ? levelDifferenceProblem(record.data, clinicalLevel) : null,
          certification: payer && episode ? certificationDue(record.data, episode.data.admittedOn, payer.rules, today) : null,
          week: payer ? payerWeek(services, payer.rules, clientId, today, today) : null,
        };
      });
    }),
  );
}
