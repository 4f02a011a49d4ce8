/**
 * What the signer is shown and asked before a signature: the attestation, whether they facilitated
 * the session (settings.nonFacilitatorSigning: warn or refuse), and for "Review and sign all" each
 * note's state with what it still lacks.
 */
import { untouchedCarriedFields } from './carry-forward';
import { missingRequiredFields, type Note } from './note';
import type { NonFacilitatorSigning } from '../settings';
import type { NoteTemplate } from './templates';
import { RuleError, verbatim, type Message, type SharedKey } from '../messages';

/** Shown wherever a note is signed: what the signature says. */
export const ATTESTATION: SharedKey = 'shared:notes.attestation';

export type FacilitatorCheck = { kind: 'ok' } | { kind: 'warn' | 'refuse'; message: Message };

/** A signature refused because the signer did not facilitate the session and the practice says refuse. */
export class NotFacilitatorError extends RuleError {
  override readonly name = 'NotFacilitatorError';
}

/** Whether `signerId` may sign the notes of a session led by `facilitatorIds`, under the practice's policy. */
export function facilitatorCheck(signerId: string, facilitatorIds: readonly string[], policy: NonFacilitatorSigning): FacilitatorCheck {
  if (facilitatorIds.includes(signerId)) return { kind: 'ok' };
  return policy === 'refuse'
    ? { kind: 'refuse', message: { key: 'shared:notes.facilitator.refuse' } }
    : { kind: 'warn', message: { key: 'shared:notes.facilitator.warn' } };
}

/** Throws NotFacilitatorError where the policy refuses this signer; a warning is the screen's to show. */
export function assertMaySign(signerId: string, facilitatorIds: readonly string[], policy: NonFacilitatorSigning): void {
  const check = facilitatorCheck(signerId, facilitatorIds, policy);
  if (check.kind === 'refuse') throw new NotFacilitatorError(check.message);
}

/** A note's state in the members list: "ready" is a draft with every required field filled in. */
export type NoteState = 'not-started' | 'draft' | 'ready' | 'signed' | 'pending-cosign' | 'returned';

export const NOTE_STATE_LABEL: Readonly<Record<NoteState, SharedKey>> = {
  'not-started': 'shared:noteStates.notStarted',
  draft: 'shared:noteStates.draft',
  ready: 'shared:noteStates.ready',
  signed: 'shared:noteStates.signed',
  'pending-cosign': 'shared:noteStates.pendingCosign',
  returned: 'shared:noteStates.returned',
};

export function noteState(note: Note | undefined, template: NoteTemplate): NoteState {
  if (!note) return 'not-started';
  if (note.status === 'signed' || note.status === 'cosigned') return 'signed';
  if (note.status === 'pending-cosign' || note.status === 'returned') return note.status;
  return missingRequiredFields(note, template).length === 0 ? 'ready' : 'draft';
}

export interface SignAllRow<K> {
  key: K;
  state: NoteState;
  /** Required fields still blank (drafts and notes not started: every required field). */
  missing: Message[];
  /** Fields signed as carried forward, unedited. */
  carried: string[];
}

/** The review before "sign all": every note with its state; only `ready` ones are signed. */
export function signAllReview<K>(members: readonly { key: K; note: Note | undefined }[], template: NoteTemplate): { rows: SignAllRow<K>[]; ready: K[] } {
  const rows = members.map(({ key, note }) => {
    const state = noteState(note, template);
    const missing = note ? missingRequiredFields(note, template) : template.fields.filter((f) => f.required).map((f) => verbatim(f.label));
    return { key, state, missing: state === 'draft' || state === 'not-started' ? missing : [], carried: note ? untouchedCarriedFields(note, template) : [] };
  });
  return { rows, ready: rows.filter((r) => r.state === 'ready').map((r) => r.key) };
}
