/**
 * Authorizations and utilization review: what a payer approved for a client's episode (units or
 * days, dates, level of care), how attended services use it up, when the next review is due, and
 * which services fall outside it. Consumption is computed from attendance every time, never stored
 * as a counter, so two laptops that each recorded sessions converge on the same count after sync.
 */
import { z } from 'zod';
import { addDays, daysBetween } from '../calendar';
import { isoDate, limitedText } from '../clients';
import { LEVELS_OF_CARE, type LevelOfCare } from '../episodes';
import { message, parseOrThrow, type Message, type SharedKey } from '../messages';
import { serviceOutcome, SERVICE_TYPES, weekLedger, type ClientService, type ServiceType, type WeekLedger } from '../hours';
import { minutesAttended } from '../attendance';
import type { PayerRules, UnitRule } from './payers';

export const AUTHORIZATION_STATUSES = {
  requested: 'shared:authorizationStatuses.requested',
  approved: 'shared:authorizationStatuses.approved',
  'partially-approved': 'shared:authorizationStatuses.partiallyApproved',
  denied: 'shared:authorizationStatuses.denied',
  expired: 'shared:authorizationStatuses.expired',
} as const;
export type AuthorizationStatus = keyof typeof AUTHORIZATION_STATUSES;

export const REVIEW_TYPES = { initial: 'shared:reviewTypes.initial', concurrent: 'shared:reviewTypes.concurrent', 'peer-to-peer': 'shared:reviewTypes.peerToPeer', appeal: 'shared:reviewTypes.appeal' } as const;
export type ReviewType = keyof typeof REVIEW_TYPES;

const levelSchema = z.enum(Object.keys(LEVELS_OF_CARE) as [LevelOfCare, ...LevelOfCare[]], message('shared:episodes.chooseLevel'));
const serviceTypeSchema = z.enum(Object.keys(SERVICE_TYPES) as [ServiceType, ...ServiceType[]]);

/** One utilization review with the payer: what was sent and what came of it. */
export const utilizationReviewSchema = z
  .object({
    on: isoDate('shared:fields.reviewDateLabel'),
    type: z.enum(Object.keys(REVIEW_TYPES) as [ReviewType, ...ReviewType[]], message('shared:billing.chooseTypeReview')),
    sent: limitedText('shared:fields.whatWasSent', 2000),
    outcome: limitedText('shared:fields.theOutcome', 2000),
    /** Staff who held the review. */
    by: limitedText('shared:fields.theReviewer', 200),
  })
  .strict();
export type UtilizationReview = z.infer<typeof utilizationReviewSchema>;

/** A physician's certification that the client needs IOP (Medicare), or its recertification. */
export const certificationSchema = z.object({ on: isoDate('shared:fields.certificationDate'), physician: limitedText('shared:fields.thePhysician', 200).min(1, message('shared:billing.nameCertifyingPhysician')) }).strict();
export type Certification = z.infer<typeof certificationSchema>;

