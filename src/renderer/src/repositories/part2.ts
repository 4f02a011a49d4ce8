/**
 * 42 CFR Part 2 consents and the disclosure ledger, kept in the clients collection (the client's
 * aggregate) as kinds 'part2-consent', 'part2-signature' (the image of a consent signed on screen),
 * 'part2-scan' (the chunks of a paper consent's or a written revocation's scanned pages) and 'part2-disclosure'; and the
 * practice's breach log, kind 'part2-breach' with clientId '' (it belongs to no one client). The rules are src/shared/part2 (docs/PART2.md); this stores what they
 * allow and refuses what they refuse. A consent is never edited: only a written revocation is
 * added to it. Ledger entries and signature images are written once: nothing here changes or
 * deletes them.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import {
  BREACH_KIND,
  breachIncidentSchema,
  checkDisclosure,
  joinScan,
  PART2_SCAN_KIND,
  scanChunkId,
  splitScan,
  type BreachIncident,
  type BreachIncidentInput,
  type ScanChunk,
  type ScanFile,
  consentSignatureImageSchema,
  parseDisclosureRequest,
  Part2RuleError,
  part2ConsentSchema,
  PART2_CONSENT_KIND,
  PART2_DISCLOSURE_KIND,
  PART2_SIGNATURE_KIND,
  recordDisclosure,
  revokeConsent,
  type consentRevocationSchema,
  type ConsentSignatureImage,
  type DisclosureDecision,
  type DisclosureEntry,
  type Part2Consent,
  type Part2ConsentInput,
  type StoredConsent,
} from '../../../shared/part2';
import type { z } from 'zod';
import { parseOrThrow } from '../../../shared/messages';
import type { ClientDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { st } from '../i18n/staff';

type Plain = Pick<ClientDocType, 'kind' | 'status' | 'clientId'>;
type Secret = Part2Consent | ConsentSignatureImage | DisclosureEntry | ScanChunk | BreachIncident;
export type ConsentRecord = Opened<Plain, Part2Consent>;
export type DisclosureRecord = Opened<Plain, DisclosureEntry>;
export type BreachRecord = Opened<Plain, BreachIncident>;

// The store opens each record with the codec of its plaintext kind, so the kind tells the data's type.
const isConsent = (r: Opened<Plain, Secret> | null): r is ConsentRecord => r?.kind === PART2_CONSENT_KIND;
const isDisclosure = (r: Opened<Plain, Secret>): r is DisclosureRecord => r.kind === PART2_DISCLOSURE_KIND;
const isBreach = (r: Opened<Plain, Secret> | null): r is BreachRecord => r?.kind === BREACH_KIND;
const latestSigned = (a: ConsentRecord, b: ConsentRecord) => (b.data.signature?.signedOn ?? '').localeCompare(a.data.signature?.signedOn ?? '');

/** A consent as the form gives it: an on-screen signature's image comes alone, and is stored apart. */
export type ConsentDraft = Omit<Part2ConsentInput, 'signature'> & {
  signature:
    | { kind: 'on-screen'; signedOn: string; at: string; imageDataUrl: string }
    | (Omit<Extract<Part2ConsentInput['signature'], { kind: 'paper' }>, 'scanRef'> & { scan?: readonly ScanFile[] })
    | null;
};

/** A written revocation as the form gives it: its scanned pages come alone, and are stored apart. */
export type RevocationDraft = Omit<z.input<typeof consentRevocationSchema>, 'scanRef'> & { scan?: readonly ScanFile[] };

export class Part2Repository {
  private readonly store: SealedStore<Plain, Secret>;

