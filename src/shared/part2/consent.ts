/**
 * A patient's written consent to disclose 42 CFR Part 2 (substance use disorder) records, § 2.31
 * as amended by the 2024 final rule (89 FR 12472). The elements below are the practice's reading
 * of that rule; they have not been checked against the text on eCFR from here (no access), so
 * check them before release, as for the § 2.32 notice (../exports/part2.ts).
 *
 * A consent is stored once it is signed, on screen or recorded from a paper form, and is never
 * edited afterwards: a mistake is corrected by revoking it and recording a new one. The stored
 * shape accepts a consent that lacks an element (a paper form may), so the record keeps what the
 * patient actually signed; `consentProblems` names what is missing and such a consent never
 * authorises a disclosure.
 */
import { z } from 'zod';
import { isoDate } from '../clients';
import { signatureImageSchema } from '../plans/schema';
import { message, parseOrThrow, RuleError, verbatim, type Message, type SharedKey } from '../messages';

export class Part2RuleError extends RuleError {
  override readonly name = 'Part2RuleError';
}

/** The `kind` of a consent record: the merge (../sync/merge.ts) keeps its revocation for good. */
export const PART2_CONSENT_KIND = 'part2-consent';

/** The `kind` of the record holding an on-screen signature's image, which `imageRef` names: written once. */
export const PART2_SIGNATURE_KIND = 'part2-signature';

/** The image of a consent signed on screen, kept apart so that lists of consents stay small. */
export const consentSignatureImageSchema = z.object({ clientId: z.string().min(1), imageDataUrl: signatureImageSchema }).strict();
export type ConsentSignatureImage = z.infer<typeof consentSignatureImageSchema>;

/** What a consent may cover and a disclosure may contain (§ 2.31(a)(3): a specific description). */
export const DISCLOSED_INFORMATION = {
  attendance: 'shared:disclosedInformation.attendance',
  'progress-notes': 'shared:disclosedInformation.progressNotes',
  'treatment-plans': 'shared:disclosedInformation.treatmentPlans',
  diagnosis: 'shared:disclosedInformation.diagnosis',
  measures: 'shared:disclosedInformation.measures',
  asam: 'shared:disclosedInformation.asam',
  'drug-screens': 'shared:disclosedInformation.drugScreens',
  medications: 'shared:disclosedInformation.medications',
  billing: 'shared:disclosedInformation.billing',
  discharge: 'shared:disclosedInformation.discharge',
  'whole-record': 'shared:disclosedInformation.wholeRecord',
  'sud-counselling-notes': 'shared:disclosedInformation.sudCounsellingNotes',
} as const satisfies Record<string, SharedKey>;
export type DisclosedInformation = keyof typeof DISCLOSED_INFORMATION;
export const disclosedInformationSchema = z.enum(Object.keys(DISCLOSED_INFORMATION) as [DisclosedInformation, ...DisclosedInformation[]], message('shared:part2.chooseWhatDisclosed'));

/**
 * SUD counselling notes are kept apart like psychotherapy notes: "the whole record" never
 * includes them, a TPO consent never covers them, and a consent for them covers only them.
 */
export const COUNSELLING_NOTES: DisclosedInformation = 'sud-counselling-notes';

export const PURPOSES = {
  treatment: 'shared:purposes.treatment',
  payment: 'shared:purposes.payment',
  'health-care-operations': 'shared:purposes.healthCareOperations',
  other: 'shared:purposes.other',
} as const satisfies Record<string, SharedKey>;
export type PurposeKind = keyof typeof PURPOSES;
export const TPO_PURPOSES: readonly PurposeKind[] = ['treatment', 'payment', 'health-care-operations'];

