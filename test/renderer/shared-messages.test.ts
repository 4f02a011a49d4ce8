import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { payerRulesSchema } from '../../src/shared/billing';
import { attendanceEntrySchema } from '../../src/shared/attendance';
import { clientIdentitySchema } from '../../src/shared/clients';
import { zodValidate } from '../../src/renderer/src/app/forms';
import { i18next } from '../../src/renderer/src/i18n/i18n';
import { errorText, labelOptions, messagesText, sharedText } from '../../src/renderer/src/i18n/shared';
import { EpisodeRuleError, LEVELS_OF_CARE } from '../../src/shared/episodes';
import { parseOrThrow, type Message } from '../../src/shared/messages';
import { PlanRuleError } from '../../src/shared/plans';

describe('messages made in src/shared, translated in the renderer', () => {
  afterEach(() => {
    i18next.removeResourceBundle('es-US', 'shared');
  });

  it('a form shows each shared message in words under its field', () => {
    const validate = zodValidate(clientIdentitySchema);
    expect(validate({ firstName: ' ', lastName: 'Testperson', dateOfBirth: '1990-13-01' })).toEqual({
      firstName: 'First name is required',
      dateOfBirth: 'Date of birth is not a real calendar date',
    });
  });

  it('goes through i18next: a translation of the message and of the field it names is used', () => {
    i18next.addResourceBundle('es-US', 'shared', { validation: { required: '{{field}}: obligatorio' }, fields: { firstName: 'Nombre' }, levels: { iop: 'Ambulatorio intensivo' } });
    expect(sharedText('shared:validation.required', { field: 'shared:fields.firstName' }, 'es-US')).toBe('Nombre: obligatorio');
    expect(sharedText(LEVELS_OF_CARE.iop, {}, 'es-US')).toBe('Ambulatorio intensivo');
    // Staff text stays English, and text that is not a key is left as it is.
    expect(sharedText(LEVELS_OF_CARE.iop)).toBe('Intensive outpatient (IOP)');
    expect(sharedText('Typed by a person')).toBe('Typed by a person');
  });

  it('a label map becomes Select options in words', () => {
    expect(labelOptions(LEVELS_OF_CARE)[1]).toEqual({ value: 'iop', label: 'Intensive outpatient (IOP)' });
  });

  it('a schema converted to keys shows its messages in words, with the field and bounds they name', () => {
    expect(zodValidate(attendanceEntrySchema)({ clientId: 'client-1', status: 'late', arrivedAt: '9:40', minutes: -1 })).toEqual({
      arrivedAt: 'Arrival time must be a time (HH:MM, 24-hour)',
      minutes: 'Minutes cannot be negative',
    });
  });

  it('a check written without a message shows a catalogue sentence, not zod’s built-in English', () => {
    const schema = z.object({ name: z.string().min(1), tags: z.array(z.string()).min(2), code: z.string().max(3), kind: z.enum(['a', 'b']) });
    expect(zodValidate(schema)({ name: '', tags: [], code: 'abcd', kind: 'c' })).toEqual({
      name: 'This cannot be empty',
      tags: 'Choose at least 2',
      code: 'At most 3 characters',
      kind: 'Choose one of the options',
    });
    // A schema's own message still comes first.
    expect(zodValidate(payerRulesSchema.shape.warnDaysLeft)(400)).toEqual({ '': 'The days warning must be between 0 and 365' });
  });

  it('a rule error made from a key reads in English as its message and is translated on screen', () => {
    const error = new PlanRuleError({ key: 'shared:plans.errors.signatureBeforePlan', values: { effectiveOn: '2026-03-02' } });
    expect(error.message).toBe('The signature cannot be dated before the plan (2026-03-02)');
    i18next.addResourceBundle('en-US', 'shared', { plans: { errors: { signatureBeforePlan: 'Signed before {{effectiveOn}}' } } }, true, true);
    try {
      expect(errorText(error)).toBe('Signed before 2026-03-02');
    } finally {
      i18next.addResourceBundle('en-US', 'shared', { plans: { errors: { signatureBeforePlan: 'The signature cannot be dated before the plan ({{effectiveOn}})' } } }, true, true);
    }
    // Any other error, and a rule error made from text, shows its message as it is.
    expect(errorText(new PlanRuleError('No such treatment plan'))).toBe('No such treatment plan');
    expect(errorText(new Error('Disk full'))).toBe('Disk full');
  });

  it('a failed parse reaches the screen as each issue in words, never as zod’s JSON', () => {
    let failure: unknown;
    try {
      parseOrThrow(clientIdentitySchema, { firstName: '', lastName: 'Testperson', dateOfBirth: '1990-13-01' }, EpisodeRuleError);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(EpisodeRuleError);
    expect(errorText(failure)).toBe('First name is required; Date of birth is not a real calendar date');
    i18next.addResourceBundle('es-US', 'shared', { validation: { required: '{{field}}: obligatorio' }, fields: { firstName: 'Nombre' } });
    expect(messagesText((failure as EpisodeRuleError).texts.slice(0, 1), 'es-US')).toBe('Nombre: obligatorio');
  });

  it('translates a message’s values that are messages or lists of them', () => {
    const problem: Message = { key: 'shared:plans.nodeProblem', values: { node: { key: 'shared:plans.outline.goal', values: { number: '2' } }, problem: { key: 'shared:plans.problems.addProblem' } } };
    const missing: Message = { key: 'shared:plans.errors.completeBeforeSigning', values: { problems: [problem, { key: 'shared:plans.problems.recordParticipation' }] } };
    expect(errorText(new PlanRuleError(missing))).toBe('Complete before signing: Goal 2: Add at least one problem; Record whether the client took part in planning');
    i18next.addResourceBundle('es-US', 'shared', { plans: { outline: { goal: 'Meta {{number}}' } } });
    expect(sharedText(problem.key, problem.values, 'es-US')).toBe('Meta 2: Add at least one problem');
  });
});
