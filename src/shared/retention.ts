/**
 * Keeping the laptop light (docs/RETENTION.md): which clients a laptop may archive. A client is
 * archived off a laptop's store, never deleted anywhere: the server, other laptops and earlier
 * backups keep every record, and the laptop brings the client back from the server on demand.
 */
import { z } from 'zod';
import { message } from './messages';

/** The storage context of retention's writes on a laptop: not a local change to push, nor one to count as pending. */
export const RETENTION_CONTEXT = 'retention';

/** Months after the last discharge; 0 is off (the default: a practice chooses to archive). */
export const ARCHIVE_AFTER_MONTHS = [0, 6, 12, 24, 36] as const;
export type ArchiveAfterMonths = (typeof ARCHIVE_AFTER_MONTHS)[number];
export const archiveAfterMonthsSchema = z.literal(ARCHIVE_AFTER_MONTHS, message('shared:settings.archiveAfterMonths'));

/** The collections whose records belong to one client through their `clientId` (the client record itself by its id). */
export const CLIENT_COLLECTIONS = ['clients', 'episodes', 'programs', 'sessions', 'notes', 'privateNotes', 'plans'] as const;
export type ClientCollection = (typeof CLIENT_COLLECTIONS)[number];

/** YYYY-MM-DD `months` calendar months before `date`, the day clamped to the month's last (31 Aug − 6 months = 28/29 Feb). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface EpisodeFacts {
  clientId: string;
  /** The discharge date (YYYY-MM-DD), null while the episode is open. */
  dischargedOn: string | null;
}

export interface RetentionInput {
  months: ArchiveAfterMonths;
  /** The practice's today (YYYY-MM-DD). */
  today: string;
  /** Every episode on this laptop. */
  episodes: readonly EpisodeFacts[];
  /** The ids of each client's records on this laptop. */
  recordsOf: (clientId: string) => readonly string[];
  /** Record ids with a change this laptop has not had acknowledged by the server. */
  pending: ReadonlySet<string>;
  /** Clients already archived. */
  archived?: ReadonlySet<string>;
}

export type Ineligible = 'open-episode' | 'recent-discharge' | 'pending-changes';

/**
 * Who may be archived now: every episode of theirs discharged, the last on or before today minus
 * `months`, and nothing of theirs waiting to reach the server (archiving must never leave a
 * change only on this laptop). A client never admitted (waitlist) is not discharged: kept.
 */
export function archivable(input: RetentionInput): { clientIds: string[]; kept: Map<string, Ineligible> } {
  const kept = new Map<string, Ineligible>();
  if (input.months === 0) return { clientIds: [], kept };
  const cutoff = monthsBefore(input.today, input.months);
  const lastDischarge = new Map<string, string | null>();
  for (const { clientId, dischargedOn } of input.episodes) {
    const seen = lastDischarge.get(clientId);
    // An open episode wins over any discharge; otherwise the latest discharge counts.
    if (seen === null) continue;
    lastDischarge.set(clientId, dischargedOn === null ? null : seen === undefined || dischargedOn > seen ? dischargedOn : seen);
  }
  const clientIds: string[] = [];
  for (const [clientId, last] of [...lastDischarge].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (input.archived?.has(clientId)) continue;
    if (last === null) kept.set(clientId, 'open-episode');
    else if (last > cutoff) kept.set(clientId, 'recent-discharge');
    else if ([clientId, ...input.recordsOf(clientId)].some((id) => input.pending.has(id))) kept.set(clientId, 'pending-changes');
    else clientIds.push(clientId);
  }
  return { clientIds, kept };
}

/** Whether a stored record belongs to one client: its own record, or one naming it (a group session's shared records name none and stay). */
export function belongsTo(clientId: string, doc: { id: string; clientId?: unknown }): boolean {
  return doc.id === clientId || doc.clientId === clientId;
}