  constructor(collection: RxCollection<ClientDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** Stores a signed consent as signed: one lacking an element is kept too, and authorises nothing (`consentProblems`). */
  async recordConsent(draft: ConsentDraft): Promise<ConsentRecord> {
    const id = `part2-consent-${crypto.randomUUID()}`;
    const drawn = draft.signature?.kind === 'on-screen' ? draft.signature : null;
    const paper = draft.signature?.kind === 'paper' ? draft.signature : null;
    const scanId = paper?.scan?.length ? `part2-scan-${crypto.randomUUID()}` : undefined;
    const signature: Part2ConsentInput['signature'] =
      drawn !== null
        ? { kind: 'on-screen', signedOn: drawn.signedOn, at: drawn.at, imageRef: `part2-signature-${crypto.randomUUID()}` }
        : paper !== null
          ? { kind: 'paper', signedOn: paper.signedOn, recordedBy: paper.recordedBy, recordedAt: paper.recordedAt, ...(scanId === undefined ? {} : { scanRef: scanId }) }
          : null;
    const consent = parseOrThrow(part2ConsentSchema, { ...draft, signature }, Part2RuleError);
    if (scanId !== undefined) await this.writeScan(consent.clientId, scanId, paper!.scan!);
    if (drawn !== null && consent.signature?.kind === 'on-screen') {
      const image = parseOrThrow(consentSignatureImageSchema, { clientId: consent.clientId, imageDataUrl: drawn.imageDataUrl }, Part2RuleError);
      await this.store.insert(consent.signature.imageRef, { kind: PART2_SIGNATURE_KIND, status: 'current', clientId: consent.clientId }, image);
    }
    return (await this.store.insert(id, { kind: PART2_CONSENT_KIND, status: 'current', clientId: consent.clientId }, consent)) as ConsentRecord;
  }

  /**
   * Records the written revocation, with the scanned letter or form when there is one: from its
   * date the consent allows no disclosure. Revoking twice is refused.
   */
  async revokeConsent(consentId: string, { scan, ...revocation }: RevocationDraft): Promise<ConsentRecord> {
    const current = await this.store.get(consentId);
    if (!isConsent(current)) throw new Part2RuleError(st('repositories.part2.noSuchConsent'));
    const scanId = scan?.length ? `part2-scan-${crypto.randomUUID()}` : undefined;
    const withScan = { ...revocation, ...(scanId === undefined ? {} : { scanRef: scanId }) };
    // Checked in full before the scan is written, so a refused revocation leaves no chunks behind.
    revokeConsent(current.data, withScan);
    if (scanId !== undefined) await this.writeScan(current.data.clientId, scanId, scan!);
    return (await this.store.update(consentId, (latest) => {
      if (!isConsent(latest)) throw new Part2RuleError(st('repositories.part2.noSuchConsent'));
      return { plain: { status: 'revoked' }, data: revokeConsent(latest.data, withScan) };
    })) as ConsentRecord;
  }

  /** A scan's chunks, written before the record that names them: nothing ever names a scan that is not there. */
  private async writeScan(clientId: string, scanId: string, files: readonly ScanFile[]): Promise<void> {
    // splitScan checks every file and the scan's total before anything is written.
    const chunks = splitScan(clientId, scanId, files);
    for (const chunk of chunks) await this.store.insert(scanChunkId(scanId, chunk.file, chunk.chunk), { kind: PART2_SCAN_KIND, status: 'current', clientId }, chunk);
  }

  async signatureImage(imageRef: string): Promise<string | null> {
    const record = await this.store.get(imageRef);
    return record?.kind === PART2_SIGNATURE_KIND ? (record.data as ConsentSignatureImage).imageDataUrl : null;
  }

  /** The files of a scan (a paper consent's `scanRef`), put back together; a ScanError says what is missing. */
  async scan(scanRef: string): Promise<ScanFile[]> {
    // Its chunks' ids all start with the scan's id and '-'; '.' is the next character.
    const records = await this.store.find({ id: { $gte: `${scanRef}-`, $lt: `${scanRef}.` }, kind: PART2_SCAN_KIND });
    return joinScan(records.map((r) => r.data as ScanChunk));
  }

  breaches$(): Observable<BreachRecord[]> {
    return this.store.find$({ clientId: '', kind: BREACH_KIND }).pipe(map((records) => records.filter(isBreach).sort((a, b) => b.data.discoveredOn.localeCompare(a.data.discoveredOn))));
  }

  async recordBreach(input: BreachIncidentInput): Promise<BreachRecord> {
    const incident = parseOrThrow(breachIncidentSchema, input, Part2RuleError);
    return (await this.store.insert(`part2-breach-${crypto.randomUUID()}`, { kind: BREACH_KIND, status: incident.status, clientId: '' }, incident)) as BreachRecord;
  }

  /** Saves the incident as edited (the assessment, the decision, notifications, closing it). */
  async updateBreach(id: string, input: BreachIncidentInput): Promise<BreachRecord> {
    const incident = parseOrThrow(breachIncidentSchema, input, Part2RuleError);
    return (await this.store.update(id, (current) => {
      if (!isBreach(current)) throw new Part2RuleError(st('repositories.part2.noSuchBreach'));
      return { plain: { status: incident.status }, data: incident };
    })) as BreachRecord;
  }

  consents$(clientId: string): Observable<ConsentRecord[]> {
    return this.store.find$({ clientId, kind: PART2_CONSENT_KIND }).pipe(map((records) => records.filter(isConsent).sort(latestSigned)));
  }

  async consents(clientIds: readonly string[]): Promise<StoredConsent[]> {
    const records = await this.store.find({ clientId: { $in: [...clientIds] }, kind: PART2_CONSENT_KIND });
    return records.filter(isConsent).map((r) => ({ id: r.id, consent: r.data }));
  }

  /**
   * The gate for one disclosure of each client's records (a billing export may hold several
   * clients): every decision, on `on` (the practice's date). Nothing is recorded here.
   */
  async check(requests: readonly unknown[], on: string): Promise<DisclosureDecision[]> {
    const parsed = requests.map(parseDisclosureRequest);
    const consents = await this.consents([...new Set(parsed.map((r) => r.clientId))]);
    return parsed.map((request) => checkDisclosure(request, consents, on));
  }

  /**
   * The ledger entries of disclosures that went ahead (after the file was saved or the page
   * printed). Every decision must be allowed or not a disclosure; a refused one records nothing.
   */
  async record(decisions: readonly DisclosureDecision[], releasedBy: DisclosureEntry['releasedBy'], releasedAt: string, cover: DisclosureEntry['cover']): Promise<DisclosureRecord[]> {
    const refused = decisions.find((d) => d.decision === 'refused');
    if (refused !== undefined) throw new Part2RuleError({ key: 'shared:part2.errors.notDisclosed', values: { reason: refused.message } });
    const entries = decisions.filter((d) => d.decision === 'allowed').map((d) => recordDisclosure(d, releasedBy, releasedAt, cover));
    const written: DisclosureRecord[] = [];
    for (const entry of entries)
      written.push((await this.store.insert(`part2-disclosure-${crypto.randomUUID()}`, { kind: PART2_DISCLOSURE_KIND, status: 'current', clientId: entry.clientId }, entry)) as DisclosureRecord);
    return written;
  }

  ledger$(clientId: string): Observable<DisclosureRecord[]> {
    return this.store.find$({ clientId, kind: PART2_DISCLOSURE_KIND }).pipe(map((records) => records.filter(isDisclosure)));
  }
}
