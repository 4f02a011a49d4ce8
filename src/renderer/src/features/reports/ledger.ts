/**
 * From stored records to the shared hours rules (src/shared/hours.ts): a session's expected
 * participants are its group's roster on the date plus anyone added to it; a client's weekly
 * target comes from their episode's track (src/shared/weekly-targets.ts).
 */
import { addDays } from '../../../../shared/calendar';
import { clientServices, isoWeekStart, weekLedger, type ClientService, type SessionForLedger, type WeekLedger } from '../../../../shared/hours';
import { rosterOn } from '../../../../shared/roster';
import type { Membership } from '../../../../shared/roster';
import type { Episode } from '../../../../shared/episodes';
import { weeklyTarget } from '../../../../shared/weekly-targets';
import type { EpisodeRecord } from '../../repositories/episodes';
import type { TrackRecord } from '../../repositories/programs';
import type { SessionRecord } from '../../repositories/sessions';

export function ledgerSession(record: SessionRecord, membershipsOfGroup: Membership[]): SessionForLedger {
  const roster = record.groupId ? rosterOn(membershipsOfGroup, record.groupId, record.date).map((m) => m.clientId) : [];
  return {
    sessionId: record.id,
    groupId: record.groupId,
    serviceType: record.kind,
    date: record.date,
    session: { start: record.data.start, end: record.data.end, minutes: record.data.minutes },
    status: record.status,
    participantIds: [...roster, ...record.data.clientIds],
    ...(record.data.attendance ? { attendance: record.data.attendance } : {}),
  };
}

/** Memberships by group, so each session filters only its own group's. */
export function membershipsByGroup(memberships: readonly Membership[]): Map<string, Membership[]> {
  const byGroup = new Map<string, Membership[]>();
  for (const m of memberships) {
    const list = byGroup.get(m.groupId);
    if (list) list.push(m);
    else byGroup.set(m.groupId, [m]);
  }
  return byGroup;
}

/** Every client's place in every one of these sessions. */
export function servicesOf(sessions: readonly SessionRecord[], memberships: readonly Membership[]): ClientService[] {
  const byGroup = membershipsByGroup(memberships);
  return sessions.flatMap((s) => clientServices(ledgerSession(s, byGroup.get(s.groupId) ?? [])));
}

export interface ClientWeek {
  ledger: WeekLedger;
  trackId: string;
}

/**
 * The week's ledger of each client who has a target that week, given their episodes. Clients
 * without one (no episode, a partial week, another level of care) are left out.
 */
export function weekLedgers(services: readonly ClientService[], episodes: readonly EpisodeRecord[], tracks: readonly TrackRecord[], weekOf: string, today: string): ClientWeek[] {
  const targetOf = new Map(tracks.map((t) => [t.id, t.data.weeklyHoursTarget]));
  const episodesOf = new Map<string, Episode[]>();
  for (const e of episodes) {
    const list = episodesOf.get(e.clientId);
    if (list) list.push(e.data);
    else episodesOf.set(e.clientId, [e.data]);
  }
  const weeks: ClientWeek[] = [];
  for (const [clientId, mine] of episodesOf) {
    const target = weeklyTarget(mine, (trackId) => targetOf.get(trackId), weekOf);
    if (target) weeks.push({ ledger: weekLedger(services, { clientId, weekOf, today, targetHours: target.hours }), trackId: target.trackId });
  }
  return weeks;
}

/** Monday to Sunday of the week holding `date`. */
export function weekRange(date: string): { from: string; to: string } {
  const from = isoWeekStart(date);
  return { from, to: addDays(from, 6) };
}
