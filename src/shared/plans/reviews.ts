/** When each plan is next reviewed, on the practice's cadence (settings.planReviewCadenceDays, default 30). */
import { addDays, daysBetween } from '../calendar';
import { DEFAULT_PRACTICE_SETTINGS } from '../settings';
import type { PlanVersion } from './schema';

export type PlanDates = Pick<PlanVersion, 'planId' | 'clientId' | 'episodeId' | 'version' | 'status' | 'effectiveOn'>;

/** The version's date plus the cadence. */
export function reviewDueOn(plan: Pick<PlanVersion, 'effectiveOn'>, cadenceDays: number = DEFAULT_PRACTICE_SETTINGS.planReviewCadenceDays): string {
  return addDays(plan.effectiveOn, cadenceDays);
}

export interface ReviewDue {
  planId: string;
  clientId: string;
  episodeId: string;
  /** The version the review starts from. */
  version: number;
  dueOn: string;
  status: 'due' | 'overdue';
  /** Days past the due date; negative while still ahead. */
  daysOverdue: number;
}

export interface ReviewsDueOptions {
  cadenceDays?: number;
  /** How many days ahead a review shows as due. */
  warnDays?: number;
}

/** Signed beats draft; then the later version. */
const outranks = (a: PlanDates, b: PlanDates) => ((a.status === 'signed') !== (b.status === 'signed') ? a.status === 'signed' : a.version > b.version);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Plans whose review is due within `warnDays` of `today`, or overdue, soonest first. Each plan
 * counts once, from its latest signed version (a review in progress is a draft: the review is
 * not done until it is signed), or its draft when nothing is signed yet.
 */
export function reviewsDue(versions: readonly PlanDates[], today: string, options: ReviewsDueOptions = {}): ReviewDue[] {
  const cadence = options.cadenceDays ?? DEFAULT_PRACTICE_SETTINGS.planReviewCadenceDays;
  const warn = options.warnDays ?? 7;
  const current = new Map<string, PlanDates>();
  for (const version of versions) {
    const held = current.get(version.planId);
    if (!held || outranks(version, held)) current.set(version.planId, version);
  }
  const due: ReviewDue[] = [];
  for (const plan of current.values()) {
    const dueOn = reviewDueOn(plan, cadence);
    const daysOverdue = daysBetween(dueOn, today);
    if (daysOverdue < -warn) continue;
    const { planId, clientId, episodeId, version } = plan;
    due.push({ planId, clientId, episodeId, version, dueOn, status: daysOverdue > 0 ? 'overdue' : 'due', daysOverdue });
  }
  return due.sort((a, b) => compare(a.dueOn, b.dueOn) || compare(a.planId, b.planId));
}
