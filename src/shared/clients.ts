/** Client identity as entered at intake: the rules shared by the form and the repository. */
import { z } from 'zod';

const name = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(100, `${label} is at most 100 characters`);

/** ISO calendar date (YYYY-MM-DD) that really exists, not in the future, not before 1900. */
export const isoDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date (YYYY-MM-DD)`)
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, `${label} is not a real calendar date`);

export const clientIdentitySchema = z
  .object({
    firstName: name('First name'),
    lastName: name('Last name'),
    preferredName: z.string().trim().max(100, 'Preferred name is at most 100 characters').optional().default(''),
    dateOfBirth: isoDate('Date of birth').refine((value) => value >= '1900-01-01', 'Date of birth must be after 1900'),
  })
  .strict();

export type ClientIdentity = z.infer<typeof clientIdentitySchema>;
export type ClientIdentityInput = z.input<typeof clientIdentitySchema>;

/** Rejects a date of birth in the future, relative to `today` (YYYY-MM-DD). */
export function validateClientIdentity(input: unknown, today: string) {
  return clientIdentitySchema
    .refine((client) => client.dateOfBirth <= today, { message: 'Date of birth cannot be in the future', path: ['dateOfBirth'] })
    .safeParse(input);
}

export function displayName(client: Pick<ClientIdentity, 'firstName' | 'lastName' | 'preferredName'>): string {
  const preferred = client.preferredName && client.preferredName !== client.firstName ? ` (${client.preferredName})` : '';
  return `${client.lastName}, ${client.firstName}${preferred}`;
}