export const authorizationSchema = z
  .object({
    clientId: z.string().min(1),
    episodeId: z.string().min(1),
    payerId: z.string().min(1, message('shared:billing.choosePayer')),
    number: limitedText('shared:fields.theAuthorizationNumber', 60),
    /** The level of care the payer authorized, kept apart from the clinical one on the episode. */
    authorizedLevel: levelSchema,
    /** Why the authorized level differs from the clinical level, when it does. */
    levelDifferenceReason: limitedText('shared:fields.theReason', 1000),
    /** Units (sessions or days, by the payer's unit rule) authorized. */
    units: z.number(message('shared:billing.unitsNumber')).int(message('shared:billing.unitsWholeNumber')).min(0, message('shared:billing.unitsCannotNegative')).max(1000, message('shared:billing.atMostMaximumUnits')),
    /** Sessions or days a week the payer expects, as the authorization states it (e.g. "3 days a week"). */
    frequency: limitedText('shared:fields.theFrequency', 120),
    startOn: isoDate('shared:fields.startDate'),
    endOn: isoDate('shared:fields.endDate'),
    nextReviewOn: isoDate('shared:fields.nextReviewDate').or(z.literal('')),
    reviewType: z.enum(Object.keys(REVIEW_TYPES) as [ReviewType, ...ReviewType[]], message('shared:billing.chooseTypeReview')),
    status: z.enum(Object.keys(AUTHORIZATION_STATUSES) as [AuthorizationStatus, ...AuthorizationStatus[]], message('shared:billing.chooseStatus')),
    careManager: z.object({ name: limitedText('shared:fields.theCareManager', 200), phone: limitedText('shared:fields.thePhoneNumber', 40) }).strict(),
    /** The services it covers; all IOP services unless the payer says otherwise. */
    covers: z.array(serviceTypeSchema).min(1, message('shared:billing.chooseAtLeastOne')),
    /** Keyed by id, not a list: two laptops that each record a review merge without a conflict (src/shared/sync/merge.ts). */
    reviews: z.record(z.string().min(1), utilizationReviewSchema),
    certifications: z.record(z.string().min(1), certificationSchema),
    notes: limitedText('shared:fields.notes', 4000),
  })
  .strict()
  .superRefine((auth, ctx) => {
    if (auth.endOn < auth.startOn) ctx.addIssue({ code: 'custom', path: ['endOn'], message: 'shared:billing.endBeforeStart', params: { endOn: auth.endOn, startOn: auth.startOn } });
  });
export type Authorization = z.infer<typeof authorizationSchema>;

/** What a utilization review decided: the authorization's status, units and dates afterwards. */
export type ReviewOutcome = Pick<Authorization, 'status' | 'units' | 'endOn' | 'nextReviewOn' | 'reviewType'>;

/** Records a review (under a new id) and what it decided; the result is checked like any authorization. */
export function withReview(auth: Authorization, reviewId: string, review: UtilizationReview, outcome: ReviewOutcome): Authorization {
  if (Object.hasOwn(auth.reviews, reviewId)) throw new Error(`A review ${reviewId} is already recorded`);
  return parseOrThrow(authorizationSchema, { ...auth, ...outcome, reviews: { ...auth.reviews, [reviewId]: parseOrThrow(utilizationReviewSchema, review) } });
}

/** The reviews held, oldest first (ids break ties, so every device lists them alike). */
export function reviewsInOrder(auth: Pick<Authorization, 'reviews'>): (UtilizationReview & { id: string })[] {
  return Object.entries(auth.reviews)
    .map(([id, review]) => ({ id, ...review }))
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id < b.id ? -1 : 1));
}

/** Approved (in full or in part): the only statuses that pay for services. */
export function isInForce(auth: Pick<Authorization, 'status'>): boolean {
  return auth.status === 'approved' || auth.status === 'partially-approved';
}

/** The authorized level differs from the clinical one without a reason: what to ask for. */
export function levelDifferenceProblem(auth: Pick<Authorization, 'authorizedLevel' | 'levelDifferenceReason'>, clinicalLevel: LevelOfCare): Message | null {
  if (auth.authorizedLevel === clinicalLevel || auth.levelDifferenceReason.trim() !== '') return null;
  return { key: 'shared:authorizations.levelDiffers', values: { authorized: LEVELS_OF_CARE[auth.authorizedLevel], clinical: LEVELS_OF_CARE[clinicalLevel] } };
}

/** One unit used: a session, or a day that met the payer's rule. */
export interface UnitUse {
  date: string;
  sessionIds: string[];
  /** 1-based: which unit of the authorization this is. Over `units` means beyond what was authorized. */
  unit: number;
}

export type AuthorizationWarning = 'units-low' | 'days-low' | 'exhausted' | 'ended' | 'not-in-force';

export interface Consumption {
  used: number;
  remaining: number;
  /** Days from today to the end date, both counted; 0 once it has ended. */
  daysLeft: number;
  uses: UnitUse[];
  /** Services that met the unit rule after every authorized unit was used. */
  beyond: UnitUse[];
  warnings: AuthorizationWarning[];
}

