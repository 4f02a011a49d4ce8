import { englishMessages } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import { disclosureCover, disclosureCoverText, PART2_NOTICE_SOURCE, PART2_REDISCLOSURE_NOTICE, PART2_REDISCLOSURE_NOTICE_SHORT } from '../../src/shared/exports';
import {
  ACCOUNTING_COLUMNS,
  accountingCells,
  accountingOfDisclosures,
  checkDisclosure,
  parseDisclosureRequest,
  recordDisclosure,
  revokeConsent,
  type DisclosureDecision,
  type DisclosureEntry,
  type DisclosurePath,
  type DisclosureRequestInput,
  type StoredConsent,
} from '../../src/shared/part2';
import { CLIENT, REVOCATION, SPECIFIC_CONSENT, TPO_CONSENT, withChanges } from './part2-fixtures';

const PAYER = { kind: 'outside', name: 'Synthetic Health Plan', class: 'health-plan' } as const;
const PROBATION = { kind: 'outside', name: 'Officer Synthetic', organisation: 'Synthetic County Probation', class: 'legal' } as const;
const RELEASER = { staffId: 'staff-synthetic-1', name: 'Synthetic Asdfgh', credentials: 'LCSW' };

const request = (changes: Partial<DisclosureRequestInput> = {}) =>
  parseDisclosureRequest({
    clientId: CLIENT,
    information: ['billing'],
    description: 'Services 1–30 Nov 2026 (CSV)',
    recipient: PAYER,
    purpose: { kind: 'payment' },
    path: 'export',
    ...changes,
  });

const tpo: StoredConsent = { id: 'consent-tpo', consent: TPO_CONSENT };
const specific: StoredConsent = { id: 'consent-probation', consent: SPECIFIC_CONSENT };
const ON = '2026-05-04';

const refusal = (decision: DisclosureDecision) => (decision.decision === 'refused' ? { reason: decision.reason, message: englishMessages([decision.message]) } : decision.decision);

describe('the disclosure gate, on every path', () => {
  const paths: DisclosurePath[] = ['print', 'export', 'transfer'];

  it.each(paths)('%s: refused without a consent, allowed under one that covers it', (path) => {
    expect(refusal(checkDisclosure(request({ path }), [], ON))).toEqual({ reason: 'no-consent', message: 'There is no Part 2 consent on file for this client: record the signed consent first' });
    const allowed = checkDisclosure(request({ path }), [tpo], ON);
    expect(allowed).toMatchObject({ decision: 'allowed', consentId: 'consent-tpo', message: { key: 'shared:part2.decision.allowed', values: { on: '2026-03-02' } } });
    expect(englishMessages([allowed.message])).toBe('Allowed under the consent signed on 2026-03-02');
  });

  it.each(paths)('%s within the programme is not a disclosure and needs no consent', (path) => {
    expect(checkDisclosure(request({ path, recipient: { kind: 'within-programme' } }), [], ON).decision).toBe('not-a-disclosure');
  });

  it.each(paths)('%s after the consent was revoked: refused', (path) => {
    const revoked = { ...tpo, consent: revokeConsent(TPO_CONSENT, REVOCATION) };
    expect(checkDisclosure(request({ path }), [revoked], '2026-06-14').decision).toBe('allowed');
    expect(refusal(checkDisclosure(request({ path }), [revoked], '2026-06-15'))).toEqual({ reason: 'revoked', message: 'The consent signed on 2026-03-02 was revoked in writing on 2026-06-15' });
  });

  it('a consent of another client covers nothing', () => {
    expect(checkDisclosure(request(), [{ id: 'other', consent: withChanges(TPO_CONSENT, { clientId: 'client-synthetic-2' }) }], ON)).toMatchObject({ decision: 'refused', reason: 'no-consent' });
  });
});

