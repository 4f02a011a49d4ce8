/**
 * Family and support contacts of a client, and releases of information (ROI) that let the
 * practice share with them: who, what, until when, and revocation. A contact may join family
 * sessions only while a release covering them is in force.
 */
import { z } from 'zod';
import { isoDate, limitedText, requiredText } from './clients';
import { message, type SharedKey } from './messages';

export const contactSchema = z
  .object({
    name: requiredText('shared:fields.name', 100),
    relationship: requiredText('shared:fields.relationship', 60),
    phone: limitedText('shared:fields.phone', 40).default(''),
    email: z.union([z.literal(''), z.email(message('shared:validation.email'))]).default(''),
    familySessions: z.boolean().default(false),
    notes: limitedText('shared:fields.notes', 1000).default(''),
  })
  .strict();
export type Contact = z.infer<typeof contactSchema>;

/** What a release may cover, each label a catalogue key (src/shared/messages.ts). */
export const RELEASE_SCOPES = {
  attendance: 'shared:releaseScopes.attendance',
  progress: 'shared:releaseScopes.progress',
  'treatment-plan': 'shared:releaseScopes.treatmentPlan',
  diagnosis: 'shared:releaseScopes.diagnosis',
  'substance-use': 'shared:releaseScopes.substanceUse',
  discharge: 'shared:releaseScopes.discharge',
} as const satisfies Record<string, SharedKey>;
export type ReleaseScope = keyof typeof RELEASE_SCOPES;

export const releaseSchema = z
  .object({
    contactId: z.string().min(1, message('shared:contacts.chooseRecipient')),
    scopes: z.array(z.enum(Object.keys(RELEASE_SCOPES) as [ReleaseScope, ...ReleaseScope[]])).min(1, message('shared:contacts.chooseScopes')),
    purpose: limitedText('shared:fields.thePurpose', 300).refine((value) => value !== '', message('shared:contacts.statePurpose')),
    signedOn: isoDate('shared:fields.signedOn'),
    expiresOn: isoDate('shared:fields.expiresOn'),
    revokedOn: isoDate('shared:fields.revokedOn').optional(),
    revocationNote: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((r) => r.expiresOn >= r.signedOn, { ...message('shared:contacts.expiresBeforeSigned'), path: ['expiresOn'] })
  .refine((r) => r.revokedOn === undefined || r.revokedOn >= r.signedOn, { ...message('shared:contacts.revokedBeforeSigned'), path: ['revokedOn'] });
export type Release = z.infer<typeof releaseSchema>;

/** In force on `date`: signed, not expired, not revoked. */
export function isReleaseInForce(release: Release, date: string): boolean {
  return release.signedOn <= date && date <= release.expiresOn && (release.revokedOn === undefined || date < release.revokedOn);
}

/** Each status's label, a catalogue key. */
export const RELEASE_STATUSES = {
  'in force': 'shared:releaseStatuses.inForce',
  revoked: 'shared:releaseStatuses.revoked',
  expired: 'shared:releaseStatuses.expired',
  'not yet in force': 'shared:releaseStatuses.notYetInForce',
} as const satisfies Record<string, SharedKey>;
export type ReleaseStatus = keyof typeof RELEASE_STATUSES;

export function releaseStatus(release: Release, date: string): ReleaseStatus {
  if (release.revokedOn !== undefined && release.revokedOn <= date) return 'revoked';
  if (date > release.expiresOn) return 'expired';
  if (date < release.signedOn) return 'not yet in force';
  return 'in force';
}
