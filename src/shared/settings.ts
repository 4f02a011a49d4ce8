/**
 * Practice-wide settings: the rules that vary by state or payer (CLINICAL.md) live here as
 * settings with sensible defaults, never hard-coded.
 */
import { z } from 'zod';
import { DEFAULT_SERVICE_CODES, serviceCodeMappingSchema } from './exports/service-codes';


export const NOTE_FORMATS = ['GIRP', 'DAP', 'BIRP', 'SOAP'] as const;
export type NoteFormat = (typeof NOTE_FORMATS)[number];

/** What happens when someone who did not facilitate a session signs its notes (./notes/signing.ts). */
export const NON_FACILITATOR_SIGNING = ['warn', 'refuse'] as const;
export type NonFacilitatorSigning = (typeof NON_FACILITATOR_SIGNING)[number];

const wholeNumber = (label: string, min: number, max: number, unit: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number of ${unit}`)
    .min(min, `${label} must be between ${min} and ${max} ${unit}`)
    .max(max, `${label} must be between ${min} and ${max} ${unit}`);

export const practiceSettingsSchema = z
  .object({
    autoLockMinutes: wholeNumber('Auto-lock', 1, 120, 'minutes'),
    noteDeadlineBusinessDays: wholeNumber('The note deadline', 1, 30, 'business days'),
    defaultNoteFormat: z.enum(NOTE_FORMATS, { error: `The note format must be one of ${NOTE_FORMATS.join(', ')}` }),
    planReviewCadenceDays: wholeNumber('The plan review cadence', 7, 365, 'days'),
    /** Billing codes per kind of service in exports: payers differ. */
    serviceCodes: serviceCodeMappingSchema,
    /** After this many days without a backup, administrators see a reminder. */
    backupReminderDays: wholeNumber('The backup reminder', 1, 90, 'days'),
    /** How early before its start a session's attendance and notes open (a future session is read-only). */
    sessionOpensMinutesBefore: wholeNumber('Opening before the start', 0, 240, 'minutes'),
    /** What happens when someone who did not facilitate a session signs its notes. */
    nonFacilitatorSigning: z.enum(NON_FACILITATOR_SIGNING, { error: `Signing by a non-facilitator must be one of ${NON_FACILITATOR_SIGNING.join(', ')}` }),
  })
  .strict();

export type PracticeSettings = z.infer<typeof practiceSettingsSchema>;
export type PracticeSettingKey = keyof PracticeSettings;

/** Defaults from CLINICAL.md: 15-minute auto-lock (HIPAA automatic logoff), GIRP, 30-day reviews. */
export const DEFAULT_PRACTICE_SETTINGS: PracticeSettings = {
  autoLockMinutes: 15,
  noteDeadlineBusinessDays: 3,
  defaultNoteFormat: 'GIRP',
  planReviewCadenceDays: 30,
  serviceCodes: DEFAULT_SERVICE_CODES,
  backupReminderDays: 7,
  sessionOpensMinutesBefore: 15,
  nonFacilitatorSigning: 'warn',
};

export const PRACTICE_SETTING_KEYS = Object.keys(DEFAULT_PRACTICE_SETTINGS) as PracticeSettingKey[];

export function isPracticeSettingKey(key: string): key is PracticeSettingKey {
  return Object.hasOwn(DEFAULT_PRACTICE_SETTINGS, key);
}
