/**
 * Payers and their rules, as data. Every rule a payer imposes on an IOP (what a unit of an
 * authorization is, the weekly hours, certification, claim codes, bundling) is a field the
 * practice can change, with defaults for Medicare's IOP benefit (from 1 January 2024) and for a
 * typical commercial plan. Nothing here is hard-coded per payer name: code reads the rules.
 */
import { z } from 'zod';
import { wholeNumber } from '../clients';
import { message, type SharedKey } from '../messages';
import { serviceCodeSchema } from '../exports/service-codes';


/** What one unit of an authorization is for this payer. */
export const unitRuleSchema = z.discriminatedUnion('per', [
  z.object({ per: z.literal('session') }).strict(),
  z
    .object({
      per: z.literal('day'),
      /** A day uses a unit when the client attended at least this many services… */
      minServices: wholeNumber('shared:fields.servicesADayNeeds', 1, 10),
      /** …and at least this many minutes in all (0: any length). */
      minMinutes: wholeNumber('shared:fields.minutesADayNeeds', 0, 1440),
    })
    .strict(),
]);
export type UnitRule = z.infer<typeof unitRuleSchema>;

const optionalCode = (field: SharedKey, pattern: RegExp, example: string) =>
  z
    .string()
    .trim()
    .refine((value) => value === '' || pattern.test(value), message('shared:validation.looksLike', { field, example }));

/**
 * The payer pays an IOP day as one per-diem line (S9480 psychiatric, H0015 alcohol/drug IOP) when
 * the client attended at least this many services and minutes that day.
 */
export const perDiemRuleSchema = z
  .object({
    code: serviceCodeSchema.refine((value) => value !== '', message('shared:serviceCodes.choosePerDiem')),
    minServices: wholeNumber('shared:fields.servicesAPerDiemDayNeeds', 1, 10),
    minMinutes: wholeNumber('shared:fields.minutesAPerDiemDayNeeds', 0, 1440),
  })
  .strict();
export type PerDiemRule = z.infer<typeof perDiemRuleSchema>;

export const payerRulesSchema = z
  .object({
    unitRule: unitRuleSchema,
    /** Services need an approved authorization to be billed (commercial plans); Medicare IOP does not. */
    requiresAuthorization: z.boolean(),
    /** Warn when this many units or fewer remain… */
    warnUnitsLeft: wholeNumber('shared:fields.theUnitsWarning', 0, 100),
    /** …or this many days or fewer remain before the authorization ends. */
    warnDaysLeft: wholeNumber('shared:fields.theDaysWarning', 0, 365),
    /** Hours of services a week the payer expects (Medicare IOP: 9); null for none. */
    weeklyMinimumHours: z.number(message('shared:billing.weeklyHoursNumber')).min(0).max(40).nullable(),
    /** A physician certifies the need for IOP and recertifies at most this many days later (Medicare: 60). */
    recertifyEveryDays: wholeNumber('shared:fields.theRecertificationInterval', 1, 365).nullable(),
    /** The treatment plan is reviewed at least this often for this payer (Medicare: every other month). */
    planReviewEveryDays: wholeNumber('shared:fields.thePlanReviewInterval', 1, 365).nullable(),
    /** Claims carry the day's tier by services attended (Medicare IOP pays 3 and 4-or-more differently). */
    dayTiers: z.boolean(),
    /** Condition code on the claim (Medicare IOP: 92). */
    conditionCode: optionalCode('shared:fields.conditionCode', /^[A-Z0-9]{2}$/, '92'),
    /** Revenue code on the claim (RHC/FQHC IOP: 0905). */
    revenueCode: optionalCode('shared:fields.revenueCode', /^\d{4}$/, '0905'),
    /** Group psychotherapy (90853) is part of the per diem for this payer: never billed on a per-diem day. */
    perDiemBundlesGroup: z.boolean(),
    /** The per-diem line for a day that qualifies; null when this payer pays per service only. */
    perDiem: perDiemRuleSchema.nullable(),
    /** Place of service for a client attending by telehealth: 10 at home, 02 elsewhere. */
    telehealthPlaceOfService: z.enum(['02', '10'], message('shared:billing.choosePlaceService02')),
    /** Place of service in person (11 office, 53 community mental health centre, 22 hospital outpatient…). */
    inPersonPlaceOfService: optionalCode('shared:fields.placeOfService', /^\d{2}$/, '11'),
  })
  .strict();
