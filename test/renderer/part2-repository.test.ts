import { englishMessages } from '../../src/shared/messages';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { Part2Repository, type ConsentDraft } from '../../src/renderer/src/repositories/part2';
import { SubstanceUseRepository } from '../../src/renderer/src/repositories/substance-use';
import { DEFAULT_PLACEMENT_RULES, type AsamRatings } from '../../src/shared/asam';
import { screenFlags } from '../../src/shared/drug-screens';
import { checkScanFile, MAX_SCAN_FILE_BYTES, Part2RuleError, SCAN_CHUNK_BYTES } from '../../src/shared/part2';
import { CLIENT, REVOCATION, TPO_CONSENT } from '../unit/part2-fixtures';
import { LIMITS } from '../../src/shared/sync/protocol';
import { testKeySource } from './support/keys';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const RELEASER = { staffId: 'staff-synthetic-1', name: 'Synthetic Releaser', credentials: 'LCSW' };
const DRAFT: ConsentDraft = { ...TPO_CONSENT, signature: { kind: 'on-screen', signedOn: '2026-03-02', at: '2026-03-02T10:15:00.000-05:00', imageDataUrl: PNG } };
const billingExport = (name: string) => ({
  clientId: CLIENT,
  information: ['attendance', 'billing'],
  description: 'Services 1–31 March 2026 (CSV)',
  recipient: { kind: 'outside', name, organisation: 'Synthetic Billing Co', class: 'third-party-payer' },
  purpose: { kind: 'payment' },
  path: 'export',
});

