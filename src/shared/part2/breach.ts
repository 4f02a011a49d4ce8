/**
 * The breach log. Part 2 records follow the HIPAA breach notification rules (45 CFR 164.400–414):
 * affected individuals are told without unreasonable delay and no later than 60 calendar days
 * after the breach is discovered; the Secretary of HHS within the same 60 days when 500 or more
 * are affected (with the media), otherwise in the yearly log due 60 days after the end of the
 * calendar year of discovery. The deadline is shown until the incident is closed.
 */
import { z } from 'zod';
import { message, type Message, type SharedKey } from '../messages';
import { addDays, daysBetween } from '../calendar';
import { isoDate } from '../clients';

export const BREACH_KIND = 'part2-breach';
export const BREACH_NOTIFICATION_DAYS = 60;
/** At or above this many affected people, HHS and the media are told within the 60 days too. */
export const BREACH_LARGE_THRESHOLD = 500;
/** Within this many days of the deadline the log warns (a choice of Waypoint's, not the rule's). */
export const BREACH_WARN_DAYS = 14;

export const BREACH_NOTIFIED = {
  individuals: 'shared:breachNotified.individuals',
  hhs: 'shared:breachNotified.hhs',
  media: 'shared:breachNotified.media',
  other: 'shared:breachNotified.other',
} as const satisfies Record<string, SharedKey>;
export type BreachNotified = keyof typeof BREACH_NOTIFIED;

export const breachNotificationSchema = z
  .object({
    on: isoDate('shared:fields.dateOfTheNotification'),
    to: z.enum(Object.keys(BREACH_NOTIFIED) as [BreachNotified, ...BreachNotified[]], message('shared:part2.whoWasNotified')),
    how: z.string().trim().min(1, message('shared:part2.sayHowTheyWere')).max(500, message('shared:validation.atMostCharacters')),
  })
  .strict();
export type BreachNotification = z.infer<typeof breachNotificationSchema>;

/**
 * The four factors of the risk assessment (45 CFR 164.402, "breach" (2)): an impermissible use or
 * disclosure is presumed a breach unless this assessment shows a low probability that the
 * information has been compromised.
 */
export const BREACH_RISK_FACTORS = {
  nature: 'shared:breachRiskFactors.nature',
  person: 'shared:breachRiskFactors.person',
  acquired: 'shared:breachRiskFactors.acquired',
  mitigated: 'shared:breachRiskFactors.mitigated',
} as const satisfies Record<string, SharedKey>;
export type BreachRiskFactor = keyof typeof BREACH_RISK_FACTORS;

export const BREACH_DECISIONS = {
  undecided: 'shared:breachDecisions.undecided',
  breach: 'shared:breachDecisions.breach',
  'not-a-breach': 'shared:breachDecisions.notABreach',
} as const satisfies Record<string, SharedKey>;
export type BreachDecision = keyof typeof BREACH_DECISIONS;

const text = (max: number) => z.string().trim().max(max, message('shared:validation.atMostCharacters')).default('');

/**
 * A breach incident's sealed payload. Notifications are keyed by id, not listed: two devices that
 * each record one merge field by field into both; the risk factors are an object for the same
 * reason. The free text never names a client: it says which records, not whose.
 */
export const breachIncidentSchema = z
  .object({
    discoveredOn: isoDate('shared:fields.dateTheBreachWasDiscovered'),
    description: z.string().trim().min(1, message('shared:part2.describeWhatHappened')).max(4000, message('shared:validation.atMostCharacters')),
    /** Which records and whose (by group or count, e.g. "progress notes of the Tuesday SUD group"). */
    records: text(2000),
    affectedClients: z.number(message('shared:part2.howManyIndividualsAre')).int(message('shared:part2.wholeNumberIndividuals')).min(0, message('shared:part2.cannotNegative')),
    risk: z.object({ nature: text(2000), person: text(2000), acquired: text(2000), mitigated: text(2000) }).strict().default({ nature: '', person: '', acquired: '', mitigated: '' }),
    decision: z.enum(Object.keys(BREACH_DECISIONS) as [BreachDecision, ...BreachDecision[]]).default('undecided'),
    status: z.enum(['open', 'closed']),
    closedOn: isoDate('shared:fields.dateClosed').optional(),
    notifications: z.record(z.string().min(1), breachNotificationSchema).default({}),
  })
  .strict()
  .refine((b) => (b.status === 'closed') === (b.closedOn !== undefined), { ...message('shared:part2.closedIncidentHasDate'), path: ['closedOn'] })
  .refine((b) => b.closedOn === undefined || b.closedOn >= b.discoveredOn, { ...message('shared:part2.incidentCannotClosedBefore'), path: ['closedOn'] })
  .refine((b) => Object.values(b.notifications).every((n) => n.on >= b.discoveredOn), { ...message('shared:part2.notificationCannotPredateDiscovery'), path: ['notifications'] })
  .refine((b) => b.decision !== 'not-a-breach' || Object.values(b.risk).every((answer) => answer !== ''), {
    ...message('shared:part2.decidingNotBreachNeeds'),
    path: ['decision'],
  });
export type BreachIncidentInput = z.input<typeof breachIncidentSchema>;
export type BreachIncident = z.infer<typeof breachIncidentSchema>;

export interface BreachDeadline {
  /** The last day to notify the affected individuals. */
  deadline: string;
  /** The last day to tell HHS: the same day for a large breach, else 60 days after the year's end. */
  hhsDeadline: string;
  /** Days from `today` to the deadline: 0 = due today, negative = overdue. */
  daysLeft: number;
  state: 'due' | 'overdue' | 'notified-in-time' | 'notified-late' | 'not-a-breach';
  /** Due within this many days (or overdue): the screen warns. */
  warn: boolean;
  /** Shown until the incident is closed, unless the risk assessment found it not a breach. */
  shown: boolean;
  message: Message;
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
  const state =
    incident.decision === 'not-a-breach' ? 'not-a-breach' : notified !== undefined ? (notified <= deadline ? 'notified-in-time' : 'notified-late') : daysLeft < 0 ? 'overdue' : 'due';
  const values = { on: notified ?? '', deadline, days: Math.abs(daysLeft) };
  const key: SharedKey = {
    'not-a-breach': 'shared:breachDeadlines.notABreach' as const,
    'notified-in-time': 'shared:breachDeadlines.notifiedInTime' as const,
    'notified-late': 'shared:breachDeadlines.notifiedLate' as const,
    overdue: daysLeft === -1 ? ('shared:breachDeadlines.overdueOneDay' as const) : ('shared:breachDeadlines.overdueDays' as const),
    due: daysLeft === 0 ? ('shared:breachDeadlines.dueToday' as const) : daysLeft === 1 ? ('shared:breachDeadlines.dueOneDay' as const) : ('shared:breachDeadlines.dueDays' as const),
  }[state];
  const message: Message = { key, values };
  const warn = (state === 'due' && daysLeft <= BREACH_WARN_DAYS) || state === 'overdue';
  return { deadline, hhsDeadline, daysLeft, state, warn, shown: incident.status === 'open' && state !== 'not-a-breach', message };
}