describe('the gate’s reasons', () => {
  const probationReport = (changes: Partial<DisclosureRequestInput> = {}) =>
    request({ information: ['attendance'], description: 'Attendance in May', recipient: PROBATION, purpose: { kind: 'other', description: 'report progress to my probation officer' }, path: 'print', ...changes });

  it('a named recipient is matched by name or organisation, ignoring case and spacing; another is not covered', () => {
    expect(checkDisclosure(probationReport(), [specific], ON).decision).toBe('allowed');
    expect(refusal(checkDisclosure(probationReport({ recipient: { ...PROBATION, organisation: 'Synthetic City Court' } }), [specific], ON))).toEqual({
      reason: 'recipient-not-covered',
      message: 'The consent signed on 2026-04-01 does not cover disclosure to Officer Synthetic, Synthetic City Court (Courts, attorneys or probation)',
    });
  });

  it('a TPO class covers recipients of that class only', () => {
    expect(checkDisclosure(request({ recipient: { kind: 'outside', name: 'Synthetic Clinic', class: 'treating-provider' }, purpose: { kind: 'treatment' } }), [tpo], ON).decision).toBe('allowed');
    expect(refusal(checkDisclosure(request({ recipient: { kind: 'outside', name: 'Synthetic Employer Ltd', class: 'employer' } }), [tpo], ON))).toMatchObject({ reason: 'recipient-not-covered' });
  });

  it('the wrong purpose', () => {
    expect(refusal(checkDisclosure(probationReport({ purpose: { kind: 'treatment' } }), [specific], ON))).toEqual({ reason: 'purpose-not-covered', message: 'The consent signed on 2026-04-01 does not cover the purpose: Treatment' });
    expect(refusal(checkDisclosure(probationReport({ purpose: { kind: 'other', description: 'Employment check' } }), [specific], ON))).toMatchObject({ reason: 'purpose-not-covered' });
  });

  it('information the consent does not cover; "the whole record" covers all but counselling notes', () => {
    expect(refusal(checkDisclosure(probationReport({ information: ['attendance', 'progress-notes', 'diagnosis'] }), [specific], ON))).toEqual({
      reason: 'information-not-covered',
      message: 'The consent signed on 2026-04-01 does not cover: Progress notes; Diagnosis',
    });
    expect(checkDisclosure(request({ information: ['progress-notes', 'treatment-plans', 'drug-screens'] }), [tpo], ON).decision).toBe('allowed');
  });

  it('SUD counselling notes never leave under a TPO consent, only under a consent of their own', () => {
    const notes = request({ information: ['sud-counselling-notes'], recipient: { kind: 'outside', name: 'Synthetic Clinic', class: 'treating-provider' }, purpose: { kind: 'treatment' } });
    expect(refusal(checkDisclosure(notes, [tpo], ON))).toEqual({
      reason: 'counselling-notes-under-tpo',
      message: 'SUD counselling notes are never disclosed under a treatment, payment and operations consent: they need a consent of their own',
    });
    const own = withChanges(SPECIFIC_CONSENT, {
      information: ['sud-counselling-notes'],
      recipients: [{ kind: 'named', name: 'Synthetic Clinic', class: 'treating-provider' }],
      purposes: ['treatment'],
      otherPurposes: [],
    });
    expect(checkDisclosure(notes, [tpo, { id: 'consent-notes', consent: own }], ON)).toMatchObject({ decision: 'allowed', consentId: 'consent-notes' });
  });

  it('expired, not yet in force, and incomplete consents', () => {
    expect(refusal(checkDisclosure(probationReport(), [specific], '2026-10-01'))).toEqual({ reason: 'expired', message: 'The consent signed on 2026-04-01 expired on 2026-09-30' });
    expect(refusal(checkDisclosure(probationReport(), [specific], '2026-03-15'))).toMatchObject({ reason: 'not-yet-in-force' });
    const unsigned = { id: 'draft', consent: withChanges(SPECIFIC_CONSENT, { signature: null, consequencesStatement: '' }) };
    expect(refusal(checkDisclosure(probationReport(), [unsigned], ON))).toEqual({
      reason: 'incomplete',
      message: 'The unsigned consent is not valid: The consequences of refusing to sign are not stated; It is not signed and dated',
    });
  });

  it('with several consents: allowed under the latest signed that covers it; refused with the closest one’s reason, and every one listed', () => {
    const later = { id: 'consent-tpo-2', consent: withChanges(TPO_CONSENT, { signature: { ...TPO_CONSENT.signature!, signedOn: '2026-04-20' } as typeof TPO_CONSENT.signature }) };
    expect(checkDisclosure(request(), [tpo, later, specific], ON)).toMatchObject({ decision: 'allowed', consentId: 'consent-tpo-2' });
    const revokedTpo = { ...tpo, consent: revokeConsent(TPO_CONSENT, { ...REVOCATION, on: '2026-04-02' }) };
    const decision = checkDisclosure(request(), [revokedTpo, specific], ON);
    expect(decision).toMatchObject({ decision: 'refused', reason: 'recipient-not-covered', consentId: 'consent-probation' });
    expect(decision.decision === 'refused' && decision.considered.map((c) => [c.consentId, c.reason])).toEqual([
      ['consent-probation', 'recipient-not-covered'],
      ['consent-tpo', 'revoked'],
    ]);
  });

  it('a request that does not say to whom, why or what is refused with a clear message', () => {
    expect(() => request({ recipient: { kind: 'outside', name: ' ', class: 'health-plan' } })).toThrow('Name the recipient');
    expect(() => request({ purpose: { kind: 'other' } })).toThrow('Describe the purpose');
    expect(() => request({ information: [] })).toThrow('Choose what is disclosed');
  });
});