describe('Part 2 consents and the disclosure ledger (RxDB + fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let part2: Part2Repository;

  beforeEach(async () => {
    db = await openDatabase({ name: `part2-${crypto.randomUUID()}`, validate: true });
    part2 = new Part2Repository(db.clients, await testKeySource());
  });
  afterEach(async () => {
    await db.remove();
  });

  it('keeps a paper consent’s scanned pages sealed in chunks and gives them back byte for byte; a too-large file stores nothing', async () => {
    const bytes = new Uint8Array(SCAN_CHUNK_BYTES + 1000);
    bytes.set([...'%PDF-1.7'].map((c) => c.charCodeAt(0)));
    for (let i = 8; i < bytes.length; i++) bytes[i] = i % 251;
    const paper = { kind: 'paper' as const, signedOn: '2026-03-02', recordedBy: 'staff-synthetic-1', recordedAt: '2026-03-02T10:15:00.000-05:00' };
    const consent = await part2.recordConsent({ ...TPO_CONSENT, signature: { ...paper, scan: [checkScanFile('synthetic-consent.pdf', bytes)] } });
    const scanRef = consent.data.signature?.kind === 'paper' ? consent.data.signature.scanRef : undefined;
    expect(scanRef).toMatch(/^part2-scan-/);
    const stored = await db.clients.find({ selector: { kind: 'part2-scan' } }).exec();
    expect(stored).toHaveLength(2);
    // A push of 100 such records (the sync client's batch) fits one request body.
    expect(Math.max(...stored.map((doc) => doc.sealed.length)) * 100).toBeLessThan(LIMITS.bodyBytes * 0.8);
    // Sealed: the PDF's bytes are nowhere in the stored documents.
    expect(stored.some((doc) => JSON.stringify(doc.toJSON()).includes('JVBERi0'))).toBe(false);
    const [file] = await part2.scan(scanRef!);
    expect(file!.name).toBe('synthetic-consent.pdf');
    expect(Buffer.from(file!.bytes).equals(Buffer.from(bytes))).toBe(true);

    await stored[1]!.remove();
    await expect(part2.scan(scanRef!)).rejects.toThrow('Part 2 of 2 of synthetic-consent.pdf has not arrived on this laptop yet');

    const big = new Uint8Array(MAX_SCAN_FILE_BYTES);
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const tooMany = Array.from({ length: 3 }, () => ({ name: 'big.pdf', type: 'application/pdf' as const, bytes: big }));
    const before = await db.clients.count().exec();
    await expect(part2.recordConsent({ ...TPO_CONSENT, signature: { ...paper, scan: tooMany } })).rejects.toThrow('one scan can be at most 20.0 MB');
    expect(await db.clients.count().exec()).toBe(before);
  });

  it('keeps a written revocation’s scanned letter with the consent, sealed in chunks; a refused revocation writes no chunk', async () => {
    const consent = await part2.recordConsent(DRAFT);
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: SCAN_CHUNK_BYTES }, (_, i) => i % 253)]);
    const letter = checkScanFile('synthetic-revocation-letter.png', png);
    const chunks = async () => (await db.clients.find({ selector: { kind: 'part2-scan' } }).exec()).length;

    // Dated before the consent was signed: refused whole, so no scan is left behind without a record naming it.
    await expect(part2.revokeConsent(consent.id, { ...REVOCATION, on: '2026-03-01', scan: [letter] })).rejects.toThrow('A consent cannot be revoked before it was signed');
    expect(await chunks()).toBe(0);

    const revoked = await part2.revokeConsent(consent.id, { ...REVOCATION, scan: [letter] });
    expect(revoked.data.revocation).toMatchObject({ on: REVOCATION.on, scanRef: expect.stringMatching(/^part2-scan-/) });
    expect(await chunks()).toBe(2);
    const [file] = await part2.scan(revoked.data.revocation!.scanRef!);
    expect(file).toMatchObject({ name: 'synthetic-revocation-letter.png', type: 'image/png' });
    expect(Buffer.from(file!.bytes).equals(Buffer.from(png))).toBe(true);
    // A revocation without a scan names none.
    const other = await part2.recordConsent(DRAFT);
    expect((await part2.revokeConsent(other.id, REVOCATION)).data.revocation).not.toHaveProperty('scanRef');
  });

  it('keeps the breach log: recorded, assessed, notified and closed', async () => {
    const incident = await part2.recordBreach({ discoveredOn: '2026-03-10', description: 'Synthetic: a laptop left on a bus', records: 'Synthetic group notes', affectedClients: 4, status: 'open' });
    expect(incident).toMatchObject({ kind: 'part2-breach', clientId: '', status: 'open', data: { decision: 'undecided' } });
    await expect(part2.recordBreach({ discoveredOn: '2026-03-10', description: '', affectedClients: 1, status: 'open' })).rejects.toThrow('Describe what happened');
    const closed = await part2.updateBreach(incident.id, {
      ...incident.data,
      decision: 'breach',
      notifications: { n1: { on: '2026-03-20', to: 'individuals', how: 'Letters by first-class mail' } },
      status: 'closed',
      closedOn: '2026-04-01',
    });
    expect(closed.status).toBe('closed');
    expect((await firstValueFrom(part2.breaches$())).map((b) => [b.id, b.data.decision, b.data.status])).toEqual([[incident.id, 'breach', 'closed']]);
  });

  it('stores a consent signed on screen with its image apart; the gate refuses before it, allows under it, and refuses again after the written revocation', async () => {
    const on = '2026-05-04';
    const [before] = await part2.check([billingExport('Synthetic Biller')], on);
    expect(before).toMatchObject({ decision: 'refused', reason: 'no-consent' });
    await expect(part2.record([before!], RELEASER, '2026-05-04T16:20:00.000-05:00', 'explanation')).rejects.toThrow(/Not disclosed: There is no Part 2 consent/);

    const consent = await part2.recordConsent(DRAFT);
    expect(consent.kind).toBe('part2-consent');
    expect(consent.data.signature).toMatchObject({ kind: 'on-screen', signedOn: '2026-03-02' });
    const imageRef = consent.data.signature?.kind === 'on-screen' ? consent.data.signature.imageRef : '';
    expect(await part2.signatureImage(imageRef)).toBe(PNG);

    const decisions = await part2.check([billingExport('Synthetic Biller')], on);
    expect(decisions[0]).toMatchObject({ decision: 'allowed', consentId: consent.id });
    const [entry] = await part2.record(decisions, RELEASER, '2026-05-04T16:20:00.000-05:00', 'explanation');
    expect(entry!.data).toMatchObject({ clientId: CLIENT, consentId: consent.id, releasedBy: RELEASER, path: 'export' });
    expect((await firstValueFrom(part2.ledger$(CLIENT))).map((r) => r.id)).toEqual([entry!.id]);

    const revoked = await part2.revokeConsent(consent.id, REVOCATION);
    expect(revoked.status).toBe('revoked');
    await expect(part2.revokeConsent(consent.id, REVOCATION)).rejects.toThrow(Part2RuleError);
    const [after] = await part2.check([billingExport('Synthetic Biller')], REVOCATION.on);
    expect(after).toMatchObject({ decision: 'refused', reason: 'revoked' });
    expect(englishMessages([after!.message])).toBe('The consent signed on 2026-03-02 was revoked in writing on 2026-06-15');
    // What was disclosed before the revocation stays in the ledger.
    expect(await firstValueFrom(part2.ledger$(CLIENT))).toHaveLength(1);
  });

  it('refuses a consent whose signature image is not a PNG or JPEG, and keeps nothing of it', async () => {
    const draft: ConsentDraft = { ...DRAFT, signature: { ...(DRAFT.signature as Extract<ConsentDraft['signature'], { kind: 'on-screen' }>), imageDataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' } };
    await expect(part2.recordConsent(draft)).rejects.toThrow(/PNG or JPEG/);
    expect(await firstValueFrom(part2.consents$(CLIENT))).toEqual([]);
    expect(await db.clients.count().exec()).toBe(0);
  });

  it('an outside recipient with no name is refused with the rule’s message, before any consent is looked at', async () => {
    await expect(part2.check([billingExport('  ')], '2026-05-04')).rejects.toThrow('Name the recipient');
  });
});

