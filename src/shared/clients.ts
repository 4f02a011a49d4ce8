/** Client intake: the rules shared by the intake form, the repository and the demo generator. */
import { z } from 'zod';
import { message, type SharedKey } from './messages';

/** Text of at most `max` characters, its message naming the field (a refinement, so the message carries the field). */
export const limitedText = (field: SharedKey, max: number) =>
  z
    .string()
    .trim()
    .refine((value) => value.length <= max, message('shared:validation.tooLong', { field, maximum: max }));

/** Text that is required, of at most `max` characters. */
export const requiredText = (field: SharedKey, max: number) =>
  limitedText(field, max).refine((value) => value !== '', message('shared:validation.required', { field }));

/**
 * A whole number from `minimum` to `maximum` (in `unit`, when given). Refinements, not z.number()'s
 * own checks, because only a refinement's message carries the field and the bounds.
 */
export const wholeNumber = (field: SharedKey, minimum: number, maximum: number, unit?: SharedKey) =>
  z
    // abort: a value that is not a number gets one message.
    .custom<number>((value) => typeof value === 'number' && !Number.isNaN(value), { ...message('shared:validation.notANumber', { field }), abort: true })
    .refine(Number.isInteger, unit ? message('shared:validation.notAWholeNumberOf', { field, unit }) : message('shared:validation.notAWholeNumber', { field }))
    .refine(
      (value) => value >= minimum && value <= maximum,
      unit ? message('shared:validation.betweenIn', { field, minimum, maximum, unit }) : message('shared:validation.between', { field, minimum, maximum }),
    );

const optionalText = (field: SharedKey, max = 200) => limitedText(field, max).optional().default('');

/** ISO calendar date (YYYY-MM-DD) that really exists. */
export const isoDate = (field: SharedKey) =>
  z
    .string()
    // abort: a value that is not YYYY-MM-DD gets one message, not also "not a real calendar date".
    .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value), { ...message('shared:validation.notADate', { field }), abort: true })
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, message('shared:validation.notARealDate', { field }));

export const CLIENT_FLAGS = {
  part2: 'shared:clientFlags.part2',
  restricted: 'shared:clientFlags.restricted',
} as const;
export type ClientFlag = keyof typeof CLIENT_FLAGS;

export const WAITLIST_PRIORITIES = {
  urgent: 'shared:waitlistPriorities.urgent',
  high: 'shared:waitlistPriorities.high',
  routine: 'shared:waitlistPriorities.routine',
} as const satisfies Record<string, SharedKey>;
export type WaitlistPriority = keyof typeof WAITLIST_PRIORITIES;

const diagnosisSchema = z.object({
  code: z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/, message('shared:clients.diagnosisCode')),
  label: z.string().min(1).max(300),
  primary: z.boolean().default(false),
});
export type Diagnosis = z.infer<typeof diagnosisSchema>;

const contactAttemptSchema = z.object({
  on: isoDate('shared:fields.contactDate'),
  method: z.enum(['phone', 'text', 'email', 'letter', 'in person']),
  outcome: z.string().trim().min(1, message('shared:clients.contactOutcome')).max(500),
});
export type ContactAttempt = z.infer<typeof contactAttemptSchema>;

export const clientIdentitySchema = z
  .object({
    firstName: requiredText('shared:fields.firstName', 100),
    lastName: requiredText('shared:fields.lastName', 100),
    preferredName: optionalText('shared:fields.preferredName', 100),
    dateOfBirth: isoDate('shared:fields.dateOfBirth').refine((value) => value >= '1900-01-01', message('shared:clients.bornBefore1900')),
    pronouns: optionalText('shared:fields.pronouns', 40),
    phone: optionalText('shared:fields.phone', 40),
    email: z.union([z.literal(''), z.email(message('shared:validation.email'))]).optional().default(''),
    address: optionalText('shared:fields.address', 300),
    emergencyContact: z
      .object({ name: optionalText('shared:fields.emergencyContactName', 100), relationship: optionalText('shared:fields.relationship', 60), phone: optionalText('shared:fields.emergencyContactPhone', 40) })
      .optional()
      .default({ name: '', relationship: '', phone: '' }),
    payer: optionalText('shared:fields.payer', 100),
    memberId: optionalText('shared:fields.memberId', 60),
    diagnoses: z.array(diagnosisSchema).max(20, message('shared:clients.tooManyDiagnoses')).optional().default([]),
    referralSource: optionalText('shared:fields.referralSource', 200),
    flags: z.array(z.enum(Object.keys(CLIENT_FLAGS) as [ClientFlag, ...ClientFlag[]])).optional().default([]),
    waitlist: z
      .object({ priority: z.enum(['urgent', 'high', 'routine']), addedOn: isoDate('shared:fields.waitlistDate'), reason: optionalText('shared:fields.reason', 500), attempts: z.array(contactAttemptSchema).default([]) })
      .optional(),
    /** Set by a merge (src/shared/duplicates.ts): the records merged in, and their values that lost. */
    mergedFrom: z.array(z.string()).optional(),
    mergedValues: z.array(z.object({ field: z.string(), value: z.unknown(), from: z.string() })).optional(),
    /** On a merged duplicate: the record it now lives in. */
    mergedInto: z.string().optional(),
  })
  .strict();

export type ClientIdentity = z.infer<typeof clientIdentitySchema>;
export type ClientIdentityInput = z.input<typeof clientIdentitySchema>;

/** Validates intake; rejects a date of birth after `today` (YYYY-MM-DD). */
export function validateClientIdentity(input: unknown, today: string) {
  return clientIdentitySchema
    .refine((client) => client.dateOfBirth <= today, { ...message('shared:clients.bornInFuture'), path: ['dateOfBirth'] })
    .refine((client) => client.diagnoses.filter((d) => d.primary).length <= 1, { ...message('shared:clients.onePrimaryDiagnosis'), path: ['diagnoses'] })
    .safeParse(input);
}

export function displayName(client: Pick<ClientIdentity, 'firstName' | 'lastName' | 'preferredName'>): string {
  const preferred = client.preferredName && client.preferredName !== client.firstName ? ` (${client.preferredName})` : '';
  return `${client.lastName}, ${client.firstName}${preferred}`;
}

/** Whole years of age on `onDate` (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return onDate.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}
