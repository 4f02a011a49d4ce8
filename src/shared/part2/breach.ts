/**
 * The breach log. Part 2 records follow the HIPAA breach notification rules (45 CFR 164.400–414):
 * affected individuals are told without unreasonable delay and no later than 60 calendar days
 * after the breach is discovered; the Secretary of HHS within the same 60 days when 500 or more
 * are affected (with the media), otherwise in the yearly log due 60 days after the end of the
 * calendar year of discovery. The deadline is shown until the incident is closed.
 */
import { z } from 'zod';
import { addDays, daysBetween } from '../calendar';
import { isoDate } from '../clients';

export const BREACH_KIND = 'part2-breach';
export const BREACH_NOTIFICATION_DAYS = 60;
/** At or above this many affected people, HHS and the media are told within the 60 days too. */
export const BREACH_LARGE_THRESHOLD = 500;

export const BREACH_NOTIFIED = {
  individuals: 'Affected individuals',
  hhs: 'The Secretary of HHS',
  media: 'The media',
  other: 'Other (a business associate, a state agency)',
} as const;
export type BreachNotified = keyof typeof BREACH_NOTIFIED;

export const breachNotificationSchema = z
  .object({
    on: isoDate('The date of the notification'),
    to: z.enum(Object.keys(BREACH_NOTIFIED) as [BreachNotified, ...BreachNotified[]], 'Who was notified?'),
    how: z.string().trim().min(1, 'Say how they were notified').max(500, 'At most 500 characters'),
  })
  .strict();
export type BreachNotification = z.infer<typeof breachNotificationSchema>;

/**
 * A breach incident's sealed payload. Notifications are keyed by id, not listed: two devices that
 * each record one merge field by field into both.
 */
export const breachIncidentSchema = z
  .object({
    discoveredOn: isoDate('The date the breach was discovered'),
    description: z.string().trim().min(1, 'Describe what happened').max(4000, 'At most 4000 characters'),
    affectedClients: z.number({ error: 'How many clients are affected? (0 if none yet known)' }).int('A whole number of clients').min(0, 'Cannot be negative'),
    status: z.enum(['open', 'closed']),
    closedOn: isoDate('The date closed').optional(),
    notifications: z.record(z.string().min(1), breachNotificationSchema).default({}),
  })
  .strict()
  .refine((b) => (b.status === 'closed') === (b.closedOn !== undefined), { message: 'A closed incident has the date it was closed, an open one has none', path: ['closedOn'] })
  .refine((b) => b.closedOn === undefined || b.closedOn >= b.discoveredOn, { message: 'An incident cannot be closed before it was discovered', path: ['closedOn'] })
  .refine((b) => Object.values(b.notifications).every((n) => n.on >= b.discoveredOn), { message: 'A notification cannot predate the discovery', path: ['notifications'] });
export type BreachIncident = z.infer<typeof breachIncidentSchema>;

export interface BreachDeadline {
  /** The last day to notify the affected individuals. */
  deadline: string;
  /** The last day to tell HHS: the same day for a large breach, else 60 days after the year's end. */
  hhsDeadline: string;
  /** Days from `today` to the deadline: 0 = due today, negative = overdue. */
  daysLeft: number;
  state: 'due' | 'overdue' | 'notified-in-time' | 'notified-late';
  /** Shown until the incident is closed. */
  shown: boolean;
  message: string;
}

export function breachDeadline(incident: BreachIncident, today: string): BreachDeadline {
  const deadline = addDays(incident.discoveredOn, BREACH_NOTIFICATION_DAYS);
  const large = incident.affectedClients >= BREACH_LARGE_THRESHOLD;
  const hhsDeadline = large ? deadline : addDays(`${incident.discoveredOn.slice(0, 4)}-12-31`, BREACH_NOTIFICATION_DAYS);
  const daysLeft = daysBetween(today, deadline);
  const notified = Object.values(incident.notifications)
    .filter((n) => n.to === 'individuals')
    .map((n) => n.on)
    .sort()[0];
  const state = notified !== undefined ? (notified <= deadline ? 'notified-in-time' : 'notified-late') : daysLeft < 0 ? 'overdue' : 'due';
  const message = {
    'notified-in-time': `Individuals notified on ${notified} (deadline ${deadline})`,
    'notified-late': `Individuals notified on ${notified}, after the deadline of ${deadline}`,
    overdue: `Overdue by ${-daysLeft} ${-daysLeft === 1 ? 'day' : 'days'}: individuals had to be notified by ${deadline}`,
    due: daysLeft === 0 ? `Notify the affected individuals today (deadline ${deadline})` : `${daysLeft} ${daysLeft === 1 ? 'day' : 'days'} left to notify the affected individuals (by ${deadline})`,
  }[state];
  return { deadline, hhsDeadline, daysLeft, state, shown: incident.status === 'open', message };
}
