import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASAM_ASSESSMENT_KIND, asamAssessmentSchema, completeAssessment, DEFAULT_PLACEMENT_RULES, type AsamRatings } from '../../src/shared/asam';
import { confirmSobrietyDate, DRUG_SCREEN_KIND, drugScreenSchema, EXPECTED_MEDICATIONS_KIND, expectedMedicationsSchema, SOBRIETY_CONFIRMATION_KIND } from '../../src/shared/drug-screens';
import {
  BREACH_KIND,
  breachIncidentSchema,
  checkDisclosure,
  consentSignatureImageSchema,
  parseDisclosureRequest,
  PART2_CONSENT_KIND,
  PART2_DISCLOSURE_KIND,
  PART2_SCAN_KIND,
  PART2_SIGNATURE_KIND,
  part2ConsentSchema,
  splitScan,
  recordDisclosure,
  revokeConsent,
  type ConsentRevocation,
  type Part2Consent,
} from '../../src/shared/part2';
import { RECORD_CODECS } from '../../src/shared/records/kinds';
import { canonicalJson } from '../../src/shared/sync/canonical-json';
import { mergeRecords, type MergeRecord, type MergeResult } from '../../src/shared/sync/merge';
import { CLIENT, REVOCATION, TPO_CONSENT, withChanges } from './part2-fixtures';

const record = (plain: MergeRecord['plain'], data: unknown, rev: number, updatedAt: number, deleted = false): MergeRecord => ({ plain, data, rev, updatedAt, deleted });

/** Merges both ways round: the order of the arguments must change nothing. */
function mergeBothWays(base: MergeRecord | null, a: MergeRecord, b: MergeRecord, collection = 'clients'): MergeResult {
  const result = mergeRecords({ collection, id: 'record-1', base, mine: a, theirs: b });
  expect(canonicalJson(mergeRecords({ collection, id: 'record-1', base, mine: b, theirs: a }))).toBe(canonicalJson(result));
  return result;
}

const consentRecord = (consent: Part2Consent, rev: number, updatedAt: number, deleted = false) =>
  record({ kind: PART2_CONSENT_KIND, clientId: CLIENT, status: consent.revocation === undefined ? 'signed' : 'revoked' }, consent, rev, updatedAt, deleted);

const signed = consentRecord(TPO_CONSENT, 1, 1000);
const revoked = consentRecord(revokeConsent(TPO_CONSENT, REVOCATION), 2, 2000);

