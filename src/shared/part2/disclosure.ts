/**
 * The disclosure gate and the disclosure ledger for 42 CFR Part 2 records.
 *
 * Every print, export or transfer of a Part 2 client's records names what goes, to whom and for
 * what purpose, and is checked against the client's consents: it is allowed only under a
 * complete consent in force on the day that covers the recipient, the purpose and every kind of
 * information; otherwise it is refused with the reason. Records shown or handed to the
 * programme's own staff are not a disclosure (communications within a programme), so they need no
 * consent and leave no ledger entry; the audit trail still records prints and exports.
 *
 * Each allowed disclosure becomes a ledger entry (append-only, never edited or deleted: see the
 * merge rule in ../sync/merge.ts), from which the accounting of disclosures is printed per client.
 * The notice and the consent copy that travel with a disclosure are `disclosureCover` in
 * ../exports/part2.ts.
 */
import { z } from 'zod';
import {
  consentEndsOn,
  consentProblems,
  consentStatus,
  COUNSELLING_NOTES,
  DISCLOSED_INFORMATION,
  disclosedInformationSchema,
  Part2RuleError,
  parsePart2,
  PURPOSES,
  RECIPIENT_CLASSES,
  recipientClassSchema,
  sameName,
  type DisclosedInformation,
  type Part2Consent,
  type PurposeKind,
} from './consent';
import { message, verbatim, type Message, type SharedKey } from '../messages';

/** The `kind` of a ledger entry record: append-only in the merge. */
export const PART2_DISCLOSURE_KIND = 'part2-disclosure';

export const DISCLOSURE_PATHS = {
  print: 'shared:disclosurePaths.print',
  export: 'shared:disclosurePaths.export',
  transfer: 'shared:disclosurePaths.transfer',
} as const satisfies Record<string, SharedKey>;
export type DisclosurePath = keyof typeof DISCLOSURE_PATHS;

const requiredText = (key: SharedKey, max: number) => z.string().trim().min(1, message(key)).max(max, message('shared:validation.atMostCharacters'));

export const outsideRecipientSchema = z
  .object({
    name: requiredText('shared:part2.nameRecipient', 200),
    organisation: z.string().trim().max(200, message('shared:validation.atMostCharacters')).default(''),
    class: recipientClassSchema,
  })
  .strict();
export type OutsideRecipient = z.infer<typeof outsideRecipientSchema>;

export const disclosurePurposeSchema = z
  .object({
    kind: z.enum(Object.keys(PURPOSES) as [PurposeKind, ...PurposeKind[]], message('shared:part2.choosePurposeDisclosure')),
    description: z.string().trim().max(300, message('shared:validation.atMostCharacters')).default(''),
  })
  .strict()
  .refine((purpose) => purpose.kind !== 'other' || purpose.description !== '', { ...message('shared:part2.describePurpose'), path: ['description'] });
export type DisclosurePurpose = z.infer<typeof disclosurePurposeSchema>;

export const disclosureRequestSchema = z
  .object({
    clientId: z.string().min(1, message('shared:part2.chooseClientWhoseRecords')),
    information: z.array(disclosedInformationSchema).min(1, message('shared:part2.chooseWhatDisclosed')).max(20),
    /** What exactly goes, in words the accounting can print ("Services 1–30 Nov 2026, CSV"). */
    description: requiredText('shared:part2.describeWhatIsDisclosed', 300),
    recipient: z.discriminatedUnion('kind', [z.object({ kind: z.literal('within-programme') }).strict(), outsideRecipientSchema.extend({ kind: z.literal('outside') }).strict()], {
      ...message('shared:part2.sayWhetherRecordsStay'),
    }),
    purpose: disclosurePurposeSchema,
    path: z.enum(Object.keys(DISCLOSURE_PATHS) as [DisclosurePath, ...DisclosurePath[]], message('shared:part2.printExportOrTransfer')),
  })
  .strict();
export type DisclosureRequest = z.infer<typeof disclosureRequestSchema>;
export type DisclosureRequestInput = z.input<typeof disclosureRequestSchema>;

export function parseDisclosureRequest(input: unknown): DisclosureRequest {
  return parsePart2(disclosureRequestSchema, input);
}

