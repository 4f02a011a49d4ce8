/**
 * One completed instrument: the answers, who entered them, and the total, band and alerts
 * computed when it is saved. An alert (PHQ-9 item 9) needs same-day follow-up, so the record
 * stays "alert open" until a clinician acknowledges it with a note of what was done. It is saved
 * before that, never blocked: the alert must be visible to be acted on.
 */
import { z } from 'zod';
import { isoDate } from '../clients';
import { MEASURE_IDS } from './definition';
import type { MeasureDefinition } from './definition';
import { MEASURES } from './instruments';
import { MeasureRuleError, scoreResponse } from './score';
import { message, parseOrThrow, type SharedKey } from '../messages';

export const ENTERED_BY = {
  clinician: 'shared:enteredBy.clinician',
  client: 'shared:enteredBy.client',
} as const satisfies Record<string, SharedKey>;
export type EnteredBy = keyof typeof ENTERED_BY;

export const ADMINISTRATION_STATUSES = {
  complete: 'shared:administrationStatuses.complete',
  'alert-open': 'shared:administrationStatuses.alertOpen',
  'alert-acknowledged': 'shared:administrationStatuses.alertAcknowledged',
} as const satisfies Record<string, SharedKey>;
export type AdministrationStatus = keyof typeof ADMINISTRATION_STATUSES;

const acknowledgementSchema = z
  .object({
    by: z.string().min(1, message('shared:measures.acknowledgementNeedsStaffId')),
    at: z.iso.datetime({ offset: true, ...message('shared:validation.isoDateTime') }),
    followUpNote: z.string().trim().min(1, message('shared:measures.describeFollowUpWhat')).max(2000, message('shared:measures.followUpNoteAt')),
  })
  .strict();
export type AlertAcknowledgement = z.infer<typeof acknowledgementSchema>;

const inputShape = {
  instrumentId: z.enum(MEASURE_IDS, message('shared:measures.chooseInstrument')),
  clientId: z.string().min(1, message('shared:measures.clientRequired')),
  episodeId: z.string().min(1, message('shared:measures.episodeRequired')),
  date: isoDate('shared:fields.date'),
  answers: z.record(z.string(), z.number(message('shared:measures.eachAnswerNumber')).int(message('shared:measures.eachAnswerWholeNumber'))),
  enteredBy: z.enum(['clinician', 'client'], message('shared:measures.sayWhoEnteredAnswers')),
  /** The staff member who recorded it (who entered it, or handed the client the device). */
  recordedBy: z.string().min(1, message('shared:measures.staffMemberRecordingRequired')),
};

export const administrationInputSchema = z.object(inputShape).strict();
export type AdministrationInput = z.infer<typeof administrationInputSchema>;

/** An administration as stored: for the repository to check what it decrypts. */
export const administrationSchema = z
  .object({
    ...inputShape,
    total: z.number().int(),
    /** The band at the time of saving: a later change of cut-point does not rewrite history. */
    bandId: z.string().min(1),
    alertIds: z.array(z.string().min(1)),
    acknowledgement: acknowledgementSchema.optional(),
  })
  .strict()
  .superRefine((admin, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const def = MEASURES[admin.instrumentId];
    let score;
    try {
      score = scoreResponse(def, admin.answers);
    } catch (error) {
      issue('answers', error instanceof Error ? error.message : String(error));
      return;
    }
    if (score.total !== admin.total) issue('total', `The stored total ${admin.total} does not match the answers (${score.total})`);
    if (!def.bands.some((band) => band.id === admin.bandId)) issue('bandId', `"${admin.bandId}" is not a ${def.shortName} band`);
    if (score.alerts.map((a) => a.id).join() !== admin.alertIds.join()) issue('alertIds', 'The stored alerts do not match the answers');
    if (admin.acknowledgement && admin.alertIds.length === 0) issue('acknowledgement', 'An acknowledgement is recorded only when an alert fired');
  });
export type Administration = z.infer<typeof administrationSchema>;

const parse = <T>(schema: z.ZodType<T>, input: unknown): T => parseOrThrow(schema, input, MeasureRuleError);

/**
 * Scores and returns the record to save. Throws MeasureRuleError naming each unanswered or invalid
 * item. `definition` overrides the shipped one (e.g. the PCL-5 at the practice's cut-point).
 */
export function recordAdministration(input: AdministrationInput, definition: MeasureDefinition = MEASURES[input.instrumentId]): Administration {
  const data = parse(administrationInputSchema, input);
  if (definition.id !== data.instrumentId) {
    throw new MeasureRuleError({ key: 'shared:measures.errors.otherInstrument', values: { answered: MEASURES[data.instrumentId].shortName, measure: definition.shortName } });
  }
  const score = scoreResponse(definition, data.answers);
  return { ...data, total: score.total, bandId: score.band.id, alertIds: score.alerts.map((a) => a.id) };
}

export function administrationStatus(admin: Pick<Administration, 'alertIds' | 'acknowledgement'>): AdministrationStatus {
  if (admin.alertIds.length === 0) return 'complete';
  return admin.acknowledgement ? 'alert-acknowledged' : 'alert-open';
}

/** Records the clinician's follow-up of the alert; once, on or after the day it was given. */
export function acknowledgeAlerts(admin: Administration, acknowledgement: AlertAcknowledgement): Administration {
  const name = MEASURES[admin.instrumentId].shortName;
  if (admin.alertIds.length === 0) throw new MeasureRuleError({ key: 'shared:measures.errors.noAlert', values: { measure: name } });
  if (admin.acknowledgement) throw new MeasureRuleError({ key: 'shared:measures.errors.alreadyAcknowledged', values: { at: admin.acknowledgement.at } });
  const ack = parse(acknowledgementSchema, acknowledgement);
  // The offset form keeps the local date in its first ten characters.
  if (ack.at.slice(0, 10) < admin.date) throw new MeasureRuleError({ key: 'shared:measures.errors.acknowledgedBefore', values: { measure: name, date: admin.date } });
  return { ...admin, acknowledgement: ack };
}

export interface OpenAlert {
  administration: Administration;
  /** Not followed up on the day it was given. */
  overdue: boolean;
}

/** Alerts not yet acknowledged, oldest first: for the dashboard on `today` (YYYY-MM-DD). */
export function openAlerts(administrations: readonly Administration[], today: string): OpenAlert[] {
  return administrations
    .filter((admin) => administrationStatus(admin) === 'alert-open')
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((administration) => ({ administration, overdue: administration.date < today }));
}
