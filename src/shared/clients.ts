/** Client intake: the rules shared by the intake form, the repository and the demo generator. */
import { z } from 'zod';

const name = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(100, `${label} is at most 100 characters`);

const optionalText = (label: string, max = 200) => z.string().trim().max(max, `${label} is at most ${max} characters`).optional().default('');

/** ISO calendar date (YYYY-MM-DD) that really exists. */
export const isoDate = (label: string) =>
  z
    .string()
    // abort: a value that is not YYYY-MM-DD gets one message, not also "not a real calendar date".
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${label} must be a date (YYYY-MM-DD)`, abort: true })
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, `${label} is not a real calendar date`);

export const CLIENT_FLAGS = {
  part2: '42 CFR Part 2 (substance-use record)',
  restricted: 'Restricted record',
} as const;
export type ClientFlag = keyof typeof CLIENT_FLAGS;

export const WAITLIST_PRIORITIES = { urgent: 'Urgent', high: 'High', routine: 'Routine' } as const;
export type WaitlistPriority = keyof typeof WAITLIST_PRIORITIES;

const diagnosisSchema = z.object({
  code: z.string().regex(/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/, 'A diagnosis needs a valid ICD-10 code'),
  label: z.string().min(1).max(300),
  primary: z.boolean().default(false),
});
export type Diagnosis = z.infer<typeof diagnosisSchema>;

const contactAttemptSchema = z.object({
  on: isoDate('Contact date'),
  method: z.enum(['phone', 'text', 'email', 'letter', 'in person']),
  outcome: z.string().trim().min(1, 'Record what happened').max(500),
});
export type ContactAttempt = z.infer<typeof contactAttemptSchema>;

export const clientIdentitySchema = z
  .object({
    firstName: name('First name'),
    lastName: name('Last name'),
    preferredName: optionalText('Preferred name', 100),
    dateOfBirth: isoDate('Date of birth').refine((value) => value >= '1900-01-01', 'Date of birth must be after 1900'),
    pronouns: optionalText('Pronouns', 40),
    phone: optionalText('Phone', 40),
    email: z.union([z.literal(''), z.email('Email is not a valid address')]).optional().default(''),
    address: optionalText('Address', 300),
    emergencyContact: z
      .object({ name: optionalText('Emergency contact name', 100), relationship: optionalText('Relationship', 60), phone: optionalText('Emergency contact phone', 40) })
      .optional()
      .default({ name: '', relationship: '', phone: '' }),
    payer: optionalText('Payer', 100),
    memberId: optionalText('Member id', 60),
    diagnoses: z.array(diagnosisSchema).max(20, 'At most 20 diagnoses').optional().default([]),
    referralSource: optionalText('Referral source', 200),
    flags: z.array(z.enum(Object.keys(CLIENT_FLAGS) as [ClientFlag, ...ClientFlag[]])).optional().default([]),
    waitlist: z
      .object({ priority: z.enum(['urgent', 'high', 'routine']), addedOn: isoDate('Waitlist date'), reason: optionalText('Reason', 500), attempts: z.array(contactAttemptSchema).default([]) })
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
    .refine((client) => client.dateOfBirth <= today, { message: 'Date of birth cannot be in the future', path: ['dateOfBirth'] })
    .refine((client) => client.diagnoses.filter((d) => d.primary).length <= 1, { message: 'Only one diagnosis can be primary', path: ['diagnoses'] })
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
