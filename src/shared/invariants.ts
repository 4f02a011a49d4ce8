/**
 * Practice invariants that one laptop cannot guarantee alone. Each laptop checks its rules before
 * it writes, but two laptops offline can each admit the same client, fill the same group or
 * register the same person. After data arrives from elsewhere every device computes, from the same
 * records, the same list of items that need a person's attention. Nothing here changes a record:
 * a person decides, and the decision (a change to the records, or a recorded dismissal) clears the
 * item on every device once it syncs.
 */
import { findDuplicates, type ClientIdentityLike } from './duplicates';
import { overlappingAuthorizations } from './billing/authorizations';
import { rosterOn, type Membership } from './roster';
import { englishText, type SharedKey } from './messages';

/** Where a record came from: the device that created it and when, for "how it happened". */
export interface Origin {
  device: string;
  at: number;
}

export interface SnapshotClient {
  id: string;
  identity: ClientIdentityLike;
  /** Merged clients are kept as tombstones pointing at the record that absorbed them. */
  merged: boolean;
  origin?: Origin;
}

export interface SnapshotEpisode {
  id: string;
  clientId: string;
  programId: string;
  open: boolean;
  admittedOn: string;
  origin?: Origin;
}

export interface SnapshotSession {
  id: string;
  groupId: string;
  date: string;
  /** Somebody confirmed going over the group's capacity on this session. */
  capacityOverride: boolean;
}

export interface SnapshotNote {
  id: string;
  sessionId: string;
  clientId: string;
  signed: boolean;
}

export interface SnapshotAuthorization {
  id: string;
  clientId: string;
  payerId: string;
  startOn: string;
  endOn: string;
  status: 'requested' | 'approved' | 'partially-approved' | 'denied' | 'expired';
  origin?: Origin;
}

/** A person's decision that an item is not a problem ("not the same person"), for exactly these records. */
export interface Dismissal {
  itemKey: string;
  /** The records the decision was about: a new record joining the item brings it back. */
  recordIds: readonly string[];
}

export interface PracticeSnapshot {
  clients: readonly SnapshotClient[];
  episodes: readonly SnapshotEpisode[];
  memberships: readonly (Membership & { origin?: Origin })[];
  groups: readonly { id: string; capacity: number }[];
  sessions: readonly SnapshotSession[];
  notes: readonly SnapshotNote[];
  authorizations: readonly SnapshotAuthorization[];
  /**
   * Of the sessions and clients the signed notes name, those that exist on the device (merged
   * client records included). Only these are needed, not every session of the practice's years.
   */
  noteTargets: { sessions: readonly string[]; clients: readonly string[] };
  dismissals: readonly Dismissal[];
}

export const ATTENTION_KINDS = {
  'open-episodes': 'shared:attentionKinds.openEpisodes',
  'over-capacity': 'shared:attentionKinds.overCapacity',
  'duplicate-client': 'shared:attentionKinds.duplicateClient',
  'overlapping-authorizations': 'shared:attentionKinds.overlappingAuthorizations',
  'orphan-note': 'shared:attentionKinds.orphanNote',
} as const satisfies Record<string, SharedKey>;
export type AttentionKind = keyof typeof ATTENTION_KINDS;

/** The ways a person can resolve an item; each is a change a repository makes, audited and synced. */
export const RESOLUTIONS = {
  'close-episode': 'shared:resolutions.closeEpisode',
  'merge-clients': 'shared:resolutions.mergeClients',
  'not-same-person': 'shared:resolutions.notSamePerson',
  'confirm-override': 'shared:resolutions.confirmOverride',
  'end-membership': 'shared:resolutions.endMembership',
  'correct-authorization': 'shared:resolutions.correctAuthorization',
  'restore-record': 'shared:resolutions.restoreRecord',
  'keep-note': 'shared:resolutions.keepNote',
} as const satisfies Record<string, SharedKey>;
export type Resolution = keyof typeof RESOLUTIONS;

/** Resolutions that record a person's decision about exactly these records instead of changing them. */
const DECISIONS: ReadonlySet<Resolution> = new Set(['not-same-person', 'keep-note']);

