/**
 * Family and support contacts of a client, and releases of information (ROI) that let the
 * practice share with them: who, what, until when, and revocation. A contact may join family
 * sessions only while a release covering them is in force.
 */
import { z } from 'zod';
import { isoDate } from './clients';

const text = (label: string, max: number) => z.string().trim().max(max, `${label} is at most ${max} characters`).default('');

export const contactSchema = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100, 'Name is at most 100 characters'),
    relationship: z.string().trim().min(1, 'Relationship is required').max(60, 'Relationship is at most 60 characters'),
    phone: text('Phone', 40),
    email: z.union([z.literal(''), z.email('Email is not a valid address')]).default(''),
    familySessions: z.boolean().default(false),
    notes: text('Notes', 1000),
  })
  .strict();
export type Contact = z.infer<typeof contactSchema>;

export const RELEASE_SCOPES = {
  attendance: 'Attendance and participation',
  progress: 'Progress in treatment',
  'treatment-plan': 'Treatment plan',
  diagnosis: 'Diagnosis',
  'substance-use': 'Substance-use treatment information (42 CFR Part 2)',
  discharge: 'Discharge and aftercare plan',
} as const;
export type ReleaseScope = keyof typeof RELEASE_SCOPES;

export const releaseSchema = z
  .object({
    contactId: z.string().min(1, 'Choose who the information may go to'),
    scopes: z.array(z.enum(Object.keys(RELEASE_SCOPES) as [ReleaseScope, ...ReleaseScope[]])).min(1, 'Choose what may be shared'),
    purpose: z.string().trim().min(1, 'State the purpose').max(300, 'The purpose is at most 300 characters'),
    signedOn: isoDate('Signed on'),
    expiresOn: isoDate('Expires on'),
    revokedOn: isoDate('Revoked on').optional(),
    revocationNote: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((r) => r.expiresOn >= r.signedOn, { message: 'The release must expire on or after the day it was signed', path: ['expiresOn'] })
  .refine((r) => r.revokedOn === undefined || r.revokedOn >= r.signedOn, { message: 'A release cannot be revoked before it was signed', path: ['revokedOn'] });
export type Release = z.infer<typeof releaseSchema>;

/** In force on `date`: signed, not expired, not revoked. */
export function isReleaseInForce(release: Release, date: string): boolean {
  return release.signedOn <= date && date <= release.expiresOn && (release.revokedOn === undefined || date < release.revokedOn);
}

export function releaseStatus(release: Release, date: string): 'in force' | 'revoked' | 'expired' | 'not yet in force' {
  if (release.revokedOn !== undefined && release.revokedOn <= date) return 'revoked';
  if (date > release.expiresOn) return 'expired';
  if (date < release.signedOn) return 'not yet in force';
  return 'in force';
}
