/**
 * Progress notes: the content rules and the signing state machine. A signed note is final;
 * corrections are addenda, separate records that never alter it (docs/ARCHITECTURE.md: Clinical rules).
 *
 *   draft ──sign──▶ signed                                  licensed author
 *   draft ──sign──▶ pending-cosign ──cosign──▶ cosigned     pre-licensed author
 *                   pending-cosign ──return──▶ returned ──sign (author)──▶ pending-cosign
 *
 * Co-signing and returning take a supervisor or an administrator (the setup wizard makes the
 * practice owner, often the clinical director, an administrator) who may sign alone, and never
 * the note's author. The co-signature records their name and credentials, so who vouched shows.
 */
import { z } from 'zod';
import { addDays, isoWeekday } from '../calendar';
import { isoDate } from '../clients';
import type { Role } from '../vault-policy';
import { psychiatricBillingProblems } from './psychiatric';
import { TEMPLATE_IDS, templateFor } from './templates';
import type { NoteTemplate } from './templates';
import { commaList, message, parseOrThrow, RuleError, verbatim, type Message } from '../messages';

export const NOTE_STATUSES = ['draft', 'signed', 'pending-cosign', 'returned', 'cosigned'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

export const MEDICATION_CHANGES = ['started', 'continued', 'increased', 'decreased', 'stopped'] as const;
export type MedicationChange = (typeof MEDICATION_CHANGES)[number];

/** Roles that may co-sign or return a note (see the header). */
export const REVIEWER_ROLES: readonly Role[] = ['supervisor', 'administrator'];

/** Ample for any progress note; the cap stops one runaway paste from bloating a sealed record. */
const MAX_TEXT = 10_000;

const signedBy = {
  by: z.string().min(1, message('shared:signatures.signatureStaffId')),
  name: z.string().trim().min(1, message('shared:signatures.signatureName')),
  credentials: z.string().trim().min(1, message('shared:signatures.signatureCredentials')),
  at: z.iso.datetime({ offset: true, ...message('shared:validation.isoDateTime') }),
};

const signatureSchema = z.object(signedBy);
export type Signature = z.infer<typeof signatureSchema>;

const returnSchema = z.object({
  by: signedBy.by,
  name: signedBy.name,
  at: signedBy.at,
  comment: z.string().trim().min(1, message('shared:notes.sayWhatNeedsCorrecting')).max(2000, message('shared:notes.commentAtMostMaximum')),
});

// Drafts are saved as typed, so a half-written row is kept; signing checks every row is complete.
const medicationSchema = z
  .object({
    name: z.string().max(200, message('shared:notes.medicationNameAtMost')),
    dose: z.string().max(100, message('shared:notes.doseAtMostMaximum')),
    frequency: z.string().max(100, message('shared:notes.frequencyAtMostMaximum')),
    change: z.enum(MEDICATION_CHANGES, message('shared:notes.medicationChange')).optional(),
  })
  .strict();
export type Medication = z.infer<typeof medicationSchema>;

/** A note as stored: for the repository to check what it decrypts. */
export const noteSchema = z
  .object({
    templateId: z.enum(TEMPLATE_IDS),
    fields: z.record(z.string(), z.string().max(MAX_TEXT)),
    /** The plan objectives this note addresses (the "golden thread"). */
    goalIds: z.array(z.string().min(1)),
    medications: z.array(medicationSchema).optional(),
    /** Text copied forward from the member's last note, per field, as copied: marked until edited. */
    carried: z.record(z.string(), z.string().max(MAX_TEXT)).optional(),
    status: z.enum(NOTE_STATUSES),
    signature: signatureSchema.optional(),
    cosignature: signatureSchema.optional(),
    /** The last return for correction; kept after re-signing as part of the note's history. */
    returned: returnSchema.optional(),
  })
  .refine((note) => note.status === 'draft' || note.signature !== undefined, { ...message('shared:notes.signedNoteNeedsIts'), path: ['signature'] })
  .refine((note) => note.status !== 'cosigned' || note.cosignature !== undefined, { ...message('shared:notes.coSignedNoteNeeds'), path: ['cosignature'] })
  .refine((note) => note.status !== 'returned' || note.returned !== undefined, { ...message('shared:notes.returnedNoteNeedsReturn'), path: ['returned'] });
export type Note = z.infer<typeof noteSchema>;

export const addendumSchema = z.object({
  parentNoteId: z.string().min(1, message('shared:notes.addendumNeedsNoteCorrects')),
  text: z.string().trim().min(1, message('shared:notes.writeAddendum')).max(MAX_TEXT, message('shared:notes.addendumTooLong')),
  ...signedBy,
});
/** A separate record: never edited, never deleted, and the note it amends stays as signed. */
export type Addendum = Readonly<z.infer<typeof addendumSchema>>;

/** A staff member as they appear on the record. */
export interface StaffIdentity {
  staffId: string;
  name: string;
  credentials: string;
}
export interface Signer extends StaffIdentity {
  /** Pre-licensed: their notes go to a supervisor for co-signature. */
  needsCosignature: boolean;
}
export interface Reviewer extends Signer {
  role: Role;
}

export interface NoteChange {
  /** Merged into the note's fields: send only what changed. */
  fields?: Record<string, string>;
  goalIds?: string[];
  medications?: Medication[];
  /** Replaces what the note records as carried forward (see ./carry-forward.ts). */
  carried?: Record<string, string>;
}

export class NoteRuleError extends RuleError {
  override readonly name = 'NoteRuleError';
}

const parse = <T>(schema: z.ZodType<T>, input: unknown): T => parseOrThrow(schema, input, NoteRuleError);

function signatureOf(who: StaffIdentity, at: string): Signature {
  return parse(signatureSchema, { by: who.staffId, name: who.name, credentials: who.credentials, at });
}

const blank = (value: string | undefined) => (value ?? '').trim() === '';

/** A new, empty draft: every field starts blank, risk included. */
export function draftNote(template: NoteTemplate): Note {
  return {
    templateId: template.id,
    fields: Object.fromEntries(template.fields.map((field) => [field.key, ''])),
    goalIds: [],
    ...(template.medications ? { medications: [] } : {}),
    status: 'draft',
  };
}

/**
 * What must be filled in before signing, in the template's order: a field by its template label
 * (data, as written), a medication's part by a key ("Medication 2 dose").
 */
export function missingRequiredFields(note: Note, template: NoteTemplate): Message[] {
  const missing = template.fields.filter((field) => field.required && blank(note.fields[field.key])).map((field) => verbatim(field.label));
  if (template.medications) {
    (note.medications ?? []).forEach((medication, i) => {
      const values = { number: i + 1 };
      for (const part of ['name', 'dose', 'frequency'] as const) if (blank(medication[part])) missing.push({ key: `shared:notes.medicationParts.${part}`, values });
      if (!medication.change) missing.push({ key: 'shared:notes.medicationParts.change', values });
    });
  }
  return missing;
}

export function signNote(note: Note, template: NoteTemplate, signer: Signer, at: string): Note {
  if (note.templateId !== template.id) throw new NoteRuleError({ key: 'shared:notes.errors.otherTemplate', values: { noteTemplate: templateFor(note.templateId).label, template: template.label } });
  if (note.status !== 'draft' && note.status !== 'returned') throw new NoteRuleError({ key: 'shared:notes.errors.alreadySigned' });
  if (note.status === 'returned' && note.signature && note.signature.by !== signer.staffId) {
    throw new NoteRuleError({ key: 'shared:notes.errors.onlyAuthorSignsReturned', values: { author: note.signature.name } });
  }
  const missing = missingRequiredFields(note, template);
  if (missing.length > 0) throw new NoteRuleError({ key: 'shared:notes.errors.completeBeforeSigning', values: { fields: commaList(missing) } });
  const problems = template.id === 'psychiatric' ? psychiatricBillingProblems(note.fields) : [];
  if (problems.length > 0) throw new NoteRuleError({ key: 'shared:notes.errors.correctBeforeSigning', values: { problems } });
  const signature = signatureOf(signer, at);
  // A returned note goes back to the supervisor who asked for the correction.
  const status = note.status === 'returned' || signer.needsCosignature ? 'pending-cosign' : 'signed';
  return { ...note, status, signature };
}

function assertCanReview(note: Note, reviewer: Reviewer, verb: 'co-sign' | 'return'): void {
  if (!REVIEWER_ROLES.includes(reviewer.role)) throw new NoteRuleError({ key: `shared:notes.errors.reviewerRole.${verb}` });
  if (reviewer.needsCosignature) throw new NoteRuleError({ key: `shared:notes.errors.reviewerLicensed.${verb}` });
  if (note.signature?.by === reviewer.staffId) throw new NoteRuleError({ key: `shared:notes.errors.ownNote.${verb}` });
}

export function cosignNote(note: Note, reviewer: Reviewer, at: string): Note {
  if (note.status !== 'pending-cosign') throw new NoteRuleError({ key: 'shared:notes.errors.onlyAwaitingCosigned' });
  assertCanReview(note, reviewer, 'co-sign');
  return { ...note, status: 'cosigned', cosignature: signatureOf(reviewer, at) };
}

/** Sends a note back to its author for correction; it becomes editable and is signed again. */
export function returnNote(note: Note, reviewer: Reviewer, comment: string, at: string): Note {
  if (note.status !== 'pending-cosign') throw new NoteRuleError({ key: 'shared:notes.errors.onlyAwaitingReturned' });
  assertCanReview(note, reviewer, 'return');
  const returned = parse(returnSchema, { by: reviewer.staffId, name: reviewer.name, at, comment });
  return { ...note, status: 'returned', returned };
}

export function assertEditable(note: Pick<Note, 'status'>): void {
  if (note.status === 'signed' || note.status === 'cosigned') throw new NoteRuleError({ key: 'shared:notes.errors.signedCannotChange' });
  // Not yet final, so no addendum either: the supervisor returns it if it needs changing.
  if (note.status === 'pending-cosign') throw new NoteRuleError({ key: 'shared:notes.errors.awaitingCannotChange' });
}

export function editNote(note: Note, change: NoteChange): Note {
  assertEditable(note);
  const template = templateFor(note.templateId);
  const next = { ...note };
  if (change.fields) {
    for (const [key, value] of Object.entries(change.fields)) {
      const field = template.fields.find((f) => f.key === key);
      if (!field) throw new NoteRuleError({ key: 'shared:notes.errors.noField', values: { template: template.label, field: key } });
      if (value.length > MAX_TEXT) throw new NoteRuleError({ key: 'shared:notes.errors.fieldTooLong', values: { field: field.label, maximum: MAX_TEXT } });
    }
    next.fields = { ...note.fields, ...change.fields };
  }
  if (change.goalIds) next.goalIds = [...new Set(change.goalIds)];
  if (change.carried) {
    for (const key of Object.keys(change.carried)) {
      if (!template.fields.some((f) => f.key === key && (f.carryForward || f.prefill !== null))) throw new NoteRuleError({ key: 'shared:notes.errors.neverCarried', values: { field: template.fields.find((f) => f.key === key)?.label ?? key } });
    }
    next.carried = change.carried;
  }
  if (change.medications) {
    if (!template.medications) throw new NoteRuleError({ key: 'shared:notes.errors.noMedicationList', values: { template: template.label } });
    next.medications = parse(z.array(medicationSchema), change.medications);
  }
  return next;
}

export function isSignedFinal(note: Pick<Note, 'status'>): boolean {
  return note.status === 'signed' || note.status === 'cosigned';
}

export function createAddendum(parent: Note & { id: string }, text: string, author: StaffIdentity, at: string): Addendum {
  if (parent.status === 'pending-cosign') throw new NoteRuleError({ key: 'shared:notes.errors.awaitingNoAddendum' });
  if (!isSignedFinal(parent)) throw new NoteRuleError({ key: 'shared:notes.errors.onlySignedAddendum' });
  return Object.freeze(parse(addendumSchema, { parentNoteId: parent.id, text, by: author.staffId, name: author.name, credentials: author.credentials, at }));
}

/**
 * Business days (Monday to Friday) from the session to `today`, both YYYY-MM-DD: a Friday
 * session is 1 day old on Monday, 0 before. Holidays are not known here, so they count: a
 * deadline is never silently stretched.
 */
export function noteAgeBusinessDays(sessionDate: string, today: string): number {
  parse(isoDate('shared:fields.sessionDate'), sessionDate);
  parse(isoDate('shared:fields.today'), today);
  let age = 0;
  for (let day = sessionDate; day < today; ) {
    day = addDays(day, 1);
    if (isoWeekday(day) <= 5) age += 1;
  }
  return age;
}

/** Whether a note not yet signed is past the practice's deadline (settings.noteDeadlineBusinessDays). */
export function isOverdue(sessionDate: string, today: string, deadlineBusinessDays: number): boolean {
  return noteAgeBusinessDays(sessionDate, today) > deadlineBusinessDays;
}
