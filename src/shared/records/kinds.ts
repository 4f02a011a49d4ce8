/**
 * Every kind of sealed record, with its codec: which payload shapes each version has had and how
 * one version becomes the next. A collection holds several kinds (its plaintext `kind` says which;
 * a setting's id names its setting). How to change a record's shape: docs/CHANGING-RECORDS.md.
 */
import { z } from 'zod';
import { asamAssessmentSchema, ASAM_ASSESSMENT_KIND } from '../asam';
import { attendanceEntrySchema } from '../attendance';
import { auditEntrySchema } from '../audit';
import { authorizationSchema } from '../billing/authorizations';
import { clientIdentitySchema } from '../clients';
import { contactSchema, releaseSchema } from '../contacts';
import { DRUG_SCREEN_KIND, drugScreenSchema, EXPECTED_MEDICATIONS_KIND, expectedMedicationsSchema, SOBRIETY_CONFIRMATION_KIND, sobrietyConfirmationSchema } from '../drug-screens';
import { episodeSchema } from '../episodes';
import { administrationSchema, measureScheduleSchema } from '../measures';
import { addendumSchema, noteSchema } from '../notes';
import { message } from '../messages';
import {
  BREACH_KIND,
  breachIncidentSchema,
  consentSignatureImageSchema,
  disclosureEntrySchema,
  PART2_CONSENT_KIND,
  PART2_DISCLOSURE_KIND,
  PART2_SCAN_KIND,
  PART2_SIGNATURE_KIND,
  part2ConsentSchema,
  scanChunkSchema,
} from '../part2';
import { planVersionSchema } from '../plans';
import { groupSchema, MODALITIES, programSchema, trackSchema, type Modality } from '../programs';
import { membershipSchema } from '../roster';
import { Codec, NewerRecordError } from './codec';

export const staffDetailsSchema = z
  .object({
    displayName: z.string(),
    /** e.g. LCSW, LPC-Associate. */
    credentials: z.string(),
    /** Pre-licensed clinicians' notes go to a supervisor for co-signature. */
    needsCosignature: z.boolean(),
  })
  .strict();
export type StaffDetails = z.infer<typeof staffDetailsSchema>;

export const sessionDetailsSchema = z
  .object({
    title: z.string(),
    start: z.string(),
    end: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    minutes: z.number(),
    timeZone: z.string(),
    facilitatorIds: z.array(z.string()),
    modality: z.enum(Object.keys(MODALITIES) as [Modality, ...Modality[]]),
    location: z.string(),
    /**
     * The participants of an individual, family, psychiatric or workshop session. For a group, only
     * those added to this one session (a make-up or drop-in): the rest come from its roster on the date.
     */
    clientIds: z.array(z.string()),
    /** Family and support contacts taking part (family sessions). */
    contactIds: z.array(z.string()),
    /** For generated sessions: the scheduled date it came from (stable identity across regenerations). */
    occurrenceKey: z.string().nullable(),
    changeReason: z.string(),
    /** Taken in the session; absent until then. */
    attendance: z.array(attendanceEntrySchema).optional(),
    /** Who confirmed recording more present than the group's capacity, and when. */
    capacityOverride: z.object({ by: z.string(), at: z.string(), present: z.number(), capacity: z.number() }).strict().optional(),
  })
  .strict();
export type SessionDetails = z.infer<typeof sessionDetailsSchema>;

/** The group's shared part: written once, copied into every member's note when it is signed. */
export const sharedPartSchema = z.object({ topic: z.string(), curriculum: z.string(), interventions: z.string() }).strict();
export type SharedPart = z.infer<typeof sharedPartSchema>;

/** A member or session note; a progress note carries the shared part as it was when signed. */
export const storedNoteSchema = z.object({ note: noteSchema, shared: sharedPartSchema.optional() }).strict();
export type StoredNote = z.infer<typeof storedNoteSchema>;

export const privateNoteSchema = z.object({ text: z.string().max(20_000, message('shared:privateNotes.tooLong')) }).strict();
export type PrivateNote = z.infer<typeof privateNoteSchema>;
/**
 * A private note as stored from payload version 2: sealed to its author (`sealed`, docs/ARCHITECTURE.md:
 * Private notes per author), or, written before, its text under the practice key alone until its
 * author saves it or next unlocks.
 */
export const storedPrivateNoteSchema = z.union([privateNoteSchema, z.object({ sealed: z.string().max(60_000) }).strict()]);
export type StoredPrivateNote = z.infer<typeof storedPrivateNoteSchema>;

/** The measures an episode is scheduled to give, one schedule per instrument. */
export const episodeSchedulesSchema = z
  .object({ schedules: z.array(measureScheduleSchema) })
  .strict()
  .refine((s) => new Set(s.schedules.map((x) => x.instrumentId)).size === s.schedules.length, message('shared:measures.oneSchedulePerInstrument'));
export type EpisodeSchedules = z.infer<typeof episodeSchedulesSchema>;

/** One version of a record in a conflict, decrypted (src/shared/sync/merge.ts's MergeRecord). */
const mergeRecordSchema = z
  .object({ plain: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), data: z.unknown(), rev: z.number(), updatedAt: z.number(), deleted: z.boolean() })
  .strict();
