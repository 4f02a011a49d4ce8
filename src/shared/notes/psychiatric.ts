/**
 * What a psychiatric visit note records for the claim: the E/M code the prescriber chose and the
 * minutes of psychotherapy done in the visit, from which the add-on follows (CPT time rule, see
 * src/shared/billing/cpt.ts). Note fields are text; these are checked before the note is signed.
 */
import type { Message } from '../messages';
import type { Note } from './note';

/** Office and outpatient E/M visits, new (99202–99205) and established (99211–99215) patients. */
const EM_CODE = /^992(0[2-5]|1[1-5])$/;
const MINUTES = /^\d{1,3}$/;
/** Longer than any visit: a typo ("455" for "45") is caught, not billed as 90838. */
const MAX_MINUTES = 240;

export interface PsychiatricBilling {
  /** '' when not recorded: the billing office codes the visit. */
  emCode: string;
  /** 0 when none is recorded. */
  psychotherapyMinutes: number;
}

/** What is wrong with the note's billing fields, one message each; empty when they are blank or valid. */
export function psychiatricBillingProblems(fields: Note['fields']): Message[] {
  const problems: Message[] = [];
  const code = (fields.emCode ?? '').trim();
  const minutes = (fields.psychotherapyMinutes ?? '').trim();
  if (code !== '' && !EM_CODE.test(code)) problems.push({ key: 'shared:notes.psychiatric.emCode', values: { code } });
  if (minutes !== '' && (!MINUTES.test(minutes) || Number(minutes) > MAX_MINUTES)) problems.push({ key: 'shared:notes.psychiatric.minutes', values: { maximum: MAX_MINUTES } });
  return problems;
}

/** The billing facts of a psychiatric note, or null when it records neither. Call on a note whose fields passed `psychiatricBillingProblems`. */
export function psychiatricBilling(fields: Note['fields']): PsychiatricBilling | null {
  const emCode = (fields.emCode ?? '').trim();
  const minutes = (fields.psychotherapyMinutes ?? '').trim();
  if (emCode === '' && minutes === '') return null;
  return { emCode, psychotherapyMinutes: minutes === '' ? 0 : Number(minutes) };
}
