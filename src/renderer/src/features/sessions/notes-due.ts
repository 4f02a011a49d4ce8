import { combineLatest, map, type Observable } from 'rxjs';
import { noteAgeFromEnd } from '../../../../shared/session-time';
import type { AppServices } from '../../app/services';
import type { NoteRecord } from '../../repositories/notes';
import type { SessionRecord } from '../../repositories/sessions';

/**
 * The unsigned notes that are due: their session has ended (shared/session-time.ts). A note dated
 * before today belongs to a session that has ended, and its age from the end is its date's; one
 * dated today is due once today's session has ended; a later date, never yet. Only today's
 * sessions are read, so a year of notes costs nothing more.
 */
export function dueFromEnd(due: readonly NoteRecord[], todaysSessions: readonly SessionRecord[], today: string, now: number): NoteRecord[] {
  const ended = new Set(todaysSessions.filter((s) => noteAgeFromEnd(s.data, now) !== null).map((s) => s.id));
  return due.filter((n) => n.date < today || (n.date === today && ended.has(n.sessionId)));
}

/** The notes due, live: the unsigned notes with today's sessions, read through `dueFromEnd` at each change. */
export function dueNotes$(repos: Pick<AppServices, 'notes' | 'sessions'>, today: string): Observable<NoteRecord[]> {
  return combineLatest([repos.notes.due$(), repos.sessions.between$({ from: today, to: today })]).pipe(map(([all, todays]) => dueFromEnd(all, todays, today, Date.now())));
}