export type PayerRules = z.infer<typeof payerRulesSchema>;

export const PAYER_KINDS = {
  medicare: 'shared:payerKinds.medicare',
  medicaid: 'shared:payerKinds.medicaid',
  commercial: 'shared:payerKinds.commercial',
  other: 'shared:payerKinds.other',
} as const satisfies Record<string, SharedKey>;
export type PayerKind = keyof typeof PAYER_KINDS;

export const payerSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().trim().min(1, message('shared:billing.givePayerName')).max(120, message('shared:billing.nameAtMostMaximum')),
    kind: z.enum(Object.keys(PAYER_KINDS) as [PayerKind, ...PayerKind[]], message('shared:billing.chooseKindPayer')),
    rules: payerRulesSchema,
  })
  .strict();
export type Payer = z.infer<typeof payerSchema>;

/**
 * Medicare's IOP benefit: physician certification and recertification at least every other month,
 * at least 9 hours of services a week, payment per day by services (3 vs 4 or more), condition code
 * 92, revenue code 0905 for RHC/FQHC claims, the plan reviewed at least every other month. Medicare
 * needs no prior authorization; a day is a unit for tracking.
 */
export const MEDICARE_IOP_RULES: PayerRules = {
  unitRule: { per: 'day', minServices: 3, minMinutes: 0 },
  requiresAuthorization: false,
  warnUnitsLeft: 2,
  warnDaysLeft: 3,
  weeklyMinimumHours: 9,
  recertifyEveryDays: 60,
  planReviewEveryDays: 60,
  dayTiers: true,
  conditionCode: '92',
  revenueCode: '0905',
  // Medicare pays the IOP day by its services (the tiers), not by an S9480 or H0015 line.
  perDiemBundlesGroup: false,
  perDiem: null,
  telehealthPlaceOfService: '10',
  inPersonPlaceOfService: '11',
};

/**
 * A commercial plan: prior authorization in sessions, reviews on the payer's dates, no claim
 * extras; an IOP day of 3 hours or more billed per diem (S9480) with group psychotherapy in it.
 */
export const COMMERCIAL_DEFAULT_RULES: PayerRules = {
  unitRule: { per: 'session' },
  requiresAuthorization: true,
  warnUnitsLeft: 2,
  warnDaysLeft: 3,
  weeklyMinimumHours: null,
  recertifyEveryDays: null,
  planReviewEveryDays: null,
  dayTiers: false,
  conditionCode: '',
  revenueCode: '',
  perDiemBundlesGroup: true,
  perDiem: { code: 'S9480', minServices: 1, minMinutes: 180 },
  telehealthPlaceOfService: '10',
  inPersonPlaceOfService: '11',
};

/** The rules a new payer of a kind starts from; the practice edits them afterwards. */
export function defaultRules(kind: PayerKind): PayerRules {
  return structuredClone(kind === 'medicare' ? MEDICARE_IOP_RULES : COMMERCIAL_DEFAULT_RULES);
}

/** The plan review interval for a client: the practice's cadence, shortened by any payer that asks for more often. */
export function planReviewDays(practiceCadenceDays: number, payers: readonly Pick<Payer, 'rules'>[]): number {
  return Math.min(practiceCadenceDays, ...payers.map((p) => p.rules.planReviewEveryDays ?? Infinity));
}

/**
 * Payers as the practice kept them before each payer was its own record: one `payers` setting
 * holding the list, the rules without a per-diem line of their own (the practice's per-diem code
 * applied to every payer). Read once after unlock and written as payer records (see
 * `upgradeLegacyPayers`).
 */
export const legacyPayersSchema = z.array(payerSchema.extend({ rules: payerRulesSchema.omit({ perDiem: true }) }).strict());
export type LegacyPayer = z.infer<typeof legacyPayersSchema>[number];

/**
 * The legacy list as payer records: each payer keeps its id, name, kind and rules, and gains the
 * per-diem line the practice's service codes applied to it then (any number of services reaching
 * the minimum minutes), so the claims it gets are the ones it got before.
 */
export function upgradeLegacyPayers(legacy: readonly LegacyPayer[], practicePerDiem: { code: string; minimumMinutes: number } | null): Payer[] {
  const perDiem = practicePerDiem === null ? null : { code: practicePerDiem.code, minServices: 1, minMinutes: practicePerDiem.minimumMinutes };
  return legacy.map((p) => payerSchema.parse({ ...p, rules: { ...p.rules, perDiem } }));
}
