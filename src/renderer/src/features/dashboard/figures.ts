/**
 * The dashboard's figures: today's sessions, notes due against the practice's deadline, and the
 * clients whose weekly hours target is at risk. Gathered from the repositories as one live
 * observable, computed with the shared rules; the benchmark times exactly this.
 */
import { combineLatest, map, type Observable } from 'rxjs';
import { isOverdue, noteAgeBusinessDays } from '../../../../shared/notes';
import type { AppServices } from '../../app/services';
import type { NoteRecord } from '../../repositories/notes';
import type { SessionRecord } from '../../repositories/sessions';
import type { ClientWeek } from '../reports/ledger';
import { dueFromEnd } from '../sessions/notes-due';
import { weekHours$ } from '../reports/week-hours';

export interface NoteDue {
  record: NoteRecord;
  ageBusinessDays: number;
  overdue: boolean;
}

export interface DashboardFigures {
  today: string;
  deadlineBusinessDays: number;
  /** By start time. */
  todaysSessions: SessionRecord[];
  /** Oldest first. */
  notesDue: NoteDue[];
  /** Every client with a target this week. */
  hours: ClientWeek[];
  /** Those whose remaining sessions cannot reach it, largest shortfall first. */
  atRisk: ClientWeek[];
}

/** Whose dashboard: one clinician's (their sessions, notes and clients this week) or the whole programme's. */
export type DashboardScope = { staffId: string } | 'programme';

export function dashboard$(repos: Pick<AppServices, 'sessions' | 'programs' | 'episodes' | 'notes' | 'settings'>, today: string, scope: DashboardScope): Observable<DashboardFigures> {
  return combineLatest([weekHours$(repos, today), repos.notes.due$(), repos.settings.observe()]).pipe(
    map(([week, due, settings]) => {
      const mine = (s: SessionRecord) => scope === 'programme' || s.data.facilitatorIds.includes(scope.staffId);
      // A clinician's clients this week: everyone expected at a session they lead.
      const led = new Set(week.sessions.filter(mine).map((s) => s.id));
      const theirs = scope === 'programme' ? null : new Set(week.services.filter((s) => led.has(s.sessionId)).map((s) => s.clientId));
      const hours = week.hours.filter((w) => theirs === null || theirs.has(w.ledger.clientId));
      const deadline = settings.noteDeadlineBusinessDays;
      // Notes share session dates: each date's age is worked out once.
      const ages = new Map<string, Omit<NoteDue, 'record'>>();
      const ageOf = (date: string) => {
        const known = ages.get(date);
        if (known) return known;
        const age = { ageBusinessDays: noteAgeBusinessDays(date, today), overdue: isOverdue(date, today, deadline) };
        ages.set(date, age);
        return age;
      };
      return {
        today,
        deadlineBusinessDays: deadline,
        todaysSessions: week.sessions.filter((s) => s.date === today && mine(s)),
        notesDue: dueFromEnd(due, week.sessions.filter((s) => s.date === today), today, Date.now())
          .filter((n) => scope === 'programme' || n.authorId === scope.staffId)
          .map((record) => ({ record, ...ageOf(record.date) })),
        hours,
        atRisk: hours.filter((w) => w.ledger.status === 'at-risk').sort((a, b) => b.ledger.shortfallMinutes - a.ledger.shortfallMinutes),
      };
    }),
  );
}