/** In the order a consent is checked: a consent refused later in the list came closer to covering the request. */
export const REFUSAL_REASONS = [
  'no-consent',
  'incomplete',
  'not-yet-in-force',
  'revoked',
  'expired',
  'recipient-not-covered',
  'purpose-not-covered',
  'counselling-notes-under-tpo',
  'information-not-covered',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface StoredConsent {
  id: string;
  consent: Part2Consent;
}

interface Refusal {
  consentId: string;
  reason: RefusalReason;
  message: Message;
}

export type DisclosureDecision =
  | { decision: 'not-a-disclosure'; message: Message }
  | { decision: 'allowed'; request: DisclosureRequest & { recipient: { kind: 'outside' } }; consentId: string; consent: Part2Consent; message: Message }
  | { decision: 'refused'; reason: RefusalReason; message: Message; consentId: string | null; considered: Refusal[] };

export const describeOutsideRecipient = (recipient: OutsideRecipient): Message =>
  recipient.organisation !== ''
    ? { key: 'shared:part2.describe.outsideRecipientAt', values: { name: recipient.name, organisation: recipient.organisation, class: RECIPIENT_CLASSES[recipient.class] } }
    : { key: 'shared:part2.describe.outsideRecipient', values: { name: recipient.name, class: RECIPIENT_CLASSES[recipient.class] } };

export const describeDisclosurePurpose = (purpose: DisclosurePurpose): Message => (purpose.kind === 'other' ? verbatim(purpose.description) : { key: PURPOSES[purpose.kind] });

export const describeInformation = (information: readonly DisclosedInformation[]): Message[] => information.map((kind) => ({ key: DISCLOSED_INFORMATION[kind] }));

const recipientCovered = (consent: Part2Consent, recipient: OutsideRecipient) =>
  consent.recipients.some((covered) =>
    covered.kind === 'class'
      ? consent.type === 'tpo' && covered.class === recipient.class
      : sameName(covered.name, recipient.name) || (recipient.organisation !== '' && sameName(covered.name, recipient.organisation)),
  );

const purposeCovered = (consent: Part2Consent, purpose: DisclosurePurpose) =>
  purpose.kind === 'other' ? consent.purposes.includes('other') && consent.otherPurposes.some((described) => sameName(described, purpose.description)) : consent.purposes.includes(purpose.kind);

/** "The whole record" covers every kind of information but SUD counselling notes. */
const informationMissing = (consent: Part2Consent, information: readonly DisclosedInformation[]) =>
  information.filter((kind) => !consent.information.includes(kind) && !(kind !== COUNSELLING_NOTES && consent.information.includes('whole-record')));

function refusalBy(consent: Part2Consent, request: DisclosureRequest, recipient: OutsideRecipient, on: string): Omit<Refusal, 'consentId'> | null {
  const signed: Message = consent.signature === null ? { key: 'shared:part2.decision.unsignedConsent' } : { key: 'shared:part2.decision.consentSignedOn', values: { on: consent.signature.signedOn } };
  const refused = (reason: RefusalReason, key: SharedKey, values: Message['values'] = {}) => ({ reason, message: { key, values: { consent: signed, ...values } } });
  const status = consentStatus(consent, on);
  if (status === 'incomplete') return refused('incomplete', 'shared:part2.decision.incomplete', { problems: consentProblems(consent) });
  if (status === 'not yet in force') return refused('not-yet-in-force', 'shared:part2.decision.notYetInForce', { on });
  if (status === 'revoked') return refused('revoked', 'shared:part2.decision.revoked', { on: consent.revocation!.on });
  if (status === 'expired') return refused('expired', 'shared:part2.decision.expired', { on: consentEndsOn(consent)! });
  if (!recipientCovered(consent, recipient)) return refused('recipient-not-covered', 'shared:part2.decision.recipientNotCovered', { recipient: describeOutsideRecipient(recipient) });
  if (!purposeCovered(consent, request.purpose)) return refused('purpose-not-covered', 'shared:part2.decision.purposeNotCovered', { purpose: describeDisclosurePurpose(request.purpose) });
  if (consent.type === 'tpo' && request.information.includes(COUNSELLING_NOTES)) return { reason: 'counselling-notes-under-tpo', message: { key: 'shared:part2.decision.counsellingUnderTpo' } };
  const missing = informationMissing(consent, request.information);
  if (missing.length > 0) return refused('information-not-covered', 'shared:part2.decision.informationNotCovered', { information: describeInformation(missing) });
  return null;
}

const signedOn = (consent: Part2Consent) => consent.signature?.signedOn ?? '';
/** Latest signed first, then by id: the same consents give the same answer on every device. */
const byRecency = (a: StoredConsent, b: StoredConsent) => signedOn(b.consent).localeCompare(signedOn(a.consent)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The gate: may `request` go ahead on `on` (YYYY-MM-DD) under the client's consents? Consents of
 * other clients are ignored. Allowed names the consent it relies on (the latest signed one that
 * covers it); refused gives the reason of the consent that came closest, and every consent's.
 */
export function checkDisclosure(request: DisclosureRequest, consents: readonly StoredConsent[], on: string): DisclosureDecision {
  if (request.recipient.kind === 'within-programme') return { decision: 'not-a-disclosure', message: { key: 'shared:part2.decision.withinProgramme' } };
  const recipient = request.recipient;
  const outside = { ...request, recipient };
  const own = consents.filter((stored) => stored.consent.clientId === request.clientId).sort(byRecency);
  const considered: Refusal[] = [];
  for (const stored of own) {
    const refusal = refusalBy(stored.consent, request, recipient, on);
    if (refusal === null) return { decision: 'allowed', request: outside, consentId: stored.id, consent: stored.consent, message: { key: 'shared:part2.decision.allowed', values: { on: signedOn(stored.consent) } } };
    considered.push({ consentId: stored.id, ...refusal });
  }
  if (considered.length === 0) return { decision: 'refused', reason: 'no-consent', message: { key: 'shared:part2.decision.noConsent' }, consentId: null, considered };
  const rank = (refusal: Refusal) => REFUSAL_REASONS.indexOf(refusal.reason);
  const closest = considered.reduce((best, refusal) => (rank(refusal) > rank(best) ? refusal : best));
  return { decision: 'refused', reason: closest.reason, message: closest.message, consentId: closest.consentId, considered };
}

// ── The ledger ────────────────────────────────────────────────────────────────────────────────

const datetime = z.iso.datetime({ offset: true, ...message('shared:validation.isoDateTime') });

export const disclosureEntrySchema = z
  .object({
    clientId: z.string().min(1),
    information: z.array(disclosedInformationSchema).min(1).max(20),
    description: requiredText('shared:part2.describeWhatWasDisclosed', 300),
    recipient: outsideRecipientSchema,
    purpose: disclosurePurposeSchema,
    path: z.enum(Object.keys(DISCLOSURE_PATHS) as [DisclosurePath, ...DisclosurePath[]]),
    consentId: z.string().min(1, message('shared:part2.disclosureNamesConsentWas')),
    releasedBy: z.object({ staffId: z.string().min(1), name: z.string().trim().min(1), credentials: z.string().trim().default('') }).strict(),
    /** With the releasing device's offset: its date is the local calendar date. */
    releasedAt: datetime,
    /** What accompanied it besides the § 2.32 notice: a copy of the consent, or an explanation of its scope. */
    cover: z.enum(['consent-copy', 'explanation']),
  })
  .strict();
export type DisclosureEntry = z.infer<typeof disclosureEntrySchema>;

/** The ledger entry for an allowed disclosure; nothing else makes one. */
export function recordDisclosure(
  decision: DisclosureDecision,
  releasedBy: DisclosureEntry['releasedBy'],
  releasedAt: string,
  cover: DisclosureEntry['cover'],
): DisclosureEntry {
  if (decision.decision !== 'allowed') throw new Part2RuleError(decision.decision === 'refused' ? { key: 'shared:part2.errors.notDisclosed', values: { reason: decision.message } } : { key: 'shared:part2.errors.nothingToRecord' });
  const { request } = decision;
  const { name, organisation, class: recipientClass } = request.recipient;
  return parsePart2(disclosureEntrySchema, {
    clientId: request.clientId,
    information: request.information,
    description: request.description,
    recipient: { name, organisation, class: recipientClass },
    purpose: request.purpose,
    path: request.path,
    consentId: decision.consentId,
    releasedBy,
    releasedAt,
    cover,
  });
}

export const ACCOUNTING_COLUMNS = [
  'shared:part2.accounting.date',
  'shared:part2.accounting.disclosedTo',
  'shared:part2.accounting.information',
  'shared:part2.accounting.purpose',
  'shared:part2.accounting.consent',
  'shared:part2.accounting.releasedBy',
  'shared:part2.accounting.how',
] as const satisfies readonly SharedKey[];

/** A row of the accounting: what a person typed and dates as they are, the rest as messages. */
export interface AccountingRow {
  date: string;
  recipient: Message;
  information: Message;
  purpose: Message;
  consentId: string;
  releasedBy: string;
  path: SharedKey;
}

/** A client's disclosures from `from` to `to` (YYYY-MM-DD, inclusive), oldest first, ready to print. */
export function accountingOfDisclosures(entries: readonly DisclosureEntry[], clientId: string, from: string, to: string): AccountingRow[] {
  return entries
    .filter((entry) => entry.clientId === clientId && entry.releasedAt.slice(0, 10) >= from && entry.releasedAt.slice(0, 10) <= to)
    .sort((a, b) => Date.parse(a.releasedAt) - Date.parse(b.releasedAt) || a.recipient.name.localeCompare(b.recipient.name))
    .map((entry) => ({
      date: entry.releasedAt.slice(0, 10),
      recipient: describeOutsideRecipient(entry.recipient),
      information: { key: 'shared:part2.describe.informationWith', values: { kinds: describeInformation(entry.information), description: entry.description } },
      purpose: describeDisclosurePurpose(entry.purpose),
      consentId: entry.consentId,
      releasedBy: entry.releasedBy.credentials === '' ? entry.releasedBy.name : `${entry.releasedBy.name}, ${entry.releasedBy.credentials}`,
      path: DISCLOSURE_PATHS[entry.path],
    }));
}

/** The rows as table cells under ACCOUNTING_COLUMNS. */
export const accountingCells = (rows: readonly AccountingRow[]): Message[][] =>
  rows.map((row) => [verbatim(row.date), row.recipient, row.information, row.purpose, verbatim(row.consentId), verbatim(row.releasedBy), { key: row.path }]);