export const RECIPIENT_CLASSES = {
  'treating-provider': 'shared:recipientClasses.treatingProvider',
  'health-plan': 'shared:recipientClasses.healthPlan',
  'third-party-payer': 'shared:recipientClasses.thirdPartyPayer',
  'program-operations': 'shared:recipientClasses.programOperations',
  family: 'shared:recipientClasses.family',
  employer: 'shared:recipientClasses.employer',
  legal: 'shared:recipientClasses.legal',
  other: 'shared:recipientClasses.other',
} as const satisfies Record<string, SharedKey>;
export type RecipientClass = keyof typeof RECIPIENT_CLASSES;
export const recipientClassSchema = z.enum(Object.keys(RECIPIENT_CLASSES) as [RecipientClass, ...RecipientClass[]], message('shared:part2.chooseKindRecipient'));
/** The classes a single TPO consent may designate instead of naming each recipient. */
export const TPO_RECIPIENT_CLASSES: readonly RecipientClass[] = ['treating-provider', 'health-plan', 'third-party-payer', 'program-operations'];
/** The wording the 2024 rule gives as enough for a TPO consent's recipients. */
export const TPO_CLASS_DESIGNATION: SharedKey = 'shared:part2.tpoClassDesignation';

/**
 * Default wording for the statements a consent must carry: a starting point the practice's own
 * counsel should review (a practice setting can replace it), not text taken from the regulation.
 */
export const CONSENT_STATEMENTS = {
  revocation:
    'You may revoke this consent at any time by telling the programme in writing (a signed letter or the revocation form at the front desk). Revoking it does not undo disclosures already made in reliance on it.',
  consequences:
    'You may refuse to sign this consent. Your treatment, payment, enrolment or eligibility for benefits will not depend on whether you sign it, except where the law allows (for example, a health plan may require consent for payment of its claims).',
  redisclosure:
    'Records disclosed under this consent to a covered entity or business associate for treatment, payment or health care operations may be further disclosed by them as the HIPAA rules (45 CFR part 164) allow, but they may not be used or disclosed in civil, criminal, administrative or legislative proceedings against you without your specific consent or a court order.',
} as const;

const text = (max: number) => z.string().trim().max(max, message('shared:validation.atMostCharacters'));

export const consentRecipientSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('named'), name: text(200), class: recipientClassSchema }).strict(),
    z.object({ kind: z.literal('class'), class: recipientClassSchema }).strict(),
  ],
  message('shared:part2.recipientNamedOrClass'),
);
export type ConsentRecipient = z.infer<typeof consentRecipientSchema>;

export const consentExpirySchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('date'), on: isoDate('shared:fields.expiryDate') }).strict(),
    /** "End of treatment", "discharge": the day it happened is recorded when it does. */
    z.object({ kind: z.literal('event'), event: text(300), occurredOn: isoDate('shared:fields.dayTheEventHappened').optional() }).strict(),
  ],
  message('shared:part2.consentExpiresOnDate'),
);
export type ConsentExpiry = z.infer<typeof consentExpirySchema>;

const datetime = z.iso.datetime({ offset: true, ...message('shared:validation.isoDateTime') });

export const consentSignatureSchema = z.discriminatedUnion(
  'kind',
  [
    /** Signed on the signature pad: the image is stored apart and referred to by id. */
    z.object({ kind: z.literal('on-screen'), imageRef: z.string().min(1, message('shared:part2.signatureImageMissing')), signedOn: isoDate('shared:fields.dateSigned'), at: datetime }).strict(),
    /** A paper form signed by hand, recorded here by a staff member (its scan, if any, by id). */
    z
      .object({
        kind: z.literal('paper'),
        signedOn: isoDate('shared:fields.dateOnThePaperForm'),
        recordedBy: z.string().min(1, message('shared:part2.whoRecordedPaperConsent')),
        recordedAt: datetime,
        scanRef: z.string().optional(),
      })
      .strict(),
  ],
  message('shared:part2.consentSignedOnScreen'),
);
export type ConsentSignature = z.infer<typeof consentSignatureSchema>;

/** Revocation is in writing; what was received is described (and scanned, if it can be). */
export const consentRevocationSchema = z
  .object({
    on: isoDate('shared:fields.dateOfTheWrittenRevocation'),
    inWriting: z.literal(true, message('shared:part2.revocationRecordedFromWritten')),
    recordedBy: z.string().min(1, message('shared:part2.whoRecordedRevocation')),
    recordedAt: datetime,
    note: text(1000).default(''),
    scanRef: z.string().optional(),
  })
  .strict();
