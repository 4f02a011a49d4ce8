/**
 * From stored records to the authorization rules (src/shared/billing): each authorization of a
 * client with its payer, the units its attended services used (computed every time from the
 * sessions, never stored, so laptops that recorded different sessions agree after sync) and the
 * clinical level of care on the episode it belongs to.
 */
import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import type { Message } from '../../../../shared/messages';
import { certificationDue, consumption, levelDifferenceProblem, payerWeek, type CertificationDue, type Consumption, type Payer } from '../../../../shared/billing';
import { currentLevel, type LevelOfCare } from '../../../../shared/episodes';
import { isoWeekStart, type ClientService, type WeekLedger } from '../../../../shared/hours';
import type { DateRange } from '../../../../shared/schedule';
import { addDays } from '../../../../shared/calendar';
import type { AppServices } from '../../app/services';
import type { AuthorizationRecord } from '../../repositories/authorizations';
import type { EpisodeRecord } from '../../repositories/episodes';
import { servicesOf } from '../reports/ledger';

export interface AuthorizationStanding {
  record: AuthorizationRecord;
  /** Null when the payer was removed from the practice's list. */
  payer: Payer | null;
  consumption: Consumption | null;
  clinicalLevel: LevelOfCare | null;
  /** The authorized level differs from the clinical one and no reason is given. */
  levelProblem: Message | null;
  /** The physician's (re)certification, for a payer that asks for one (Medicare IOP). */
  certification: CertificationDue | null;
  /** This week against the hours the payer expects (Medicare IOP: 9), for a payer that sets them. */
  week: WeekLedger | null;
}

/** Each authorization's standing from the records as read; `services` are every client's. */
export function standingsOf(records: readonly AuthorizationRecord[], payers: readonly Payer[], services: readonly ClientService[], history: readonly EpisodeRecord[], today: string): AuthorizationStanding[] {
  return records.map((record): AuthorizationStanding => {
    const payer = payers.find((p) => p.id === record.data.payerId) ?? null;
    const mine = services.filter((s) => s.clientId === record.clientId);
    const episode = history.find((e) => e.id === record.data.episodeId);
    const clinicalLevel = episode ? currentLevel(episode.data) : null;
    return {
      record,
      payer,
      consumption: payer ? consumption(record.data, payer.rules, mine, today) : null,
      clinicalLevel,
      levelProblem: clinicalLevel ? levelDifferenceProblem(record.data, clinicalLevel) : null,
      certification: payer && episode ? certificationDue(record.data, episode.data.admittedOn, payer.rules, today) : null,
      week: payer ? payerWeek(mine, payer.rules, record.clientId, today, today) : null,
    };
  });
}

/** From the first authorization's start (and this week's Monday) to the last one's end (and this week's Sunday). */
function rangeOf(records: readonly AuthorizationRecord[], today: string): DateRange {
  const thisWeek = isoWeekStart(today);
  return { from: [thisWeek, ...records.map((r) => r.data.startOn)].sort()[0]!, to: [addDays(thisWeek, 6), ...records.map((r) => r.data.endOn)].sort().at(-1)! };
}

export function clientStanding$(services: Pick<AppServices, 'authorizations' | 'sessions' | 'programs' | 'episodes'>, clientId: string, today: string): Observable<AuthorizationStanding[]> {
  const { authorizations, sessions, programs, episodes } = services;
  return authorizations.forClient$(clientId).pipe(
    switchMap((records) =>
      records.length === 0
        ? of([])
        : combineLatest([authorizations.payers$(), sessions.between$(rangeOf(records, today)), programs.membershipsOfClient$(clientId), episodes.forClient$(clientId)]).pipe(
            map(([payers, sessionList, memberships, history]) => standingsOf(records, payers, servicesOf(sessionList, memberships.map((m) => m.data)), history, today)),
          ),
    ),
  );
}

/** Every authorization of the practice with its units used (the Authorizations report). */
export function practiceStanding$(services: Pick<AppServices, 'authorizations' | 'sessions' | 'programs'>, today: string): Observable<AuthorizationStanding[]> {
  const { authorizations, sessions, programs } = services;
  return authorizations.all$().pipe(
    switchMap((records) =>
      records.length === 0
        ? of([])
        : combineLatest([authorizations.payers$(), sessions.between$(rangeOf(records, today)), programs.allMemberships$()]).pipe(
            map(([payers, sessionList, memberships]) => standingsOf(records, payers, servicesOf(sessionList, memberships), [], today)),
          ),
    ),
  );
}