describe('the disclosure ledger and the accounting of disclosures', () => {
  const released = (decision: DisclosureDecision, at: string) => recordDisclosure(decision, RELEASER, at, 'consent-copy');

  it('records only an allowed disclosure: what, to whom, why, under which consent, by whom, when, how', () => {
    const entry = released(checkDisclosure(request(), [tpo], ON), '2026-05-04T16:20:00.000-05:00');
    expect(entry).toEqual({
      clientId: CLIENT,
      information: ['billing'],
      description: 'Services 1–30 Nov 2026 (CSV)',
      recipient: { name: 'Synthetic Health Plan', organisation: '', class: 'health-plan' },
      purpose: { kind: 'payment', description: '' },
      path: 'export',
      consentId: 'consent-tpo',
      releasedBy: RELEASER,
      releasedAt: '2026-05-04T16:20:00.000-05:00',
      cover: 'consent-copy',
    } satisfies DisclosureEntry);
    expect(() => released(checkDisclosure(request(), [], ON), '2026-05-04T16:20:00.000-05:00')).toThrow('Not disclosed: There is no Part 2 consent on file');
    expect(() => released(checkDisclosure(request({ recipient: { kind: 'within-programme' } }), [], ON), '2026-05-04T16:20:00.000-05:00')).toThrow('Nothing left the programme');
  });

  it('prints one client’s disclosures in a date range, oldest first', () => {
    const entries = [
      released(checkDisclosure(request({ path: 'print', information: ['attendance'], description: 'Attendance in May', recipient: PROBATION, purpose: { kind: 'other', description: 'Report progress to my probation officer' } }), [specific], ON), '2026-05-20T09:00:00.000-05:00'),
      released(checkDisclosure(request(), [tpo], ON), '2026-05-04T16:20:00.000-05:00'),
      released(checkDisclosure(request({ clientId: 'client-synthetic-2' }), [{ id: 'c2', consent: withChanges(TPO_CONSENT, { clientId: 'client-synthetic-2' }) }], ON), '2026-05-05T09:00:00.000-05:00'),
      released(checkDisclosure(request(), [tpo], ON), '2026-06-01T09:00:00.000-05:00'),
    ];
    const rows = accountingOfDisclosures(entries, CLIENT, '2026-05-01', '2026-05-31');
    expect(ACCOUNTING_COLUMNS).toHaveLength(7);
    expect(accountingCells(rows).map((cells) => cells.map((cell) => englishMessages([cell])))).toEqual([
      ['2026-05-04', 'Synthetic Health Plan (Health plans)', 'Billing and claims information: Services 1–30 Nov 2026 (CSV)', 'Payment', 'consent-tpo', 'Synthetic Asdfgh, LCSW', 'Exported to a file'],
      ['2026-05-20', 'Officer Synthetic, Synthetic County Probation (Courts, attorneys or probation)', 'Attendance and participation: Attendance in May', 'Report progress to my probation officer', 'consent-probation', 'Synthetic Asdfgh, LCSW', 'Printed'],
    ]);
  });
});

describe('what accompanies a disclosure (§ 2.32)', () => {
  const disclosure = { information: ['billing' as const], description: 'Services in May', recipient: { name: 'Synthetic Health Plan', organisation: '', class: 'health-plan' as const }, purpose: { kind: 'payment' as const, description: '' } };

  it('the notice and a copy of the consent', () => {
    const cover = disclosureCover(TPO_CONSENT, disclosure, 'consent-copy');
    expect(cover.notice).toBe(PART2_REDISCLOSURE_NOTICE);
    expect(cover.scope.heading).toBe('Copy of the patient’s consent');
    expect(cover.scope.lines).toContain('Recipients: my treating providers, health plans, third-party payers, and people helping to operate this program');
    expect(disclosureCoverText(cover)).toContain(PART2_REDISCLOSURE_NOTICE);
  });

  it('or the notice and a clear explanation of what was disclosed and under which consent', () => {
    const cover = disclosureCover(SPECIFIC_CONSENT, { ...disclosure, recipient: { name: 'Synthetic County Probation', organisation: '', class: 'legal' }, purpose: { kind: 'other', description: 'Report progress to my probation officer' } }, 'explanation');
    expect(cover.scope.lines).toEqual([
      'Disclosed: Billing and claims information (Services in May).',
      'To: Synthetic County Probation (Courts, attorneys or probation).',
      'For: Report progress to my probation officer.',
      'Under the written consent of Synthetic Qwerty, signed on 2026-04-01, which permits disclosure for report progress to my probation officer; it expires: on 2026-09-30.',
    ]);
  });

  it('says plainly that the notice wording has not been read on eCFR, and holds the wording the secondary copies confirm', () => {
    expect(PART2_NOTICE_SOURCE.checkedOnEcfr).toBeNull();
    // Statement 1 as two independent secondary copies give it (one of them whole), joined by spaces as a print reflows it.
    expect(PART2_REDISCLOSURE_NOTICE.split('\n\n').join(' ')).toBe(
      'This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony that describes the information contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, State, or local authority, against the patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or disclosure of this record unless at least one of the following applies: (i) Further use or disclosure is expressly permitted by the written consent of the individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. (ii) You are a covered entity or business associate and have received the record for treatment, payment, or health care operations, or (iii) You have received the record from a covered entity or business associate as permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or other information is NOT sufficient to meet the required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).',
    );
    expect(PART2_REDISCLOSURE_NOTICE_SHORT).toBe('42 CFR part 2 prohibits unauthorized use or disclosure of these records.');
  });
});