export type ConsentRevocation = z.infer<typeof consentRevocationSchema>;

/** A consent record's sealed payload. */
export const part2ConsentSchema = z
  .object({
    clientId: z.string().min(1, message('shared:part2.consentBelongsClient')),
    /** `tpo`: the single consent for all future treatment, payment and health care operations. */
    type: z.enum(['tpo', 'specific'], message('shared:part2.chooseKindConsent')),
    patientName: text(200),
    /** The disclosing programme, by name or general designation. */
    programme: text(300),
    information: z.array(disclosedInformationSchema).max(20),
    /** In the patient's words or the form's: what, in a specific and meaningful way. */
    informationDescription: text(1000),
    recipients: z.array(consentRecipientSchema).max(50),
    purposes: z.array(z.enum(Object.keys(PURPOSES) as [PurposeKind, ...PurposeKind[]], message('shared:part2.choosePurpose'))).max(4),
    /** Each other purpose, described; required when `purposes` holds `other`. */
    otherPurposes: z.array(text(300)).max(10).default([]),
    revocationStatement: text(2000),
    expiry: consentExpirySchema.nullable(),
    consequencesStatement: text(2000),
    /** TPO consents only: records may be redisclosed as HIPAA allows. */
    redisclosureStatement: text(2000).default(''),
    signer: z
      .object({
        name: text(200),
        /** The patient, or someone authorised to sign for them (a minor's parent, a guardian). */
        capacity: z.enum(['patient', 'representative'], message('shared:part2.whoSignedPatientOr')),
        authority: text(300).default(''),
      })
      .strict(),
    signature: consentSignatureSchema.nullable(),
    revocation: consentRevocationSchema.optional(),
  })
  .strict()
  .refine((c) => c.revocation === undefined || c.signature === null || c.revocation.on >= c.signature.signedOn, {
    ...message('shared:part2.consentCannotRevokedBefore'),
    path: ['revocation', 'on'],
  });
export type Part2Consent = z.infer<typeof part2ConsentSchema>;
export type Part2ConsentInput = z.input<typeof part2ConsentSchema>;

const blank = (value: string) => value.trim() === '';
const normalised = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();
export const sameName = (a: string, b: string) => normalised(a) === normalised(b);

export interface ConsentProblem {
  /** The consent's field it is about (`signer.name`, `expiry`…), so a form shows it under that field. */
  path: string;
  message: Message;
}