/**
 * A service the payer is billed for: attended, or a family session held without the patient
 * (billed as family therapy without the patient, 90846).
 */
export function isBilledService(service: ClientService, today: string): boolean {
  const outcome = serviceOutcome(service, today);
  return outcome === 'attended' || (service.serviceType === 'family' && (outcome === 'absent-excused' || outcome === 'absent-unexcused'));
}

function covered(auth: Authorization, service: ClientService, today: string): boolean {
  return service.clientId === auth.clientId && service.date >= auth.startOn && service.date <= auth.endOn && auth.covers.includes(service.serviceType) && isBilledService(service, today);
}

/** Minutes that count towards a day's unit; a family session without the patient counts its length. */
function billedMinutes(service: ClientService): number {
  const entry = service.attendance!;
  return entry.status === 'absent-excused' || entry.status === 'absent-unexcused' ? service.session.minutes : minutesAttended(entry, service.session);
}

const byTime = (a: ClientService, b: ClientService) => (a.date + a.session.start < b.date + b.session.start ? -1 : a.date + a.session.start > b.date + b.session.start ? 1 : a.sessionId < b.sessionId ? -1 : 1);

/** Candidate units in time order, before the authorized count is applied. */
function unitsUsed(services: readonly ClientService[], rule: UnitRule): Omit<UnitUse, 'unit'>[] {
  const ordered = [...services].sort(byTime);
  if (rule.per === 'session') return ordered.map((s) => ({ date: s.date, sessionIds: [s.sessionId] }));
  const days = new Map<string, ClientService[]>();
  for (const service of ordered) days.set(service.date, [...(days.get(service.date) ?? []), service]);
  return [...days.entries()]
    .filter(([, day]) => day.length >= rule.minServices && day.reduce((sum, s) => sum + billedMinutes(s), 0) >= rule.minMinutes)
    .map(([date, day]) => ({ date, sessionIds: day.map((s) => s.sessionId) }));
}

/**
 * How an authorization stands on `today`: units used by attended, covered services in its dates,
 * in time order, and the warnings the office acts on (the payer's thresholds for units and days).
 */
export function consumption(auth: Authorization, rules: Pick<PayerRules, 'unitRule' | 'warnUnitsLeft' | 'warnDaysLeft'>, services: readonly ClientService[], today: string): Consumption {
  const all = unitsUsed(
    services.filter((s) => covered(auth, s, today)),
    rules.unitRule,
  ).map((use, i) => ({ ...use, unit: i + 1 }));
  const uses = all.filter((u) => u.unit <= auth.units);
  const beyond = all.filter((u) => u.unit > auth.units);
  const used = uses.length;
  const remaining = auth.units - used;
  const daysLeft = today > auth.endOn ? 0 : daysBetween(today < auth.startOn ? auth.startOn : today, auth.endOn) + 1;
  const warnings: AuthorizationWarning[] = [];
  if (!isInForce(auth)) warnings.push('not-in-force');
  if (today > auth.endOn) warnings.push('ended');
  if (remaining <= 0) warnings.push('exhausted');
  else if (remaining <= rules.warnUnitsLeft) warnings.push('units-low');
  if (today <= auth.endOn && daysLeft <= rules.warnDaysLeft) warnings.push('days-low');
  return { used, remaining, daysLeft, uses, beyond, warnings };
}

export const WARNING_TEXT: Record<AuthorizationWarning, (c: Consumption) => Message> = {
  'units-low': (c) => (c.remaining === 1 ? { key: 'shared:authorizationWarnings.oneUnitLeft' } : { key: 'shared:authorizationWarnings.unitsLeft', values: { units: c.remaining } }),
  'days-low': (c) => (c.daysLeft === 1 ? { key: 'shared:authorizationWarnings.oneDayLeft' } : { key: 'shared:authorizationWarnings.daysLeft', values: { days: c.daysLeft } }),
  exhausted: (c) => (c.beyond.length > 0 ? { key: 'shared:authorizationWarnings.allUsedBeyond', values: { beyond: c.beyond.length } } : { key: 'shared:authorizationWarnings.allUsed' }),
  ended: () => ({ key: 'shared:authorizationWarnings.ended' }),
  'not-in-force': () => ({ key: 'shared:authorizationWarnings.notApproved' }),
};