export const conflictDetailsSchema = z
  .object({
    conflict: z
      .object({
        kind: z.enum(['fields', 'delete-edit', 'superseded-edits', 'immutable-violation']),
        collection: z.string(),
        id: z.string(),
        fields: z.array(z.string()),
        versions: z.tuple([mergeRecordSchema, mergeRecordSchema]),
        base: mergeRecordSchema.nullable(),
      })
      .strict(),
    resolution: z
      .object({
        choice: z.union([z.object({ version: z.union([z.literal(0), z.literal(1)]) }).strict(), z.object({ merged: mergeRecordSchema.pick({ plain: true, data: true }) }).strict()]),
        by: z.string(),
        at: z.string(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * Settings are one record per setting; the settings repository checks each value against its
 * setting's schema and falls back to the default, so a setting this release does not know (or an
 * older shape of one) never stops the others from loading.
 */
const settingCodec = Codec.of('settings', z.unknown());

/** The codecs of a collection's kinds, chosen by a plaintext field of the stored document. */
export interface CollectionCodecs {
  /** The plaintext field that names the kind; null when the collection holds one kind. */
  by: 'kind' | null;
  kinds: Readonly<Record<string, Codec<unknown>>>;
}

const one = (codec: Codec<unknown>): CollectionCodecs => ({ by: null, kinds: { '': codec } });
const noteCodec = Codec.of('notes/note', storedNoteSchema) as Codec<unknown>;
// Version 2 only allows the sealed form: nothing an earlier version wrote changes meaning.
const privateNoteCodec = Codec.of('privateNotes', privateNoteSchema).then(storedPrivateNoteSchema, (note) => note) as Codec<unknown>;

/** Every sealed collection's record kinds. Adding a payload version: `.then(schema, upgrade)` on the kind's codec. */
export const RECORD_CODECS: Readonly<Record<string, CollectionCodecs>> = {
  settings: one(settingCodec),
  staff: one(Codec.of('staff', staffDetailsSchema) as Codec<unknown>),
  clients: {
    by: 'kind',
    kinds: {
      client: Codec.of('clients/client', clientIdentitySchema) as Codec<unknown>,
      contact: Codec.of('clients/contact', contactSchema) as Codec<unknown>,
      consent: Codec.of('clients/consent', releaseSchema) as Codec<unknown>,
      [PART2_CONSENT_KIND]: Codec.of('clients/part2-consent', part2ConsentSchema) as Codec<unknown>,
      [PART2_SIGNATURE_KIND]: Codec.of('clients/part2-signature', consentSignatureImageSchema) as Codec<unknown>,
      [PART2_DISCLOSURE_KIND]: Codec.of('clients/part2-disclosure', disclosureEntrySchema) as Codec<unknown>,
      [PART2_SCAN_KIND]: Codec.of('clients/part2-scan', scanChunkSchema) as Codec<unknown>,
      [BREACH_KIND]: Codec.of('clients/part2-breach', breachIncidentSchema) as Codec<unknown>,
    },
  },
  episodes: one(Codec.of('episodes', episodeSchema) as Codec<unknown>),
  programs: {
    by: 'kind',
    kinds: {
      program: Codec.of('programs/program', programSchema) as Codec<unknown>,
      track: Codec.of('programs/track', trackSchema) as Codec<unknown>,
      group: Codec.of('programs/group', groupSchema) as Codec<unknown>,
      membership: Codec.of('programs/membership', membershipSchema) as Codec<unknown>,
    },
  },
  sessions: one(Codec.of('sessions', sessionDetailsSchema) as Codec<unknown>),
  notes: {
    by: 'kind',
    kinds: {
      shared: Codec.of('notes/shared', sharedPartSchema) as Codec<unknown>,
      progress: noteCodec,
      individual: noteCodec,
      family: noteCodec,
      psychiatric: noteCodec,
      workshop: noteCodec,
      addendum: Codec.of('notes/addendum', addendumSchema) as Codec<unknown>,
    },
  },
  privateNotes: { by: 'kind', kinds: { psychotherapy: privateNoteCodec, 'sud-counselling': privateNoteCodec } },
  plans: {
    by: 'kind',
    kinds: {
      plan: Codec.of('plans/plan', planVersionSchema) as Codec<unknown>,
      measure: Codec.of('plans/measure', administrationSchema) as Codec<unknown>,
      'measure-schedule': Codec.of('plans/measure-schedule', episodeSchedulesSchema) as Codec<unknown>,
      authorization: Codec.of('plans/authorization', authorizationSchema) as Codec<unknown>,
      [ASAM_ASSESSMENT_KIND]: Codec.of('plans/asam-assessment', asamAssessmentSchema) as Codec<unknown>,
      [DRUG_SCREEN_KIND]: Codec.of('plans/drug-screen', drugScreenSchema) as Codec<unknown>,
      [EXPECTED_MEDICATIONS_KIND]: Codec.of('plans/expected-medications', expectedMedicationsSchema) as Codec<unknown>,
      [SOBRIETY_CONFIRMATION_KIND]: Codec.of('plans/sobriety-confirmation', sobrietyConfirmationSchema) as Codec<unknown>,
    },
  },
  conflicts: one(Codec.of('conflicts', conflictDetailsSchema) as Codec<unknown>),
  audit: one(Codec.of('audit', auditEntrySchema) as Codec<unknown>),
};

/** The codec of a stored document, from its collection and plaintext fields. */
export function codecOf(collection: string, plain: Readonly<Record<string, unknown>>, codecs: Readonly<Record<string, CollectionCodecs>> = RECORD_CODECS): Codec<unknown> {
  const entry = codecs[collection];
  if (entry === undefined) throw new Error(`No record kinds are known for collection ${collection}`);
  const kind = entry.by === null ? '' : plain[entry.by];
  const codec = typeof kind === 'string' ? entry.kinds[kind] : undefined;
  // A kind added by a newer release: its record is kept as it is, like a newer payload version.
  if (codec === undefined) throw new NewerRecordError(null, null);
  return codec;
}
