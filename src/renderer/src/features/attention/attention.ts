/**
 * The practice's "needs attention" items, computed from the records on this device by the shared
 * rules (src/shared/invariants.ts). Nothing is stored: the list follows the records, so whatever
 * arrives (a pull, a transfer file, a restore) is re-checked as it lands, every device with the same
 * records shows the same items, and a resolution made anywhere clears the item once it syncs.
 */
import { combineLatest, map, switchMap, type Observable } from 'rxjs';
import { addDays } from '../../../../shared/calendar';
import { attentionItems, type AttentionItem } from '../../../../shared/invariants';
import type { AppServices } from '../../app/services';
import type { ClientRecord } from '../../repositories/clients';
import type { AuthorizationRecord } from '../../repositories/authorizations';
import type { EpisodeRecord } from '../../repositories/episodes';
import type { ProgramTree } from '../../repositories/programs';
import type { SessionRecord } from '../../repositories/sessions';
import type { Membership } from '../../../../shared/roster';

/**
 * Group sessions checked for a roster over capacity: from two weeks back (what was recorded while
 * laptops were apart) to four weeks ahead (what is about to run). Older sessions are history.
 */
export const CAPACITY_WINDOW = { daysBack: 14, daysAhead: 28 } as const;

/** The items, and the records they name, for showing them. */
export interface AttentionView {
  items: AttentionItem[];
  clients: ReadonlyMap<string, ClientRecord>;
  episodes: ReadonlyMap<string, EpisodeRecord>;
  memberships: ReadonlyMap<string, Membership>;
  authorizations: ReadonlyMap<string, AuthorizationRecord>;
  sessions: readonly SessionRecord[];
  /** Signed notes by id, for naming an orphaned one. */
  notes: ReadonlyMap<string, { sessionId: string; clientId: string; date: string }>;
  tree: ProgramTree;
}

/** Signed notes, with those of the sessions and clients they name that exist here. */
function signedNotes$(services: Pick<AppServices, 'clients' | 'sessions' | 'notes'>) {
  return services.notes.signedRefs$().pipe(
    switchMap(async (notes) => {
      const [sessions, clients] = await Promise.all([services.sessions.present([...new Set(notes.map((n) => n.sessionId))]), services.clients.present([...new Set(notes.map((n) => n.clientId))])]);
      return { notes, targets: { sessions, clients } };
    }),
  );
}

export function attention$(services: Pick<AppServices, 'clients' | 'episodes' | 'programs' | 'sessions' | 'attention' | 'authorizations' | 'notes'>, today: string): Observable<AttentionView> {
  const range = { from: addDays(today, -CAPACITY_WINDOW.daysBack), to: addDays(today, CAPACITY_WINDOW.daysAhead) };
  return combineLatest([
    services.clients.list$(),
    services.episodes.open$(),
    services.programs.allMemberships$(),
    services.programs.tree$(),
    services.sessions.between$(range),
    services.attention.dismissals$(),
    services.authorizations.all$(),
    signedNotes$(services),
  ]).pipe(
    map(([clients, episodes, memberships, tree, sessions, dismissals, authorizations, signed]) => {
      const groupSessions = sessions.filter((s) => s.kind === 'group' && s.status !== 'cancelled');
      const items = attentionItems({
        clients: clients.map((c) => ({ id: c.id, identity: c.data, merged: false })),
        episodes: episodes.map((e) => ({ id: e.id, clientId: e.clientId, programId: e.programId, open: true, admittedOn: e.admittedOn })),
        memberships,
        groups: tree.groups.map((g) => ({ id: g.id, capacity: g.data.capacity })),
        sessions: groupSessions.map((s) => ({ id: s.id, groupId: s.groupId, date: s.date, capacityOverride: s.data.capacityOverride !== undefined })),
        notes: signed.notes.map((n) => ({ ...n, signed: true })),
        noteTargets: signed.targets,
        authorizations: authorizations.map((a) => ({ id: a.id, clientId: a.data.clientId, payerId: a.data.payerId, startOn: a.data.startOn, endOn: a.data.endOn, status: a.data.status })),
        dismissals,
      });
      return {
        items,
        clients: new Map(clients.map((c) => [c.id, c])),
        episodes: new Map(episodes.map((e) => [e.id, e])),
        memberships: new Map(memberships.map((m) => [m.id, m])),
        authorizations: new Map(authorizations.map((a) => [a.id, a])),
        sessions: groupSessions,
        notes: new Map(signed.notes.map((n) => [n.id, n])),
        tree,
      };
    }),
  );
}

/** Over-capacity items of one group's roster on several dates are one decision: shown together. */
export interface AttentionEntry {
  item: AttentionItem;
  /** For a roster over capacity: every session date with the same roster, and those sessions. */
  dates: string[];
  sessions: SessionRecord[];
}

export function entries(view: AttentionView): AttentionEntry[] {
  const byRoster = new Map<string, AttentionEntry>();
  const out: AttentionEntry[] = [];
  for (const item of view.items) {
    if (item.kind !== 'over-capacity') {
      out.push({ item, dates: [], sessions: [] });
      continue;
    }
    const groupId = view.memberships.get(item.recordIds[0]!)?.groupId;
    const sessions = view.sessions.filter((s) => s.groupId === groupId && s.date === item.date);
    const key = item.recordIds.join('+');
    const existing = byRoster.get(key);
    if (existing) {
      existing.dates.push(item.date!);
      existing.sessions.push(...sessions);
      continue;
    }
    const entry = { item, dates: [item.date!], sessions };
    byRoster.set(key, entry);
    out.push(entry);
  }
  return out;
}