describe('merging a Part 2 consent: a revocation is never lost', () => {
  it('one side revokes, the other changed nothing: revoked, no conflict', () => {
    const { merged, conflict } = mergeBothWays(signed, revoked, { ...signed, rev: 2, updatedAt: 1500 });
    expect(conflict).toBeNull();
    expect(merged).toMatchObject({ plain: { status: 'revoked' }, data: { revocation: REVOCATION }, rev: 3 });
    expect(part2ConsentSchema.parse(merged.data)).toEqual(revokeConsent(TPO_CONSENT, REVOCATION));
  });

  it('a side that drops the revocation does not un-revoke it: reported as superseded', () => {
    const unrevoked = consentRecord(TPO_CONSENT, 3, 3000);
    const { merged, conflict } = mergeBothWays(revoked, unrevoked, { ...revoked, rev: 3, updatedAt: 2500 });
    expect(merged).toMatchObject({ plain: { status: 'revoked' }, data: { revocation: REVOCATION } });
    expect(conflict).toMatchObject({ kind: 'superseded-edits', fields: ['data.revocation', 'plain.status'] });
  });

  it('two different written revocations: the earlier one stays, the difference is reported', () => {
    const later = consentRecord(revokeConsent(TPO_CONSENT, { ...REVOCATION, on: '2026-07-01', note: 'Synthetic second letter' }), 2, 2100);
    const { merged, conflict } = mergeBothWays(signed, revoked, later);
    expect((merged.data as Part2Consent).revocation?.on).toBe('2026-06-15');
    expect(conflict).toMatchObject({ kind: 'fields', fields: ['data.revocation'] });
  });

  it('what was signed cannot change: the original stays, a revocation alongside still counts', () => {
    const edited = consentRecord(withChanges(TPO_CONSENT, { purposes: ['treatment'] }), 2, 1800);
    const { merged, conflict } = mergeBothWays(signed, edited, revoked);
    expect(merged.data).toEqual(revokeConsent(TPO_CONSENT, REVOCATION));
    expect(merged.plain['status']).toBe('revoked');
    expect(conflict).toMatchObject({ kind: 'immutable-violation', fields: ['data.purposes'] });
  });

  it('the same consent inserted on two devices, one of them revoking it since: revoked', () => {
    expect(mergeBothWays(null, signed, revoked)).toMatchObject({ merged: { plain: { status: 'revoked' } }, conflict: null });
  });

  it('a deletion never removes a consent', () => {
    const { merged, conflict } = mergeBothWays(signed, { ...signed, rev: 2, updatedAt: 1200, deleted: true }, { ...signed });
    expect(merged).toMatchObject({ deleted: false, plain: { status: 'signed' } });
    expect(conflict).toMatchObject({ kind: 'immutable-violation', fields: ['deleted'] });
  });

  it('property: whatever the versions and deletions, any revocation in a live version or the ancestor survives, and A vs B = B vs A', () => {
    const revocation = fc.constantFrom(undefined, REVOCATION, { ...REVOCATION, on: '2026-08-01' });
    const purposes = fc.constantFrom<Part2Consent['purposes']>(['treatment', 'payment', 'health-care-operations'], ['treatment']);
    const version = fc.record({ revocation, purposes, rev: fc.integer({ min: 1, max: 3 }), updatedAt: fc.integer({ min: 1, max: 3 }), deleted: fc.boolean() });
    type Version = { revocation: ConsentRevocation | undefined; purposes: Part2Consent['purposes']; rev: number; updatedAt: number; deleted: boolean };
    const toRecord = (v: Version) =>
      consentRecord(v.revocation === undefined ? withChanges(TPO_CONSENT, { purposes: v.purposes }) : revokeConsent(withChanges(TPO_CONSENT, { purposes: v.purposes }), v.revocation), v.rev, v.updatedAt, v.deleted);
    fc.assert(
      fc.property(fc.option(version, { nil: null }), version, version, (base, a, b) => {
        const [ra, rb] = [toRecord(a), toRecord(b)];
        const { merged } = mergeBothWays(base === null ? null : toRecord({ ...base, deleted: false }), ra, rb);
        if (canonicalJson(ra) === canonicalJson(rb)) {
          expect(merged).toEqual(ra);
        } else if (a.deleted && b.deleted) {
          expect(merged.deleted).toBe(true);
        } else {
          const seen = [base, ...[a, b].filter((v) => !v.deleted)].flatMap((v) => (v?.revocation === undefined ? [] : [v.revocation.on])).sort();
          expect(merged.deleted).toBe(false);
          expect((merged.data as Part2Consent).revocation?.on).toBe(seen[0]);
          expect(merged.plain['status']).toBe(seen.length > 0 ? 'revoked' : 'signed');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('merging records written once: ledger entries and sobriety confirmations', () => {
  const decision = checkDisclosure(
    parseDisclosureRequest({ clientId: CLIENT, information: ['billing'], description: 'Synthetic CSV', recipient: { kind: 'outside', name: 'Synthetic Health Plan', class: 'health-plan' }, purpose: { kind: 'payment' }, path: 'export' }),
    [{ id: 'consent-tpo', consent: TPO_CONSENT }],
    '2026-05-04',
  );
  const entry = recordDisclosure(decision, { staffId: 'staff-synthetic-1', name: 'Synthetic Asdfgh', credentials: 'LCSW' }, '2026-05-04T16:20:00.000-05:00', 'consent-copy');
  const ledger = record({ kind: PART2_DISCLOSURE_KIND, clientId: CLIENT }, entry, 1, 1000);

  it('an edit of a ledger entry is refused: the original stays, both versions are kept for a person', () => {
    const altered = { ...ledger, data: { ...entry, recipient: { ...entry.recipient, name: 'Synthetic Other Plan' } }, rev: 2, updatedAt: 2000 };
    const { merged, conflict } = mergeBothWays(ledger, altered, ledger);
    expect(merged.data).toEqual(entry);
    expect(conflict).toMatchObject({ kind: 'immutable-violation', fields: ['data.recipient.name'], versions: expect.arrayContaining([altered, ledger]) });
  });

  it('with no ancestor, the earlier write is the original', () => {
    const later = { ...ledger, data: { ...entry, description: 'Synthetic altered' }, rev: 1, updatedAt: 5000 };
    expect(mergeBothWays(null, later, ledger).merged.data).toEqual(entry);
  });

  it('a ledger entry is never deleted by a merge', () => {
    const { merged, conflict } = mergeBothWays(ledger, { ...ledger, rev: 2, updatedAt: 2000, deleted: true }, ledger);
    expect(merged).toMatchObject({ deleted: false, data: entry });
    expect(conflict?.kind).toBe('immutable-violation');
  });

  it('property: whatever the versions and deletions, the original entry stays, and A vs B = B vs A', () => {
    const version = fc.record({
      description: fc.constantFrom('Synthetic CSV', 'Synthetic altered'),
      rev: fc.integer({ min: 1, max: 5 }),
      updatedAt: fc.integer({ min: 1, max: 5000 }),
      deleted: fc.boolean(),
    });
    const toRecord = (v: { description: string; rev: number; updatedAt: number; deleted: boolean }) => record(ledger.plain, { ...entry, description: v.description }, v.rev, v.updatedAt, v.deleted);
    fc.assert(
      fc.property(fc.option(version, { nil: null }), version, version, (base, a, b) => {
        const baseRecord = base === null ? null : toRecord({ ...base, deleted: false });
        const [ra, rb] = [toRecord(a), toRecord(b)];
        const { merged } = mergeBothWays(baseRecord, ra, rb);
        // Identical versions are not merged at all: the repository is what refuses an edit (see docs/PART2.md).
        if (canonicalJson(ra) === canonicalJson(rb)) {
          expect(merged).toEqual(ra);
        } else if (a.deleted && b.deleted) {
          expect(merged.deleted).toBe(true);
        } else {
          expect(merged.deleted).toBe(false);
          const live = [ra, rb].filter((r) => !r.deleted);
          const original = baseRecord ?? (live.length === 1 ? live[0]! : [ra, rb].sort((x, y) => x.updatedAt - y.updatedAt || x.rev - y.rev || (canonicalJson(x) < canonicalJson(y) ? -1 : 1))[0]!);
          expect(merged.data).toEqual(original.data);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a sobriety confirmation is kept as confirmed', () => {
    const confirmation = confirmSobrietyDate({
      clientId: CLIENT,
      sobrietyDate: '2026-02-01',
      confirmedBy: { staffId: 'staff-synthetic-1', name: 'Synthetic Asdfgh', credentials: 'LCADC' },
      confirmedAt: '2026-02-02T10:00:00.000-05:00',
      reason: 'Synthetic reason',
    });
    const original = record({ kind: SOBRIETY_CONFIRMATION_KIND, clientId: CLIENT }, confirmation, 1, 1000);
    const moved = { ...original, data: { ...confirmation, sobrietyDate: '2026-01-01' }, rev: 2, updatedAt: 3000 };
    expect(mergeBothWays(original, moved, original)).toMatchObject({ merged: { data: { sobrietyDate: '2026-02-01' } }, conflict: { kind: 'immutable-violation' } });
  });

  it('the image of a consent signed on screen is kept as signed, and never deleted by a merge', () => {
    const image = consentSignatureImageSchema.parse({ clientId: CLIENT, imageDataUrl: 'data:image/png;base64,iVBORw0KGgo=' });
    const original = record({ kind: PART2_SIGNATURE_KIND, clientId: CLIENT, status: 'current' }, image, 1, 1000);
    const swapped = { ...original, data: { ...image, imageDataUrl: 'data:image/png;base64,AAAAAAAA' }, rev: 2, updatedAt: 3000 };
    expect(mergeBothWays(original, swapped, original)).toMatchObject({ merged: { data: image }, conflict: { kind: 'immutable-violation', fields: ['data.imageDataUrl'] } });
    expect(mergeBothWays(original, { ...original, rev: 2, updatedAt: 3000, deleted: true }, original)).toMatchObject({ merged: { deleted: false, data: image } });
  });
});

describe('the other new kinds merge field by field, so concurrent additions all stay', () => {
  it('a breach incident: a notification recorded on each of two devices', () => {
    const incident = breachIncidentSchema.parse({ discoveredOn: '2026-03-10', description: 'Synthetic incident', affectedClients: 3, status: 'open', notifications: {} });
    const base = record({ kind: BREACH_KIND, status: 'open' }, incident, 1, 1000);
    const a = { ...base, data: { ...incident, notifications: { n1: { on: '2026-03-20', to: 'individuals', how: 'Letters' } } }, rev: 2, updatedAt: 2000 };
    const b = { ...base, data: { ...incident, affectedClients: 4, notifications: { n2: { on: '2026-03-21', to: 'hhs', how: 'HHS portal' } } }, rev: 2, updatedAt: 2100 };
    const { merged, conflict } = mergeBothWays(base, a, b);
    expect(conflict).toBeNull();
    expect(Object.keys(breachIncidentSchema.parse(merged.data).notifications).sort()).toEqual(['n1', 'n2']);
    expect((merged.data as { affectedClients: number }).affectedClients).toBe(4);
  });

  it('an ASAM assessment: two dimensions re-rated on two devices', () => {
    const ratings = Object.fromEntries(['withdrawal', 'biomedical', 'emotional', 'readiness', 'relapse', 'environment'].map((d) => [d, { rating: 1, notes: '' }])) as AsamRatings;
    const assessment = completeAssessment(
      { clientId: CLIENT, episodeId: 'episode-1', occasion: 'admission', on: '2026-02-02', ratings, actual: 'outpatient', assessedBy: { staffId: 's', name: 'Synthetic Asdfgh' } },
      DEFAULT_PLACEMENT_RULES,
    );
    const base = record({ kind: ASAM_ASSESSMENT_KIND, clientId: CLIENT }, assessment, 1, 1000);
    const a = { ...base, data: { ...assessment, ratings: { ...assessment.ratings, relapse: { rating: 2, notes: 'Synthetic A' } } }, rev: 2, updatedAt: 2000 };
    const b = { ...base, data: { ...assessment, ratings: { ...assessment.ratings, environment: { rating: 2, notes: 'Synthetic B' } } }, rev: 2, updatedAt: 2100 };
    const { merged, conflict } = mergeBothWays(base, a, b);
    expect(conflict).toBeNull();
    const parsed = asamAssessmentSchema.parse(merged.data);
    expect([parsed.ratings.relapse.rating, parsed.ratings.environment.rating]).toEqual([2, 2]);
  });

  it('a drug screen: a lab result added beside the point-of-care ones; expected medications added on two devices', () => {
    const screen = drugScreenSchema.parse({ clientId: CLIENT, collectedOn: '2026-02-10', specimen: 'urine', testing: 'lab', results: { opiates: 'negative' } });
    const base = record({ kind: DRUG_SCREEN_KIND, clientId: CLIENT }, screen, 1, 1000);
    const a = { ...base, data: { ...screen, results: { ...screen.results, fentanyl: 'positive' } }, rev: 2, updatedAt: 2000 };
    const b = { ...base, data: { ...screen, results: { ...screen.results, cocaine: 'negative' } }, rev: 2, updatedAt: 2100 };
    expect(drugScreenSchema.parse(mergeBothWays(base, a, b).merged.data).results).toEqual({ opiates: 'negative', fentanyl: 'positive', cocaine: 'negative' });

    const meds = expectedMedicationsSchema.parse({ clientId: CLIENT, medications: {} });
    const medsBase = record({ kind: EXPECTED_MEDICATIONS_KIND, clientId: CLIENT }, meds, 1, 1000);
    const medsA = { ...medsBase, data: { ...meds, medications: { m1: { medication: 'methadone', startedOn: '2026-01-05', note: '' } } }, rev: 2, updatedAt: 2000 };
    const medsB = { ...medsBase, data: { ...meds, medications: { m2: { medication: 'prescribed-stimulant', startedOn: '2026-01-06', note: '' } } }, rev: 2, updatedAt: 2100 };
    const { merged, conflict } = mergeBothWays(medsBase, medsA, medsB);
    expect(conflict).toBeNull();
    expect(Object.keys(expectedMedicationsSchema.parse(merged.data).medications).sort()).toEqual(['m1', 'm2']);
  });
});

describe('every record kind added for Part 2 and substance use has its merge rule', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const [chunk] = splitScan(CLIENT, 'part2-scan-1', [{ name: 'synthetic-page-1.png', type: 'image/png', bytes: PNG }]);

  it('a chunk of a scanned paper consent is written once: a changed or deleted copy loses to the original', () => {
    const original = record({ kind: PART2_SCAN_KIND, clientId: CLIENT, status: 'current' }, chunk, 1, 1000);
    const changed = { ...original, data: { ...chunk!, data: 'AAAA' }, rev: 2, updatedAt: 3000 };
    expect(mergeBothWays(original, changed, original)).toMatchObject({ merged: { data: chunk }, conflict: { kind: 'immutable-violation', fields: ['data.data'] } });
    expect(mergeBothWays(original, { ...original, rev: 2, updatedAt: 3000, deleted: true }, original)).toMatchObject({ merged: { deleted: false, data: chunk } });
  });

  it('a breach incident: the risk assessment answered on one device, the decision and a notification on another', () => {
    const incident = breachIncidentSchema.parse({ discoveredOn: '2026-03-10', description: 'Synthetic incident', affectedClients: 3, status: 'open' });
    const base = record({ kind: BREACH_KIND, clientId: '', status: 'open' }, incident, 1, 1000);
    const a = { ...base, data: { ...incident, risk: { ...incident.risk, nature: 'Synthetic: names and dates' } }, rev: 2, updatedAt: 2000 };
    const b = { ...base, data: { ...incident, decision: 'breach', notifications: { n1: { on: '2026-03-12', to: 'individuals', how: 'Letters' } } }, rev: 2, updatedAt: 2100 };
    const { merged, conflict } = mergeBothWays(base, a, b);
    expect(conflict).toBeNull();
    expect(breachIncidentSchema.parse(merged.data)).toMatchObject({ decision: 'breach', risk: { nature: 'Synthetic: names and dates' }, notifications: { n1: { to: 'individuals' } } });
  });

  /**
   * Two concurrent changes to a record of each kind: written once → the original stays and it is
   * reported; otherwise field by field. A kind added without a decision here fails the test.
   */
  const RULES: Record<string, 'written-once' | 'consent' | 'fields'> = {
    [PART2_CONSENT_KIND]: 'consent',
    [PART2_SIGNATURE_KIND]: 'written-once',
    [PART2_DISCLOSURE_KIND]: 'written-once',
    [PART2_SCAN_KIND]: 'written-once',
    [BREACH_KIND]: 'fields',
    [ASAM_ASSESSMENT_KIND]: 'fields',
    [DRUG_SCREEN_KIND]: 'fields',
    [EXPECTED_MEDICATIONS_KIND]: 'fields',
    [SOBRIETY_CONFIRMATION_KIND]: 'written-once',
  };
  const PART2_KINDS = /^(part2-|asam-|drug-|expected-|sobriety-)/;

  it('each such kind the records know is listed, and merges by its rule', () => {
    const kinds = ['clients', 'plans'].flatMap((collection) => Object.keys(RECORD_CODECS[collection]!.kinds).filter((kind) => PART2_KINDS.test(kind)));
    expect(kinds.sort()).toEqual(Object.keys(RULES).sort());
    for (const kind of kinds) {
      const base = record({ kind, clientId: CLIENT, status: 'current' }, { clientId: CLIENT, x: 1, y: 1 }, 1, 1000);
      const a = { ...base, data: { clientId: CLIENT, x: 2, y: 1 }, rev: 2, updatedAt: 2000 };
      const b = { ...base, data: { clientId: CLIENT, x: 1, y: 2 }, rev: 2, updatedAt: 2100 };
      const { merged, conflict } = mergeBothWays(base, a, b);
      if (RULES[kind] === 'fields') expect([kind, merged.data, conflict]).toEqual([kind, { clientId: CLIENT, x: 2, y: 2 }, null]);
      else expect([kind, merged.data, conflict?.kind]).toEqual([kind, { clientId: CLIENT, x: 1, y: 1 }, 'immutable-violation']);
    }
  });
});