describe('ASAM assessments, drug screens and expected medications (RxDB + fake-indexeddb)', () => {
  let db: WaypointDatabase;
  let repo: SubstanceUseRepository;
  const ratings = (rating: number): AsamRatings => ({
    withdrawal: { rating: 0, notes: '' },
    biomedical: { rating: 0, notes: '' },
    emotional: { rating, notes: 'Synthetic note' },
    readiness: { rating, notes: '' },
    relapse: { rating, notes: '' },
    environment: { rating: 1, notes: '' },
  });

  beforeEach(async () => {
    db = await openDatabase({ name: `substance-${crypto.randomUUID()}`, validate: true });
    repo = new SubstanceUseRepository(db.plans, await testKeySource());
  });
  afterEach(async () => {
    await db.remove();
  });

  it('keeps each assessment with the recommendation the rules gave, and refuses a different level without a reason', async () => {
    const base = { clientId: CLIENT, episodeId: 'episode-1', occasion: 'admission' as const, on: '2026-03-02', assessedBy: RELEASER };
    await expect(repo.recordAssessment({ ...base, ratings: ratings(3), actual: 'outpatient' }, DEFAULT_PLACEMENT_RULES)).rejects.toThrow('Give the reason the level of care differs');
    const saved = await repo.recordAssessment({ ...base, ratings: ratings(3), actual: 'iop', differenceReason: 'Synthetic: works days; PHP not possible' }, DEFAULT_PLACEMENT_RULES);
    expect(saved.data.recommended).toMatchObject({ level: 'php', rules: DEFAULT_PLACEMENT_RULES.name });
    await repo.recordAssessment({ ...base, occasion: 'review', on: '2026-04-01', ratings: ratings(2), actual: 'iop' }, DEFAULT_PLACEMENT_RULES);
    const state = await firstValueFrom(repo.forClient$(CLIENT));
    expect(state.assessments.map((a) => [a.data.on, a.data.recommended.level, a.data.actual])).toEqual([
      ['2026-03-02', 'php', 'iop'],
      ['2026-04-01', 'iop', 'iop'],
    ]);
  });

  it('flags a screen against the medications expected on its date; medications added separately both stay', async () => {
    await repo.addMedication(CLIENT, { medication: 'buprenorphine', startedOn: '2026-03-01' });
    await repo.addMedication(CLIENT, { medication: 'acamprosate', startedOn: '2026-03-01' });
    await repo.recordScreen({ clientId: CLIENT, collectedOn: '2026-03-10', specimen: 'urine', testing: 'point-of-care', results: { buprenorphine: 'negative', fentanyl: 'positive' } }, 'episode-1');
    await expect(repo.recordScreen({ clientId: CLIENT, collectedOn: '2026-03-11', specimen: 'urine', testing: 'lab', results: { fentanyl: 'not-tested' } }, null)).rejects.toThrow('Record at least one substance');
    const state = await firstValueFrom(repo.forClient$(CLIENT));
    expect(Object.values(state.expected!.medications).map((m) => m.medication).sort()).toEqual(['acamprosate', 'buprenorphine']);
    expect(state.screens).toHaveLength(1);
    expect(screenFlags(state.screens[0]!.data, state.expected).map((f) => f.kind)).toEqual(['expected-absent', 'unexpected-present']);
  });
});
