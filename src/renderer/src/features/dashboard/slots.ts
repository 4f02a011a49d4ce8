/**
 * Hook points: sections other features put on the dashboard. A feature plugs its component in here
 * (one line); an empty slot shows a placeholder that says what will appear.
 */
import type { ComponentType } from 'react';
import { MeasuresOverview } from '../measures/MeasuresDue';
import { ReviewsDueSection } from '../plans/PlansPage';
import { AuthorizationReviewsOverview } from '../authorizations/ReviewsDuePage';

export interface DashboardSlotProps {
  today: string;
  /** The signed-in clinician's view (their staff id), or the whole programme's (null). */
  staffId: string | null;
}

export interface DashboardSlots {
  /** Treatment plan reviews due (plans). */
  reviewsDue: ComponentType<DashboardSlotProps> | null;
  /** Measures due and open alerts, such as a PHQ-9 item 9 answer awaiting follow-up (measures). */
  measures: ComponentType<DashboardSlotProps> | null;
  /** Utilization reviews with payers due (authorizations). */
  authorizationReviews: ComponentType<DashboardSlotProps> | null;
}

export const DASHBOARD_SLOTS: DashboardSlots = {
  reviewsDue: ReviewsDueSection,
  measures: MeasuresOverview,
  authorizationReviews: AuthorizationReviewsOverview,
};