/** Each element the consent lacks or gets wrong, with the field it is about. */
export function consentProblemsByField(consent: Part2Consent): ConsentProblem[] {
  const problems: ConsentProblem[] = [];
  const add = (path: string, key: SharedKey, values?: Message['values']) => {
    if (!problems.some((p) => p.message.key === key)) problems.push({ path, message: values ? { key, values } : { key } });
  };
  const tpo = consent.type === 'tpo';
  if (blank(consent.patientName)) add('patientName', 'shared:part2.problems.patientName');
  if (blank(consent.programme)) add('programme', 'shared:part2.problems.programme');
  if (consent.information.length === 0 || blank(consent.informationDescription)) add('informationDescription', 'shared:part2.problems.information');
  const counselling = consent.information.includes(COUNSELLING_NOTES);
  if (counselling && tpo) add('information', 'shared:part2.problems.counsellingUnderTpo');
  if (counselling && consent.information.length > 1) add('information', 'shared:part2.problems.counsellingOnly');
  if (consent.recipients.length === 0) add('recipients', 'shared:part2.problems.noRecipient');
  for (const recipient of consent.recipients) {
    if (recipient.kind === 'named' && blank(recipient.name)) add('recipients', 'shared:part2.problems.recipientUnnamed');
    if (recipient.kind === 'class' && !tpo) add('recipients', 'shared:part2.problems.recipientsNamed');
    if (recipient.kind === 'class' && tpo && !TPO_RECIPIENT_CLASSES.includes(recipient.class))
      add('recipients', 'shared:part2.problems.classNotTpo', { class: RECIPIENT_CLASSES[recipient.class] });
  }
  if (consent.purposes.length === 0) add('purposes', 'shared:part2.problems.noPurpose');
  if (tpo && consent.purposes.some((purpose) => !TPO_PURPOSES.includes(purpose))) add('purposes', 'shared:part2.problems.tpoPurposesOnly');
  if (consent.purposes.includes('other') && (consent.otherPurposes.length === 0 || consent.otherPurposes.some(blank))) add('otherPurposes', 'shared:part2.problems.describeOtherPurpose');
  if (blank(consent.revocationStatement)) add('revocationStatement', 'shared:part2.problems.revocationStatement');
  if (consent.expiry === null || (consent.expiry.kind === 'event' && blank(consent.expiry.event))) add('expiry', 'shared:part2.problems.noExpiry');
  if (blank(consent.consequencesStatement)) add('consequencesStatement', 'shared:part2.problems.consequencesStatement');
  if (tpo && blank(consent.redisclosureStatement)) add('redisclosureStatement', 'shared:part2.problems.redisclosureStatement');
  if (blank(consent.signer.name)) add('signer.name', 'shared:part2.problems.signerName');
  if (consent.signer.capacity === 'representative' && blank(consent.signer.authority)) add('signer.authority', 'shared:part2.problems.signerAuthority');
  if (consent.signature === null) add('signature', 'shared:part2.problems.notSigned');
  if (consent.expiry?.kind === 'date' && consent.signature !== null && consent.expiry.on < consent.signature.signedOn) add('expiry', 'shared:part2.problems.expiresBeforeSigned');
  return problems;
}

/**
 * Every element the consent lacks or gets wrong, in plain language; empty when it is complete.
 * A consent with any problem authorises nothing.
 */
export function consentProblems(consent: Part2Consent): Message[] {
  return consentProblemsByField(consent).map((p) => p.message);
}

/** The last day the consent is in force, when known: the expiry date or the day the expiry event happened. */
export function consentEndsOn(consent: Part2Consent): string | null {
  if (consent.expiry === null) return null;
  return consent.expiry.kind === 'date' ? consent.expiry.on : (consent.expiry.occurredOn ?? null);
}

export type ConsentStatus = 'incomplete' | 'not yet in force' | 'revoked' | 'expired' | 'in force';

/** On `on` (YYYY-MM-DD): in force from the day signed through its expiry, until the day of a written revocation. */
export function consentStatus(consent: Part2Consent, on: string): ConsentStatus {
  if (consentProblems(consent).length > 0 || consent.signature === null) return 'incomplete';
  if (on < consent.signature.signedOn) return 'not yet in force';
  if (consent.revocation !== undefined && consent.revocation.on <= on) return 'revoked';
  const end = consentEndsOn(consent);
  if (end !== null && on > end) return 'expired';
  return 'in force';
}

export function consentInForce(consent: Part2Consent, on: string): boolean {
  return consentStatus(consent, on) === 'in force';
}

/**
 * Records a written revocation. Revoking is final: a revoked consent stays revoked (the sync
 * merge keeps it so too); the patient signs a new consent to allow disclosures again.
 */
export function revokeConsent(consent: Part2Consent, revocation: z.input<typeof consentRevocationSchema>): Part2Consent {
  if (consent.revocation !== undefined) throw new Part2RuleError({ key: 'shared:part2.errors.alreadyRevoked', values: { on: consent.revocation.on } });
  const parsed = parsePart2(consentRevocationSchema, revocation);
  return parsePart2(part2ConsentSchema, { ...consent, revocation: parsed });
}

/** Input checked by a Part 2 schema: a failure is a Part2RuleError with the issues' messages. */
export const parsePart2 = <T>(schema: z.ZodType<T>, input: unknown): T => parseOrThrow(schema, input, Part2RuleError);

export function describeRecipient(recipient: ConsentRecipient): Message {
  return recipient.kind === 'named' ? { key: 'shared:part2.describe.namedRecipient', values: { name: recipient.name, class: RECIPIENT_CLASSES[recipient.class] } } : { key: RECIPIENT_CLASSES[recipient.class] };
}