export const REVIEW_BUCKETS = {
  overdue: 'shared:reviewBuckets.overdue',
  today: 'shared:reviewBuckets.today',
  tomorrow: 'shared:reviewBuckets.tomorrow',
  'this-week': 'shared:reviewBuckets.thisWeek',
} as const satisfies Record<string, SharedKey>;
export type ReviewBucket = keyof typeof REVIEW_BUCKETS;

/**
 * Which bucket a next-review date falls in, or null when it is further off (or none is set).
 * "Later this week" is the five days after tomorrow, so a review is never more than a week away
 * without being listed.
 */
export function reviewBucket(nextReviewOn: string, today: string): ReviewBucket | null {
  if (nextReviewOn === '') return null;
  if (nextReviewOn < today) return 'overdue';
  if (nextReviewOn === today) return 'today';
  if (nextReviewOn === addDays(today, 1)) return 'tomorrow';
  return nextReviewOn <= addDays(today, 6) ? 'this-week' : null;
}

/** Reviews to prepare: authorizations still requested or in force, by bucket, soonest first. */
export function reviewsDue<T extends Pick<Authorization, 'nextReviewOn' | 'status'>>(auths: readonly T[], today: string): { bucket: ReviewBucket; auth: T }[] {
  return auths
    .filter((a) => a.status === 'requested' || isInForce(a))
    .flatMap((auth) => {
      const bucket = reviewBucket(auth.nextReviewOn, today);
      return bucket === null ? [] : [{ bucket, auth }];
    })
    .sort((a, b) => (a.auth.nextReviewOn < b.auth.nextReviewOn ? -1 : a.auth.nextReviewOn > b.auth.nextReviewOn ? 1 : 0));
}

export interface CertificationDue {
  /** The date by which the (re)certification must be signed. */
  dueOn: string;
  kind: 'certification' | 'recertification';
  overdue: boolean;
}

/**
 * Medicare's physician certification: due at admission, then a recertification at most
 * `recertifyEveryDays` after the last one. Null when the payer has no such rule.
 */
export function certificationDue(auth: Pick<Authorization, 'certifications'>, admittedOn: string, rules: Pick<PayerRules, 'recertifyEveryDays'>, today: string): CertificationDue | null {
  if (rules.recertifyEveryDays === null) return null;
  const last = Object.values(auth.certifications)
    .sort((a, b) => (a.on < b.on ? -1 : 1))
    .at(-1);
  const dueOn = last === undefined ? admittedOn : addDays(last.on, rules.recertifyEveryDays);
  return { dueOn, kind: last === undefined ? 'certification' : 'recertification', overdue: dueOn < today };
}

/** Authorizations of one client and payer whose dates overlap: the office must correct one. */
export function overlappingAuthorizations<T extends Pick<Authorization, 'clientId' | 'payerId' | 'startOn' | 'endOn' | 'status'>>(auths: readonly T[]): [T, T][] {
  const live = auths.filter((a) => a.status !== 'denied');
  const pairs: [T, T][] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i]!;
      const b = live[j]!;
      if (a.clientId === b.clientId && a.payerId === b.payerId && a.startOn <= b.endOn && b.startOn <= a.endOn) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** The client's week against the payer's weekly hours (Medicare IOP: 9), or null when the payer sets none. */
export function payerWeek(services: readonly ClientService[], rules: Pick<PayerRules, 'weeklyMinimumHours'>, clientId: string, weekOf: string, today: string): WeekLedger | null {
  if (rules.weeklyMinimumHours === null) return null;
  return weekLedger(services, { clientId, weekOf, today, targetHours: rules.weeklyMinimumHours });
}