export interface AttentionItem {
  /** Stable across devices: the kind and the records it is about. */
  key: string;
  kind: AttentionKind;
  recordIds: string[];
  /** The date the item concerns (a session date), when there is one. */
  date?: string;
  /** How it happened: which devices created the records, and when. */
  origins: { recordId: string; origin: Origin }[];
  resolutions: Resolution[];
}

const sorted = (ids: readonly string[]) => [...ids].sort();

function item(kind: AttentionKind, recordIds: readonly string[], resolutions: Resolution[], origins: Map<string, Origin | undefined>, date?: string): AttentionItem {
  const ids = sorted(recordIds);
  return {
    key: `${kind}:${date ? `${date}:` : ''}${ids.join('+')}`,
    kind,
    recordIds: ids,
    ...(date ? { date } : {}),
    origins: ids.flatMap((recordId) => {
      const origin = origins.get(recordId);
      return origin ? [{ recordId, origin }] : [];
    }),
    resolutions,
  };
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) groups.set(key(value), [...(groups.get(key(value)) ?? []), value]);
  return groups;
}

/** Every item that needs a person, in a stable order; the same on every device with the same records. */
export function attentionItems(snapshot: PracticeSnapshot): AttentionItem[] {
  const origins = new Map<string, Origin | undefined>([
    ...snapshot.clients.map((c) => [c.id, c.origin] as const),
    ...snapshot.episodes.map((e) => [e.id, e.origin] as const),
    ...snapshot.memberships.map((m) => [m.id, m.origin] as const),
    ...snapshot.authorizations.map((a) => [a.id, a.origin] as const),
  ]);
  const items: AttentionItem[] = [];

  for (const episodes of groupBy(
    snapshot.episodes.filter((e) => e.open),
    (e) => `${e.clientId}\u0000${e.programId}`,
  ).values()) {
    if (episodes.length > 1) items.push(item('open-episodes', episodes.map((e) => e.id), ['close-episode'], origins));
  }

  const capacity = new Map(snapshot.groups.map((g) => [g.id, g.capacity]));
  for (const session of snapshot.sessions) {
    const limit = capacity.get(session.groupId);
    if (limit === undefined || session.capacityOverride) continue;
    const roster = rosterOn([...snapshot.memberships], session.groupId, session.date);
    if (roster.length > limit) items.push(item('over-capacity', roster.map((m) => m.id), ['confirm-override', 'end-membership'], origins, session.date));
  }

  const live = snapshot.clients.filter((c) => !c.merged);
  const seen = new Set<string>();
  for (const client of live) {
    for (const match of findDuplicates(client.identity, live.filter((other) => other.id !== client.id))) {
      const pair = sorted([client.id, match.id]).join('+');
      if (seen.has(pair)) continue;
      seen.add(pair);
      items.push(item('duplicate-client', [client.id, match.id], ['merge-clients', 'not-same-person'], origins));
    }
  }

  for (const [a, b] of overlappingAuthorizations(snapshot.authorizations)) items.push(item('overlapping-authorizations', [a.id, b.id], ['correct-authorization'], origins));

  const sessions = new Set(snapshot.noteTargets.sessions);
  const clients = new Set(snapshot.noteTargets.clients);
  for (const note of snapshot.notes) {
    if (note.signed && (!sessions.has(note.sessionId) || !clients.has(note.clientId))) items.push(item('orphan-note', [note.id], ['restore-record', 'keep-note'], origins));
  }

  const dismissed = new Set(snapshot.dismissals.map((d) => `${d.itemKey}\u0000${sorted(d.recordIds).join('+')}`));
  return items.filter((i) => !dismissed.has(`${i.key}\u0000${i.recordIds.join('+')}`)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * What deciding "not the same person" or "keep the note" records. Every other resolution changes
 * the records themselves (an episode closed, clients merged, an override recorded on the session,
 * a record restored), and the item goes because the rule then holds.
 */
export function dismissal(target: AttentionItem, resolution: Resolution): Dismissal {
  if (!DECISIONS.has(resolution)) {
    throw new Error(`"${englishText(RESOLUTIONS[resolution])}" is resolved by changing the records, not by dismissing the item`);
  }
  if (!target.resolutions.includes(resolution)) throw new Error(`"${englishText(RESOLUTIONS[resolution])}" does not resolve "${englishText(ATTENTION_KINDS[target.kind])}"`);
  return { itemKey: target.key, recordIds: target.recordIds };
}