/** The purposes, one message each: the labels, and each other purpose in the words it was given. */
export function describePurposes(consent: Pick<Part2Consent, 'purposes' | 'otherPurposes'>): Message[] {
  return consent.purposes.flatMap((purpose) => (purpose === 'other' ? consent.otherPurposes.map(verbatim) : [{ key: PURPOSES[purpose] }]));
}

export function describeExpiry(expiry: ConsentExpiry | null): Message {
  if (expiry === null) return { key: 'shared:part2.describe.notStated' };
  if (expiry.kind === 'date') return { key: 'shared:part2.describe.expiresOn', values: { on: expiry.on } };
  return expiry.occurredOn === undefined
    ? { key: 'shared:part2.describe.atEvent', values: { event: expiry.event } }
    : { key: 'shared:part2.describe.atEventHappened', values: { event: expiry.event, on: expiry.occurredOn } };
}

/**
 * The consent element by element, as printed with a disclosure (§ 2.32(b)) or shown on screen: a
 * row's label is a key, its value the messages it lists.
 */
export function describeConsent(consent: Part2Consent): { label: SharedKey; value: Message[] }[] {
  const tpo = consent.type === 'tpo';
  const classes = consent.recipients.filter((r) => r.kind === 'class');
  const named = consent.recipients.filter((r) => r.kind === 'named');
  const recipients: Message[] = [
    ...(tpo && classes.length === TPO_RECIPIENT_CLASSES.length ? [{ key: TPO_CLASS_DESIGNATION }] : classes.map(describeRecipient)),
    ...named.map(describeRecipient),
  ];
  const kinds: Message[] = consent.information.map((kind) => ({ key: DISCLOSED_INFORMATION[kind] }));
  const description = consent.informationDescription;
  const information: Message[] = kinds.length > 0 && description !== '' ? [{ key: 'shared:part2.describe.informationWith', values: { kinds, description } }] : description !== '' ? [verbatim(description)] : kinds;
  const signature = consent.signature;
  const forSomeone = consent.signer.capacity === 'representative';
  const signed: Message =
    signature === null
      ? { key: 'shared:part2.describe.notSigned' }
      : {
          key: forSomeone ? (signature.kind === 'on-screen' ? 'shared:part2.describe.signedForOnScreen' : 'shared:part2.describe.signedForOnPaper') : signature.kind === 'on-screen' ? 'shared:part2.describe.signedOnScreen' : 'shared:part2.describe.signedOnPaper',
          values: { name: consent.signer.name, authority: consent.signer.authority, on: signature.signedOn },
        };
  const rows: { label: SharedKey; value: Message[] }[] = [
    { label: 'shared:part2.consentRows.kind', value: [{ key: tpo ? 'shared:part2.describe.kindTpo' : 'shared:part2.describe.kindSpecific' }] },
    { label: 'shared:part2.consentRows.patient', value: [verbatim(consent.patientName)] },
    { label: 'shared:part2.consentRows.programme', value: [verbatim(consent.programme)] },
    { label: 'shared:part2.consentRows.information', value: information },
    { label: 'shared:part2.consentRows.recipients', value: recipients },
    { label: 'shared:part2.consentRows.purposes', value: describePurposes(consent) },
    { label: 'shared:part2.consentRows.expires', value: [describeExpiry(consent.expiry)] },
    { label: 'shared:part2.consentRows.revoke', value: [verbatim(consent.revocationStatement)] },
    { label: 'shared:part2.consentRows.refuses', value: [verbatim(consent.consequencesStatement)] },
    ...(tpo ? [{ label: 'shared:part2.consentRows.redisclosure' as const, value: [verbatim(consent.redisclosureStatement)] }] : []),
    { label: 'shared:part2.consentRows.signed', value: [signed] },
  ];
  return consent.revocation === undefined ? rows : [...rows, { label: 'shared:part2.consentRows.revoked', value: [{ key: 'shared:part2.describe.revokedOn', values: { on: consent.revocation.on } }] }];
}
