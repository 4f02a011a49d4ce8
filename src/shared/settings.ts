/**
 * Practice-wide settings: the rules that vary by state or payer (docs/ARCHITECTURE.md: Clinical rules) live here as
 * settings with sensible defaults, never hard-coded.
 */
import { z } from 'zod';
import { DEFAULT_SERVICE_CODES, serviceCodeMappingSchema } from './exports/service-codes';
import { planLibrarySchema, STARTER_PLAN_LIBRARY } from './plans/library';
import { timeZoneSchema } from './practice-time';
import { DEFAULT_LOCALE, localeSchema } from './format';
import { DEFAULT_HOLIDAYS, holidaySettingsSchema } from './holidays';
import { archiveAfterMonthsSchema } from './retention';
import { wholeNumber } from './clients';
import { message } from './messages';

export const NOTE_FORMATS = ['GIRP', 'DAP', 'BIRP', 'SOAP'] as const;
export type NoteFormat = (typeof NOTE_FORMATS)[number];

/** What happens when someone who did not facilitate a session signs its notes (./notes/signing.ts). */
export const NON_FACILITATOR_SIGNING = ['warn', 'refuse'] as const;
export type NonFacilitatorSigning = (typeof NON_FACILITATOR_SIGNING)[number];

export const practiceSettingsSchema = z
  .object({
    autoLockMinutes: wholeNumber('shared:fields.autoLock', 1, 120, 'shared:units.minutes'),
    noteDeadlineBusinessDays: wholeNumber('shared:fields.noteDeadline', 1, 30, 'shared:units.businessDays'),
    defaultNoteFormat: z.enum(NOTE_FORMATS, message('shared:settings.noteFormat')),
    planReviewCadenceDays: wholeNumber('shared:fields.planReviewCadence', 7, 365, 'shared:units.days'),
    /** Billing codes per kind of service in exports: payers differ. */
    serviceCodes: serviceCodeMappingSchema,
    /** After this many days without a backup, administrators see a reminder. */
    backupReminderDays: wholeNumber('shared:fields.backupReminder', 1, 90, 'shared:units.days'),
    /** Problems, goals, objectives and interventions to start treatment plans from. */
    planLibrary: planLibrarySchema,
    /**
     * The practice's IANA zone, for "today", sessions and every date and time shown. Chosen at
     * set-up; practices set up before it existed have none until an administrator picks one,
     * and until then each laptop uses its own zone, as those versions did.
     */
    timeZone: timeZoneSchema.optional(),
    /** How dates, times and numbers are written (src/shared/format.ts); clients choose their own language in the kiosk. */
    locale: localeSchema,
    /** Days with no group session: US federal holidays by default; administrators edit them. */
    holidays: holidaySettingsSchema,
    /** How early before its start a session's attendance and notes open (a future session is read-only). */
    sessionOpensMinutesBefore: wholeNumber('shared:fields.openingBeforeTheStart', 0, 240, 'shared:units.minutes'),
    /** What happens when someone who did not facilitate a session signs its notes. */
    nonFacilitatorSigning: z.enum(NON_FACILITATOR_SIGNING, message('shared:settings.nonFacilitatorSigning')),
    /** Archive clients discharged this many months ago off each laptop (docs/RETENTION.md); absent or 0: off. */
    archiveAfterMonths: archiveAfterMonthsSchema.optional(),
  })
  .strict();

export type PracticeSettings = z.infer<typeof practiceSettingsSchema>;
export type PracticeSettingKey = keyof PracticeSettings;

/** Defaults from docs/ARCHITECTURE.md (Clinical rules): 15-minute auto-lock (HIPAA automatic logoff), GIRP, 30-day reviews. */
export const DEFAULT_PRACTICE_SETTINGS: PracticeSettings = {
  autoLockMinutes: 15,
  noteDeadlineBusinessDays: 3,
  defaultNoteFormat: 'GIRP',
  planReviewCadenceDays: 30,
  serviceCodes: DEFAULT_SERVICE_CODES,
  backupReminderDays: 7,
  planLibrary: [...STARTER_PLAN_LIBRARY],
  holidays: DEFAULT_HOLIDAYS,
  sessionOpensMinutesBefore: 15,
  nonFacilitatorSigning: 'warn',
  locale: DEFAULT_LOCALE,
};

export function isPracticeSettingKey(key: string): key is PracticeSettingKey {
  return Object.hasOwn(practiceSettingsSchema.shape, key);
}
