import { describe, expect, it } from 'vitest';
import { englishMessages, englishText } from '../../src/shared/messages';
import { consentInForce, consentProblems, consentProblemsByField, consentStatus, describeConsent, part2ConsentSchema, revokeConsent, TPO_CLASS_DESIGNATION, type Part2Consent } from '../../src/shared/part2';
import { REVOCATION, SPECIFIC_CONSENT, TPO_CONSENT, withChanges } from './part2-fixtures';
import { englishIssue } from '../../src/shared/messages';

/** The problems in English, as a log or the export writes them. */
const englishProblems = (consent: Part2Consent) => consentProblems(consent).map((m) => englishText(m.key, m.values));

describe('a Part 2 consent’s required elements (§ 2.31)', () => {
  it('names the field of each problem, so a form shows it under that field', () => {
    const broken = withChanges(TPO_CONSENT, { patientName: '', signer: { name: '', capacity: 'representative', authority: '' }, expiry: null });
    expect(consentProblemsByField(broken).map((p) => p.path)).toEqual(['patientName', 'expiry', 'signer.name', 'signer.authority']);
  });

  it('a complete TPO consent and a complete specific consent have no problems', () => {
    expect(englishProblems(TPO_CONSENT)).toEqual([]);
    expect(englishProblems(SPECIFIC_CONSENT)).toEqual([]);
  });

  const missing: [string, Partial<Part2Consent>, string, Part2Consent?][] = [
    ['the patient', { patientName: '  ' }, 'The patient’s name is missing'],
    ['the disclosing programme', { programme: '' }, 'The disclosing programme is not named'],
    ['what information', { information: [] }, 'It does not describe what information may be disclosed'],
    ['the description of the information', { informationDescription: '' }, 'It does not describe what information may be disclosed'],
    ['the recipients', { recipients: [] }, 'No recipient is named'],
    ['a recipient’s name', { recipients: [{ kind: 'named', name: '', class: 'legal' }] }, 'A recipient has no name', SPECIFIC_CONSENT],
    ['the purpose', { purposes: [] }, 'The purpose of the disclosure is missing'],
    ['the description of another purpose', { otherPurposes: [] }, 'Describe each other purpose', SPECIFIC_CONSENT],
    ['the right to revoke', { revocationStatement: '' }, 'The right to revoke in writing, and how, is not stated'],
    ['the expiry', { expiry: null }, 'There is no expiry date or expiry event'],
    ['the expiry event', { expiry: { kind: 'event', event: ' ' } }, 'There is no expiry date or expiry event'],
    ['the consequences of refusing', { consequencesStatement: '' }, 'The consequences of refusing to sign are not stated'],
    ['the TPO redisclosure statement', { redisclosureStatement: '' }, 'The statement that records may be redisclosed as HIPAA allows is missing'],
    ['the signer', { signer: { name: '', capacity: 'patient', authority: '' } }, 'The name of the person who signed is missing'],
    ['a representative’s authority', { signer: { name: 'Synthetic Parent', capacity: 'representative', authority: '' } }, 'Say what authorises the representative to sign'],
    ['the signature and date', { signature: null }, 'It is not signed and dated'],
  ];
  it.each(missing)('names a missing %s in plain language, and nothing else', (_element, changes, problem, consent = TPO_CONSENT) => {
    const broken = withChanges(consent, changes);
    expect(englishProblems(broken)).toEqual([problem]);
    expect(consentInForce(broken, '2026-05-01')).toBe(false);
    expect(consentStatus(broken, '2026-05-01')).toBe('incomplete');
  });

  it('a specific consent needs no redisclosure statement; a TPO consent does', () => {
    expect(englishProblems(withChanges(SPECIFIC_CONSENT, { redisclosureStatement: '' }))).toEqual([]);
  });

  it('a class of recipients only in a TPO consent, and only the classes it allows', () => {
    expect(englishProblems(withChanges(SPECIFIC_CONSENT, { recipients: [{ kind: 'class', class: 'health-plan' }] }))).toEqual([
      'Recipients must be named: a class of recipients is allowed only in a consent for treatment, payment and health care operations',
    ]);
    expect(englishProblems(withChanges(TPO_CONSENT, { recipients: [{ kind: 'class', class: 'employer' }] }))).toEqual([
      '“Employers” is not a class a treatment, payment and operations consent may designate',
    ]);
  });

  it('a TPO consent covers only treatment, payment and operations', () => {
    expect(englishProblems(withChanges(TPO_CONSENT, { purposes: ['treatment', 'other'], otherPurposes: ['Synthetic purpose'] }))).toEqual([
      'A treatment, payment and operations consent covers only those purposes: record other purposes on a separate consent',
    ]);
  });

  it('SUD counselling notes: never under a TPO consent, and a consent for them covers only them', () => {
    expect(englishProblems(withChanges(TPO_CONSENT, { information: ['sud-counselling-notes'] }))).toEqual([
      'SUD counselling notes cannot be covered by a consent for treatment, payment and health care operations',
    ]);
    expect(englishProblems(withChanges(SPECIFIC_CONSENT, { information: ['sud-counselling-notes', 'attendance'] }))).toEqual(['A consent for SUD counselling notes must cover only those notes']);
    expect(englishProblems(withChanges(SPECIFIC_CONSENT, { information: ['sud-counselling-notes'] }))).toEqual([]);
  });

  it('expiring before it was signed is a problem', () => {
    expect(englishProblems(withChanges(SPECIFIC_CONSENT, { expiry: { kind: 'date', on: '2026-03-31' } }))).toEqual(['It expires before the day it was signed']);
  });

  it('refuses a malformed record with a specific message', () => {
    const result = part2ConsentSchema.safeParse({ ...SPECIFIC_CONSENT, expiry: { kind: 'date', on: '2026-02-30' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(englishIssue)).toEqual(['The expiry date is not a real calendar date']);
  });
});

describe('whether a consent is in force', () => {
  it('from the day signed through the expiry date', () => {
    expect(consentStatus(SPECIFIC_CONSENT, '2026-03-31')).toBe('not yet in force');
    expect(consentInForce(SPECIFIC_CONSENT, '2026-04-01')).toBe(true);
    expect(consentInForce(SPECIFIC_CONSENT, '2026-09-30')).toBe(true);
    expect(consentStatus(SPECIFIC_CONSENT, '2026-10-01')).toBe('expired');
  });

  it('an expiry event ends it once the day it happened is recorded', () => {
    expect(consentInForce(TPO_CONSENT, '2030-01-01')).toBe(true);
    const ended = withChanges(TPO_CONSENT, { expiry: { kind: 'event', event: 'End of treatment', occurredOn: '2026-08-14' } });
    expect(consentInForce(ended, '2026-08-14')).toBe(true);
    expect(consentStatus(ended, '2026-08-15')).toBe('expired');
  });

  it('a written revocation ends it from its date, for good', () => {
    const revoked = revokeConsent(SPECIFIC_CONSENT, REVOCATION);
    expect(consentInForce(revoked, '2026-06-14')).toBe(true);
    expect(consentStatus(revoked, '2026-06-15')).toBe('revoked');
    expect(consentStatus(revoked, '2026-12-01')).toBe('revoked');
    expect(() => revokeConsent(revoked, REVOCATION)).toThrow('This consent was already revoked on 2026-06-15');
  });

  it('a revocation must be in writing and dated on or after the signature', () => {
    expect(() => revokeConsent(SPECIFIC_CONSENT, { ...REVOCATION, inWriting: false as true })).toThrow('A revocation is recorded from a written request');
    expect(() => revokeConsent(SPECIFIC_CONSENT, { ...REVOCATION, on: '2026-03-01' })).toThrow('A consent cannot be revoked before it was signed');
  });
});

describe('the consent element by element', () => {
  it('prints the TPO class designation in the rule’s words, and every element', () => {
    const rows = Object.fromEntries(describeConsent(TPO_CONSENT).map(({ label, value }) => [englishText(label), englishMessages(value)]));
    expect(rows['Recipients']).toBe(englishText(TPO_CLASS_DESIGNATION));
    expect(rows['Purposes']).toBe('Treatment; Payment; Health care operations');
    expect(rows['Expires']).toBe('At this event: End of treatment');
    expect(rows['Signed']).toBe('By Synthetic Qwerty on 2026-03-02, on screen');
    expect(Object.keys(rows)).toEqual(['Kind of consent', 'Patient', 'Disclosing programme', 'Information', 'Recipients', 'Purposes', 'Expires', 'Right to revoke', 'If the patient refuses', 'Redisclosure', 'Signed']);
  });

  it('a specific consent lists its named recipients and other purposes, and a revocation', () => {
    const rows = Object.fromEntries(describeConsent(revokeConsent(SPECIFIC_CONSENT, REVOCATION)).map(({ label, value }) => [englishText(label), englishMessages(value)]));
    expect(rows['Recipients']).toBe('Synthetic County Probation (Courts, attorneys or probation)');
    expect(rows['Purposes']).toBe('Report progress to my probation officer');
    expect(rows['Signed']).toBe('By Synthetic Qwerty on 2026-04-01, on a paper form');
    expect(rows['Revoked']).toBe('In writing on 2026-06-15');
    expect(rows['Redisclosure']).toBeUndefined();
  });
});
