/**
 * Rolling group rosters: clients join and leave an IOP group on their own dates, so who attends a
 * session is decided by the memberships in force on its date. Dates are ISO strings (YYYY-MM-DD),
 * which compare correctly as strings.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { isoDate } from './clients';
import { englishIssue, message } from './messages';

export const membershipSchema = z
  .object({
    id: z.string().min(1, message('shared:roster.membershipIdRequired')),
    clientId: z.string().min(1, message('shared:roster.clientRequired')),
    groupId: z.string().min(1, message('shared:roster.groupRequired')),
    joinedOn: isoDate('shared:fields.joinDate'),
    /** Last day as a member, inclusive. */
    leftOn: isoDate('shared:fields.leaveDate').optional(),
    leaveReason: z.string().trim().max(200, message('shared:roster.leaveReasonTooLong')).optional(),
  })
  .strict();

export type Membership = z.infer<typeof membershipSchema>;

export function isMemberOn(membership: Membership, date: string): boolean {
  return membership.joinedOn <= date && (membership.leftOn === undefined || date <= membership.leftOn);
}

/** Members of the group on the date, in a stable order: by join date, then client, then membership id. */
export function rosterOn(memberships: Membership[], groupId: string, date: string): Membership[] {
  return memberships
    .filter((membership) => membership.groupId === groupId && isMemberOn(membership, date))
    .sort((a, b) => compare(a.joinedOn, b.joinedOn) || compare(a.clientId, b.clientId) || compare(a.id, b.id));
}

/**
 * Who belongs at a session: the roster on its date. Because membership is by date, adding a member
 * mid-series never changes earlier sessions, and ending one keeps the client on every session up to
 * and including leftOn.
 */
export function sessionParticipants(memberships: Membership[], groupId: string, occurrenceDate: string): Membership[] {
  return rosterOn(memberships, groupId, occurrenceDate);
}

/**
 * Human messages for what is wrong with adding `change`, or editing the membership with its id;
 * empty when it may be saved. Capacity is checked only on the dates the change adds, so ending or
 * shortening a membership is never blocked by a group that is already full.
 */
export function validateMembershipChange(existing: Membership[], change: Membership, capacity: number): string[] {
  const parsed = membershipSchema.safeParse(change);
  if (!parsed.success) {
    // One message per field: a malformed date would otherwise also be reported as not a real date.
    const byField = new Map<string, string>();
    for (const issue of parsed.error.issues) if (!byField.has(issue.path.join('.'))) byField.set(issue.path.join('.'), englishIssue(issue));
    return [...byField.values()];
  }
  if (change.leftOn !== undefined && change.leftOn < change.joinedOn) return ['The leave date cannot be before the join date'];

  // A membership moved to another group adds every one of its dates to the new group.
  const previous = existing.find((membership) => membership.id === change.id && membership.groupId === change.groupId);
  const others = existing.filter((membership) => membership.id !== change.id && membership.groupId === change.groupId);
  const messages: string[] = [];

  for (const other of others) {
    if (other.clientId !== change.clientId || !overlaps(other, change)) continue;
    messages.push(
      isMemberOn(other, change.joinedOn)
        ? `The client is already in this group on ${change.joinedOn} (${span(other)})`
        : `This membership overlaps another one for the same client (${span(other)})`,
    );
  }

  // The count only rises on a join date, so its maximum over the added dates is reached where the
  // added stretch begins or where another member joins inside it.
  const starts = [change.joinedOn, ...(previous?.leftOn ? [nextDay(previous.leftOn)] : []), ...others.map((other) => other.joinedOn)];
  const added = starts.filter((date) => isMemberOn(change, date) && !(previous && isMemberOn(previous, date))).sort();
  let busiest: { date: string; count: number } | undefined;
  for (const date of added) {
    const count = rosterOn([...others, change], change.groupId, date).length;
    if (!busiest || count > busiest.count) busiest = { date, count };
  }
  if (busiest && busiest.count > capacity) {
    messages.push(`The group would have ${busiest.count} members on ${busiest.date}, over its capacity of ${capacity}`);
  }
  return messages;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function overlaps(a: Membership, b: Membership): boolean {
  return (a.leftOn === undefined || b.joinedOn <= a.leftOn) && (b.leftOn === undefined || a.joinedOn <= b.leftOn);
}

function span(membership: Membership): string {
  return `${membership.joinedOn} to ${membership.leftOn ?? 'no end date'}`;
}

function nextDay(date: string): string {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  if (!day.isValid) throw new Error(`Not a date (YYYY-MM-DD): ${date}`);
  return day.plus({ days: 1 }).toISODate();
}
