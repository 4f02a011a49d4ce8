/**
 * Where each client in care stands with their treatment plan: none yet, a first draft, signed, a
 * review due soon or overdue. The plans page lists it for every client with an open episode.
 */
import { addDays, daysBetween } from '../calendar';
import { reviewDueOn, type PlanDates } from './reviews';
import type { Message, SharedKey } from '../messages';

export const CARE_PLAN_STATES = {
  none: 'shared:carePlanStates.none',
  draft: 'shared:carePlanStates.draft',
  signed: 'shared:carePlanStates.signed',
  'review-due': 'shared:carePlanStates.reviewDue',
  overdue: 'shared:carePlanStates.overdue',
} as const satisfies Record<string, SharedKey>;
export type CarePlanState = keyof typeof CARE_PLAN_STATES;

export interface CarePlanStatus {
  state: CarePlanState;
  /** The version a link opens: the review in progress if there is one, else the current version. */
  open?: { planId: string; version: number };
  /** When the signed version's review is due. */
  dueOn?: string;
  /** Days from today to the due date; negative when overdue. */
  daysToDue?: number;
  /** A newer version is being written (the review is under way but not signed). */
  reviewInProgress: boolean;
}

/**
 * The plan state of one episode from its plan versions (superseded ones may be included: they
 * are ignored). A review shows as due `warnDays` ahead, as the dashboard's list does.
 */
export function carePlanStatus(versions: readonly PlanDates[], today: string, options: { cadenceDays: number; warnDays?: number }): CarePlanStatus {
  const live = versions.filter((v) => v.status === 'signed' || v.status === 'draft');
  const signed = live.filter((v) => v.status === 'signed').sort((a, b) => b.version - a.version)[0];
  const newest = [...live].sort((a, b) => b.version - a.version)[0];
  if (newest === undefined) return { state: 'none', reviewInProgress: false };
  const open = { planId: newest.planId, version: newest.version };
  if (signed === undefined) return { state: 'draft', open, reviewInProgress: false };
  const dueOn = reviewDueOn(signed, options.cadenceDays);
  const daysToDue = daysBetween(today, dueOn);
  const state: CarePlanState = daysToDue < 0 ? 'overdue' : dueOn <= addDays(today, options.warnDays ?? 7) ? 'review-due' : 'signed';
  return { state, open, dueOn, daysToDue, reviewInProgress: newest.version > signed.version };
}

/** The status in words: "Review due in 3 days", "Review overdue by 1 day", "Signed · review due 2027-01-04". */
export function describeCarePlanStatus(status: CarePlanStatus): Message {
  const due = status.daysToDue;
  if (status.state === 'overdue' && due !== undefined) return due === -1 ? { key: 'shared:carePlanStates.overdueOneDay' } : { key: 'shared:carePlanStates.overdueDays', values: { days: -due } };
  if (status.state === 'review-due' && due !== undefined) {
    return due === 0 ? { key: 'shared:carePlanStates.dueToday' } : due === 1 ? { key: 'shared:carePlanStates.dueOneDay' } : { key: 'shared:carePlanStates.dueInDays', values: { days: due } };
  }
  if (status.state === 'signed' && status.dueOn !== undefined) return { key: 'shared:carePlanStates.signedReviewDue', values: { dueOn: status.dueOn } };
  return { key: CARE_PLAN_STATES[status.state] };
}
