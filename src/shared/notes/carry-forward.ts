/**
 * Copy forward as data: only fields whose template says so (./templates.ts, `carryForward`) start
 * from the member's last note; what is observed in each session (risk, response, affect) never
 * does. Carried text stays marked until it is edited, and signing it untouched asks first.
 */
import type { Medication, Note, NoteChange } from './note';
import type { NoteTemplate } from './templates';

/** A medication carried forward keeps name, dose and frequency; what changed today is chosen again. */
const carriedMedication = (m: Medication): Medication => ({ name: m.name, dose: m.dose, frequency: m.frequency });

/**
 * The change that starts a note from `last`: the carried fields' text (blank ones left out, so
 * nothing typed is replaced by nothing) and, where the template has one, the medication list.
 */
export function carryForward(template: NoteTemplate, last: Pick<Note, 'fields' | 'medications'>): Required<Pick<NoteChange, 'fields' | 'carried'>> & Pick<NoteChange, 'medications'> {
  const fields = Object.fromEntries(template.fields.filter((f) => f.carryForward && (last.fields[f.key] ?? '').trim() !== '').map((f) => [f.key, last.fields[f.key]!]));
  return {
    fields,
    carried: fields,
    ...(template.medications && last.medications ? { medications: last.medications.map(carriedMedication) } : {}),
  };
}

/** Keys of the fields still holding exactly the text carried into them. */
export function untouchedCarriedKeys(note: Pick<Note, 'fields' | 'carried'>): string[] {
  return Object.entries(note.carried ?? {})
    .filter(([key, text]) => text.trim() !== '' && note.fields[key] === text)
    .map(([key]) => key);
}

/** Labels of the fields signed as carried, unedited: signing them asks for confirmation. */
export function untouchedCarriedFields(note: Pick<Note, 'fields' | 'carried'>, template: NoteTemplate): string[] {
  const keys = new Set(untouchedCarriedKeys(note));
  return template.fields.filter((f) => keys.has(f.key)).map((f) => f.label);
}
